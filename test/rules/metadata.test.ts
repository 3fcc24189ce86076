import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { policyInfo } from '../../src/engine/rules/policies';
import { RULES } from '../../src/engine/rules/registry';
import { generatedFiles } from '../../scripts/generated-files';

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
