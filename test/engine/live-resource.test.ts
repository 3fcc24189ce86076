import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJsonc } from '../../src/engine/formats/arm/jsonc';
import { canonicalLiveType, liveResource, liveResourceName } from '../../src/engine/formats/arm/live';
import { plainJson } from '../../src/engine/formats/json-values';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';
import { checkResources } from '../../src/engine/workspace/workspace';
import { ENCRYPTION_OFF } from '../helpers/workspace';

const ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa';

test('a deployed resource is read as plain JSON: a value that looks like an expression stays a value', () => {
  const r = liveResource({ id: ID, type: 'microsoft.storage/storageaccounts', name: 'sa', location: 'eastus', tags: { note: "[concat('a')]" } });
  assert.equal(r.type, 'Microsoft.Storage/storageAccounts');
  assert.equal(r.format, 'live');
  assert.equal(r.key, ID);
  assert.equal(r.resourceId, ID);
  assert.deepEqual(V.strings(V.lookup(r.body, 'tags.note')).map((p) => p.value), ["[concat('a')]"]);
  assert.equal(r.declaration.uri, `azure://${ID}`);
});

test('types take the casing of the resource ID; Resource Graph resource groups become Microsoft.Resources/resourceGroups', () => {
  assert.equal(canonicalLiveType('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/databases/b', 'microsoft.sql/servers/databases'), 'Microsoft.Sql/servers/databases');
  assert.equal(canonicalLiveType('/subscriptions/s/resourceGroups/rg', 'microsoft.resources/subscriptions/resourcegroups'), 'Microsoft.Resources/resourceGroups');
  assert.equal(canonicalLiveType('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/x', 'Microsoft.Web/sites/slots'), 'Microsoft.Web/sites/slots');
});

test('findings on live resources carry the resource ID as logical location and no fixes', () => {
  const resources = [
    liveResource({ id: ID, type: 'Microsoft.Storage/storageAccounts', name: 'sa', location: 'southeastasia', sku: { name: 'Standard_GRS' } }),
    liveResource({ id: '/subscriptions/s1/resourceGroups/rg', type: 'microsoft.resources/subscriptions/resourcegroups', name: 'rg', location: 'East Asia' }),
  ];
  const findings = checkResources(resources, { policy: { profile: 'not-proscribed' }, rules: ENCRYPTION_OFF });
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.logicalLocation, f.fixes.length]),
    [
      ['region-proscribed', '/subscriptions/s1/resourceGroups/rg', 0],
      ['region-proscribed', ID, 0],
    ],
  );
  assert.match(findings[1].message, /geo-redundant copy in 'eastasia'/);
});

test('the full name of a deployed resource comes from its ID, as templates write it', () => {
  assert.equal(liveResourceName('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/databases/b'), 'a/b');
  assert.equal(liveResourceName(ID), 'sa');
  assert.equal(liveResourceName('/subscriptions/s/resourceGroups/rg-1'), 'rg-1');
  assert.equal(liveResourceName('/subscriptions/s'), undefined);
});

