import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

/**
 * The region findings of a virtual network at `location`, after `decls`: the text each `region-proscribed` finding is
 * anchored at, and how many locations stay unresolved.
 */
function scan(location: string, decls = ''): { proscribed: string[]; notAllowed: string[]; unresolved: number } {
  const r = analyzeTexts({ 'main.bicep': `${decls}\nresource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'vnet'\n  location: ${location}\n}\n` });
  return {
    proscribed: byRule(r, 'region-proscribed').map((f) => anchorText(r, f)),
    notAllowed: byRule(r, 'region-not-allowed').map((f) => anchorText(r, f)),
    unresolved: byRule(r, 'region-unresolved').length,
  };
}

const clean = { proscribed: [], notAllowed: [], unresolved: 0 };

describe('Bicep template functions: objects', () => {
  test('items() sorts by key, and each value keeps its literal', () => {
    const sites = "var sites = { hq: 'usgovvirginia', apac: 'chinanorth2' }";
    assert.deepEqual(scan('items(sites)[0].value', sites).proscribed, ["'chinanorth2'"]);
    assert.deepEqual(scan('items(sites)[1].value', sites), clean);
  });

  test('items() in a loop gives every value', () => {
    const r = analyzeTexts({
      'main.bicep': "var sites = { hq: 'usgovvirginia', apac: 'chinanorth2' }\nresource v 'Microsoft.Network/virtualNetworks@2023-09-01' = [for s in items(sites): {\n  name: 'vnet-${s.key}'\n  location: s.value\n}]\n",
    });
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => anchorText(r, f)), ["'chinanorth2'"]);
  });

  test('items(): where ordinal and case-blind order differ, every value is possible at every position', () => {
    assert.deepEqual(scan("items({ b: 'usgovvirginia', C: 'chinanorth2' })[0].value").proscribed, ["'chinanorth2'"]);
  });

  test('objectKeys() anchors a key at its name', () => {
    assert.deepEqual(scan('objectKeys({ eastasia: 1 })[0]').proscribed, ['eastasia']);
    assert.deepEqual(scan('objectKeys({ usgovvirginia: 1 })[0]'), clean);
  });

  test('an object the files do not give stays unresolved', () => {
    assert.deepEqual(scan('items(cfg)[0].value', 'param cfg object'), { ...clean, unresolved: 1 });
    assert.deepEqual(scan('objectKeys(cfg)[0]', 'param cfg object'), { ...clean, unresolved: 1 });
  });

  test('shallowMerge(): a later object replaces a property whole', () => {
    assert.deepEqual(scan("shallowMerge([{ l: 'chinanorth2' }, { l: 'usgovvirginia' }]).l"), clean);
    assert.deepEqual(scan("shallowMerge([{ l: 'usgovvirginia' }, { l: 'chinanorth2' }]).l").proscribed, ["'chinanorth2'"]);
    assert.deepEqual(scan("shallowMerge([{ l: 'chinanorth2' }, o]).l", 'param o object'), { ...clean, proscribed: ["'chinanorth2'"], unresolved: 1 });
  });

  test('json() parses the text; the call is the origin', () => {
    assert.deepEqual(scan(`json('{"loc":"eastasia"}').loc`).proscribed, [`json('{"loc":"eastasia"}')`]);
    assert.deepEqual(scan(`json('{"loc":"usgovvirginia"}').loc`), clean);
    assert.deepEqual(scan('json(text).loc', 'param text string'), { ...clean, unresolved: 1 });
  });
});

