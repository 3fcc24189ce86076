/**
 * Values and module trees that grow at every step of a chain: a value read twice in one expression, a list or a text
 * joined to itself, a nested list written out as text, loops nested in loops, modules that call the next twice; and
 * chains deeper than the stack. Forty steps stand for billions of parts; the analysis must stay small and say where
 * it stopped following, in every format, and never lose a whole file.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { MAX_COMBINATIONS, MAX_ELEMENTS, MAX_REPEATS, MAX_TEXT } from '../../src/engine/eval/functions';
import { MAX_MODULE_INSTANCES } from '../../src/engine/formats/evaluation';
import { MAX_PLAIN_VALUES } from '../../src/engine/model/value';
import { adaptersReady, analyzeTexts, byRule } from '../helpers/workspace';

const STEPS = 40;
const ALLOWED = ['eastus', 'westus2', 'usgovvirginia'];

/** Each step's expression, from the name of the value before it. */
type Step = (prev: string) => string;

/**
 * `v0` (declared by `head`, or by `first` as a variable), then `v1` … `v<steps>` each made by `step` from the one
 * before, and one resource whose location is `location` (of the names `v<n>`).
 */
interface Chain {
  readonly first?: string;
  readonly head?: string;
  readonly step: Step;
  readonly location: string;
  readonly steps?: number;
}

function bicep({ first, head, step, location, steps = STEPS }: Chain): Record<string, string> {
  const lines = [head ?? `var v0 = ${first}`, ...Array.from({ length: steps }, (_, k) => `var v${k + 1} = ${step(`v${k}`)}`)];
  return { 'main.bicep': `${lines.join('\n')}\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'x'\n  location: ${location}\n  kind: 'StorageV2'\n}\n` };
}

/** As {@link bicep}; names are `local.v<n>` (`var.v0` where `head` declares it). */
function terraform({ first, head, step, location, steps = STEPS }: Chain): Record<string, string> {
  const name = (n: number) => (n === 0 && head ? 'var.v0' : `local.v${n}`);
  const locals = [...(head ? [] : [`  v0 = ${first}`]), ...Array.from({ length: steps }, (_, k) => `  v${k + 1} = ${step(name(k))}`)];
  const at = location.replace(/\bv(\d+)\b/g, (_, n: string) => name(Number(n)));
  return { 'main.tf': `${head ?? ''}\nlocals {\n${locals.join('\n')}\n}\nresource "azurerm_resource_group" "rg" {\n  name     = "x"\n  location = ${at}\n}\n` };
}

/** As {@link bicep}: `first` is the JSON of `v0`, or `parameter` declares it as a parameter. */
function arm({ first, step, location, parameter, steps = STEPS }: { first?: unknown; step: Step; location: string; parameter?: object; steps?: number }): Record<string, string> {
  const name = (n: number) => (n === 0 && parameter ? "parameters('v0')" : `variables('v${n}')`);
  const variables: Record<string, unknown> = parameter ? {} : { v0: first };
  for (let i = 1; i <= steps; i++) variables[`v${i}`] = `[${step(name(i - 1))}]`;
  return {
    'azuredeploy.json': JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: parameter ? { v0: parameter } : {},
      variables,
      resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'x', kind: 'StorageV2', location: `[${location.replace(/\bv(\d+)\b/g, (_, n: string) => name(Number(n)))}]` }],
    }),
  };
}

/** The region-unresolved finding of the one resource: its message and how many related places it lists. */
function unresolved(texts: Record<string, string>): { message: string; related: number } {
  const found = byRule(analyzeTexts(texts), 'region-unresolved');
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
  return { message: found[0].message, related: found[0].related?.length ?? 0 };
}

/** One test per format, each asserting that the region is unresolved with a reason that matches. */
function unresolvedIn(cases: Record<string, Record<string, string>>, reason: RegExp, also?: (related: number) => void): void {
  for (const [format, texts] of Object.entries(cases)) {
    test(format, () => {
      const { message, related } = unresolved(texts);
      assert.match(message, reason);
      also?.(related);
    });
  }
}

