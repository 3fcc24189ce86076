import type { Rule } from './rule';
import { protectedData } from './encryption/key-chain';
import { typesOf } from './encryption/requirements';
import { checkSettings } from './encryption/settings-check';

export const keyNotHsm: Rule = {
  meta: {
    id: 'key-not-hsm',
    title: 'Key not held in an HSM',
    defaultSeverity: 'warning',
    description: "A key vault cannot hold HSM-protected keys (SKU 'standard'), or a key is software-protected (RSA or EC instead of RSA-HSM or EC-HSM).",
    help: [
      "The encryption carve-out for ITAR technical data (22 CFR 120.54(a)(5)) requires end-to-end encryption with FIPS 140 validated modules. Key Vault protects `RSA-HSM` and `EC-HSM` keys in FIPS 140 validated HSMs, and only Premium vaults can hold them; `RSA` and `EC` keys are protected in software. Managed HSM keys are always HSM-backed.",
      "Every vault with SKU `standard` and every vault key whose `kty` is not `RSA-HSM` or `EC-HSM` is reported. When a resource's customer-managed key leads to such a vault or key in the workspace — through a vault URI, a key identifier, a key resource or a disk encryption set — the finding lists the resources whose data it protects.",
      'Fix: use SKU `premium` for the vault and `RSA-HSM` (or `EC-HSM`) keys, or a managed HSM. An existing key cannot change its type: create a new HSM key and rotate the customer-managed keys to it.',
    ].join('\n\n'),
    policies: ['587c79fe-dd04-4a5e-9d0b-f89598c7261b', 'f15f4d95-c59c-4395-9317-be6978d0743f', '7a00a7fc-fdf4-4ad8-8fa2-a94acc223e8e'],
    resourceTypes: typesOf('key-not-hsm'),
    fixable: true,
    examples: {
      bad: {
        bicep: "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'itar-kv'\n  location: 'usgovvirginia'\n  properties: {\n    tenantId: tenant().tenantId\n    sku: { family: 'A', name: 'standard' }\n    enablePurgeProtection: true\n  }\n}\n\nresource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {\n  parent: kv\n  name: 'cmk'\n  properties: { kty: 'RSA', keySize: 3072 }\n}",
        arm: '{\n  "type": "Microsoft.KeyVault/vaults/keys",\n  "apiVersion": "2023-07-01",\n  "name": "itar-kv/cmk",\n  "properties": { "kty": "RSA", "keySize": 3072 }\n}',
        terraform: 'resource "azurerm_key_vault_key" "cmk" {\n  name         = "cmk"\n  key_vault_id = azurerm_key_vault.kv.id\n  key_type     = "RSA"\n  key_size     = 3072\n  key_opts     = ["wrapKey", "unwrapKey"]\n}',
      },
      good: {
        bicep: "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'itar-kv'\n  location: 'usgovvirginia'\n  properties: {\n    tenantId: tenant().tenantId\n    sku: { family: 'A', name: 'premium' }\n    enablePurgeProtection: true\n  }\n}\n\nresource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {\n  parent: kv\n  name: 'cmk'\n  properties: { kty: 'RSA-HSM', keySize: 3072 }\n}",
        arm: '{\n  "type": "Microsoft.KeyVault/vaults/keys",\n  "apiVersion": "2023-07-01",\n  "name": "itar-kv/cmk",\n  "properties": { "kty": "RSA-HSM", "keySize": 3072 }\n}',
        terraform: 'resource "azurerm_key_vault_key" "cmk" {\n  name         = "cmk"\n  key_vault_id = azurerm_key_vault.kv.id\n  key_type     = "RSA-HSM"\n  key_size     = 3072\n  key_opts     = ["wrapKey", "unwrapKey"]\n}',
      },
    },
  },
  check(ctx) {
    checkSettings(ctx, {
      rule: 'key-not-hsm',
      purpose: 'hsm-key',
      problem: 'keys are not held in a FIPS 140 validated HSM',
      context: (stores, c) => protectedData(stores, c.index),
    });
  },
};