describe('the key chain of deployed resources: a CMK reference leads to the deployed vault at that address', () => {
  const SUB = '/subscriptions/s1/resourceGroups/rg/providers';
  const vault = (name: string, uri: string, properties: Record<string, unknown>) =>
    liveResource({ id: `${SUB}/Microsoft.KeyVault/vaults/${name}`, type: 'Microsoft.KeyVault/vaults', name, location: 'eastus', properties: { sku: { family: 'A', name: 'premium' }, vaultUri: uri, enableSoftDelete: true, enablePurgeProtection: true, ...properties } });
  const storage = (name: string, keyvaulturi: string) =>
    liveResource({
      id: `${SUB}/Microsoft.Storage/storageAccounts/${name}`,
      type: 'Microsoft.Storage/storageAccounts',
      name,
      location: 'eastus',
      properties: { encryption: { keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyvaulturi, keyname: 'cmk' }, requireInfrastructureEncryption: true }, minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true },
    });
  const check = (resources: ReturnType<typeof liveResource>[]) =>
    checkResources(resources, { policy: { profile: 'us-only' } }).map((f) => [f.ruleId, f.logicalLocation!.split('/').pop(), f.message, f.related.filter((r) => / encrypts its data with a key held here$/.test(r.message)).map((r) => r.span.uri.split('/').pop())]);

  test('a standard vault and a vault without purge protection name the storage accounts whose keys they hold', () => {
    assert.deepEqual(check([vault('kvstd', 'https://kvstd.vault.azure.net/', { sku: { family: 'A', name: 'standard' } }), vault('kvpurge', 'https://kvpurge.vault.azure.net', { enablePurgeProtection: undefined }), storage('st1', 'https://KVSTD.vault.azure.net'), storage('st2', 'https://kvpurge.vault.azure.net/keys/cmk')]), [
      ['key-vault-protection', 'kvpurge', "Microsoft.KeyVault/vaults 'kvpurge': keys can be purged or lost for good (properties.enablePurgeProtection is not set, so the service default applies). It protects the data of Microsoft.Storage/storageAccounts 'st2'.", ['st2']],
      ['key-not-hsm', 'kvstd', "Microsoft.KeyVault/vaults 'kvstd': keys are not held in a FIPS 140 validated HSM (properties.sku.name is 'standard'). It protects the data of Microsoft.Storage/storageAccounts 'st1'.", ['st1']],
    ]);
  });

  test("a vault of the same name at another address (another cloud's) is not the one the key is in", () => {
    const findings = check([vault('kvsame', 'https://kvsame.vault.usgovcloudapi.net/', { sku: { family: 'A', name: 'standard' } }), storage('st1', 'https://kvsame.vault.azure.net/')]);
    assert.deepEqual(findings, [['key-not-hsm', 'kvsame', "Microsoft.KeyVault/vaults 'kvsame': keys are not held in a FIPS 140 validated HSM (properties.sku.name is 'standard').", []]]);
  });

  test('a managed HSM is found by its hsmUri', () => {
    const hsm = liveResource({ id: `${SUB}/Microsoft.KeyVault/managedHSMs/hsm1`, type: 'Microsoft.KeyVault/managedHSMs', name: 'hsm1', location: 'eastus', sku: { family: 'B', name: 'Standard_B1' }, properties: { hsmUri: 'https://hsm1.managedhsm.azure.net/', enableSoftDelete: true, enablePurgeProtection: false } });
    const findings = check([hsm, storage('st1', 'https://hsm1.managedhsm.azure.net/keys/cmk')]);
    assert.deepEqual(findings.map((f) => [f[0], f[1], f[3]]), [['key-vault-protection', 'hsm1', ['st1']]]);
  });
});

test('TLS and HTTPS settings of a deployed resource are checked as a template’s are', () => {
  const weak = liveResource({
    id: ID,
    type: 'Microsoft.Storage/storageAccounts',
    name: 'sa',
    location: 'eastus',
    sku: { name: 'Standard_LRS' },
    properties: { minimumTlsVersion: 'TLS1_0', supportsHttpsTrafficOnly: false },
  });
  const findings = checkResources([weak], { policy: { profile: 'us-only' }, rules: { 'cmk-missing': 'off', 'infrastructure-encryption': 'off' } });
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.logicalLocation, weak.declaration.uri === f.span.uri]),
    [
      ['tls-version', ID, true],
      ['https-only', ID, true],
    ],
  );
  assert.match(findings.find((f) => f.ruleId === 'tls-version')!.message, /'TLS1_0'/);
});

test('values and spans of a deployed resource are those of its JSON text, read as a parameter file is', () => {
  const json = {
    id: ID,
    type: 'Microsoft.Storage/storageAccounts',
    name: 'sa "quoted" \\ back',
    location: 'eastus',
    Location: 'EastUS',
    skipped: undefined,
    call: () => 1,
    properties: {
      text: 'tab\there\nline \u0001 \u001f \u2028 é 😀 \ud800 lone \udc00',
      numbers: [0, -0, 1.5, 1e21, -2e-7, Number.NaN, Number.POSITIVE_INFINITY, 123456789012345680000],
      holes: [undefined, () => 2, null, true, false, {}, []],
      nested: { '': { '10': 'ten', '2': 'two', b: 'b', a: [{ k: 'v' }] } },
    },
  };
  const live = liveResource(json);
  const source = new SourceText(live.declaration.uri, JSON.stringify(json));
  assert.deepEqual(live.body, plainJson(source, parseJsonc(source, true).root!));
  assert.equal(source.slice(live.declaration), '"type":"Microsoft.Storage/storageAccounts"');
  assert.deepEqual(V.strings(live.name).map((p) => [p.value, source.slice(p.origin)]), [[json.name, JSON.stringify(json.name)]]);
});

test('a deployed resource nested deeper than 1000 levels is read up to that depth, and checked', () => {
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 5000; i++) deep = { next: deep };
  const live = liveResource({ id: ID, type: 'Microsoft.Storage/storageAccounts', name: 'sa', location: 'eastasia', properties: { deep } });
  let value = V.lookup(live.body, 'properties.deep');
  for (let depth = 3; value.options.length > 0; depth++) {
    assert.ok(depth <= 1000, `read to depth ${depth}`);
    value = V.lookup(value, 'next');
  }
  assert.deepEqual(value.unknowns.map((u) => u.reason), ['the resource is nested deeper than 1000 levels']);
  assert.deepEqual(checkResources([live], { policy: { profile: 'not-proscribed' }, rules: ENCRYPTION_OFF }).map((f) => f.ruleId), ['region-proscribed']);
});