const number = (n: number) => n.toLocaleString('en-US');

before(adaptersReady);

describe('a value read twice at every step keeps each gap once', () => {
  // Past the bound on combinations the value is unknown; each step then reads that gap twice.
  const last = `v${STEPS}`;
  unresolvedIn(
    {
      Bicep: bicep({ head: `@allowed(${JSON.stringify(ALLOWED).replace(/"/g, "'")})\nparam v0 string = 'eastus'`, step: (v) => `'\${${v}}-\${${v}}'`, location: last }),
      ARM: arm({ parameter: { type: 'string', defaultValue: 'eastus', allowedValues: ALLOWED }, step: (v) => `concat(${v}, '-', ${v})`, location: last }),
      Terraform: terraform({
        head: `variable "v0" {\n  type    = string\n  default = "eastus"\n  validation {\n    condition     = contains(${JSON.stringify(ALLOWED)}, var.v0)\n    error_message = "US regions only."\n  }\n}`,
        step: (v) => `"\${${v}}-\${${v}}"`,
        location: last,
      }),
    },
    new RegExp(`more than ${MAX_COMBINATIONS} possible results`),
    // The gap, and each step's two reads of the one before: a path, not two to the power of the steps.
    (related) => assert.ok(related <= 2 * STEPS + 2, `${related} related places`),
  );
});

describe('a list joined to itself at every step stops at the bound on elements', () => {
  unresolvedIn(
    {
      Bicep: bicep({ first: "['eastus']", step: (v) => `concat(${v}, ${v})`, location: `first(v${STEPS})` }),
      ARM: arm({ first: ['eastus'], step: (v) => `flatten(createArray(${v}, ${v}))`, location: `first(v${STEPS})` }),
      Terraform: terraform({ first: '["eastus"]', step: (v) => `flatten([${v}, ${v}])`, location: `v${STEPS}[0]` }),
    },
    new RegExp(`(concat|flatten)\\(\\) builds a list of more than ${number(MAX_ELEMENTS)} elements`),
  );

  test('a list below the bound is still followed', () => {
    // Thirteen steps make 8,192 elements: every one is still read.
    const result = analyzeTexts(bicep({ first: "['eastasia']", step: (v) => `concat(${v}, ${v})`, location: 'last(v13)', steps: 13 }));
    assert.equal(byRule(result, 'region-unresolved').length, 0);
    assert.equal(byRule(result, 'region-proscribed').length, 1);
  });
});

describe('string() of a list that nests itself at every step', () => {
  unresolvedIn(
    {
      Bicep: bicep({ first: "['eastus']", step: (v) => `[${v}, ${v}]`, location: `string(v${STEPS})` }),
      ARM: arm({ first: ['eastus'], step: (v) => `createArray(${v}, ${v})`, location: `string(v${STEPS})` }),
    },
    new RegExp(`string\\(\\) of a value with more than ${number(MAX_PLAIN_VALUES)} parts`),
  );
});

describe('a text joined to itself at every step stops at the bound on its length', () => {
  // Doubling 'eastus' passes a million characters at the eighteenth step; past the twenty-sixth the text was longer
  // than a JavaScript string may be, and a report that quoted it ended the command line with an internal error.
  unresolvedIn(
    {
      Bicep: bicep({ first: "'eastus'", step: (v) => `'\${${v}}\${${v}}'`, location: `v${STEPS}` }),
      ARM: arm({ first: 'eastus', step: (v) => `concat(${v}, ${v})`, location: `v${STEPS}` }),
      Terraform: terraform({ first: '"eastus"', step: (v) => `"\${${v}}\${${v}}"`, location: `v${STEPS}` }),
    },
    new RegExp(`builds a text of more than ${number(MAX_TEXT)} characters`),
  );
});

