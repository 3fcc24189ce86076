/**
 * A workspace that re-analyses after edits gives exactly what a fresh analysis of the same files gives: the
 * caches (parsed documents, unit evaluations, rule results, the resource index) never serve stale results.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import type { Finding } from '../../src/engine/model/finding';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { seededRandom } from '../helpers/random';
import { adaptersReady, fixtureFolders, folderSources, uriOf } from '../helpers/workspace';

before(adaptersReady);

function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.severity} ${f.span.uri}:${f.span.start}-${f.span.end} ${f.message} [${f.related.length}] ${f.fixes.map((x) => x.title).join('; ')} ${f.suppression?.justification ?? ''}`);
}

const EDITS: [RegExp, string][] = [
  [/eastus2?/, 'eastasia'],
  [/eastasia/, 'usgovvirginia'],
  [/Standard_LRS|"LRS"/, 'Standard_GRS'],
  [/westeurope/, 'westus2'],
  [/itar-guard-ignore [a-z-]+: /, 'itar-guard-ignore '],
];

/** Levels other than the defaults, for rules whose findings come from evaluations (notices) and from rules. */
const LEVELS = { 'module-unresolved': 'error', 'syntax-error': 'warning', 'region-unresolved': 'off', 'cmk-missing': 'information' } as const;

test('re-analysis after edits equals a fresh analysis', { timeout: 120_000 }, () => {
  const random = seededRandom(42);
  let checked = 0;
  for (const folder of fixtureFolders()) {
    const files = folderSources(folder);
    const texts = new Map(files.map((f) => [uriOf(f), readFileSync(f, 'utf8')]));
    const incremental = new Workspace(ADAPTERS);
    for (const [uri, text] of texts) incremental.setText(uri, text);
    incremental.analyze({ policy: DEFAULT_POLICY });
    for (let step = 0; step < 4; step++) {
      const uris = [...texts.keys()];
      const uri = uris[Math.floor(random() * uris.length)];
      const [pattern, replacement] = EDITS[Math.floor(random() * EDITS.length)];
      const edited = texts.get(uri)!.replace(pattern, replacement);
      texts.set(uri, edited);
      incremental.setText(uri, edited);
      // Equal copies of the configuration, as the extension's engine thread receives it, then other policies and levels.
      const policy = step === 3 ? { profile: 'not-proscribed' as const } : step === 2 ? { ...DEFAULT_POLICY, allowedRegions: ['eastus', 'westus2'] } : structuredClone(DEFAULT_POLICY);
      const rules = step === 1 ? LEVELS : undefined;
      const again = incremental.analyze({ policy, rules });
      const fresh = new Workspace(ADAPTERS);
      for (const [u, t] of texts) fresh.setText(u, t);
      assert.deepEqual(summary(again.findings), summary(fresh.analyze({ policy, rules }).findings), `${folder} after editing ${uri} (${pattern})`);
      checked++;
    }
  }
  assert.ok(checked > 50);
});

test("after an edit elsewhere, a unit's rules that read other units run again exactly where the edit changed what they read", () => {
  const vault = `resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-data'
  location: 'eastus'
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'premium' }
  }
}
`;
  const storage = (host: string) => `resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'sadata'
  location: 'eastus'
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    encryption: {
      keySource: 'Microsoft.Keyvault'
      keyvaultproperties: {
        keyvaulturi: 'https://${host}.vault.azure.net'
        keyname: 'k'
      }
    }
  }
}
`;
  const network = (location: string) => `resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'vnet'
  location: '${location}'
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } }
}
`;
  const texts = new Map([
    ['file:///chain/vault.bicep', vault],
    ['file:///chain/storage.bicep', storage('kv-data')],
    ['file:///chain/network.bicep', network('eastus')],
  ]);
  const ws = new Workspace(ADAPTERS);
  for (const [uri, text] of texts) ws.setText(uri, text);
  const protects = (findings: readonly Finding[]) => findings.some((f) => f.span.uri.endsWith('vault.bicep') && f.related.some((r) => /'sadata'.*encrypts its data/.test(r.message)));
  assert.ok(protects(ws.analyze({ policy: DEFAULT_POLICY }).findings), 'the vault names the storage account it protects');
  const steps: [string, string, boolean][] = [
    ['file:///chain/network.bicep', network('westus2'), true],
    ['file:///chain/storage.bicep', storage('kv-other'), false],
    ['file:///chain/network.bicep', network('eastus'), false],
    ['file:///chain/storage.bicep', storage('kv-data'), true],
  ];
  for (const [uri, text, expected] of steps) {
    texts.set(uri, text);
    ws.setText(uri, text);
    const again = ws.analyze(structuredClone({ policy: DEFAULT_POLICY }));
    const fresh = new Workspace(ADAPTERS);
    for (const [u, t] of texts) fresh.setText(u, t);
    assert.deepEqual(summary(again.findings), summary(fresh.analyze({ policy: DEFAULT_POLICY }).findings), `after editing ${uri}`);
    assert.equal(protects(again.findings), expected, `after editing ${uri}`);
  }
});

test('a finding made again from the same draft takes the level configured now', () => {
  const ws = new Workspace(ADAPTERS);
  ws.setText('file:///levels/main.bicep', "module m './missing.bicep' = {\n  name: 'm'\n}\n");
  const levelOf = (rules?: typeof LEVELS | { 'module-unresolved': 'off' }) => ws.analyze({ policy: DEFAULT_POLICY, rules }).findings.find((f) => f.ruleId === 'module-unresolved')?.severity;
  assert.equal(levelOf(), 'information');
  assert.equal(levelOf(LEVELS), 'error');
  assert.equal(levelOf({ 'module-unresolved': 'off' }), undefined);
  assert.equal(levelOf(), 'information');
});
