import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bicepAdapter } from '../../src/engine/formats/bicep/adapter';
import { parseBicepDocument } from '../../src/engine/formats/bicep/document';
import { SourceText } from '../../src/engine/model/span';
import { applyEdits } from '../helpers/edits';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

type Result = ReturnType<typeof analyzeTexts>;

const MAIN = "param location string\nparam name string = 'itar'\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: name\n  location: location\n}\n";

function findings(r: Result, ruleId: string): string[] {
  return byRule(r, ruleId).map((f) => `${f.span.uri.replace('file:///virtual/', '')} ${anchorText(r, f)}`);
}

describe('.bicepparam files', () => {
  test('using pairs the file with its template; its values are anchored in the .bicepparam file', () => {
    const r = analyzeTexts({ 'main.bicep': MAIN, 'main.bicepparam': "using 'main.bicep'\n\nparam location = 'eastasia'\n" });
    assert.deepEqual(findings(r, 'region-proscribed'), ["main.bicepparam 'eastasia'"]);
    assert.deepEqual(byRule(r, 'region-unresolved'), []);
  });

  test('several .bicepparam files for one template are alternatives: every value is possible', () => {
    const r = analyzeTexts({
      'main.bicep': MAIN,
      'dev.bicepparam': "using './main.bicep'\nparam location = 'westeurope'\n",
      'prod.bicepparam': "using './main.bicep'\nvar region = 'chinanorth'\nparam location = toLower('${region}')\n",
      'other.bicepparam': "using 'elsewhere.bicep'\nparam location = 'eastasia'\n",
    });
    assert.deepEqual(findings(r, 'region-not-allowed'), ["dev.bicepparam 'westeurope'"]);
    assert.deepEqual(findings(r, 'region-proscribed'), ["prod.bicepparam 'chinanorth'"]);
  });

  test('readEnvironmentVariable: the environment decides, and where it leaves the variable unset the fallback is the value', () => {
    const r = analyzeTexts({ 'main.bicep': MAIN, 'main.bicepparam': "using 'main.bicep'\nparam location = readEnvironmentVariable('AZURE_LOCATION', 'eastasia')\n" });
    assert.deepEqual(findings(r, 'region-proscribed'), ["main.bicepparam 'eastasia'"]);
    assert.match(byRule(r, 'region-unresolved')[0].message, /reads the environment variable 'AZURE_LOCATION'/);
    const unset = analyzeTexts({ 'main.bicep': MAIN, 'main.bicepparam': "using 'main.bicep'\nparam location = readEnvironmentVariable('AZURE_LOCATION')\n" });
    assert.deepEqual([byRule(unset, 'region-proscribed').length, byRule(unset, 'region-unresolved').length], [0, 1]);
  });

  test('extends takes the base file values the file does not set', () => {
    const r = analyzeTexts({
      'main.bicep': MAIN,
      'base.bicepparam': "using none\nparam location = 'chinaeast'\n",
      'main.bicepparam': "using 'main.bicep'\nextends 'base.bicepparam'\nparam name = 'x'\n",
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ["base.bicepparam 'chinaeast'"]);
  });

  test('a .bicepparam file whose template is not found says so', () => {
    const r = analyzeTexts({ 'dev.bicepparam': "using './missing.bicep'\nparam location = 'eastasia'\n" });
    const [f] = byRule(r, 'module-unresolved');
    assert.equal(anchorText(r, f), "'./missing.bicep'");
    assert.match(f.message, /The template '\.\/missing\.bicep' that this \.bicepparam file names is not found/);
  });

  test('using may name an ARM template: its values go to that template, in any case of the names', () => {
    const template = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      parameters: { Location: { type: 'string' } },
      resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01', name: 'vnet', location: "[parameters('location')]" }],
    });
    const r = analyzeTexts({ 'net.json': template, 'net.bicepparam': "using './net.json'\nextends 'base.bicepparam'\n", 'base.bicepparam': "using none\nparam location = 'chinanorth3'\n" });
    assert.deepEqual(findings(r, 'region-proscribed'), ["base.bicepparam 'chinanorth3'"]);
    assert.deepEqual(byRule(r, 'module-unresolved'), []);
    assert.deepEqual(byRule(r, 'region-unresolved'), [], 'the .bicepparam file gives the template its value');
  });

  test('using a registry module or template spec: a notice, and the location given is judged as where its resources go', () => {
    const r = analyzeTexts({
      'avm.bicepparam': "using 'br/public:avm/res/storage/storage-account:0.14.3'\nparam name = 'st'\nparam location = 'eastasia'\n",
      'spec.bicepparam': "using 'ts/corp:storage:1.0'\nparam location = 'usgovvirginia'\n",
      'none.bicepparam': "using 'br:contoso.azurecr.io/bicep/storage:v1'\nparam name = 'st'\n",
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ["avm.bicepparam 'eastasia'"]);
    assert.deepEqual(byRule(r, 'region-not-allowed'), []);
    assert.deepEqual(
      byRule(r, 'module-unresolved').map((f) => f.message.replace(/ that this .*/, '')),
      ["The registry module 'br/public:avm/res/storage/storage-account:0.14.3'", "The registry module 'br:contoso.azurecr.io/bicep/storage:v1'", "The template spec 'ts/corp:storage:1.0'"],
    );
  });
});