describe('join() of a list of sixty-five thousand elements is read, in time proportional to its length', () => {
  // Each combination of the elements used to grow one element at a time, copying every prefix: quadratic.
  const cases = {
    Bicep: bicep({ first: "['eastasia']", step: (v) => `concat(${v}, ${v})`, location: "split(join(v16, ','), ',')[0]", steps: 16 }),
    Terraform: terraform({ first: '["eastasia"]', step: (v) => `flatten([${v}, ${v}])`, location: 'split(",", join(",", v16))[0]', steps: 16 }),
  };
  for (const [format, texts] of Object.entries(cases)) {
    test(format, () => {
      const result = analyzeTexts(texts);
      assert.equal(byRule(result, 'region-unresolved').length, 0);
      assert.equal(byRule(result, 'region-proscribed').length, 1);
    });
  }
});

describe('loops nested in loops stop at the bound on repeats', () => {
  // Three levels over a hundred elements: a million evaluations of the innermost body. Past the bound a lambda gives
  // an unknown element (the last one is), a Terraform `for` an unknown list.
  const names = Array.from({ length: 100 }, (_, i) => `r${i}`);
  const nested = (v: string) => `flatten(map(${v}, a => flatten(map(${v}, b => map(${v}, c => '\${a}\${b}\${c}')))))`;
  const lambdas = (v: string) => `flatten(map(${v}, lambda('a', flatten(map(${v}, lambda('b', map(${v}, lambda('c', concat(lambdaVariables('a'), lambdaVariables('b'), lambdaVariables('c'))))))))))`;
  unresolvedIn(
    {
      Bicep: bicep({ first: JSON.stringify(names).replace(/"/g, "'"), step: nested, location: 'last(v1)', steps: 1 }),
      ARM: arm({ first: names, step: lambdas, location: 'last(v1)', steps: 1 }),
      Terraform: terraform({ first: JSON.stringify(names), step: (v) => `flatten([for a in ${v} : [for b in ${v} : [for c in ${v} : "\${a}\${b}\${c}"]]])`, location: 'v1[0]', steps: 1 }),
    },
    new RegExp(`repeat more than ${number(MAX_REPEATS)} times`),
  );
});

/**
 * A tree of modules `levels` deep in each format: every level calls the next once per name in `calls`, passing its
 * location on; the last deploys to the first level's default, eastasia.
 */
function moduleTree(levels: number, calls: readonly string[]): Record<'Bicep' | 'ARM' | 'Terraform', Record<string, string>> {
  const tree = (make: (i: number, last: boolean) => [string, string]) => Object.fromEntries(Array.from({ length: levels }, (_, i) => make(i, i === levels - 1)));
  return {
    Bicep: tree((i, last) => [
      `m${i}.bicep`,
      `param location string${i ? '' : " = 'eastasia'"}\n` +
        (last
          ? "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'x'\n  location: location\n  kind: 'StorageV2'\n}\n"
          : calls.map((k) => `module ${k} 'm${i + 1}.bicep' = {\n  name: '${k}${i}'\n  params: {\n    location: location\n  }\n}\n`).join('')),
    ]),
    ARM: tree((i, last) => [
      `m${i}.json`,
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { location: { type: 'string', ...(i ? {} : { defaultValue: 'eastasia' }) } },
        resources: last
          ? [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'x', kind: 'StorageV2', location: "[parameters('location')]" }]
          : calls.map((k) => ({
              type: 'Microsoft.Resources/deployments',
              apiVersion: '2022-09-01',
              name: `${k}${i}`,
              properties: { mode: 'Incremental', templateLink: { relativePath: `m${i + 1}.json` }, parameters: { location: { value: "[parameters('location')]" } } },
            })),
      }),
    ]),
    Terraform: tree((i, last) => [
      `m${i}/main.tf`,
      `variable "location" {\n  type = string\n${i ? '' : '  default = "eastasia"\n'}}\n` +
        (last
          ? 'resource "azurerm_resource_group" "rg" {\n  name     = "x"\n  location = var.location\n}\n'
          : calls.map((k) => `module "${k}" {\n  source   = "../m${i + 1}"\n  location = var.location\n}\n`).join('')),
    ]),
  };
}