describe('Bicep template functions: strings and arrays', () => {
  test('join() of literals is anchored at the call', () => {
    assert.deepEqual(scan("join([ 'china', 'east' ], '')").proscribed, ["join([ 'china', 'east' ], '')"]);
    assert.deepEqual(scan("join([ 'usgov', 'virginia' ], '')"), clean);
    assert.deepEqual(scan("join([ prefix, 'east' ], '')", 'param prefix string'), { ...clean, unresolved: 1 });
  });

  test('split() keeps the literal of the one string that varies', () => {
    const decl = "param regions string = 'usgovvirginia,eastasia'";
    assert.deepEqual(scan("split(regions, ',')[1]", decl).proscribed, ["'usgovvirginia,eastasia'"]);
    assert.deepEqual(scan("split(regions, ',')[0]", decl), clean);
    assert.deepEqual(scan("split('usgovvirginia;eastasia', [ ',', ';' ])[1]").proscribed, ["split('usgovvirginia;eastasia', [ ',', ';' ])"]);
    assert.deepEqual(scan("split(regions, ',')[0]", 'param regions string'), { ...clean, unresolved: 1 });
    // Whether Azure keeps empty pieces is not documented: the positions after one are open.
    assert.deepEqual(scan("split(regions, ',')[1]", "param regions string = 'usgovvirginia,,eastasia'").proscribed, ["'usgovvirginia,,eastasia'"]);
    assert.deepEqual(scan("split('eastasia', [ ',', ',;' ])[0]"), { ...clean, unresolved: 1 });
  });

  test('substring(), and out of range is no value', () => {
    assert.deepEqual(scan("substring('xeastasia', 1, 8)").proscribed, ["substring('xeastasia', 1, 8)"]);
    assert.deepEqual(scan("substring('xeastasia', 1)").proscribed, ["substring('xeastasia', 1)"]);
    assert.deepEqual(scan("substring('xusgovvirginia', 1)"), clean);
    assert.deepEqual(scan("substring(s, 1)", 'param s string'), { ...clean, unresolved: 1 });
  });

  test('take() and skip() keep each element at its literal', () => {
    const list = "var list = [ 'eastasia', 'usgovvirginia' ]";
    assert.deepEqual(scan('take(list, 1)[0]', list).proscribed, ["'eastasia'"]);
    assert.deepEqual(scan('skip(list, 1)[0]', list), clean);
    assert.deepEqual(scan('skip(list, 0)[0]', list).proscribed, ["'eastasia'"]);
    assert.deepEqual(scan("take('eastasiax', 8)").proscribed, ["take('eastasiax', 8)"]);
    // The text comes from the string, so a count written elsewhere is not where the finding belongs.
    assert.deepEqual(scan("take('eastasiax', n)", 'param n int = 8').proscribed, ["take('eastasiax', n)"]);
  });

  test('take() with a count the files do not give: every element is possible, and the count is unresolved', () => {
    assert.deepEqual(scan("take([ 'eastasia', 'usgovvirginia' ], n)[0]", 'param n int'), { ...clean, proscribed: ["'eastasia'"], unresolved: 1 });
  });

  test('flatten() keeps positions', () => {
    assert.deepEqual(scan("flatten([ [ 'usgovvirginia' ], [ 'chinanorth2' ] ])[1]").proscribed, ["'chinanorth2'"]);
    assert.deepEqual(scan("flatten([ [ 'usgovvirginia' ], [ 'chinanorth2' ] ])[0]"), clean);
  });
});

describe('Bicep template functions: lambdas', () => {
  const sites = "var sites = [\n  { location: 'eastasia', enabled: false }\n  { location: 'usgovvirginia', enabled: true }\n]";

  test('filter() drops what the condition certainly excludes', () => {
    assert.deepEqual(scan('filter(sites, s => s.enabled)[0].location', sites), clean);
    assert.deepEqual(scan('filter(sites, s => !s.enabled)[0].location', sites).proscribed, ["'eastasia'"]);
    assert.deepEqual(scan("filter([ 'eastasia', 'usgovvirginia' ], (v, i) => i > 0)[0]"), clean);
  });

  test('filter() with a condition the files do not decide keeps every element', () => {
    assert.deepEqual(scan('filter(sites, s => s.enabled == flag)[0].location', `${sites}\nparam flag bool`).proscribed, ["'eastasia'"]);
  });

  test('filter() drops the possibilities of an element that the condition excludes', () => {
    assert.deepEqual(scan("filter([ loc ], l => l != 'eastasia')[0]", "@allowed([ 'eastasia', 'usgovvirginia' ])\nparam loc string = 'usgovvirginia'"), clean);
  });

  test('map() keeps the origin through a function that only changes case', () => {
    assert.deepEqual(scan("map([ 'EastAsia' ], x => toLower(x))[0]").proscribed, ["'EastAsia'"]);
    assert.deepEqual(scan('map(list, x => x)[0]', 'param list array'), { ...clean, unresolved: 1 });
  });

  test('reduce() folds in order', () => {
    assert.deepEqual(scan("reduce([ 'usgovvirginia', 'eastasia' ], '', (cur, next) => next)").proscribed, ["'eastasia'"]);
    assert.deepEqual(scan("reduce([ 'eastasia', 'usgovvirginia' ], '', (cur, next) => next)"), clean);
  });

  test('sort() orders by the comparison; an undecided one leaves every position possible', () => {
    const list = "var list = [\n  { o: 2, l: 'usgovvirginia' }\n  { o: 1, l: 'eastasia' }\n]";
    assert.deepEqual(scan('sort(list, (a, b) => a.o < b.o)[1].l', list), clean);
    assert.deepEqual(scan('sort(list, (a, b) => a.o < b.o)[0].l', list).proscribed, ["'eastasia'"]);
    assert.deepEqual(scan('sort(list, (a, b) => a.o < n)[1].l', `${list}\nparam n int`).proscribed, ["'eastasia'"]);
  });

  test('toObject() names properties by the key lambda', () => {
    assert.deepEqual(scan("toObject([ 'eastasia' ], x => 'k').k").proscribed, ["'eastasia'"]);
    assert.deepEqual(scan("toObject([ { n: 'a', l: 'eastasia' }, { n: 'b', l: 'usgovvirginia' } ], x => x.n, x => x.l).b"), clean);
    assert.deepEqual(scan("toObject([ 'usgovvirginia' ], x => k).k", 'param k string'), { ...clean, unresolved: 1 });
  });

  test('mapValues() applies the lambda to each value', () => {
    assert.deepEqual(scan("mapValues({ a: 'EastAsia' }, v => toLower(v)).a").proscribed, ["'EastAsia'"]);
  });
});

