import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBicep } from '../../src/engine/formats/bicep/parser';
import type { ObjectNode, Statement } from '../../src/engine/formats/bicep/syntax';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

function keys(s: Statement | undefined): string[] {
  if (s?.kind !== 'resource' || s.value.kind !== 'object') return [];
  return propertyNames(s.value);
}

function propertyNames(o: ObjectNode): string[] {
  return o.items.map((i) => (i.kind === 'property' && 'text' in i.key ? i.key.text : i.kind));
}

/** Problems as `line:character message` (1-based). */
function problems(text: string): string[] {
  return parseBicep(text).problems.map((p) => {
    const before = text.slice(0, p.start);
    const line = before.split('\n').length;
    return `${line}:${p.start - before.lastIndexOf('\n')} ${p.message}`;
  });
}

describe('Bicep parser: recovery', () => {
  test('a half-typed property followed by a line break does not swallow the next property', () => {
    const text = "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'x'\n  location:\n  sku: {\n    name: 'Standard_LRS'\n  }\n}\n";
    const r = parseBicep(text);
    assert.deepEqual(keys(r.program.statements[0]), ['name', 'location', 'sku']);
    assert.deepEqual(problems(text), ['3:12 expected an expression before the end of the line']);
  });

  test('extra tokens after a property value cost that line only', () => {
    const r = parseBicep("var o = {\n  a: 'x' 'y'\n  b: 2\n}\nvar next = 1\n");
    const o = r.program.statements[0];
    assert.ok(o.kind === 'var' && o.value.kind === 'object');
    if (o.kind === 'var' && o.value.kind === 'object') assert.deepEqual(propertyNames(o.value), ['a', 'b']);
    assert.equal(r.program.statements[1].kind, 'var');
    assert.equal(r.problems.length, 1);
  });

  test('an unterminated string ends at its line', () => {
    const r = parseBicep("param location string = 'eastus\nparam other string = 'x'\n");
    assert.deepEqual(r.program.statements.map((s) => s.kind), ['param', 'param']);
    assert.equal(r.problems.length, 1);
  });

  test('an unclosed brace does not swallow the next top-level declaration', () => {
    const text = [
      "resource a 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
      "  name: 'a'",
      '  properties: {',
      '    x: 1',
      '',
      "resource b 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
      "  name: 'b'",
      "  location: 'eastasia'",
      '}',
    ].join('\n');
    const r = parseBicep(text);
    assert.deepEqual(r.program.statements.map((s) => (s.kind === 'resource' ? s.name.text : s.kind)), ['a', 'b']);
    assert.deepEqual(keys(r.program.statements[1]), ['name', 'location']);
    assert.deepEqual(problems(text), ["1:61 '{' is not closed: expected '}'", "3:15 '{' is not closed: expected '}'"]);
  });

  test('an unclosed brace also ends at a decorated declaration in column 0', () => {
    const r = parseBicep("var a = {\n  x: 1\n@allowed([\n  'eastus'\n])\n@description('b')\nparam b string\n");
    assert.deepEqual(r.program.statements.map((s) => `${s.kind} ${s.decorators.length}`), ['var 0', 'param 2']);
    assert.equal(r.problems.length, 1);
  });

  test('nested resources written in column 0 are still nested', () => {
    const text = "resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'v'\n\nresource subnet 'subnets' = {\n  name: 's'\n}\n}\n";
    const r = parseBicep(text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(keys(r.program.statements[0]), ['name', 'resource']);
  });

  test('an unclosed call or array ends before the next declaration', () => {
    const r = parseBicep("var a = concat('x',\nvar b = [\n  1\nparam c string\n");
    assert.deepEqual(r.program.statements.map((s) => s.kind), ['var', 'var', 'param']);
  });

  test('a line that is no declaration is skipped; the rest is read', () => {
    const text = "param a string\nthis is not bicep\n@description('x')\n\nvar b = 1\nparam\nvar c = 2\n";
    assert.deepEqual(parseBicep(text).program.statements.map((s) => s.kind), ['param', 'invalid', 'var', 'invalid', 'var']);
    assert.deepEqual(problems(text), [
      "2:1 expected a declaration (param, var, resource, module, output, …) but found 'this'",
      '6:6 expected the parameter name before the end of the line',
    ]);
  });

  test('decorators with no declaration after them', () => {
    assert.deepEqual(problems("@description('x')\n"), ['1:1 expected a declaration after the decorator']);
  });

  test('a missing = or value in a declaration', () => {
    assert.equal(parseBicep("resource a 'A.B/c@1' {\n}\nvar ok = 1\n").program.statements.at(-1)?.kind, 'var');
    assert.deepEqual(problems('var x =\nvar y = 1\n'), ['1:8 expected an expression before the end of the line']);
  });

  test('a trailing dot keeps the expression (typing in progress)', () => {
    const r = parseBicep('var x = a.\nvar y = 1\n');
    const x = r.program.statements[0];
    assert.ok(x.kind === 'var' && x.value.kind === 'member' && x.value.name === undefined);
    assert.equal(r.problems.length, 1);
  });

  test('a comma followed by a line break is reported, and the items are kept', () => {
    const r = parseBicep('var x = [\n  1,\n  2\n]\n');
    assert.equal(r.problems.length, 1);
    const x = r.program.statements[0];
    assert.ok(x.kind === 'var' && x.value.kind === 'array' && x.value.items.length === 2);
  });

  test('deep nesting is reported, not a stack overflow', () => {
    const r = parseBicep(`var x = ${'('.repeat(5000)}1${')'.repeat(5000)}\nvar y = 1\n`);
    assert.ok(r.problems.some((p) => /nesting too deep/.test(p.message)));
    assert.equal(r.program.statements.at(-1)?.kind, 'var');
  });

  test('the rest of a broken file is still checked', () => {
    const r = analyzeTexts({
      'main.bicep': [
        "resource a 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
        "  name: 'a'",
        '  location:',
        '  kind: ',
        '}',
        "resource b 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
        "  name: 'b'",
        "  location: 'eastasia'",
        '}',
      ].join('\n'),
    });
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => anchorText(r, f)), ["'eastasia'"]);
    assert.equal(byRule(r, 'syntax-error').length, 2);
  });
});
