/**
 * Values that double at every step of a chain: a value read twice in one expression, a list joined to itself, a
 * nested list written out as text. Forty steps stand for billions of parts; the analysis must stay small and say
 * where it stopped following the value, in every format.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { MAX_ELEMENTS } from '../../src/engine/eval/functions';
import { MAX_PLAIN_VALUES } from '../../src/engine/model/value';
import { adaptersReady, analyzeTexts, byRule } from '../helpers/workspace';

const STEPS = 40;
const steps = (line: (i: number, prev: string) => string, first: string) => Array.from({ length: STEPS }, (_, k) => line(k + 1, k === 0 ? first : `v${k}`)).join('\n');

function armTemplate(variables: Record<string, unknown>, resource: Record<string, unknown>, parameters: Record<string, unknown> = {}): string {
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters,
    variables,
    resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'x', kind: 'StorageV2', ...resource }],
  });
}

function armChain(first: Record<string, unknown>, step: (prev: string) => string): Record<string, unknown> {
  const vars: Record<string, unknown> = { ...first };
  for (let i = 1; i <= STEPS; i++) vars[`v${i}`] = `[${step(`variables('v${i - 1}')`)}]`;
  return vars;
}

const ALLOWED = ['eastus', 'westus2', 'usgovvirginia'];

/** The region-unresolved finding of the one resource: its message and how many related places it lists. */
function unresolved(texts: Record<string, string>): { message: string; related: number } {
  const found = byRule(analyzeTexts(texts), 'region-unresolved');
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
  return { message: found[0].message, related: found[0].related?.length ?? 0 };
}

before(adaptersReady);

describe('a value read twice at every step keeps each gap once', () => {
  // Past the bound on combinations the value is unknown; each step then reads that gap twice.
  const cases: Record<string, Record<string, string>> = {
    Bicep: {
      'main.bicep': `@allowed(${JSON.stringify(ALLOWED).replace(/"/g, "'").replace(/,/g, ', ')})
param v0 string = 'eastus'
${steps((i, prev) => `var v${i} = '\${${prev}}-\${${prev}}'`, 'v0')}
resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'x'
  location: v${STEPS}
  kind: 'StorageV2'
}
`,
    },
    ARM: { 'azuredeploy.json': armTemplate(armChain({}, (prev) => `concat(${prev}, '-', ${prev})`), { location: `[variables('v${STEPS}')]` }, { v0: { type: 'string', defaultValue: 'eastus', allowedValues: ALLOWED } }).replace(/variables\('v0'\)/g, "parameters('v0')") },
    Terraform: {
      'main.tf': `variable "v0" {
  type    = string
  default = "eastus"
  validation {
    condition     = contains(${JSON.stringify(ALLOWED)}, var.v0)
    error_message = "US regions only."
  }
}
locals {
${steps((i, prev) => `  v${i} = "\${${prev}}-\${${prev}}"`, 'var.v0').replace(/\$\{v(\d+)\}/g, '${local.v$1}')}
}
resource "azurerm_resource_group" "rg" {
  name     = "x"
  location = local.v${STEPS}
}
`,
    },
  };
  for (const [format, texts] of Object.entries(cases)) {
    test(format, () => {
      const { message, related } = unresolved(texts);
      assert.match(message, /more than 256 possible results/);
      // The gap, and each step's two reads of the one before: a path, not two to the power of the steps.
      assert.ok(related <= 2 * STEPS + 2, `${related} related places`);
    });
  }
});

describe('a list joined to itself at every step stops at the bound on elements', () => {
  const cases: Record<string, Record<string, string>> = {
    Bicep: {
      'main.bicep': `var v0 = ['eastus']
${steps((i, prev) => `var v${i} = concat(${prev}, ${prev})`, 'v0')}
resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'x'
  location: first(v${STEPS})
  kind: 'StorageV2'
}
`,
    },
    ARM: { 'azuredeploy.json': armTemplate(armChain({ v0: ['eastus'] }, (prev) => `flatten(createArray(${prev}, ${prev}))`), { location: `[first(variables('v${STEPS}'))]` }) },
    Terraform: {
      'main.tf': `locals {
  v0 = ["eastus"]
${steps((i, prev) => `  v${i} = flatten([${prev}, ${prev}])`, 'local.v0').replace(/\bv(\d+)\]/g, 'local.v$1]').replace(/\[v(\d+)/g, '[local.v$1')}
}
resource "azurerm_resource_group" "rg" {
  name     = "x"
  location = local.v${STEPS}[0]
}
`,
    },
  };
  for (const [format, texts] of Object.entries(cases)) {
    test(format, () => {
      const { message } = unresolved(texts);
      assert.match(message, new RegExp(`(concat|flatten)\\(\\) builds a list of more than ${MAX_ELEMENTS.toLocaleString('en-US')} elements`));
    });
  }

  test('a list below the bound is still followed', () => {
    // Thirteen steps make 8,192 elements: every one is still read.
    const bicep = `var v0 = ['eastasia']
${Array.from({ length: 13 }, (_, k) => `var v${k + 1} = concat(v${k}, v${k})`).join('\n')}
resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'x'
  location: last(v13)
  kind: 'StorageV2'
}
`;
    const result = analyzeTexts({ 'main.bicep': bicep });
    assert.equal(byRule(result, 'region-unresolved').length, 0);
    assert.equal(byRule(result, 'region-proscribed').length, 1);
  });
});

describe('string() of a list that nests itself at every step', () => {
  const cases: Record<string, Record<string, string>> = {
    Bicep: {
      'main.bicep': `var v0 = ['eastus']
${steps((i, prev) => `var v${i} = [${prev}, ${prev}]`, 'v0')}
resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'x'
  location: string(v${STEPS})
  kind: 'StorageV2'
}
`,
    },
    ARM: { 'azuredeploy.json': armTemplate(armChain({ v0: ['eastus'] }, (prev) => `createArray(${prev}, ${prev})`), { location: `[string(variables('v${STEPS}'))]` }) },
  };
  for (const [format, texts] of Object.entries(cases)) {
    test(format, () => {
      const { message } = unresolved(texts);
      assert.match(message, new RegExp(`string\\(\\) of a value with more than ${MAX_PLAIN_VALUES.toLocaleString('en-US')} parts`));
    });
  }
});
