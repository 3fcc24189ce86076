import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

/**
 * The region findings of a template whose one virtual network is at `location` (an expression string), with these
 * parameters, variables and user-defined functions: the text each `region-proscribed` finding is anchored at, and
 * how many locations stay unresolved.
 */
function scan(location: string, parameters: object = {}, variables: object = {}, functions: object[] = []): { proscribed: string[]; unresolved: number } {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters,
    variables,
    functions,
    resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01', name: 'vnet', location }],
  };
  const r = analyzeTexts({ 'azuredeploy.json': JSON.stringify(template, null, 2) });
  return { proscribed: byRule(r, 'region-proscribed').map((f) => anchorText(r, f)), unresolved: byRule(r, 'region-unresolved').length };
}

const clean = { proscribed: [], unresolved: 0 };

describe('ARM template functions', () => {
  test('split() keeps the parameter default as the origin', () => {
    const parameters = { regions: { type: 'string', defaultValue: 'usgovvirginia,eastasia' } };
    assert.deepEqual(scan("[last(split(parameters('regions'), ','))]", parameters).proscribed, ['"usgovvirginia,eastasia"']);
    assert.deepEqual(scan("[first(split(parameters('regions'), ','))]", parameters), clean);
    assert.deepEqual(scan("[first(split(parameters('regions'), ','))]", { regions: { type: 'string' } }), { ...clean, unresolved: 1 });
  });

  test('json() of a variable', () => {
    assert.deepEqual(scan("[variables('o').loc]", {}, { o: '[json(\'{"loc":"eastasia"}\')]' }).proscribed, [`json('{\\"loc\\":\\"eastasia\\"}')`]);
    assert.deepEqual(scan("[variables('o').loc]", {}, { o: '[json(\'{"loc":"usgovvirginia"}\')]' }), clean);
  });

  test("json() of text with comments, as Bicep compiles loadJsonContent() of a .jsonc file, is read; text it cannot read stays unresolved", () => {
    const compiled = (text: string) => ({ '$fxv#0': text, o: "[json(variables('$fxv#0'))]" });
    assert.equal(scan("[variables('o').loc]", {}, compiled('{\r\n  // the hub region\r\n  "loc": "eastasia" /* for now */\r\n}')).proscribed.length, 1);
    assert.deepEqual(scan("[variables('o').loc]", {}, compiled("{'loc': 'eastasia'}")), { ...clean, unresolved: 1 });
    assert.deepEqual(scan("[variables('o').loc]", {}, compiled('{"loc": "eastasia",}')), { ...clean, unresolved: 1 });
  });

  test('items() and objectKeys()', () => {
    const variables = { sites: { hq: 'usgovvirginia', apac: 'chinanorth2' }, keys: { eastasia: 1 } };
    assert.deepEqual(scan("[items(variables('sites'))[0].value]", {}, variables).proscribed, ['"chinanorth2"']);
    assert.deepEqual(scan("[items(variables('sites'))[1].value]", {}, variables), clean);
    assert.deepEqual(scan("[objectKeys(variables('keys'))[0]]", {}, variables).proscribed, ['"eastasia"']);
  });
});

describe('ARM lambdas', () => {
  const variables = { sites: [{ location: 'eastasia', enabled: false }, { location: 'usgovvirginia', enabled: true }] };

  test('filter() and map() with lambdaVariables()', () => {
    assert.deepEqual(scan("[filter(variables('sites'), lambda('s', lambdaVariables('s').enabled))[0].location]", {}, variables), clean);
    assert.deepEqual(scan("[map(variables('sites'), lambda('s', toLower(lambdaVariables('s').location)))[0]]", {}, variables).proscribed, ['"eastasia"']);
  });

  test('reduce(), sort() and toObject()', () => {
    assert.deepEqual(scan("[reduce(variables('sites'), '', lambda('cur', 'next', lambdaVariables('next').location))]", {}, variables), clean);
    assert.deepEqual(scan("[sort(variables('sites'), lambda('a', 'b', lambdaVariables('a').enabled))[0].location]", {}, variables), clean);
    assert.deepEqual(scan("[toObject(variables('sites'), lambda('s', string(lambdaVariables('s').enabled)), lambda('s', lambdaVariables('s').location)).false]", {}, variables).proscribed, ['"eastasia"']);
  });

  test('a lambda variable that is not bound is unresolved', () => {
    assert.deepEqual(scan("[map(variables('sites'), lambda('s', lambdaVariables('t')))[0]]", {}, variables), { ...clean, unresolved: 1 });
  });
});