describe('JSON parameter files for Bicep', () => {
  const params = (values: Record<string, unknown>, extra: object = {}) =>
    JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', ...extra, parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) }, null, 2);

  test('main.parameters.json pairs with main.bicep by name, as azd and az deployment use them; each file is an alternative; names match in any case', () => {
    const r = analyzeTexts({
      'infra/main.bicep': MAIN.replace(/\blocation\b/g, 'primaryLocation').replace('primaryLocation: primaryLocation', 'location: primaryLocation'),
      'infra/main.parameters.json': params({ PrimaryLocation: 'chinaeast2' }),
      'infra/main.parameters.dev.json': params({ primaryLocation: 'westeurope' }),
      'infra/other.parameters.json': params({ location: 'eastasia' }),
    });
    assert.deepEqual(findings(r, 'region-proscribed'), ['infra/main.parameters.json "chinaeast2"']);
    assert.deepEqual(findings(r, 'region-not-allowed'), ['infra/main.parameters.dev.json "westeurope"']);
    assert.deepEqual(byRule(r, 'region-unresolved'), [], 'the template has values now');
  });

  test('metadata.template names the Bicep template a parameter file belongs to', () => {
    const r = analyzeTexts({ 'main.bicep': MAIN, 'settings/prod.json': params({ location: 'chinanorth' }, { metadata: { template: '../main.bicep' } }) });
    assert.deepEqual(findings(r, 'region-proscribed'), ['settings/prod.json "chinanorth"']);
    assert.deepEqual(byRule(r, 'module-unresolved'), [], 'the template it names is found');
    const wrong = analyzeTexts({ 'main.bicep': MAIN, 'main.bicepparam': "using 'main.bicep'\n", 'prod.json': params({ location: 'chinanorth' }, { metadata: { template: 'main.bicepparam' } }) });
    assert.match(byRule(wrong, 'module-unresolved')[0]?.message ?? '', /main\.bicepparam/, 'a file that is no template is not found as one');
  });

  test('an azd placeholder is filled in when azd provisions: unresolved, or its default when it has one', () => {
    const r = analyzeTexts({ 'main.bicep': MAIN, 'main.parameters.json': params({ location: '${AZURE_LOCATION}' }) });
    assert.match(byRule(r, 'region-unresolved')[0].message, /'\$\{AZURE_LOCATION\}' is filled in from the azd environment variable AZURE_LOCATION/);
    assert.deepEqual(byRule(r, 'region-not-allowed'), [], 'the placeholder is no region name');
    for (const form of ['${AZURE_LOCATION=eastasia}', '${AZURE_LOCATION:-eastasia}']) {
      const withDefault = analyzeTexts({ 'main.bicep': MAIN, 'main.parameters.json': params({ location: form }) });
      assert.deepEqual(findings(withDefault, 'region-proscribed'), [`main.parameters.json "${form}"`]);
      assert.equal(byRule(withDefault, 'region-unresolved').length, 1);
    }
    const inside = analyzeTexts({ 'main.bicep': MAIN, 'main.parameters.json': params({ location: '${REGION_PREFIX}asia' }) });
    assert.deepEqual(byRule(inside, 'region-not-allowed'), [], 'a placeholder inside a longer string is filled in too');
  });
});

describe('Bicep fixes', () => {
  test('replacing a region literal keeps Bicep quoting', () => {
    const text = "param location string = 'eastasia'\n" + MAIN.slice(MAIN.indexOf('\n') + 1);
    const r = analyzeTexts({ 'main.bicep': text });
    const [f] = byRule(r, 'region-proscribed');
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.match(fixed, /^param location string = 'westus\d?'\n/);
    assert.deepEqual(analyzeTexts({ 'main.bicep': fixed }).findings.filter((x) => x.ruleId.startsWith('region')), []);
  });

  test('region-unresolved: an @allowed list of the profile regions goes above the parameter, with its indentation and line endings', () => {
    const text = ["param name string = 'x'", '', '@description(\'Where the data lives\')', '  param location string = resourceGroup().location', '', "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {", '  name: name', '  location: location', '}', ''].join('\r\n');
    const r = analyzeTexts({ 'main.bicep': text }, { profile: 'us-government' });
    const [f] = byRule(r, 'region-unresolved');
    assert.equal(f.fixes.length, 1);
    const fixed = applyEdits(text, f.fixes[0].edits);
    const lines = fixed.split('\r\n');
    assert.equal(lines[2], "@description('Where the data lives')");
    assert.equal(lines[3], '  @allowed([');
    assert.match(lines[4], /^ {4}'usgov[a-z]+'$/);
    assert.ok(!fixed.replace(/\r\n/g, '').includes('\n'), 'no bare line feed');
    const i = lines.indexOf('  ])');
    assert.equal(lines[i + 1], '  param location string = resourceGroup().location');
    const after = analyzeTexts({ 'main.bicep': fixed }, { profile: 'us-government' });
    assert.deepEqual(after.findings.filter((x) => x.ruleId.startsWith('region')), []);
  });

  test('no second @allowed list when the parameter already has one', () => {
    const doc = parseBicepDocument(new SourceText('file:///m.bicep', "@sys.allowed([\n  'eastus'\n])\nparam location string\nparam other string\n"));
    const declaration = (name: string) => doc.source.span(doc.source.text.indexOf(`param ${name}`) + 6, doc.source.text.indexOf(`param ${name}`) + 6 + name.length);
    assert.equal(bicepAdapter.restrictInput(doc, { kind: 'parameter', name: 'location', declaration: declaration('location') }, ['eastus']), undefined);
    const [edit] = bicepAdapter.restrictInput(doc, { kind: 'parameter', name: 'other', declaration: declaration('other') }, ['eastus'])!;
    assert.equal(edit.newText, "@allowed([\n  'eastus'\n])\n");
  });
});
