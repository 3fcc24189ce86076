import type { Rule } from './rule';
import { typesOf } from './encryption/requirements';
import { checkSettings } from './encryption/settings-check';

export const httpsOnly: Rule = {
  meta: {
    id: 'https-only',
    title: 'Unencrypted transport allowed',
    defaultSeverity: 'warning',
    description: 'A resource accepts plain HTTP or another unencrypted connection: HTTPS-only off, a non-TLS port open, secure transport not required, unencrypted SMB, FTP or node-to-node traffic.',
    help: [
      'Technical data must not cross a network in the clear. Services that can accept unencrypted connections have a setting that forbids them: `supportsHttpsTrafficOnly` on storage accounts, `httpsOnly` on App Service and Functions and their deployment slots, `enableNonSslPort` on Azure Cache for Redis, `require_secure_transport` on PostgreSQL and MySQL flexible servers, SMB encryption on Azure NetApp Files volumes, encryption in transit between HDInsight nodes, peer traffic encryption in Container Apps environments, `allowInsecure` on container app ingress, `ftpsState` on App Service.',
      "A weak value written in the template is reported where it is written; a setting left out is reported on the resource when the service's default allows unencrypted traffic (App Service's `httpsOnly` is off unless set, in ARM, Bicep and azurerm alike). A value the files cannot determine is not reported.",
      'Fix: turn the setting on (the quick fix sets it on the resource or replaces the weak literal).',
    ].join('\n\n'),
    policies: ['c7c0ab87-63da-4706-ba95-ff564e38402b'],
    resourceTypes: typesOf('https-only'),
    fixable: true,
    examples: {
      bad: {
        bicep: "resource app 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'itar-app'\n  location: 'usgovvirginia'\n  properties: {\n    serverFarmId: plan.id\n  }\n}",
        arm: '{\n  "type": "Microsoft.Storage/storageAccounts",\n  "apiVersion": "2023-05-01",\n  "name": "itardata",\n  "location": "usgovvirginia",\n  "sku": { "name": "Standard_LRS" },\n  "kind": "StorageV2",\n  "properties": { "supportsHttpsTrafficOnly": false }\n}',
        terraform: 'resource "azurerm_linux_web_app" "app" {\n  name                = "itar-app"\n  resource_group_name = "itar"\n  location            = "usgovvirginia"\n  service_plan_id     = azurerm_service_plan.plan.id\n  site_config {}\n}',
      },
      good: {
        bicep: "resource app 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'itar-app'\n  location: 'usgovvirginia'\n  properties: {\n    serverFarmId: plan.id\n    httpsOnly: true\n  }\n}",
        arm: '{\n  "type": "Microsoft.Storage/storageAccounts",\n  "apiVersion": "2023-05-01",\n  "name": "itardata",\n  "location": "usgovvirginia",\n  "sku": { "name": "Standard_LRS" },\n  "kind": "StorageV2",\n  "properties": { "supportsHttpsTrafficOnly": true }\n}',
        terraform: 'resource "azurerm_linux_web_app" "app" {\n  name                = "itar-app"\n  resource_group_name = "itar"\n  location            = "usgovvirginia"\n  service_plan_id     = azurerm_service_plan.plan.id\n  https_only          = true\n  site_config {}\n}',
      },
    },
  },
  check(ctx) {
    checkSettings(ctx, { rule: 'https-only', purpose: 'https-only', problem: 'unencrypted connections are allowed' });
  },
};
