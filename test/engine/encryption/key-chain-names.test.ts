/**
 * Stores of the same name in many templates (one per environment, say), with keys that name their store by name:
 * every key reference that names the store reaches each of them, and each finding on a store lists every resource
 * it protects, once. The ways to reach a store multiply with the copies; the chain must not follow each way (this
 * case once took minutes).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeTexts, byRule } from '../../helpers/workspace';

const COPIES = 60;

function environment(n: number): string {
  return `resource kv 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: 'kvshared'
  location: 'usgovvirginia'
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enablePurgeProtection: true
    enableSoftDelete: true
  }
}

resource key 'Microsoft.KeyVault/vaults/keys@2024-11-01' = {
  name: 'kvshared/cmk'
  properties: { kty: 'RSA-HSM' }
}

resource data 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: 'data${n}'
  location: 'usgovvirginia'
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    encryption: {
      keySource: 'Microsoft.Keyvault'
      requireInfrastructureEncryption: true
      keyvaultproperties: { keyvaulturi: 'https://kvshared.vault.usgovcloudapi.net', keyname: 'cmk' }
    }
  }
}
`;
}

test(`${COPIES} templates with a vault of the same name: each vault's finding lists the ${COPIES} accounts once`, { timeout: 60_000 }, () => {
  const texts = Object.fromEntries(Array.from({ length: COPIES }, (_, i) => [`env${i}/main.bicep`, environment(i)]));
  const result = analyzeTexts(texts, { profile: 'us-government' });
  const findings = byRule(result, 'key-not-hsm');
  assert.equal(findings.length, COPIES);
  for (const f of findings) {
    assert.match(f.message, new RegExp(`and ${COPIES - 1} more resources`));
    const protectedAccounts = new Set(f.related.filter((r) => /encrypts its data/.test(r.message)).map((r) => `${r.span.uri}#${r.span.start}`));
    assert.equal(protectedAccounts.size, COPIES);
  }
});
