import type { Rule } from './rule';
import { typesOf } from './encryption/requirements';
import { checkSettings } from './encryption/settings-check';

export const tlsVersion: Rule = {
  meta: {
    id: 'tls-version',
    title: 'TLS below 1.2 accepted',
    defaultSeverity: 'warning',
    description: 'A resource accepts connections with TLS 1.0 or 1.1, explicitly or because the service default applies when the setting is left out.',
    help: [
      'ITAR technical data sent to or from a service must be protected in transit with current cryptography; TLS 1.0 and 1.1 are deprecated and are not acceptable for controlled data. Each service has its own setting for the lowest TLS version it accepts (`minimumTlsVersion` on storage accounts, `minimalTlsVersion` on SQL servers and Cosmos DB, server parameters on PostgreSQL and MySQL flexible servers, `customProperties` on API Management, …).',
      'A weak value written in the template is reported where it is written (the resource, a parameter default, an allowed value, a parameter file). When the setting is left out, ARM JSON, Bicep and azapi fall back to the service default — a storage account created without `minimumTlsVersion` accepts TLS 1.0 — and the finding is on the resource declaration. The azurerm provider applies its own defaults (TLS 1.2 for most resources since 3.0), so an omitted argument there is reported only where the provider default is weak; with a provider major whose defaults ITAR Guard does not know (2.x: the newest release the `required_providers` constraint allows, or the version in `.terraform.lock.hcl`), none is assumed and the service default applies. A value the files cannot determine (a parameter without a default) is not reported.',
      'Fix: set the setting to TLS 1.2 (the quick fix writes the value each service expects: `TLS1_2`, `1.2`, `Tls12`, `TLSv1.2`).',
    ].join('\n\n'),
    policies: ['f1fe6a81-eee9-47b8-9f7f-80685141209e'],
    resourceTypes: typesOf('tls-version'),
    fixable: true,
    examples: {
      bad: {
        bicep: "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'itardata'\n  location: 'usgovvirginia'\n  sku: { name: 'Standard_LRS' }\n  kind: 'StorageV2'\n  properties: {\n    minimumTlsVersion: 'TLS1_0'\n  }\n}",
        arm: '{\n  "type": "Microsoft.Storage/storageAccounts",\n  "apiVersion": "2023-05-01",\n  "name": "itardata",\n  "location": "usgovvirginia",\n  "sku": { "name": "Standard_LRS" },\n  "kind": "StorageV2",\n  "properties": {}\n}',
        terraform: 'resource "azurerm_mssql_server" "sql" {\n  name                = "itar-sql"\n  resource_group_name = "itar"\n  location            = "usgovvirginia"\n  version             = "12.0"\n  minimum_tls_version = "1.0"\n}',
      },
      good: {
        bicep: "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'itardata'\n  location: 'usgovvirginia'\n  sku: { name: 'Standard_LRS' }\n  kind: 'StorageV2'\n  properties: {\n    minimumTlsVersion: 'TLS1_2'\n  }\n}",
        arm: '{\n  "type": "Microsoft.Storage/storageAccounts",\n  "apiVersion": "2023-05-01",\n  "name": "itardata",\n  "location": "usgovvirginia",\n  "sku": { "name": "Standard_LRS" },\n  "kind": "StorageV2",\n  "properties": { "minimumTlsVersion": "TLS1_2" }\n}',
        terraform: 'resource "azurerm_mssql_server" "sql" {\n  name                = "itar-sql"\n  resource_group_name = "itar"\n  location            = "usgovvirginia"\n  version             = "12.0"\n  minimum_tls_version = "1.2"\n}',
      },
    },
  },
  check(ctx) {
    checkSettings(ctx, { rule: 'tls-version', purpose: 'tls-version', problem: 'TLS versions below 1.2 are accepted' });
  },
};
