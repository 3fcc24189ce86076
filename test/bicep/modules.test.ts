import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bicepAdapter } from '../../src/engine/formats/bicep/adapter';
import { parseBicepDocument } from '../../src/engine/formats/bicep/document';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';
import type { WorkspaceFiles } from '../../src/engine/workspace/document';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { analyzeTexts, anchorText, byRule, virtualWorkspace } from '../helpers/workspace';

type Result = ReturnType<typeof analyzeTexts>;

const STORAGE = "param location string = 'westus'\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: location\n}\n";

function findings(r: Result, ruleId: string): string[] {
  return byRule(r, ruleId).map((f) => `${f.span.uri.replace('file:///virtual/', '')} ${anchorText(r, f)} ${f.resources.length}`);
}

function call(name: string, path: string, params = ''): string {
  return `module ${name} '${path}' = {\n  name: '${name}'\n  params: {\n${params}  }\n}\n`;
}

describe('Bicep modules', () => {
  test("a local module is evaluated with the caller's values; the finding is anchored in the caller", () => {
    const r = analyzeTexts({ 'main.bicep': call('st', 'modules/storage.bicep', "    location: 'eastasia'\n"), 'modules/storage.bicep': STORAGE });
    assert.deepEqual(findings(r, 'region-proscribed'), ["main.bicep 'eastasia' 1"]);
    const [f] = byRule(r, 'region-proscribed');
    const related = f.related.map((x) => `${x.span.uri.replace('file:///virtual/', '')}:${x.span.startLine} ${x.message}`);
    assert.ok(related.includes("modules/storage.bicep:1 Microsoft.Storage/storageAccounts 'sa' is deployed to 'eastasia'"), related.join('\n'));
    assert.ok(related.some((x) => x.startsWith('main.bicep:0') && x.includes('is deployed through this module')), related.join('\n'));
    const sa = r.resources.find((x) => x.symbolicName === 'sa')!;
    assert.equal(anchorText(r, { ...f, span: sa.via[0] }), "module st 'modules/storage.bicep' = {");
    assert.deepEqual(findings(r, 'region-not-allowed'), [], "the module's default is replaced by the caller's value");
  });

  test('a parameter the caller does not pass keeps its default; a required one is unresolved with the reason', () => {
    const r = analyzeTexts({
      'main.bicep': call('a', 'storage.bicep') + call('b', 'required.bicep'),
      'storage.bicep': STORAGE.replace("'westus'", "'chinanorth'"),
      'required.bicep': STORAGE.replace(" = 'westus'", ''),
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ["storage.bicep 'chinanorth' 1"]);
    assert.match(byRule(r, 'region-unresolved')[0].message, /the module call 'b' does not pass it/);
  });

  test("a null argument leaves the module's default in force; a maybe-null one adds the default to the caller's values", () => {
    const r = analyzeTexts({
      'main.bicep':
        "param cfg object = {}\nparam pinned bool\n" +
        call('none', 'storage.bicep', '    location: cfg.?location\n') +
        call('some', 'storage.bicep', "    location: pinned ? 'eastus' : null\n") +
        call('nullable', 'nullable.bicep', '    location: null\n'),
      'storage.bicep': STORAGE.replace("'westus'", "'chinanorth'"),
      'nullable.bicep': STORAGE.replace("string = 'westus'", 'string?'),
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ["storage.bicep 'chinanorth' 2"]);
    const [f] = byRule(r, 'region-proscribed');
    const hops = f.related.map((x) => `${x.span.uri.replace('file:///virtual/', '')}:${x.span.startLine} ${x.message}`);
    // Each call's path to the default passes through its argument (lines are counted from 0).
    for (const line of [5, 11]) assert.ok(hops.includes(`main.bicep:${line} the value reaches the resource through here`), hops.join('\n'));
    const some = r.resources.find((x) => x.symbolicName === 'sa' && V.strings(V.lookup(x.body, 'location')).some((p) => p.value === 'eastus'))!;
    assert.deepEqual(V.strings(V.lookup(some.body, 'location')).map((p) => p.value).sort(), ['chinanorth', 'eastus']);
    // A parameter without a default keeps the null.
    const [f0] = byRule(r, 'region-proscribed');
    const nullable = r.resources.find((x) => x.via[0] && anchorText(r, { ...f0, span: x.via[0] }).startsWith('module nullable'))!;
    assert.deepEqual(V.lookup(nullable.body, 'location').options.map((p) => (p.kind === 'scalar' ? p.value : p.kind)), [null]);
  });

  test('a file used as a module is evaluated through its callers only, once per call', () => {
    const r = analyzeTexts({
      'main.bicep': call('east', 'storage.bicep', "    location: 'eastus'\n") + call('hk', 'storage.bicep', "    location: 'eastasia'\n"),
      'storage.bicep': STORAGE,
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ["main.bicep 'eastasia' 1"]);
    assert.deepEqual(findings(r, 'region-not-allowed'), [], "the module's own default never applies");
    assert.equal(r.resources.filter((x) => x.symbolicName === 'sa').length, 2);
    assert.equal(new Set(r.resources.map((x) => x.key)).size, r.resources.length, 'keys are unique per instance');
  });

  test('module outputs carry the module values back to the caller', () => {
    const r = analyzeTexts({
      'main.bicep': call('cfg', 'config.bicep') + "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: cfg.outputs.region\n}\n",
      'config.bicep': "output region string = 'chinaeast2'\n",
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ["config.bicep 'chinaeast2' 1"]);
    // An ARM JSON module's outputs too (a registry module is compiled to one), with the caller's values.
    const arm = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { region: { type: 'string' } },
      resources: [],
      outputs: { region: { type: 'string', value: "[toLower(parameters('region'))]" } },
    });
    const fromArm = analyzeTexts({
      'main.bicep': call('cfg', 'config.json', "    region: 'ChinaEast2'\n") + "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: cfg.outputs.region\n}\n",
      'config.json': arm,
    });
    assert.deepEqual(byRule(fromArm, 'region-proscribed').map((f) => f.message.slice(0, 13)), ["'chinaeast2' "]);
    // An output whose condition the caller's values make false is not returned.
    const conditional = (flavor: string) =>
      analyzeTexts({
        'main.bicep': call('cfg', 'config.json', `    flavor: '${flavor}'\n`) + "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: cfg.outputs.?region ?? 'eastus'\n}\n",
        'config.json': JSON.stringify({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          contentVersion: '1.0.0.0',
          parameters: { flavor: { type: 'string' } },
          resources: [],
          outputs: { region: { condition: "[equals(parameters('flavor'), 'cn')]", type: 'string', value: 'chinaeast2' } },
        }),
      });
    assert.deepEqual(conditional('us').findings.filter((f) => f.ruleId.startsWith('region')), []);
    assert.equal(byRule(conditional('cn'), 'region-proscribed').length, 1);
  });

  test("an ARM module's output of a resource's location, as Bicep compiles `ws.location`, is the location it deploys the resource to", () => {
    const workspace = (reference: string, existing = false) =>
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        languageVersion: '2.0',
        contentVersion: '1.0.0.0',
        parameters: { location: { type: 'string' } },
        resources: {
          ws: { type: 'Microsoft.OperationalInsights/workspaces', apiVersion: '2023-09-01', name: 'ws', location: "[parameters('location')]", ...(existing ? { existing: true } : {}) },
        },
        outputs: { location: { type: 'string', value: `[${reference}.location]` } },
      });
    const caller = call('law', 'law.json', "    location: 'eastasia'\n") + "resource dcr 'Microsoft.Insights/dataCollectionRules@2023-03-11' = {\n  name: 'dcr'\n  location: law.outputs.location\n  properties: {}\n}\n";
    const regions = (template: string) => {
      const r = analyzeTexts({ 'main.bicep': caller, 'law.json': template });
      return r.findings.filter((f) => f.ruleId.startsWith('region')).map((f) => `${f.ruleId} ${f.resources.length}`).sort();
    };
    // The workspace and the rule that takes its location: one place, two resources.
    assert.deepEqual(regions(workspace("reference('ws', '2023-09-01', 'full')")), ['region-proscribed 2']);
    assert.deepEqual(regions(workspace("reference(resourceId('Microsoft.OperationalInsights/workspaces', 'ws'), '2023-09-01', 'full')")), ['region-proscribed 2']);
    // Without 'full', reference() gives the properties; an existing resource's location is Azure's.
    assert.deepEqual(regions(workspace("reference('ws', '2023-09-01')")), ['region-proscribed 1', 'region-unresolved 1']);
    assert.deepEqual(regions(workspace("reference('ws', '2023-09-01', 'full')", true)), ['region-unresolved 1']);
  });

  test('loops, conditions and nested modules', () => {
    const r = analyzeTexts({
      'main.bicep': "var regions = [\n  'eastus'\n  'eastasia'\n]\nmodule m 'mid.bicep' = [for r in regions: if (true) {\n  name: r\n  params: {\n    region: r\n  }\n}]\n",
      'mid.bicep': 'param region string\n' + call('leaf', 'storage.bicep', '    location: region\n'),
      'storage.bicep': STORAGE,
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ["main.bicep 'eastasia' 1"]);
    const sa = r.resources.find((x) => x.symbolicName === 'sa')!;
    assert.equal(sa.via.length, 2, 'both module calls, outermost first');
  });

  test('registry and template-spec modules: one information notice each', () => {
    const r = analyzeTexts({
      'main.bicep': call('a', 'br/public:avm/res/storage/storage-account:0.9.0', "    location: 'eastus'\n") + call('b', 'br:contoso.azurecr.io/modules/kv:v1') + call('c', 'ts:sub/rg/spec:1.0'),
    });
    const notices = byRule(r, 'module-unresolved');
    assert.deepEqual(notices.map((f) => `${f.severity} ${anchorText(r, f)}`), [
      "information 'br/public:avm/res/storage/storage-account:0.9.0'",
      "information 'br:contoso.azurecr.io/modules/kv:v1'",
      "information 'ts:sub/rg/spec:1.0'",
    ]);
    assert.match(notices[0].message, /registry module/);
    assert.match(notices[2].message, /template spec/);
  });

  test('a Microsoft.Resources/deployments resource declared as such is reported: its template is not evaluated', () => {
    const inline = "resource nested 'Microsoft.Resources/deployments@2021-04-01' = {\n  name: 'nested'\n  properties: {\n    mode: 'Incremental'\n    template: {\n      resources: [\n        { type: 'Microsoft.Network/routeTables', apiVersion: '2020-06-01', name: 'rt', location: 'chinaeast' }\n      ]\n    }\n  }\n}\n";
    const linked = "resource linked 'Microsoft.Resources/deployments@2021-04-01' existing = {\n  name: 'linked'\n}\n";
    const telemetry = "resource telemetry 'Microsoft.Resources/deployments@2024-03-01' = {\n  name: 'pid-x'\n  properties: {\n    mode: 'Incremental'\n    template: {\n      contentVersion: '1.0.0.0'\n      resources: []\n    }\n  }\n}\n";
    const r = analyzeTexts({ 'main.bicep': inline + linked + telemetry });
    const notices = byRule(r, 'module-unresolved');
    assert.deepEqual(notices.map((f) => [f.severity, f.span.startLine]), [['information', 0]], 'one notice, at the declaration; none for an existing deployment or one that deploys nothing');
    assert.match(notices[0].message, /deployment 'nested' .* not evaluated in Bicep/);
    const passed = "resource linked 'Microsoft.Resources/deployments@2021-04-01' = {\n  name: 'linked'\n  properties: {\n    mode: 'Incremental'\n    templateLink: { uri: 'https://example.com/t.json' }\n    parameters: { location: { value: 'eastasia' } }\n  }\n}\n";
    const [proscribed] = byRule(analyzeTexts({ 'main.bicep': passed }), 'region-proscribed');
    assert.match(proscribed.message, /module 'https:\/\/example\.com\/t\.json' \(linked\) is deployed to 'eastasia'/);
  });

  test('a module used twice whose region is undetermined: one finding at the place, counting both instances', () => {
    const module = "param location string = resourceGroup().location\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: location\n}\n";
    const r = analyzeTexts({ 'main.bicep': call('a', 'sa.bicep') + call('b', 'sa.bicep'), 'sa.bicep': module });
    const found = byRule(r, 'region-unresolved');
    assert.deepEqual(found.map((f) => [f.span.uri.endsWith('sa.bicep'), f.resources.length]), [[true, 2]]);
    assert.match(found[0].message, /^The region of Microsoft\.Storage\/storageAccounts 'sa' and 1 more resource cannot be determined/);
    assert.equal(found[0].related.filter((x) => x.message.includes('deployed through this module')).length, 2);
  });

  test('a nullable parameter the call does not pass is null: a loop over it or [] deploys nothing', () => {
    const module = "param endpoints object[]?\nresource pe 'Microsoft.Network/privateEndpoints@2023-09-01' = [for e in (endpoints ?? []): {\n  name: e.name\n  location: e.location\n}]\n";
    const r = analyzeTexts({ 'main.bicep': call('a', 'pe.bicep'), 'pe.bicep': module });
    assert.deepEqual(byRule(r, 'region-unresolved'), []);
    assert.equal(r.resources.filter((x) => x.type === 'Microsoft.Network/privateEndpoints').length, 0);
    // The same file deployed on its own may be given endpoints: its loop is judged.
    const root = analyzeTexts({ 'pe.bicep': module });
    assert.equal(root.resources.filter((x) => x.type === 'Microsoft.Network/privateEndpoints').length, 1);
    // So is a loop over what a caller passes from its own parameters, or from a `params` object the files do not spell out.
    const endpoints = (r: Result) => r.resources.filter((x) => x.type === 'Microsoft.Network/privateEndpoints').length;
    const passedOn = "param endpoints array = []\nmodule a 'pe.bicep' = {\n  name: 'a'\n  params: {\n    endpoints: endpoints\n  }\n}\n";
    assert.equal(endpoints(analyzeTexts({ 'main.bicep': passedOn, 'pe.bicep': module })), 1);
    const opaque = "param settings object\nmodule a 'pe.bicep' = {\n  name: 'a'\n  params: settings\n}\n";
    assert.equal(endpoints(analyzeTexts({ 'main.bicep': opaque, 'pe.bicep': module })), 1);
    const spread = "param settings object\nmodule a 'pe.bicep' = {\n  name: 'a'\n  params: {\n    ...settings\n  }\n}\n";
    assert.equal(endpoints(analyzeTexts({ 'main.bicep': spread, 'pe.bicep': module })), 1);
    // A nullable parameter such a call may pass is not null: its value is undetermined.
    const located = "param location string?\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: location ?? 'eastus'\n}\n";
    assert.equal(byRule(analyzeTexts({ 'main.bicep': opaque.replace('pe.bicep', 'sa.bicep'), 'sa.bicep': located }), 'region-unresolved').length, 1);
    assert.equal(byRule(analyzeTexts({ 'main.bicep': call('b', 'sa.bicep'), 'sa.bicep': located }), 'region-unresolved').length, 0, 'left out: null, so eastus');
  });

  test('conditions the files decide take one branch, and a false one deploys nothing; a template parameter decides none', () => {
    const module = [
      "param kind string",
      "param spread string = 'x'",
      "var isProd = false",
      "resource vm 'Microsoft.Storage/storageAccounts@2023-05-01' = if (kind == 'storage') {\n  name: 'kind'\n  location: 'eastasia'\n}",
      "resource never 'Microsoft.Storage/storageAccounts@2023-05-01' = if (false) {\n  name: 'never'\n  location: 'eastasia'\n}",
      "resource picked 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'picked'\n  location: isProd || toLower(kind) == 'storage' ? 'chinanorth' : 'eastus'\n}",
      "resource spreadOpen 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'spread'\n  location: spread == 'x' ? 'eastus' : 'westeurope'\n}",
      '',
    ].join('\n');
    const main = "module m 'm.bicep' = {\n  name: 'm'\n  params: {\n    kind: 'VM'\n  }\n}\n";
    const r = analyzeTexts({ 'main.bicep': main, 'm.bicep': module });
    assert.deepEqual(r.resources.map((x) => x.symbolicName).sort(), ['picked', 'spreadOpen']);
    assert.deepEqual([byRule(r, 'region-proscribed').length, byRule(r, 'region-not-allowed').length], [0, 0]);
    // A spread may pass any parameter: nothing it could set is decided.
    const spread = "var extra = { spread: 'y' }\nmodule m 'm.bicep' = {\n  name: 'm'\n  params: {\n    kind: 'VM'\n    ...extra\n  }\n}\n";
    const open = analyzeTexts({ 'main.bicep': spread, 'm.bicep': module });
    assert.deepEqual(open.resources.map((x) => x.symbolicName).sort(), ['picked', 'spreadOpen', 'vm']);
    assert.equal(byRule(open, 'region-not-allowed').length, 1, 'both branches of the spread parameter');
    // Deployed on its own, the module's parameters are the deployment's to set: every branch and resource counts.
    const root = analyzeTexts({ 'm.bicep': module.replace("param kind string", "param kind string = 'vm'") });
    assert.deepEqual(root.resources.map((x) => x.symbolicName).sort(), ['picked', 'spreadOpen', 'vm']);
  });

  test('a missing module file is reported', () => {
    const r = analyzeTexts({ 'main.bicep': call('a', 'nowhere.bicep') });
    assert.match(byRule(r, 'module-unresolved')[0].message, /'nowhere\.bicep' is not a Bicep file or ARM template in the workspace/);
  });

  test('modules that use each other in a cycle terminate with a notice', () => {
    const r = analyzeTexts({
      'a.bicep': call('b', 'b.bicep') + STORAGE.replace("'westus'", "'eastasia'"),
      'b.bicep': call('a', 'a.bicep'),
      'self.bicep': call('me', 'self.bicep'),
    });
    const cycles = byRule(r, 'module-unresolved').map((f) => f.message);
    assert.ok(cycles.some((m) => /uses itself \(a\.bicep → b\.bicep → a\.bicep\)/.test(m)), cycles.join('\n'));
    assert.ok(cycles.some((m) => /uses itself \(self\.bicep → self\.bicep\)/.test(m)), cycles.join('\n'));
    assert.deepEqual(findings(r, 'region-proscribed'), ["a.bicep 'eastasia' 1"]);
  });

  test('an ARM JSON template used as a module gets the caller values', () => {
    const arm = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      parameters: { location: { type: 'string', defaultValue: 'westus' } },
      resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'sa', location: "[parameters('location')]" }],
    });
    const r = analyzeTexts({ 'main.bicep': call('j', 'nested.json', "    Location: 'chinaeast'\n"), 'nested.json': arm });
    assert.deepEqual(findings(r, 'region-proscribed'), ["main.bicep 'chinaeast' 1"]);
    assert.equal(r.resources.filter((x) => x.type === 'Microsoft.Storage/storageAccounts').length, 1, 'through the module only: on its own it would be judged with the default the caller replaces');
  });

  test('an ARM template a Bicep file deploys as a module is checked with the values passed, not also alone with its defaults', () => {
    const template = (location: string) =>
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { location: { type: 'string' } },
        resources: [{ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: 'ip', location }],
      });
    const caller = "module ip 'ip.json' = {\n  name: 'ip'\n  params: { location: 'usgovvirginia' }\n}\n";
    assert.deepEqual(analyzeTexts({ 'main.bicep': caller, 'ip.json': template("[parameters('location')]") }).findings, [], 'no parameter without a value');
    const passed = analyzeTexts({ 'main.bicep': caller.replace('usgovvirginia', 'eastasia'), 'ip.json': template("[parameters('location')]") });
    assert.deepEqual(byRule(passed, 'region-proscribed').map((f) => anchorText(passed, f)), ["'eastasia'"]);
    // With a parameter file of its own, the template is deployed alone too.
    const parameters = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { location: { value: 'chinaeast2' } } });
    const alone = analyzeTexts({ 'main.bicep': caller, 'ip.json': template("[parameters('location')]"), 'ip.parameters.json': parameters });
    assert.deepEqual(byRule(alone, 'region-proscribed').map((f) => anchorText(alone, f)), ['"chinaeast2"']);
  });

  test('editing an ARM template a Bicep file deploys as a module, or one it links to, checks the Bicep file again', () => {
    const link = (path: string) => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'inner', properties: { mode: 'Incremental', templateLink: { relativePath: path } } });
    const json = (resources: unknown[]) => JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources });
    const ip = (location: string) => json([{ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: 'ip', location }]);
    const { ws, set } = virtualWorkspace({ 'main.bicep': "module outer 'outer.json' = {\n  name: 'outer'\n}\n", 'outer.json': json([link('inner.json')]), 'inner.json': ip('usgovvirginia') });
    assert.deepEqual(ws.analyze({ policy: DEFAULT_POLICY }).findings, []);
    set('inner.json', ip('eastasia'));
    assert.deepEqual(ws.analyze({ policy: DEFAULT_POLICY }).findings.map((f) => f.ruleId), ['region-proscribed']);
  });

  test('units: one per root template, with its modules, imports and .bicepparam files as inputs', () => {
    const texts: Record<string, string> = {
      'main.bicep': "import { t } from 'types.bicep'\n" + call('m', 'mod.bicep'),
      'mod.bicep': call('leaf', 'leaf.bicep'),
      'leaf.bicep': STORAGE,
      'types.bicep': "@export()\ntype t = 'a'\n",
      'main.bicepparam': "using 'main.bicep'\n",
      'loop1.bicep': call('x', 'loop2.bicep'),
      'loop2.bicep': call('y', 'loop1.bicep'),
    };
    const docs = Object.entries(texts).map(([name, text]) => parseBicepDocument(new SourceText(`file:///w/${name}`, text)));
    const files: WorkspaceFiles = { get: (uri) => docs.find((d) => d.uri === uri), all: () => docs };
    const units = bicepAdapter.units(files).map((u) => `${u.id.slice(10)}: ${u.inputs.map((i) => i.slice(10)).join(' ')}`);
    assert.deepEqual(units.sort(), [
      'loop1.bicep: loop1.bicep loop2.bicep',
      'main.bicep: main.bicep types.bicep mod.bicep leaf.bicep main.bicepparam',
      'types.bicep: types.bicep',
    ]);
  });
});