/** The one `module-unresolved` notice of an analysis. */
function onlyNotice(result: ReturnType<typeof analyzeTexts>): string {
  const notices = byRule(result, 'module-unresolved').map((f) => f.message);
  assert.equal(notices.length, 1, notices.join('\n'));
  return notices[0];
}

describe('module calls that double at every level stop at the bound on module instances', () => {
  // Twenty levels, each calling the next twice: half a million instances of the last one.
  for (const [format, texts] of Object.entries(moduleTree(20, ['a', 'b']))) {
    test(format, () => {
      const result = analyzeTexts(texts);
      assert.match(onlyNotice(result), new RegExp(`^More than ${number(MAX_MODULE_INSTANCES)} module calls: the modules beyond are not checked`));
      assert.equal(byRule(result, 'region-proscribed').length, 1);
    });
  }
});

describe('a chain of a thousand modules, each calling the next', () => {
  // Deeper than the stack holds for ARM's walk of linked templates: past 200 deployments deep they are not followed,
  // with a notice, instead of the whole file failing. Bicep follows the chain to its end; Terraform's evaluation of
  // the location through a thousand calls may run out of stack, which makes that one value undetermined (or judged,
  // where the stack holds: a worker thread's is larger).
  const tree = moduleTree(1000, ['a']);
  test('ARM', () => {
    const result = analyzeTexts(tree.ARM);
    assert.deepEqual(byRule(result, 'syntax-error'), []);
    assert.equal(onlyNotice(result), 'This deployment is nested more than 200 deployments deep, so the resources it deploys are not checked.');
  });
  for (const [format, regions] of [['Bicep', ['region-proscribed']], ['Terraform', ['region-proscribed', 'region-unresolved']]] as const) {
    test(format, () => {
      const result = analyzeTexts(tree[format]);
      assert.deepEqual(byRule(result, 'syntax-error'), []);
      assert.deepEqual(byRule(result, 'module-unresolved'), []);
      assert.equal(result.findings.filter((f) => (regions as readonly string[]).includes(f.ruleId)).length, 1);
    });
  }
});

describe('a chain of twenty thousand names, each reading the one before', () => {
  // Deeper than the stack: the region is undetermined, and the file is still evaluated (no failure of the whole file).
  const steps = 20_000;
  unresolvedIn(
    {
      Bicep: bicep({ first: "'eastasia'", step: (v) => v, location: `v${steps}`, steps }),
      ARM: arm({ first: 'eastasia', step: (v) => v, location: `v${steps}`, steps }),
      Terraform: terraform({ first: '"eastasia"', step: (v) => v, location: `v${steps}`, steps }),
    },
    /too many references to follow|too large or too deeply nested/,
  );
});

test('a JSON file that three hundred calls load is made into values once', () => {
  // Each call made the whole file's values again: three hundred calls of a 4 MB file ran out of memory.
  const items = Array.from({ length: 20_000 }, (_, i) => ({ name: `n${i}`, location: i === 150 ? 'eastasia' : 'eastus', tags: { owner: 'x'.repeat(50) } }));
  const calls = 300;
  const bicep = [
    ...Array.from({ length: calls }, (_, i) => `var v${i} = loadJsonContent('regions.json')`),
    `var all = [${Array.from({ length: calls }, (_, i) => `v${i}.items[${i}].location`).join(', ')}]`,
    "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = [for l in all: {\n  name: 'x'\n  location: l\n  kind: 'StorageV2'\n}]",
  ].join('\n');
  const result = analyzeTexts({ 'main.bicep': bicep, 'regions.json': JSON.stringify({ items }) });
  const found = byRule(result, 'region-proscribed');
  assert.equal(found.length, 1);
  assert.match(found[0].span.uri, /regions\.json$/);
});
