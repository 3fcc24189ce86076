import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';
import { adaptersReady, analyzeTexts } from '../helpers/workspace';

const source = new SourceText('file:///x.tf', 'location = local.a\na = local.b\nb = "eastasia"\nc = var.region\n');
const [use, hopA, hopB, literal, gap] = [source.span(11, 18), source.span(19, 20), source.span(31, 32), source.span(35, 45), source.span(50, 60)];

test('a literal that reaches one place of use by two paths is one possibility, by the first path', () => {
  const written = V.scalar('eastasia', literal, 'hcl');
  const direct = V.via(V.via(written, hopB), use);
  const around = V.via(V.via(V.via(written, hopB), hopA), use);
  const both = V.union(direct, around);
  assert.equal(both.options.length, 1);
  assert.deepEqual(both.options[0].via, [use, hopB]);
  // Another place of use is another place a finding may be anchored: both are kept.
  assert.equal(V.union(V.via(written, hopA), V.via(written, hopB)).options.length, 2);
  // Another value written at the same place (a function of it) is another possibility.
  assert.equal(V.union(direct, V.via(V.scalar('eastus', literal), use)).options.length, 2);
  const open = V.unknown('variable region has no value', gap);
  assert.equal(V.union(V.via(V.via(open, hopA), use), V.via(V.via(open, hopB), use)).unknowns.length, 1);
  assert.equal(V.union(V.via(open, hopA), V.via(open, hopB)).unknowns.length, 2);
});

test('a union of many possibilities keeps each once, by the same likeness', () => {
  const many = Array.from({ length: 40 }, (_, i) => V.via(V.scalar(`r${i % 20}`, literal), use));
  assert.deepEqual(
    V.union(...many).options.map((p) => (p.kind === 'scalar' ? p.value : '')),
    Array.from({ length: 20 }, (_, i) => `r${i}`),
  );
  // One literal used at many places (a module's instances) is one possibility per place, however many paths reach each.
  const places = Array.from({ length: 40 }, (_, i) => source.span(i, i + 1));
  const written = V.scalar('eastasia', literal, 'hcl');
  const used = V.union(...places.flatMap((place) => [V.via(V.via(written, hopA), place), V.via(V.via(written, hopB), place)]));
  assert.deepEqual(
    used.options.map((p) => p.via[0]),
    places,
  );
  const gaps = V.union(...places.flatMap((place) => [V.via(V.unknown('no value', gap), place), V.via(V.unknown('no value', gap), place)]));
  assert.equal(gaps.unknowns.length, 40);
});

/** Each step chooses between the two before it: every literal reaches the end by a Fibonacci number of paths. */
const STEPS = 26;
const steps = (line: (i: number) => string) => Array.from({ length: STEPS - 2 }, (_, k) => line(k + 2)).join('\n');

const TEMPLATES: Record<string, (region: string) => Record<string, string>> = {
  terraform: (region) => ({
    'main.tf': `variable "region" {${region ? `\n  default = "${region}"\n` : ''}}
locals {
  l0 = var.region
  l1 = var.region
${steps((i) => `  l${i} = local.l${i - 1} == local.l${i - 2} ? local.l${i - 1} : local.l${i - 2}`)}
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = local.l${STEPS - 1}
}
`,
  }),
  bicep: (region) => ({
    'main.bicep': `param region string${region ? ` = '${region}'` : ''}
var l0 = region
var l1 = region
${steps((i) => `var l${i} = l${i - 1} == l${i - 2} ? l${i - 1} : l${i - 2}`)}
targetScope = 'subscription'
resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg'
  location: l${STEPS - 1}
}
`,
  }),
  arm: (region) => ({
    'main.json': JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { region: region ? { type: 'string', defaultValue: region } : { type: 'string' } },
      variables: Object.fromEntries([
        ['l0', "[parameters('region')]"],
        ['l1', "[parameters('region')]"],
        ...Array.from({ length: STEPS - 2 }, (_, k) => [`l${k + 2}`, `[if(equals(variables('l${k + 1}'), variables('l${k}')), variables('l${k + 1}'), variables('l${k}'))]`]),
      ]),
      resources: [{ type: 'Microsoft.Resources/resourceGroups', apiVersion: '2024-03-01', name: 'rg', location: `[variables('l${STEPS - 1}')]` }],
    }),
  }),
};

for (const [format, files] of Object.entries(TEMPLATES)) {
  test(`${format}: a value that reaches a resource by exponentially many paths stays one possibility per place it is written`, async () => {
    await adaptersReady();
    const known = analyzeTexts(files('eastasia'));
    const group = known.resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups')!;
    // The default reaches the last step through each of the two before it: one possibility for each.
    assert.ok(V.lookup(group.body, 'location').options.length <= 2);
    const proscribed = known.findings.filter((f) => f.ruleId === 'region-proscribed');
    assert.equal(proscribed.length, 1);
    assert.ok(proscribed[0].related!.some((r) => r.message === 'the value reaches the resource through here'));

    const open = analyzeTexts(files(''));
    const openGroup = open.resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups')!;
    assert.ok(V.lookup(openGroup.body, 'location').unknowns.length <= 2);
    assert.equal(open.findings.filter((f) => f.ruleId === 'region-unresolved').length, 1);
  });
}
