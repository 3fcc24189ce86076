import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

/** The rule ids of the region findings of a Bicep file, each with the text it is anchored at. */
function regions(bicep: string): string[] {
  const r = analyzeTexts({ 'main.bicep': bicep });
  return r.findings.filter((f) => f.ruleId.startsWith('region-')).map((f) => `${f.ruleId} ${anchorText(r, f)}`);
}

const storage = (location: string) => `resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: ${location}\n}\n`;

test('a nullable type admits null, so the fallback of ?? or .? after it stays possible', () => {
  assert.deepEqual(regions(`param loc ('eastus' | 'westus')?\n${storage("loc ?? 'chinaeast'")}`), ["region-proscribed 'chinaeast'"]);
  const property = `type site = {\n  location: ('eastus' | 'westus')?\n}\nparam cfg site = { location: 'eastus' }\n${storage("cfg.?location ?? 'chinaeast'")}`;
  assert.deepEqual(regions(property), ["region-proscribed 'chinaeast'"], 'a deployer may leave the optional property out');
});

test('an object type leaves what it does not list to whoever deploys: without a default the parameter stays undetermined beside the listed values', () => {
  const open = `type regions = {\n  primary: 'usgovvirginia' | 'chinaeast'\n  *: string\n}\nparam cfg regions\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = [for r in items(cfg): {\n  name: 'sa\${r.key}'\n  location: r.value\n}]\n`;
  const found = regions(open);
  assert.ok(found.includes("region-proscribed 'chinaeast'"), found.join('\n'));
  assert.ok(found.some((f) => f.startsWith('region-unresolved')), 'the other properties are the deployer’s');
  const r = analyzeTexts({ 'main.bicep': `param cfg {\n  tier: 'a' | 'b'\n  location: string\n}\n${storage('cfg.location')}` });
  assert.match(byRule(r, 'region-unresolved')[0]?.message ?? '', /parameter 'cfg' has no default value/);
});
