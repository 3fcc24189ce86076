/**
 * A template `bicep build` wrote beside its source is checked through the source: its findings are reported once,
 * in the Bicep file, as long as it deploys nothing the source does not write. Any difference leaves both reported.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { adaptersReady, analyzeTexts } from '../helpers/workspace';

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

function filesWithFindings(result: ReturnType<typeof analyzeTexts>): string[] {
  return [...new Set(result.findings.map((f) => f.span.uri.replace('file:///virtual/', '')))].sort();
}

describe('a template compiled from Bicep beside its source', () => {
  test('is checked through the source: its findings are reported once, in the Bicep file', () => {
    const r = analyzeTexts({ 'main.bicep': BICEP, 'main.json': compiled() });
    assert.deepEqual(r.compiled, [{ uri: r.uri('main.json'), source: r.uri('main.bicep') }]);
    assert.deepEqual(filesWithFindings(r), ['main.bicep']);
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['cmk-missing', 'infrastructure-encryption', 'region-proscribed', 'tls-version']);
  });

  test("pairs with the folder's Bicep file when the names differ (azuredeploy.json beside main.bicep); its parameter file is still checked", () => {
    const parameters = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "location": { "value": "chinaeast2" } }
}
`;
    const r = analyzeTexts({ 'main.bicep': BICEP, 'azuredeploy.json': compiled(), 'azuredeploy.parameters.json': parameters });
    assert.deepEqual(r.compiled, [{ uri: r.uri('azuredeploy.json'), source: r.uri('main.bicep') }]);
    assert.deepEqual(filesWithFindings(r), ['azuredeploy.parameters.json', 'main.bicep']);
    const inParameters = r.findings.filter((f) => f.span.uri === r.uri('azuredeploy.parameters.json'));
    assert.deepEqual(inParameters.map((f) => f.ruleId), ['region-proscribed']);
    assert.match(inParameters[0].message, /chinaeast2/);
  });

  for (const [what, json] of [
    ['deploys a setting the source no longer writes (not rebuilt after an edit)', compiled('{ "minimumTlsVersion": "TLS1_1" }')],
    ['deploys a region the source does not write', compiled(undefined, '"chinanorth"')],
    ['lacks a setting the source writes', compiled('{}')],
    ['deploys a setting the source does not write', compiled('{ "minimumTlsVersion": "TLS1_0", "allowBlobPublicAccess": true }')],
    ['leaves to its deployer the region the source writes', compiled().replace(', "defaultValue": "eastasia"', '')],
  ] as const) {
    test(`that ${what} is reported as well`, () => {
      const r = analyzeTexts({ 'main.bicep': BICEP, 'main.json': json });
      assert.deepEqual(r.compiled, []);
      assert.deepEqual(filesWithFindings(r), ['main.bicep', 'main.json']);
    });
  }

  test('is set aside where its value is undetermined and the source writes one, not the other way round', () => {
    const unread = compiled(`{ "minimumTlsVersion": "[reference('tls').version]" }`);
    assert.deepEqual(analyzeTexts({ 'main.bicep': BICEP, 'main.json': unread }).compiled.length, 1);
    const unreadSource = BICEP.replace("minimumTlsVersion: 'TLS1_0'", "minimumTlsVersion: reference('tls').version");
    const r = analyzeTexts({ 'main.bicep': unreadSource, 'main.json': compiled() });
    assert.deepEqual(r.compiled, []);
    assert.ok(r.findings.some((f) => f.ruleId === 'tls-version' && f.span.uri === r.uri('main.json')));
  });

  test('a template written by hand, or beside a Bicep file that does not parse, is reported as usual', () => {
    assert.deepEqual(analyzeTexts({ 'main.bicep': BICEP, 'main.json': compiled(undefined, undefined, '"description": "written by hand"') }).compiled, []);
    // The source's resources are those the compiled template deploys; a declaration that does not parse may hide more.
    const broken = analyzeTexts({ 'main.bicep': `${BICEP}var unfinished = (\n`, 'main.json': compiled() });
    assert.ok(broken.findings.some((f) => f.ruleId === 'syntax-error'));
    assert.deepEqual(broken.compiled, []);
    assert.ok(broken.findings.some((f) => f.span.uri === broken.uri('main.json')));
  });

  test('a Bicep file in another folder is not its source', () => {
    assert.deepEqual(analyzeTexts({ 'src/main.bicep': BICEP, 'build/main.json': compiled() }).compiled, []);
  });

  test('a re-analysis after the source is edited reports the compiled template again, as a fresh analysis does', () => {
    const ws = new Workspace(ADAPTERS);
    const uri = (name: string) => `file:///virtual/${name}`;
    ws.setText(uri('main.bicep'), BICEP);
    ws.setText(uri('main.json'), compiled());
    assert.equal(ws.analyze({ policy: DEFAULT_POLICY }).compiled.length, 1);
    ws.setText(uri('main.bicep'), BICEP.replace("'TLS1_0'", "'TLS1_2'"));
    const again = ws.analyze({ policy: DEFAULT_POLICY });
    assert.deepEqual(again.compiled, []);
    assert.ok(again.findings.some((f) => f.ruleId === 'tls-version' && f.span.uri === uri('main.json')));
    ws.setText(uri('main.json'), compiled('{ "minimumTlsVersion": "TLS1_2" }'));
    assert.deepEqual(ws.analyze({ policy: DEFAULT_POLICY }).compiled, [{ uri: uri('main.json'), source: uri('main.bicep') }]);
  });
});
