import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../src/engine/config';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { policyInfo } from '../../src/engine/rules/policies';
import { RULES } from '../../src/engine/rules/registry';
import { generatedFiles } from '../../scripts/generated-files';
import { analyzeTexts } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..');

test('the generated rule documentation and configuration schema are up to date (run `npm run gen`)', () => {
  for (const [file, content] of generatedFiles()) {
    let committed = '';
    try {
      committed = readFileSync(path.join(ROOT, file), 'utf8');
    } catch {
      assert.fail(`${file} is missing: run npm run gen`);
    }
    assert.equal(committed, content, `${file} is stale: run npm run gen`);
  }
});

test('every rule has unique, well-formed metadata', () => {
  const ids = new Set<string>();
  for (const { meta } of RULES) {
    assert.match(meta.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(!ids.has(meta.id), `duplicate rule id ${meta.id}`);
    ids.add(meta.id);
    assert.ok(meta.title && meta.description && meta.help, `${meta.id} lacks text`);
    assert.ok(['error', 'warning', 'information'].includes(meta.defaultSeverity));
  }
});

test('every Azure Policy built-in a rule names is in the policy data', () => {
  for (const { meta } of RULES) {
    for (const id of meta.policies) assert.ok(policyInfo(id), `${meta.id} names policy ${id}, which data/policies.json does not list`);
  }
});

test('a rule that is always on cannot be turned off: the configuration refuses it, and the engine keeps it on when given it', () => {
  const alwaysOn = RULES.filter((r) => r.meta.alwaysOn).map((r) => r.meta.id);
  assert.deepEqual(alwaysOn, ['region-proscribed']);
  assert.throws(() => parseConfig('{ "rules": { "region-proscribed": "off" } }'), /cannot be turned off/);
  assert.equal(parseConfig('{ "rules": { "region-proscribed": "warning" } }').rules['region-proscribed'], 'warning');
  const bicep = "param location string = 'eastasia'\nresource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'vnet'\n  location: location\n}\n";
  const r = analyzeTexts({ 'main.bicep': bicep }, DEFAULT_POLICY, { 'region-proscribed': 'off', 'region-not-allowed': 'off' });
  assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.severity}`), ['region-proscribed error']);
});
