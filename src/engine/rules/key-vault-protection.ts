import type { Rule } from './rule';
import { protectedData } from './encryption/key-chain';
import { typesOf } from './encryption/requirements';
import { checkSettings } from './encryption/settings-check';

export const keyVaultProtection: Rule = {
  meta: {
    id: 'key-vault-protection',
    title: 'Key vault without purge protection or soft delete',
    defaultSeverity: 'warning',
    description: 'A key vault or managed HSM can be purged, or its deleted keys cannot be recovered: purge protection or soft delete is off.',
    help: [
      'A customer-managed key that is deleted and purged makes every byte encrypted under it unreadable, for good. Soft delete keeps a deleted vault and its keys recoverable for the retention period; purge protection forbids purging them before it ends, even by an administrator. Service Bus, Event Hubs, SQL TDE, Container Registry, App Configuration and others refuse a key from a vault without them.',
      "A vault without `enablePurgeProtection: true` is reported (it is off unless set, and once on it cannot be turned off). `enableSoftDelete` defaults to on from API version 2019-09-01; with older API versions a vault that leaves it out has no soft delete. A managed HSM has both on unless purge protection is set to false. When a resource's customer-managed key leads to the vault, the finding lists it.",
      'Fix: set `enablePurgeProtection` (and `enableSoftDelete`) to true.',
    ].join('\n\n'),
    policies: ['0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', '1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d', 'c39ba22d-4428-4149-b981-70acb31fc383'],
    resourceTypes: typesOf('key-vault-protection'),
    fixable: true,
    examples: {
      bad: {
        bicep: "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'itar-kv'\n  location: 'usgovvirginia'\n  properties: {\n    tenantId: tenant().tenantId\n    sku: { family: 'A', name: 'premium' }\n    enableRbacAuthorization: true\n  }\n}",
        arm: '{\n  "type": "Microsoft.KeyVault/vaults",\n  "apiVersion": "2023-07-01",\n  "name": "itar-kv",\n  "location": "usgovvirginia",\n  "properties": {\n    "tenantId": "[subscription().tenantId]",\n    "sku": { "family": "A", "name": "premium" },\n    "enablePurgeProtection": false\n  }\n}',
        terraform: 'resource "azurerm_key_vault" "kv" {\n  name                = "itar-kv"\n  location            = "usgovvirginia"\n  resource_group_name = "itar"\n  tenant_id           = var.tenant_id\n  sku_name            = "premium"\n}',
      },
      good: {
        bicep: "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'itar-kv'\n  location: 'usgovvirginia'\n  properties: {\n    tenantId: tenant().tenantId\n    sku: { family: 'A', name: 'premium' }\n    enableRbacAuthorization: true\n    enablePurgeProtection: true\n  }\n}",
        arm: '{\n  "type": "Microsoft.KeyVault/vaults",\n  "apiVersion": "2023-07-01",\n  "name": "itar-kv",\n  "location": "usgovvirginia",\n  "properties": {\n    "tenantId": "[subscription().tenantId]",\n    "sku": { "family": "A", "name": "premium" },\n    "enablePurgeProtection": true\n  }\n}',
        terraform: 'resource "azurerm_key_vault" "kv" {\n  name                     = "itar-kv"\n  location                 = "usgovvirginia"\n  resource_group_name      = "itar"\n  tenant_id                = var.tenant_id\n  sku_name                 = "premium"\n  purge_protection_enabled = true\n}',
      },
    },
  },
  check(ctx) {
    checkSettings(ctx, {
      rule: 'key-vault-protection',
      purpose: 'key-vault-protection',
      problem: 'keys can be purged or lost for good',
      context: (stores, c) => protectedData(stores, c.index),
    });
  },
};
