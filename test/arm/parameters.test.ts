import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { templateNamesFor } from '../../src/engine/formats/arm/parameters';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

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
  test('names that pair with a template', () => {
    const json = ['json', 'jsonc'];
    assert.deepEqual(templateNamesFor('main.parameters.json', json), ['main.json', 'main.jsonc']);
    assert.deepEqual(templateNamesFor('main.parameters.prod.json', json), ['main.json', 'main.jsonc']);
    assert.deepEqual(templateNamesFor('azuredeploy.parameters.json', json), ['azuredeploy.json', 'azuredeploy.jsonc']);
    assert.deepEqual(templateNamesFor('parameters.json', json), ['template.json', 'template.jsonc'], "the portal's Export template download");
    assert.deepEqual(templateNamesFor('my.parameters.txt.bak', json), []);
    assert.deepEqual(templateNamesFor('main.parameters.json', ['bicep']), ['main.bicep']);
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

  test('a parameter file of another template, or in another folder, does not pair', () => {
    const r = analyzeTexts({ 'main.json': TEMPLATE, 'other.parameters.json': params('chinanorth'), 'sub/main.parameters.json': params('eastasia') });
    assert.equal(byRule(r, 'region-proscribed').length, 0);
    assert.equal(byRule(r, 'region-unresolved').length, 1);
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
    const r = analyzeTexts({ 'main.json': TEMPLATE, 'main.parameters.json': cloudFormation, 'main.parameters.b.json': settings, 'main.values.json': unnamed });
    assert.equal(byRule(r, 'region-proscribed').length, 0);
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
