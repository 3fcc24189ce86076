import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJsonc } from '../../src/engine/formats/arm/jsonc';
import { pairing } from '../../src/engine/formats/arm/parameters';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { adaptersReady, analyzeTexts, anchorText, byRule, virtualWorkspace } from '../helpers/workspace';

const TEMPLATE = JSON.stringify(
  {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string' } },
    resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'a', location: "[parameters('location')]" }],
  },
  null,
  2,
);

function params(location: string, extra: object = {}): string {
  return JSON.stringify(
    { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', ...extra, parameters: { location: { value: location } } },
    null,
    2,
  );
}

describe('ARM parameter files', () => {
  test('names that pair with a template, in its folder or the one above', () => {
    const target = (uri: string, ...parameters: string[]) => ({ uri: `file:///w/${uri}`, parameters: new Set(parameters) });
    const file = (uri: string, ...given: string[]) => {
      const parameters = Object.fromEntries(given.map((g) => [g, { value: 'x' }]));
      return { uri: `file:///w/${uri}`, root: parseJsonc(new SourceText(`file:///w/${uri}`, JSON.stringify({ parameters }))).root };
    };
    const templates = [
      target('main.json', 'location'),
      target('main.bicep', 'location'),
      target('azuredeploy.json'),
      target('export/template.json'),
      target('infra/app.bicep', 'location'),
      target('deep/app.bicep', 'location'),
    ];
    const files = [
      file('main.parameters.json', 'location'),
      file('main.parameters.prod.json', 'location'),
      file('azuredeploy.parameters.json'),
      file('export/parameters.json'),
      file('infra/parameters/app.parameters.json', 'location'),
      file('deep/environments/prod/app.parameters.json', 'location'),
      file('my.parameters.txt.bak'),
    ];
    const paired = pairing(files, templates);
    const names = (uri: string) => paired.of(`file:///w/${uri}`).map((p) => p.uri.slice('file:///w/'.length));
    assert.deepEqual(names('main.json'), ['main.parameters.json', 'main.parameters.prod.json']);
    assert.deepEqual(names('main.bicep'), ['main.parameters.json', 'main.parameters.prod.json'], 'a Bicep template and the JSON compiled from it');
    assert.deepEqual(names('azuredeploy.json'), ['azuredeploy.parameters.json']);
    assert.deepEqual(names('export/template.json'), ['export/parameters.json'], "the portal's Export template download");
    assert.deepEqual(names('infra/app.bicep'), ['infra/parameters/app.parameters.json'], 'a parameters folder beside the template');
    assert.deepEqual(names('deep/app.bicep'), ['deep/environments/prod/app.parameters.json'], 'the nearest folder above with templates');
    assert.deepEqual(paired.unpaired.map((u) => u.file.uri), ['file:///w/my.parameters.txt.bak']);
  });

  test('a file pairs by the parameters it gives and the words of its name where its name pairs with no template that declares them all', () => {
    const bicep = (params: string[]) =>
      params.map((p) => `param ${p} string\nresource ${p}Account 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: '${p}'\n  location: ${p}\n}\n`).join('');
    const given = (values: Record<string, string>) =>
      JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) });
    const r = analyzeTexts({
      'hub/hub.bicep': bicep(['location']),
      'hub/hub-multi.bicep': bicep(['location', 'secondaryLocation']),
      // Named for hub.bicep, which lacks a parameter it gives (Azure refuses that): it is hub-multi.bicep's.
      'hub/parameters/hub.parameters.multi.json': given({ location: 'eastus', secondaryLocation: 'eastasia' }),
      // Both templates declare what it gives: the one whose name's words are in the file's name, the longer of them.
      'hub/parameters/mc-hub.parameters.json': given({ location: 'chinaeast2' }),
      'hub/parameters/mc-hub-multi.parameters.json': given({ location: 'chinanorth3' }),
      // A name that asks for no template: the one template of its folder.
      'app/main.bicep': bicep(['location']),
      'app/dev.json': given({ location: 'westeurope' }),
      // The export's name, without the export's template.json beside it.
      'solo/main.bicep': bicep(['location']),
      'solo/parameters.json': given({ location: 'brazilsouth' }),
      // Named for a template the files do not hold: not main.bicep's, though main.bicep declares what it gives.
      'app/params/appgw.parameters.json': given({ location: 'chinanorth' }),
      // Named for the template beside it, which lacks one of its parameters: still that one's, not one in a folder above.
      'x/both.bicep': bicep(['location', 'sku']),
      'x/st/st.bicep': bicep(['location']),
      'x/st/st.parameters.json': given({ location: 'japaneast', sku: 'Standard_LRS' }),
    });
    const deployedBy = (region: string) =>
      r.resources.filter((x) => V.strings(V.lookup(x.body, 'location')).some((p) => p.value === region)).map((x) => x.declaration.uri.replace(/^.*\/(?=(?:hub|app|x|solo)\/)/, ''));
    assert.deepEqual(deployedBy('eastasia'), ['hub/hub-multi.bicep']);
    assert.deepEqual(deployedBy('chinaeast2'), ['hub/hub.bicep'], "the China-cloud values are hub.bicep's, not hub-multi.bicep's");
    assert.deepEqual(deployedBy('chinanorth3'), ['hub/hub-multi.bicep']);
    assert.deepEqual(deployedBy('westeurope'), ['app/main.bicep']);
    assert.deepEqual(deployedBy('brazilsouth'), ['solo/main.bicep']);
    assert.deepEqual(deployedBy('chinanorth'), []);
    assert.deepEqual(deployedBy('japaneast'), ['x/st/st.bicep']);
    const [notice] = byRule(r, 'module-unresolved');
    assert.equal(notice?.span.uri, r.uri('app/params/appgw.parameters.json'));
    assert.match(notice.message, /the template that declares every parameter it gives, 'main', is not one its name names/);
  });

  test('the words of its name are matched in its folder and the nearest above before the one template of its folder', () => {
    const given = (location: string) => JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', parameters: { location: { value: location } } });
    const r = analyzeTexts({
      'r/hub.json': TEMPLATE.replace('"a"', '"rhub"'),
      'r/p/x.json': TEMPLATE.replace('"a"', '"rx"'),
      'r/p/y.json': TEMPLATE.replace('"a"', '"ry"'),
      'r/p/mc-hub.parameters.json': given('chinaeast2'),
      'q/hub.json': TEMPLATE.replace('"a"', '"qhub"'),
      'q/p/x.json': TEMPLATE.replace('"a"', '"qx"'),
      'q/p/hub.prod.json': given('chinanorth'),
      // An empty `template` names nothing: the file pairs by its name.
      'e/main.json': TEMPLATE.replace('"a"', '"emain"'),
      'e/main.parameters.json': params('eastasia', { metadata: { template: '' } }),
    });
    const names = (region: string) => r.resources.filter((x) => V.strings(V.lookup(x.body, 'location')).some((p) => p.value === region)).map((x) => V.strings(x.name)[0].value);
    assert.deepEqual(names('chinaeast2'), ['rhub']);
    assert.deepEqual(names('chinanorth'), ['qhub']);
    assert.deepEqual(names('eastasia'), ['emain']);
    assert.deepEqual(byRule(r, 'module-unresolved'), []);
  });

  test('the reason a file is unpaired follows the templates as they change', async () => {
    await adaptersReady();
    const declaring = (...names: string[]) => TEMPLATE.replace('"location": {', names.map((n) => `"${n}": { "type": "string" },`).join('') + '"unused": {');
    const { ws, set } = virtualWorkspace({ 'a.json': declaring('location'), 'b.json': declaring('location'), 'x.parameters.json': params('eastus') });
    const reason = () => ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'module-unresolved').map((f) => /checked: ([^.]*)/.exec(f.message)?.[1]);
    assert.deepEqual(reason(), ["several templates declare every parameter it gives ('a', 'b'), and its name does not tell which"]);
    set('b.json', declaring('sku'));
    assert.deepEqual(reason(), ["the template that declares every parameter it gives, 'a', is not one its name names"]);
  });

  test('a parameter file that pairs with no template is a notice at its parameters, and the rest is still checked', () => {
    const r = analyzeTexts({
      'main.json': TEMPLATE,
      // It gives a parameter main.json does not declare, and its name asks for other.json.
      'other.parameters.json': params('chinanorth', {}).replace('"parameters": {', '"parameters": {\n    "sku": { "value": "Standard_LRS" },'),
      // The nearest folder above with templates holds none that it names or that declares what it gives.
      'a/other.json': TEMPLATE.replace('"location": {', '"region": {').replace("parameters('location')", "parameters('region')"),
      'a/b/main.parameters.json': params('eastasia'),
    });
    assert.deepEqual(byRule(r, 'region-proscribed'), []);
    const notices = byRule(r, 'module-unresolved');
    assert.deepEqual(notices.map((f) => [f.span.uri, anchorText(r, f)]), [
      [r.uri('a/b/main.parameters.json'), '"parameters"'],
      [r.uri('other.parameters.json'), '"parameters"'],
    ]);
    assert.match(notices[0].message, /pairs with no template in the files checked, so its values are not checked/);
    assert.equal(byRule(r, 'region-unresolved').length, 2, 'main.json and a/other.json are still checked, with no value');
  });

  test('every paired parameter file is an alternative; values are anchored in their file', () => {
    const r = analyzeTexts({
      'main.json': TEMPLATE,
      'main.parameters.json': params('eastus'),
      'main.parameters.hk.json': params('eastasia'),
      'main.parameters.eu.json': params('westeurope'),
    });
    const proscribed = byRule(r, 'region-proscribed');
    assert.equal(proscribed.length, 1);
    assert.equal(proscribed[0].span.uri, r.uri('main.parameters.hk.json'));
    assert.equal(byRule(r, 'region-not-allowed')[0].span.uri, r.uri('main.parameters.eu.json'));
    assert.equal(byRule(r, 'region-unresolved').length, 0, 'the parameter files give values');
  });

  test('azuredeploy.parameters.json pairs with azuredeploy.json', () => {
    const r = analyzeTexts({ 'azuredeploy.json': TEMPLATE, 'azuredeploy.parameters.json': params('chinanorth') });
    assert.equal(byRule(r, 'region-proscribed')[0].span.uri, r.uri('azuredeploy.parameters.json'));
  });

  test('metadata.template points a parameter file at its template', () => {
    const r = analyzeTexts({ 'infra/storage.json': TEMPLATE, 'env/prod.json': params('chinanorth', { metadata: { template: '../infra/storage.json' } }) });
    const [f] = byRule(r, 'region-proscribed');
    assert.equal(f.span.uri, r.uri('env/prod.json'));
    assert.equal(anchorText(r, f), '"chinanorth"');
  });

  test('a file named as a parameter file is one without a $schema, in the full and the bare form', () => {
    const full = JSON.stringify({ parameters: { location: { value: 'eastasia' } } });
    const bare = JSON.stringify({ location: { value: 'chinanorth3' }, sku: { value: 'Standard_LRS' } });
    for (const [file, text, literal] of [['main.parameters.json', full, '"eastasia"'], ['main.parameters.dev.json', bare, '"chinanorth3"']]) {
      const r = analyzeTexts({ 'main.json': TEMPLATE, [file]: text });
      const [f] = byRule(r, 'region-proscribed');
      assert.equal(f?.span.uri, r.uri(file), file);
      assert.equal(anchorText(r, f), literal);
      assert.equal(byRule(r, 'region-unresolved').length, 0);
    }
  });

  test('JSON that only has a parameter file name is not one: other shapes and unrelated names are left alone', () => {
    const cloudFormation = JSON.stringify([{ ParameterKey: 'location', ParameterValue: 'eastasia' }]);
    const settings = JSON.stringify({ parameters: { location: 'eastasia' } });
    const unnamed = JSON.stringify({ parameters: { location: { value: 'eastasia' } } });
    // A Logic App's parameters: each entry has a `type` too, which a deployment's parameter file does not.
    const logicApp = JSON.stringify({ region: { type: 'String', value: 'eastasia' } });
    const r = analyzeTexts({ 'main.json': TEMPLATE, 'main.parameters.json': cloudFormation, 'main.parameters.b.json': settings, 'main.values.json': unnamed, 'app/parameters.json': logicApp });
    assert.equal(byRule(r, 'region-proscribed').length, 0);
    assert.deepEqual(byRule(r, 'module-unresolved'), [], 'none is a parameter file, paired or not');
    assert.equal(byRule(r, 'region-unresolved').length, 1, 'no parameter file gives the template a value');
  });

  test("the portal's export pairs parameters.json with template.json", () => {
    const r = analyzeTexts({ 'export/template.json': TEMPLATE, 'export/parameters.json': params('eastasia') });
    assert.equal(byRule(r, 'region-proscribed')[0].span.uri, r.uri('export/parameters.json'));
  });

  test('a linked template with a parameter file of its own is deployed alone too, and through its caller', () => {
    const caller = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'nested',
          properties: { mode: 'Incremental', templateLink: { relativePath: 'nested/storage.json' }, parameters: { location: { value: 'westeurope' } } },
        },
      ],
    });
    const r = analyzeTexts({ 'azuredeploy.json': caller, 'nested/storage.json': TEMPLATE, 'nested/storage.parameters.json': params('chinanorth3') });
    assert.equal(byRule(r, 'region-proscribed')[0]?.span.uri, r.uri('nested/storage.parameters.json'));
    assert.equal(byRule(r, 'region-not-allowed')[0]?.span.uri, r.uri('azuredeploy.json'), 'the caller passes its own value');
    const alone = analyzeTexts({ 'azuredeploy.json': caller, 'nested/storage.json': TEMPLATE });
    assert.equal(byRule(alone, 'region-unresolved').length, 0, 'without a parameter file it is evaluated through its caller only');
  });

  test('a Key Vault reference leaves the value unknown', () => {
    const kv = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      parameters: { location: { reference: { keyVault: { id: '/subscriptions/x' }, secretName: 's' } } },
    });
    const r = analyzeTexts({ 'main.json': TEMPLATE, 'main.parameters.json': kv });
    assert.match(byRule(r, 'region-unresolved')[0].message, /Key Vault reference/);
  });
});