describe('Bicep: files a template loads', () => {
  const main = (call: string) => `resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'vnet'\n  location: ${call}\n}\n`;
  const config = '{\n  "regions": { "primary": "usgovvirginia", "dr": "eastasia" },\n  "list": ["usgovtexas", "chinanorth3"]\n}\n';

  test('loadJsonContent: the values are anchored where the JSON file writes them, with or without a JSONPath', () => {
    for (const [call, literal] of [
      ["loadJsonContent('config/regions.json').regions.dr", '"eastasia"'],
      ["loadJsonContent('config/regions.json', '$.regions').dr", '"eastasia"'],
      ["loadJsonContent('config/regions.json', '$.list[1]')", '"chinanorth3"'],
      ["loadJsonContent('config/regions.json', '$[\\'regions\\'][\\'dr\\']')", '"eastasia"'],
    ]) {
      const r = analyzeTexts({ 'main.bicep': main(call), 'config/regions.json': config });
      const [f] = byRule(r, 'region-proscribed');
      assert.equal(f?.span.uri, r.uri('config/regions.json'), call);
      assert.equal(config.slice(f.span.start, f.span.end), literal, call);
    }
    const us = analyzeTexts({ 'main.bicep': main("loadJsonContent('config/regions.json').regions.primary"), 'config/regions.json': config });
    assert.deepEqual(byRule(us, 'region-proscribed'), []);
    assert.deepEqual(byRule(us, 'region-unresolved'), []);
  });

  test('loadTextContent gives the text; a missing file or a JSONPath with a filter stays unresolved', () => {
    const text = analyzeTexts({ 'main.bicep': main("trim(loadTextContent('region.txt'))"), 'region.txt': 'chinaeast2\n' });
    assert.equal(byRule(text, 'region-proscribed').length, 1);
    for (const call of ["loadJsonContent('missing.json').dr", "loadJsonContent('config/regions.json', '$.list[?(@ == 1)]')"]) {
      const r = analyzeTexts({ 'main.bicep': main(call), 'config/regions.json': config });
      assert.match(byRule(r, 'region-unresolved')[0]?.message ?? '', /loadJsonContent\(\)/, call);
    }
  });

  test('an edit of the loaded file checks the template again', () => {
    const ws = new Workspace(ADAPTERS);
    ws.setText('file:///virtual/main.bicep', main("loadJsonContent('regions.json').dr"));
    ws.setText('file:///virtual/regions.json', '{ "dr": "eastasia" }');
    assert.equal(ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'region-proscribed').length, 1);
    ws.setText('file:///virtual/regions.json', '{ "dr": "usgovtexas" }');
    assert.equal(ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId.startsWith('region-')).length, 0);
  });
});

test('Bicep: user-defined functions that call each other twice over forty levels end, unresolved', () => {
  const funcs = ['func f0(x string) string => x', ...Array.from({ length: 40 }, (_, i) => `func f${i + 1}(x string) string => '\${f${i}(x)}\${f${i}(x)}'`)].join('\n');
  const r = analyzeTexts({ 'main.bicep': `${funcs}\nresource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'vnet'\n  location: f40('eastus')\n}\n` });
  assert.match(byRule(r, 'region-unresolved')[0]?.message ?? '', /called more often than ITAR Guard follows/);
});

test('union() and shallowMerge() of alternatives: a setting only one alternative writes may be missing', () => {
  const account = (name: string, properties: string) => `resource ${name} 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: '${name}'\n  location: 'usgovvirginia'\n  properties: ${properties}\n}\n`;
  const bicep = [
    'param useTls bool',
    "var tls = { minimumTlsVersion: 'TLS1_2' }",
    account('merged', "shallowMerge([{ supportsHttpsTrafficOnly: true }, useTls ? tls : {}])"),
    account('united', 'union({ supportsHttpsTrafficOnly: true }, useTls ? tls : {})'),
    account('always', "union({ minimumTlsVersion: 'TLS1_2' }, useTls ? tls : {})"),
    account('both', "union({ supportsHttpsTrafficOnly: true }, useTls ? tls : { minimumTlsVersion: 'TLS1_2' })"),
  ].join('\n');
  const r = analyzeTexts({ 'main.bicep': bicep });
  assert.deepEqual(byRule(r, 'tls-version').map((f) => f.message.split(':')[0]).sort(), ["Microsoft.Storage/storageAccounts 'merged'", "Microsoft.Storage/storageAccounts 'united'"]);
});

test('a list of some hundred thousand elements built by doubling is read whole, not an internal error', () => {
  const r = analyzeTexts({ 'main.bicep': `var nested = reduce([${Array.from({ length: 18 }, (_, i) => i).join(', ')}], ['eastasia'], (acc, i) => concat(acc, acc))\nresource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {\n  name: 'rg'\n  location: nested[0]\n}\n` });
  const messages = r.findings.map((f) => f.message).join('\n');
  assert.doesNotMatch(messages, /could not be evaluated|too large/);
  assert.equal(byRule(r, 'region-proscribed').length, 1);
});