describe('ARM user-defined functions', () => {
  const functions = [
    {
      namespace: 'contoso',
      members: {
        region: { parameters: [{ name: 'r', type: 'string' }], output: { type: 'string', value: "[toLower(parameters('r'))]" } },
        dr: { parameters: [], output: { type: 'string', value: 'eastasia' } },
        loop: { parameters: [], output: { type: 'string', value: '[contoso.loop()]' } },
        reads: { parameters: [], output: { type: 'string', value: "[variables('v')]" } },
      },
    },
  ];

  test("the body's value with the arguments bound: a literal argument keeps its origin", () => {
    assert.deepEqual(scan("[contoso.region('EastAsia')]", {}, {}, functions).proscribed, ["'EastAsia'"]);
    assert.deepEqual(scan("[contoso.region('USGovVirginia')]", {}, {}, functions), clean);
    assert.deepEqual(scan("[contoso.region(parameters('loc'))]", { loc: { type: 'string' } }, {}, functions), { ...clean, unresolved: 1 });
  });

  test('a literal in the body is anchored in the function', () => {
    assert.deepEqual(scan('[contoso.dr()]', {}, {}, functions).proscribed, ['"eastasia"']);
  });

  test('a function that calls itself, reads a variable or is not declared is unresolved', () => {
    for (const call of ['[contoso.loop()]', '[contoso.reads()]', '[contoso.missing()]']) {
      assert.deepEqual(scan(call, {}, { v: 'eastasia' }, functions), { ...clean, unresolved: 1 }, call);
    }
  });
});

describe('ARM: what a parameter type admits, and bounded work', () => {
  test('a nullable type admits null: the fallback of coalesce() after it stays possible', () => {
    const parameters = { loc: { type: 'string', allowedValues: ['eastus', 'westus'], nullable: true } };
    assert.deepEqual(scan("[coalesce(parameters('loc'), 'chinaeast')]", parameters).proscribed, ["'chinaeast'"]);
  });

  test('user-defined functions that call each other twice over forty levels end, unresolved', () => {
    const members: Record<string, object> = { f0: { parameters: [{ name: 'x', type: 'string' }], output: { type: 'string', value: "[parameters('x')]" } } };
    for (let i = 1; i <= 40; i++) members[`f${i}`] = { parameters: [{ name: 'x', type: 'string' }], output: { type: 'string', value: `[concat(u.f${i - 1}(parameters('x')), u.f${i - 1}(parameters('x')))]` } };
    const started = Date.now();
    const found = scan("[u.f40('eastus')]", {}, {}, [{ namespace: 'u', members }]);
    assert.deepEqual(found.proscribed, []);
    assert.ok(found.unresolved > 0);
    assert.ok(Date.now() - started < 10_000, 'bounded');
  });
});

test('ARM union() of alternatives: a setting only one alternative writes may be missing', () => {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    parameters: { useTls: { type: 'bool' } },
    variables: { tls: { minimumTlsVersion: 'TLS1_2' } },
    resources: [
      {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-05-01',
        name: 'st',
        location: 'usgovvirginia',
        properties: "[union(createObject('supportsHttpsTrafficOnly', true()), if(parameters('useTls'), variables('tls'), createObject()))]",
      },
    ],
  };
  const r = analyzeTexts({ 'azuredeploy.json': JSON.stringify(template, null, 2) });
  assert.equal(byRule(r, 'tls-version').length, 1);
});
