/**
 * A template `bicep build` wrote beside its source: a finding it shows is left out when the source shows the same
 * finding, and reported otherwise.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { adaptersReady, analyzeTexts, virtualWorkspace } from '../helpers/workspace';

before(adaptersReady);

const BICEP = `param location string = 'eastasia'
resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'stor\${uniqueString(resourceGroup().id)}'
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_0'
  }
}
`;

/** The template as `bicep build` writes it from {@link BICEP}, with `properties` as given. */
function compiled(properties = '{ "minimumTlsVersion": "TLS1_0" }', location = '"eastasia"', generator = '"_generator": { "name": "bicep", "version": "0.30.23.60470", "templateHash": "1" }'): string {
  return `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "metadata": { ${generator} },
  "parameters": { "location": { "type": "string", "defaultValue": ${location} } },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01",
      "name": "[format('stor{0}', uniqueString(resourceGroup().id))]",
      "location": "[parameters('location')]",
      "sku": { "name": "Standard_LRS" },
      "kind": "StorageV2",
      "properties": ${properties}
    }
  ]
}
`;
}

/** The rules of the findings anchored in a file. */
function rulesIn(result: ReturnType<typeof analyzeTexts>, name: string): string[] {
  return result.findings.filter((f) => f.span.uri === result.uri(name)).map((f) => f.ruleId).sort();
}

/** The compiled templates of an analysis with their sources, and how many findings each left out. */
function pairs(result: ReturnType<typeof analyzeTexts>): { uri: string; source: string; repeated: number }[] {
  return result.compiled.map((c) => ({ uri: c.uri, source: c.source, repeated: c.repeated.length }));
}

const ALL = ['cmk-missing', 'infrastructure-encryption', 'region-proscribed', 'tls-version'];

