import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TemplateScope } from '../../src/engine/formats/arm/evaluator';
import { parseJsonc, prop } from '../../src/engine/formats/arm/jsonc';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';
import type { Value } from '../../src/engine/model/value';

/** Evaluates `expr` (a JSON value, usually an expression string) in a template with these parameters and variables. */
function evaluate(expr: string, parameters: object = {}, variables: object = {}, inputs: Map<string, Value> = new Map()) {
  const text = JSON.stringify({ parameters, variables, x: expr }, null, 2);
  const source = new SourceText('file:///t.json', text);
  const root = parseJsonc(source).root!;
  const scope = new TemplateScope(source, root, inputs, false);
  const value = scope.evaluate(prop(root, 'x')!);
  return { value, source, text };
}

function values(v: Value): unknown[] {
  return v.options.map((p) => V.toPlain(p)).sort();
}

describe('ARM expressions', () => {
  test('a plain string is a literal anchored at the JSON string', () => {
    const { value, source } = evaluate('eastus');
    assert.deepEqual(values(value), ['eastus']);
    const p = value.options[0];
    assert.equal(source.slice(p.origin), '"eastus"');
    assert.equal(p.kind === 'scalar' && p.literal, 'json');
  });

  test('[[ escapes a literal bracket', () => {
    assert.deepEqual(values(evaluate('[[not an expression]').value), ['[not an expression]']);
  });

  test('parameters(): the default and every allowed value, each anchored at its literal', () => {
    const { value, source } = evaluate("[parameters('loc')]", { loc: { type: 'string', defaultValue: 'eastus', allowedValues: ['eastus', 'westus2'] } });
    assert.deepEqual(values(value), ['eastus', 'eastus', 'westus2']);
    for (const p of value.options) assert.match(source.slice(p.origin), /^"(eastus|westus2)"$/);
    // The reference is a hop of every possibility.
    for (const p of value.options) assert.equal(source.slice(p.via[0]), "parameters('loc')");
  });

  test('parameters(): a parameter with no default is unknown, naming the parameter as an input', () => {
    const { value } = evaluate("[parameters('loc')]", { loc: { type: 'string' } });
    assert.equal(value.options.length, 0);
    assert.equal(value.unknowns[0].input?.name, 'loc');
    assert.match(value.unknowns[0].reason, /no default/);
  });

  test('parameters(): an unknown default is bounded by the allowed values', () => {
    const { value } = evaluate("[parameters('loc')]", { loc: { type: 'string', defaultValue: '[resourceGroup().location]', allowedValues: ['eastus'] } });
    assert.deepEqual(values(value), ['eastus']);
    assert.equal(value.unknowns.length, 0);
  });

  test('parameters(): values from parameter files add to the default', () => {
    const source = new SourceText('file:///p.json', '"westus3"');
    const input = V.scalar('westus3', source.span(0, 9), 'json');
    const { value } = evaluate("[parameters('loc')]", { loc: { type: 'string', defaultValue: 'eastus' } }, {}, new Map([['loc', input]]));
    assert.deepEqual(values(value), ['eastus', 'westus3']);
  });

  test('parameter and variable names are case-insensitive', () => {
    assert.deepEqual(values(evaluate("[parameters('LOC')]", { loc: { type: 'string', defaultValue: 'eastus' } }).value), ['eastus']);
    assert.deepEqual(values(evaluate("[variables('REGION')]", {}, { region: 'westus' }).value), ['westus']);
  });

  test('variables(): objects, arrays, property access and indexing', () => {
    const vars = { cfg: { regions: ['eastus', 'chinaeast'], primary: { name: 'westus2' } }, idx: 1 };
    assert.deepEqual(values(evaluate("[variables('cfg').primary.name]", {}, vars).value), ['westus2']);
    assert.deepEqual(values(evaluate("[variables('cfg').regions[1]]", {}, vars).value), ['chinaeast']);
    assert.deepEqual(values(evaluate("[variables('cfg')['primary']['name']]", {}, vars).value), ['westus2']);
    assert.deepEqual(values(evaluate("[variables('cfg').regions[variables('idx')]]", {}, vars).value), ['chinaeast']);
  });

  test('a variable that refers to itself is unknown, not a hang', () => {
    const { value } = evaluate("[variables('a')]", {}, { a: "[variables('b')]", b: "[variables('a')]" });
    assert.equal(value.options.length, 0);
    assert.match(value.unknowns[0].reason, /refers to itself/);
  });

  test('a parameter whose default reads itself, or a property of a variable that reads itself, is unknown, not a hang', () => {
    const twice = evaluate("[parameters('p')]", { p: { type: 'string', defaultValue: "[concat(parameters('p'), parameters('p'))]" } });
    assert.match(twice.value.unknowns.map((u) => u.reason).join(' '), /parameter 'p' refers to itself/);
    const mutual = evaluate("[parameters('a')]", { a: { type: 'string', defaultValue: "[parameters('b')]" }, b: { type: 'string', defaultValue: "[parameters('a')]" } });
    assert.match(mutual.value.unknowns.map((u) => u.reason).join(' '), /refers to itself/);
    const property = evaluate("[variables('v').a]", {}, { v: { a: "[concat(variables('v').a, variables('v').a)]" } });
    assert.match(property.value.unknowns.map((u) => u.reason).join(' '), /property 'a' refers to itself/);
  });

  test('copyIndex() selects every element of the indexed array', () => {
    const { value } = evaluate("[parameters('regions')[copyIndex()]]", { regions: { type: 'array', defaultValue: ['eastus', 'eastasia'] } });
    assert.deepEqual(values(value), ['eastasia', 'eastus']);
    assert.equal(value.unknowns.length, 0);
  });

  test('variable copy loops define an array variable', () => {
    const vars = { copy: [{ name: 'locs', count: 2, input: "[parameters('regions')[copyIndex('locs')]]" }] };
    const { value } = evaluate("[variables('locs')[0]]", { regions: { type: 'array', defaultValue: ['eastus', 'westus'] } }, vars);
    assert.deepEqual(values(value), ['eastus', 'westus']);
  });

  test('string functions: concat, format, toLower, toUpper, string', () => {
    assert.deepEqual(values(evaluate("[concat('east', 'asia')]").value), ['eastasia']);
    assert.deepEqual(values(evaluate("[format('{0}{1}', 'west', 'us2')]").value), ['westus2']);
    assert.deepEqual(values(evaluate("[toLower('EastUS')]").value), ['eastus']);
    assert.deepEqual(values(evaluate("[toUpper('eastus')]").value), ['EASTUS']);
    assert.deepEqual(values(evaluate('[string(42)]').value), ['42']);
  });

  test('toLower keeps the literal as the origin, so a fix can replace it', () => {
    const { value, source } = evaluate("[toLower(parameters('loc'))]", { loc: { type: 'string', defaultValue: 'EastAsia' } });
    assert.deepEqual(values(value), ['eastasia']);
    assert.equal(source.slice(value.options[0].origin), '"EastAsia"');
  });

  test('concat of several possibilities gives every combination', () => {
    const { value } = evaluate("[concat(parameters('a'), parameters('b'))]", {
      a: { type: 'string', allowedValues: ['east', 'west'] },
      b: { type: 'string', allowedValues: ['us', 'us2'] },
    });
    assert.deepEqual(values(value), ['eastus', 'eastus2', 'westus', 'westus2']);
  });

  test('if() takes the branch a condition the files fix chooses, and keeps both otherwise; coalesce, first, last, createArray', () => {
    assert.deepEqual(values(evaluate("[if(equals(1, 2), 'eastus', 'westus')]").value), ['westus']);
    assert.deepEqual(values(evaluate("[if(not(empty(createArray())), 'eastus', 'westus')]").value), ['westus']);
    // A template's own parameter may be set by any deployment, whatever its default.
    assert.deepEqual(values(evaluate("[if(parameters('primary'), 'eastus', 'westus')]", { primary: { type: 'bool', defaultValue: true } }).value), ['eastus', 'westus']);
    assert.deepEqual(values(evaluate("[coalesce(null(), 'westus')]").value), ['westus']);
    assert.deepEqual(values(evaluate("[length(createArray('a', 'b'))]").value), [2]);
    assert.deepEqual(values(evaluate("[empty(createObject())]").value), [true]);
    assert.deepEqual(values(evaluate("[tryGet(createObject('region', 'eastus'), 'region')]").value), ['eastus']);
    assert.deepEqual(values(evaluate("[tryGet(createObject('region', 'eastus'), 'zone')]").value), [null]);
    assert.deepEqual(values(evaluate("[tryGet(createArray(createObject('region', 'eastus')), 1, 'region')]").value), [null]);
    assert.deepEqual(values(evaluate("[tryGet(null(), 'region')]").value), [null]);
    assert.deepEqual(values(evaluate("[first(createArray('eastus', 'westus'))]").value), ['eastus']);
    assert.deepEqual(values(evaluate("[last(createArray('eastus', 'westus'))]").value), ['westus']);
  });

  test('deployment-context functions are unknown with the reason', () => {
    const rg = evaluate('[resourceGroup().location]').value;
    assert.equal(rg.options.length, 0);
    assert.match(rg.unknowns[0].reason, /resource group's location/);
    assert.match(evaluate('[deployment().location]').value.unknowns[0].reason, /deployment's location/);
    assert.match(evaluate("[reference('x').location]").value.unknowns[0].reason, /evaluated by Azure at deployment/);
    assert.match(evaluate("[contoso.region('x')]").value.unknowns[0].reason, /user-defined function/);
    assert.match(evaluate('[unknownFunction()]').value.unknowns[0].reason, /not evaluated/);
  });

  test('positions stay exact when the JSON string has escapes before the literal', () => {
    // JSON-encoding the quote and the backslash adds two characters before 'eastasia' in the file.
    const { value, source } = evaluate(`[if(parameters('p'), 'a"b\\c', 'eastasia')]`, { p: { type: 'bool' } });
    const p = value.options.find((o) => o.kind === 'scalar' && o.value === 'eastasia')!;
    assert.equal(source.slice(p.origin), "'eastasia'");
  });

  test('malformed expressions are unknown with a message, never an exception', () => {
    for (const bad of ["[concat('a']", "[parameters('x']", '[)]', "['unterminated]", '[a.b.c(]', '[' + '('.repeat(500) + ']', "[variables('v')[]", '[1 2]']) {
      const { value } = evaluate(bad);
      assert.equal(value.options.length, 0, bad);
      assert.ok(value.unknowns.length > 0, bad);
    }
  });
});
