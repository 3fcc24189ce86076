import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits } from '../helpers/edits';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { analyzeTexts, byRule, ENCRYPTION_OFF } from '../helpers/workspace';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** Applies the first fix of the first finding of a rule and analyses the result again. */
function applyFirstFix(text: string, ruleId: string, fixIndex = 0) {
  const before = analyzeTexts({ 'main.json': text }, DEFAULT_POLICY, ENCRYPTION_OFF);
  const finding = byRule(before, ruleId)[0];
  assert.ok(finding, `no ${ruleId} finding`);
  const fix = finding.fixes[fixIndex];
  assert.ok(fix, `${ruleId} has no fix`);
  const fixed = applyEdits(text, fix.edits);
  return { fix, fixed, after: analyzeTexts({ 'main.json': fixed }, DEFAULT_POLICY, ENCRYPTION_OFF) };
}

describe('ARM fixes', () => {
  test('replacing a JSON literal region with the nearest allowed region', () => {
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a', location: 'eastasia' }] }, null, 2);
    const { fix, fixed, after } = applyFirstFix(text, 'region-proscribed');
    assert.equal(fix.preferred, true);
    assert.match(fix.title, /^Replace 'eastasia' with 'westus/, 'the nearest US region to Hong Kong is on the US west coast');
    assert.equal(after.findings.length, 0);
    assert.equal(fixed.replace(/"westus\d?"/, '"eastasia"'), text, 'nothing else changed');
  });

  test('replacing a literal inside an expression keeps the expression syntax', () => {
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a', location: "[if(true(), 'chinanorth', 'eastus')]" }] }, null, 2);
    const { fixed, after } = applyFirstFix(text, 'region-proscribed');
    assert.match(fixed, /"\[if\(true\(\), '[a-z0-9]+', 'eastus'\)\]"/);
    assert.equal(after.findings.length, 0);
  });

  test('a geo-redundant SKU whose copy is proscribed is fixed by a same-region SKU', () => {
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a', location: 'southeastasia', sku: { name: 'Standard_RAGZRS' } }] }, null, 2);
    const before = analyzeTexts({ 'main.json': text }, { profile: 'not-proscribed' });
    const [f] = byRule(before, 'region-proscribed');
    assert.equal(f.fixes.length, 1);
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.match(fixed, /"Standard_ZRS"/);
    assert.equal(analyzeTexts({ 'main.json': fixed }, { profile: 'not-proscribed' }, ENCRYPTION_OFF).findings.length, 0);
  });

  test('region-unresolved: allowedValues with the profile regions is added to the parameter, in the file layout', () => {
    const text = [
      '{',
      `  "$schema": "${SCHEMA}",`,
      '  "parameters": {',
      '    "location": {',
      '      "type": "string",',
      '      "defaultValue": "[resourceGroup().location]"',
      '    }',
      '  },',
      '  "resources": [',
      '    { "type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "[parameters(\'location\')]" }',
      '  ]',
      '}',
    ].join('\r\n');
    const { fixed, after } = applyFirstFix(text, 'region-unresolved');
    const lines = fixed.split('\r\n');
    assert.match(lines[4], /^ {6}"allowedValues": \["centralus", .*"westus2".*\],$/);
    assert.equal(lines.length, 13, 'one line inserted, CRLF kept');
    assert.equal(after.findings.length, 0, 'the region is now bounded to allowed regions');
  });

  test('region-unresolved without a parameter (resourceGroup().location used directly) offers no edit', () => {
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a', location: '[resourceGroup().location]' }] });
    const [f] = byRule(analyzeTexts({ 'main.json': text }), 'region-unresolved');
    assert.deepEqual(f.fixes, []);
  });
});