describe('a template compiled from Bicep beside its source', () => {
  test('shows none of the findings its source shows: each is reported once, in the Bicep file', () => {
    const r = analyzeTexts({ 'main.bicep': BICEP, 'main.json': compiled() });
    assert.deepEqual(pairs(r), [{ uri: r.uri('main.json'), source: r.uri('main.bicep'), repeated: 4 }]);
    // Each left-out finding names where the source shows it.
    const where = (span: { uri: string; startLine: number }) => `${span.uri.replace('file:///virtual/', '')}:${span.startLine + 1}`;
    assert.deepEqual(r.compiled[0].repeated.map((x) => `${x.ruleId} ${where(x.span)} ${where(x.sameAs)}`).sort(), [
      'cmk-missing main.json:8 main.bicep:2',
      'infrastructure-encryption main.json:8 main.bicep:2',
      'region-proscribed main.json:5 main.bicep:1',
      'tls-version main.json:14 main.bicep:8',
    ]);
    assert.deepEqual(rulesIn(r, 'main.bicep'), ALL);
    assert.deepEqual(rulesIn(r, 'main.json'), []);
  });

  test("azuredeploy.json pairs with main.bicep, as in Azure's quickstarts; its parameter file is still checked", () => {
    const parameters = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "location": { "value": "chinaeast2" } }
}
`;
    const r = analyzeTexts({ 'main.bicep': BICEP, 'azuredeploy.json': compiled(), 'azuredeploy.parameters.json': parameters });
    assert.deepEqual(pairs(r), [{ uri: r.uri('azuredeploy.json'), source: r.uri('main.bicep'), repeated: 4 }]);
    assert.deepEqual(rulesIn(r, 'azuredeploy.json'), []);
    const inParameters = r.findings.filter((f) => f.span.uri === r.uri('azuredeploy.parameters.json'));
    assert.deepEqual(inParameters.map((f) => f.ruleId), ['region-proscribed']);
    assert.match(inParameters[0].message, /chinaeast2/);
  });

  for (const [what, json, shown] of [
    ['deploys a setting the source no longer writes (not rebuilt after an edit)', compiled('{ "minimumTlsVersion": "TLS1_1" }'), ['tls-version']],
    ['deploys a region the source does not write', compiled(undefined, '"chinanorth"'), ['region-proscribed']],
    ['lacks a setting the source writes', compiled('{}'), ['tls-version']],
    ['deploys a setting the source does not write', compiled('{ "minimumTlsVersion": "TLS1_0", "supportsHttpsTrafficOnly": false }'), ['https-only']],
    ['leaves to its deployer the region the source writes', compiled().replace(', "defaultValue": "eastasia"', ''), ['region-unresolved']],
    ['reads its setting from a resource it does not deploy', compiled(`{ "minimumTlsVersion": "[reference('tls').version]" }`), []],
  ] as const) {
    test(`that ${what} shows what its source does not`, () => {
      const r = analyzeTexts({ 'main.bicep': BICEP, 'main.json': json });
      assert.deepEqual(rulesIn(r, 'main.json'), shown);
      assert.deepEqual(rulesIn(r, 'main.bicep'), ALL);
      assert.equal(r.compiled[0].source, r.uri('main.bicep'));
    });
  }

  test('a finding the source shows once stands for one of the compiled template\'s, not two', () => {
    const twice = compiled().replace(/\{\s*"type": "Microsoft\.Storage[\s\S]*\}\s*\}/, (resource) => `${resource},\n    ${resource.replace("format('stor{0}'", "format('copy{0}'")}`);
    const r = analyzeTexts({ 'main.bicep': BICEP, 'main.json': twice });
    // The region's finding names both accounts, so its words differ from the source's too.
    assert.deepEqual(rulesIn(r, 'main.json'), ALL);
    assert.equal(r.compiled[0].repeated.length, 3);
  });

  test('a template written by hand, or beside a Bicep file that does not parse, is reported as usual', () => {
    const byHand = analyzeTexts({ 'main.bicep': BICEP, 'main.json': compiled(undefined, undefined, '"description": "written by hand"') });
    assert.deepEqual(byHand.compiled, []);
    assert.deepEqual(rulesIn(byHand, 'main.json'), ALL);
    // A declaration that does not parse may hide a resource or value: the source is no measure of the template.
    const broken = analyzeTexts({ 'main.bicep': `${BICEP}var unfinished = (\n`, 'main.json': compiled() });
    assert.ok(broken.findings.some((f) => f.ruleId === 'syntax-error'));
    assert.deepEqual(broken.compiled, []);
    assert.deepEqual(rulesIn(broken, 'main.json'), ALL);
  });

  test('its source is the Bicep file of its name in its folder (main.bicep for azuredeploy.json), and no other', () => {
    assert.deepEqual(analyzeTexts({ 'src/main.bicep': BICEP, 'build/main.json': compiled() }).compiled, []);
    const other = BICEP.replace("'eastasia'", "'usgovvirginia'");
    const named = analyzeTexts({ 'app.bicep': BICEP, 'other.bicep': other, 'app.json': compiled() });
    assert.deepEqual(named.compiled.map((c) => c.source), [named.uri('app.bicep')]);
    const main = analyzeTexts({ 'main.bicep': BICEP, 'other.bicep': other, 'azuredeploy.json': compiled() });
    assert.deepEqual(main.compiled.map((c) => c.source), [main.uri('main.bicep')]);
    // The folder's only Bicep file, of another name, may be something else entirely (a template built elsewhere).
    const unrelated = analyzeTexts({ 'monitoring.bicep': BICEP, 'storage.json': compiled() });
    assert.deepEqual(unrelated.compiled, []);
    assert.deepEqual(rulesIn(unrelated, 'storage.json'), ALL);
  });

  test('a Bicep file of its name that is a module of another is not its source: it is checked with its callers\' values', () => {
    const caller = "module storage 'storage.bicep' = {\n  name: 'storage'\n  params: { location: 'usgovvirginia' }\n}\n";
    const r = analyzeTexts({ 'main.bicep': caller, 'storage.bicep': BICEP, 'storage.json': compiled() });
    assert.deepEqual(r.compiled, []);
    assert.deepEqual(rulesIn(r, 'storage.json'), ALL);
  });

  test("a finding the source suppresses, or shows only in a parameter file, does not stand for the compiled template's", () => {
    const suppressed = BICEP.replace("param location string = 'eastasia'", "// itar-guard-ignore region-proscribed: every pipeline passes usgovvirginia\nparam location string = 'eastasia'");
    const s = analyzeTexts({ 'main.bicep': suppressed, 'main.json': compiled() });
    assert.deepEqual(rulesIn(s, 'main.json'), ['region-proscribed']);
    assert.ok(s.findings.find((f) => f.ruleId === 'region-proscribed' && f.span.uri === s.uri('main.bicep'))?.suppression);
    const fromParameters = BICEP.replace("param location string = 'eastasia'", 'param location string');
    const p = analyzeTexts({ 'main.bicep': fromParameters, 'demo.bicepparam': "using 'main.bicep'\nparam location = 'eastasia'\n", 'main.json': compiled() });
    assert.deepEqual(rulesIn(p, 'demo.bicepparam'), ['region-proscribed']);
    assert.ok(rulesIn(p, 'main.json').includes('region-proscribed'));
  });

  test('a finding on other resources than the source names is not the same finding, though worded alike', () => {
    // One region literal reaches two resources in each file: a public IP in the source, a SQL server in the template.
    const withIp = `${BICEP}resource ip 'Microsoft.Network/publicIPAddresses@2023-04-01' = {\n  name: 'ip'\n  location: location\n}\n`;
    const withServer = compiled().replace(/(\n {2}\]\n\}\n)$/, `,\n    { "type": "Microsoft.Sql/servers", "apiVersion": "2023-05-01-preview", "name": "ip", "location": "[parameters('location')]", "properties": {} }$1`);
    const r = analyzeTexts({ 'main.bicep': withIp, 'main.json': withServer });
    const [inSource] = r.findings.filter((f) => f.ruleId === 'region-proscribed' && f.span.uri === r.uri('main.bicep'));
    const region = r.findings.filter((f) => f.ruleId === 'region-proscribed' && f.span.uri === r.uri('main.json'));
    assert.equal(region.length, 1);
    assert.equal(region[0].message.replace(/ \(sa\)/g, ''), inSource.message.replace(/ \(sa\)/g, ''), 'the messages name the first resource alike');
    assert.ok(region[0].related.some((x) => x.message.includes('Microsoft.Sql/servers')));
  });

  test('a re-analysis after the source is edited shows the stale finding of the compiled template again, as a fresh analysis does', () => {
    const { ws, uri, set } = virtualWorkspace({ 'main.bicep': BICEP, 'main.json': compiled() });
    const inTemplate = () => ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.span.uri === uri('main.json')).map((f) => f.ruleId);
    assert.deepEqual(inTemplate(), []);
    set('main.bicep', BICEP.replace("'TLS1_0'", "'TLS1_2'"));
    assert.deepEqual(inTemplate(), ['tls-version']);
    set('main.json', compiled('{ "minimumTlsVersion": "TLS1_2" }'));
    assert.deepEqual(inTemplate(), []);
  });

  test('azuredeploy.json pairs with azuredeploy.bicep when there is one, as `bicep build azuredeploy.bicep` writes it', () => {
    const other = BICEP.replace("'eastasia'", "'usgovvirginia'");
    const r = analyzeTexts({ 'azuredeploy.bicep': BICEP, 'main.bicep': other, 'azuredeploy.json': compiled() });
    assert.deepEqual(pairs(r), [{ uri: r.uri('azuredeploy.json'), source: r.uri('azuredeploy.bicep'), repeated: 4 }]);
  });

  test("a finding the source shows in an ARM template it uses as a module stands for the compiled template's", () => {
    const caller = "module storage 'storage.json' = {\n  name: 'storage'\n}\n";
    // What `bicep build` writes for the caller: the module inlined as a nested deployment.
    const nested = JSON.parse(compiled().replace(/"metadata": \{[^}]*\}\s*\},/, ''));
    const built = {
      $schema: nested.$schema,
      contentVersion: '1.0.0.0',
      metadata: { _generator: { name: 'bicep', version: '0.30.23.60470', templateHash: '1' } },
      resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'storage', properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template: nested } }],
    };
    const r = analyzeTexts({ 'main.bicep': caller, 'storage.json': compiled().replace(/"metadata": \{[^}]*\}\s*\},/, ''), 'main.json': JSON.stringify(built, null, 2) });
    assert.deepEqual(rulesIn(r, 'storage.json'), ALL);
    assert.deepEqual(rulesIn(r, 'main.json'), []);
    assert.equal(pairs(r)[0].repeated, 4);
  });

  test('a rule turned off finds nothing in either file, so nothing of it is counted as left out', () => {
    const r = analyzeTexts({ 'main.bicep': BICEP, 'main.json': compiled() }, DEFAULT_POLICY, { 'tls-version': 'off' });
    assert.deepEqual(r.compiled[0].repeated.map((x) => x.ruleId).sort(), ['cmk-missing', 'infrastructure-encryption', 'region-proscribed']);
  });
});
