/**
 * Fixes a rule hands over as a function are computed when first read, once, against the text the analysis read —
 * even when the file has changed since.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { applyEdits } from '../helpers/edits';

const URI = 'file:///lazy/azuredeploy.json';
const TEMPLATE = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-05-01",
      "name": "itarlazy",
      "location": "usgovvirginia",
      "sku": { "name": "Standard_LRS" },
      "kind": "StorageV2",
      "properties": { "minimumTlsVersion": "TLS1_0" }
    }
  ]
}
`;

test('fixes computed after the file changed still edit the text the analysis read', () => {
  const ws = new Workspace(ADAPTERS);
  ws.setText(URI, TEMPLATE);
  const finding = ws.analyze({ policy: DEFAULT_POLICY }).findings.find((f) => f.ruleId === 'cmk-missing');
  assert.ok(finding);
  ws.setText(URI, `\n\n${TEMPLATE}`);
  const fixes = finding.fixes;
  assert.equal(fixes.length, 1);
  assert.equal(finding.fixes, fixes, 'computed once');
  const fixed = applyEdits(TEMPLATE, fixes[0].edits);
  ws.setText(URI, fixed);
  assert.deepEqual(
    ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'cmk-missing' || f.ruleId === 'syntax-error'),
    [],
  );
});

test('lazy fixes survive a copy of the finding and serialisation', () => {
  const ws = new Workspace(ADAPTERS);
  ws.setText(URI, TEMPLATE);
  const finding = ws.analyze({ policy: DEFAULT_POLICY }).findings.find((f) => f.ruleId === 'tls-version');
  assert.ok(finding);
  assert.equal({ ...finding }.fixes.length, 1);
  assert.equal((JSON.parse(JSON.stringify(finding)) as { fixes: unknown[] }).fixes.length, 1);
});
