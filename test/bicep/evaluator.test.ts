import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Resource } from '../../src/engine/model/resource';
import * as V from '../../src/engine/model/value';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

type Result = ReturnType<typeof analyzeTexts>;

/** The text at a span of an analysed document. */
function textAt(r: Result, span: { uri: string; start: number; end: number }): string {
  return r.documents.find((d) => d.uri === span.uri)!.source.slice(span);
}

function resource(r: Result, symbol: string): Resource {
  const found = r.resources.find((x) => x.symbolicName === symbol);
  assert.ok(found, `no resource '${symbol}'`);
  return found;
}

/** Each possibility of a property as `value @ origin text`, and each unknown's reason. */
function possibilities(r: Result, symbol: string, path = 'location'): string[] {
  const v = V.lookup(resource(r, symbol).body, path);
  return [...v.options.map((p) => `${p.kind === 'scalar' ? String(p.value) : p.kind} @ ${textAt(r, p.origin)}`), ...v.unknowns.map((u) => `? ${u.reason}`)];
}

function storage(symbol: string, location: string, extra = ''): string {
  return `resource ${symbol} 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: '${symbol}'\n  location: ${location}\n${extra}}\n`;
}

/** A subscription-scope template declaring resource group 'itar-rg' in chinanorth, and a call of app.bicep into `scopeExpr`. */
function groupAndModule(scopeExpr: string, extra: readonly string[] = []): string {
  return [
    "targetScope = 'subscription'",
    "resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {",
    "  name: 'itar-rg'",
    "  location: 'chinanorth'",
    '}',
    "module app 'app.bicep' = {",
    `  scope: ${scopeExpr}`,
    "  name: 'app'",
    '}',
    ...extra,
  ].join('\n');
}

/** A module whose account is deployed to its resource group's location. */
const APP = "param location string = resourceGroup().location\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa'\n  location: location\n}\n";

function bicep(text: string): Result {
  return analyzeTexts({ 'main.bicep': text });
}

describe('Bicep evaluator: values', () => {
  test('a property that reads itself is unknown, not a hang', () => {
    const r = bicep(`${storage('sa', 'concat(sa.location, sa.location)')}var v = {\n  a: concat(v.a, v.a)\n}\n${storage('sb', 'v.a')}`);
    assert.match(possibilities(r, 'sa').join(' '), /property 'location' refers to itself/);
    assert.match(possibilities(r, 'sb').join(' '), /property 'a' refers to itself/);
  });

  test('a literal is a replaceable Bicep literal', () => {
    const r = bicep(storage('sa', "'eastus'"));
    const [p] = V.strings(V.lookup(resource(r, 'sa').body, 'location'));
    assert.equal(p.literal, 'bicep');
    assert.equal(textAt(r, p.origin), "'eastus'");
  });

  test('a parameter: its default and every @allowed entry', () => {
    const r = bicep("@allowed([\n  'eastus'\n  'westeurope'\n])\nparam location string = 'eastus'\n" + storage('sa', 'location'));
    assert.deepEqual(possibilities(r, 'sa'), ["eastus @ 'eastus'", "westeurope @ 'westeurope'", "eastus @ 'eastus'"]);
  });

  test('a union literal type, written on the parameter or through a named and an imported type', () => {
    const direct = bicep("param location 'eastus' | 'chinanorth' = 'eastus'\n" + storage('sa', 'location'));
    assert.deepEqual(possibilities(direct, 'sa'), ["eastus @ 'eastus'", "chinanorth @ 'chinanorth'", "eastus @ 'eastus'"]);
    const named = bicep("type region = 'eastus' | 'eastasia'\nparam location region?\n" + storage('sa', 'location'));
    assert.deepEqual(possibilities(named, 'sa'), ["eastus @ 'eastus'", "eastasia @ 'eastasia'", 'null @ region?'], 'a nullable type admits null');
    const r = analyzeTexts({
      'types.bicep': "@export()\ntype region = 'westus2' | 'chinaeast'\n",
      'main.bicep': "import { region } from 'types.bicep'\nimport * as t from 'types.bicep'\nparam a region = 'westus2'\nparam b t.region = 'westus2'\n" + storage('sa', 'a') + storage('sb', 'b'),
    });
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => `${f.span.uri.endsWith('types.bicep')} ${anchorText(r, f)} ${f.resources.length}`), ["true 'chinaeast' 2"]);
  });

  test("union types as an array's elements and an object's properties: each member is a possibility, anchored at the member", () => {
    const r = analyzeTexts({
      'types.bicep': "@export()\ntype region = 'usgovtexas' | 'chinaeast'\n@export()\ntype site = {\n  name: string\n  location: region\n}\n",
      'main.bicep': [
        "import * as t from 'types.bicep'",
        "param regions ('usgovvirginia' | 'chinanorth')[] = [\n  'usgovvirginia'\n]",
        "@allowed([\n  'usgovvirginia'\n  'eastasia'\n])\nparam listed array = []",
        "param primary t.site = { name: 'hq', location: 'usgovtexas' }",
        "param sites t.site[] = []",
        "@discriminator('kind')\ntype tagged = { kind: 'us', location: 'usgovvirginia' } | { kind: 'apac', location: 'chinanorth2' }",
        "param one tagged = { kind: 'us', location: 'usgovvirginia' }",
        "resource a 'Microsoft.Storage/storageAccounts@2023-05-01' = [for r in regions: {\n  name: 'a'\n  location: r\n}]",
        storage('b', 'listed[0]'),
        storage('c', 'primary.location'),
        "resource d 'Microsoft.Storage/storageAccounts@2023-05-01' = [for s in sites: {\n  name: s.name\n  location: s.location\n}]",
        storage('e', 'one.location'),
      ].join('\n'),
    });
    assert.deepEqual(possibilities(r, 'a'), ["usgovvirginia @ 'usgovvirginia'", "chinanorth @ 'chinanorth'", "usgovvirginia @ 'usgovvirginia'"]);
    assert.deepEqual(possibilities(r, 'c'), ["usgovtexas @ 'usgovtexas'", "chinaeast @ 'chinaeast'", "usgovtexas @ 'usgovtexas'"]);
    const found = byRule(r, 'region-proscribed').map((f) => `${f.span.uri.split('/').pop()} ${anchorText(r, f)} ${f.resources.length}`);
    assert.deepEqual(found.sort(), ["main.bicep 'chinanorth' 1", "main.bicep 'chinanorth2' 1", "main.bicep 'eastasia' 1", "types.bicep 'chinaeast' 2"]);
  });

  test('a type that permits only US regions gives no finding, and a property it lists no values for reads only the parameter\'s values', () => {
    const r = bicep(
      "param regions ('usgovvirginia' | 'usgovtexas')[] = [\n  'usgovvirginia'\n]\ntype site = {\n  name: string\n  location: 'usgovarizona'\n}\nparam primary site = { name: 'hq', location: 'usgovarizona' }\n" +
        "resource a 'Microsoft.Storage/storageAccounts@2023-05-01' = [for r in regions: {\n  name: 'a'\n  location: r\n}]\n" +
        "resource b 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: primary.name\n  location: primary.location\n}\n",
    );
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('region-')), []);
    assert.deepEqual(possibilities(r, 'b', 'name'), ["hq @ 'hq'"], 'the type gives no name, and no missing one');
  });

  test('variables: objects, arrays, property access and indexing, typed variables, imported variables', () => {
    const r = analyzeTexts({
      'shared.bicep': "@export()\nvar homeRegion = 'usgovvirginia'\n",
      'main.bicep': [
        "import { homeRegion } from 'shared.bicep'",
        "var settings = {\n  regions: [\n    'eastus'\n    'chinanorth3'\n  ]\n  primary: { region: 'westus3' }\n}",
        "var typed string = 'eastus2'",
        storage('a', 'settings.regions[1]'),
        storage('b', "settings['primary'].region"),
        storage('c', 'typed'),
        storage('d', 'homeRegion'),
        storage('e', 'settings.regions[^1]'),
      ].join('\n'),
    });
    assert.deepEqual(possibilities(r, 'a'), ["chinanorth3 @ 'chinanorth3'"]);
    assert.deepEqual(possibilities(r, 'b'), ["westus3 @ 'westus3'"]);
    assert.deepEqual(possibilities(r, 'c'), ["eastus2 @ 'eastus2'"]);
    assert.deepEqual(possibilities(r, 'd'), ["usgovvirginia @ 'usgovvirginia'"]);
    assert.deepEqual(possibilities(r, 'e'), ["chinanorth3 @ 'chinanorth3'"]);
  });

  test('a for-loop variable is every element of a known list; the index is unknown', () => {
    const r = bicep("var regions = [\n  'eastus'\n  'eastasia'\n]\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = [for (region, i) in regions: {\n  name: 'sa${i}'\n  location: region\n}]\n");
    assert.deepEqual(possibilities(r, 'sa'), ["eastus @ 'eastus'", "eastasia @ 'eastasia'"]);
    assert.match(possibilities(r, 'sa', 'name')[0], /^\? the loop index/);
    const looped = bicep("var sites = [\n  { loc: 'westus' }\n  { loc: 'chinanorth' }\n]\nvar locs = [for s in sites: s.loc]\n" + storage('sa', 'locs[0]'));
    assert.deepEqual(possibilities(looped, 'sa'), ["westus @ 'westus'", "chinanorth @ 'chinanorth'"]);
  });

  test('both branches of a ternary; interpolation when every part is known', () => {
    const r = bicep("param prod bool = true\nparam suffix string = 'us'\n" + storage('a', "prod ? 'eastus' : 'westeurope'") + storage('b', "'east${suffix}'"));
    assert.deepEqual(possibilities(r, 'a'), ["eastus @ 'eastus'", "westeurope @ 'westeurope'"]);
    assert.deepEqual(possibilities(r, 'b'), ["eastus @ 'us'"], 'the one varying part is the origin');
    assert.deepEqual(possibilities(bicep(storage('c', "'east${resourceGroup().name}'")), 'c').length, 1);
  });

  test('functions: toLower/toUpper keep the literal; concat, union, first, last, coalesce and ??', () => {
    const r = bicep(
      [
        "param a string = 'EastUS'",
        "var o = union({ loc: 'westus' }, { other: 1 })",
        storage('lower', 'toLower(a)'),
        storage('upper', "toUpper('chinanorth')"),
        storage('cat', "concat('east', 'asia')"),
        storage('un', 'o.loc'),
        storage('fst', "first([\n  'westus2'\n  'eastasia'\n])"),
        storage('lst', "last(['westus2', 'eastasia'])"),
        storage('co', "coalesce(null, 'eastus')"),
        storage('qq', "o.?missing ?? 'centralus'"),
        storage('any', "any('westus3')"),
      ].join('\n'),
    );
    const [lower] = V.strings(V.lookup(resource(r, 'lower').body, 'location'));
    assert.equal(lower.value, 'eastus');
    assert.equal(lower.literal, 'bicep');
    assert.deepEqual(possibilities(r, 'upper'), ["CHINANORTH @ 'chinanorth'"]);
    assert.deepEqual(possibilities(r, 'cat'), ["eastasia @ concat('east', 'asia')"]);
    assert.deepEqual(possibilities(r, 'un'), ["westus @ 'westus'"]);
    assert.deepEqual(possibilities(r, 'fst'), ["westus2 @ 'westus2'"]);
    assert.deepEqual(possibilities(r, 'lst'), ["eastasia @ 'eastasia'"]);
    assert.deepEqual(possibilities(r, 'co'), ["eastus @ 'eastus'"]);
    assert.deepEqual(possibilities(r, 'qq'), ["centralus @ 'centralus'"]);
    assert.deepEqual(possibilities(r, 'any'), ["westus3 @ 'westus3'"]);
  });

  test('user-defined functions are evaluated with their arguments', () => {
    const r = bicep("func regionOf(env string) string => env == 'prod' ? 'eastus' : 'eastasia'\n" + storage('sa', "regionOf('dev')"));
    assert.deepEqual(possibilities(r, 'sa'), ["eastus @ 'eastus'", "eastasia @ 'eastasia'"]);
  });

  test('nameof() is the name its argument is written with: a symbol, a property, a literal index', () => {
    const config = "var regions = {\n  chinaeast: {}\n  westus: {}\n}\nparam eastasia string = 'x'\n";
    const r = bicep(
      config +
        storage('byProperty', 'nameof(regions.chinaeast)') +
        storage('bySymbol', 'sys.nameof(eastasia)') +
        storage('byIndex', "nameof(regions['westus'])") +
        storage('byValue', "nameof(toLower('eastus'))"),
    );
    assert.deepEqual(possibilities(r, 'byProperty'), ['chinaeast @ nameof(regions.chinaeast)']);
    assert.deepEqual(possibilities(r, 'bySymbol'), ['eastasia @ sys.nameof(eastasia)']);
    assert.deepEqual(possibilities(r, 'byIndex'), ["westus @ nameof(regions['westus'])"]);
    assert.deepEqual(possibilities(r, 'byValue'), ['? nameof() needs a symbol, a property or a literal index']);
    assert.equal(byRule(r, 'region-proscribed').length, 2);
  });

  test('deployment-decided values are unknown, with the reason', () => {
    const r = bicep(
      storage('rg', 'resourceGroup().location') + storage('dep', 'az.deployment().location') + storage('sub', 'subscription().subscriptionId') + storage('fn', "pickZones('Microsoft.Compute', 'virtualMachines', 'eastus')[0]"),
    );
    assert.match(possibilities(r, 'rg')[0], /resourceGroup\(\)\.location is the resource group's location, decided at deployment/);
    assert.match(possibilities(r, 'dep')[0], /deployment\(\)\.location is the deployment's location/);
    assert.match(possibilities(r, 'sub')[0], /subscription\(\)\.subscriptionId/);
    assert.match(possibilities(r, 'fn')[0], /pickZones\(\) is evaluated by Azure/);
  });

  test('without a default, a parameter whose object type lists values for some properties only stays unknown for the others', () => {
    const r = bicep("type site = {\n  location: string\n  tier: 'basic' | 'premium'\n}\nparam primary site\n" + storage('sa', 'primary.location', '  properties: {\n    accessTier: primary.tier\n  }\n'));
    assert.deepEqual(possibilities(r, 'sa'), ["? parameter 'primary' has no default value and no .bicepparam file gives one"]);
    assert.deepEqual(possibilities(r, 'sa', 'properties.accessTier'), ["basic @ 'basic'", "premium @ 'premium'", "? parameter 'primary' has no default value and no .bicepparam file gives one"]);
  });

  test('a parameter without a default or .bicepparam value is unknown with an input reference, anchored at its use', () => {
    const r = bicep('param location string\n' + storage('sa', 'location'));
    const [u] = V.lookup(resource(r, 'sa').body, 'location').unknowns;
    assert.equal(u.input?.name, 'location');
    assert.equal(textAt(r, u.input!.declaration), 'location');
    const [f] = byRule(r, 'region-unresolved');
    assert.equal(f.span.startLine, 3, 'anchored where the resource uses it');
    assert.match(f.message, /no \.bicepparam file gives one/);
  });
});

describe('Bicep evaluator: object properties are evaluated when read', () => {
  test('an object that contains itself (which Bicep refuses) is read to a finite depth, and what it cannot read is unknown', () => {
    const r = bicep("var a = {\n  x: a\n  loc: 'eastasia'\n  y: a.loc\n}\nvar s = string(a)\n" + storage('sa', 'a.y') + storage('sb', 'a.x.x.x.loc') + storage('sc', "'eastus'", '  tags: { t: s }\n'));
    assert.deepEqual(possibilities(r, 'sa'), ["eastasia @ 'eastasia'"]);
    assert.deepEqual(possibilities(r, 'sb'), ["eastasia @ 'eastasia'"]);
    assert.match(possibilities(r, 'sc', 'tags.t')[0], /^\? the value is too large or too deeply nested/);
    assert.equal(byRule(r, 'region-proscribed').length, 1);
  });
});

describe('Bicep evaluator: resources', () => {
  test('type, api version, symbolic name, declaration line, properties at ARM paths', () => {
    const r = bicep("resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'itar'\n  location: 'eastus'\n  properties: {\n    encryption: { keySource: 'Microsoft.Keyvault' }\n  }\n}\n");
    const sa = resource(r, 'sa');
    assert.equal(sa.type, 'Microsoft.Storage/storageAccounts');
    assert.equal(sa.apiVersion, '2023-05-01');
    assert.equal(sa.format, 'bicep');
    assert.equal(textAt(r, sa.declaration), "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {");
    assert.deepEqual(possibilities(r, 'sa', 'properties.encryption.keySource'), ["Microsoft.Keyvault @ 'Microsoft.Keyvault'"]);
  });

  test('existing resources are references: no region findings; reading their location is unknown', () => {
    const r = bicep("resource old 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {\n  name: 'legacy'\n}\n" + storage('sa', 'old.location'));
    assert.equal(resource(r, 'old').existing, true);
    assert.deepEqual(byRule(r, 'region-proscribed'), []);
    assert.match(possibilities(r, 'sa')[0], /'old\.location' belongs to the existing resource 'old'/);
  });

  test('children inside a parent, and with parent:, get the full type, the parent/child name and a parent link', () => {
    const r = bicep(
      [
        "resource sql 'Microsoft.Sql/servers@2023-05-01-preview' = {",
        "  name: 'itarsql'",
        "  location: 'eastus'",
        "  resource db 'databases' = {",
        "    name: 'db'",
        "    location: 'westeurope'",
        '  }',
        '}',
        "resource db2 'Microsoft.Sql/servers/databases@2023-05-01-preview' = {",
        '  parent: sql',
        "  name: 'db2'",
        '  location: sql::db.location',
        '}',
      ].join('\n'),
    );
    const db = resource(r, 'db');
    assert.equal(db.type, 'Microsoft.Sql/servers/databases');
    assert.equal(db.apiVersion, '2023-05-01-preview');
    assert.deepEqual(V.strings(db.name).map((p) => p.value), ['itarsql/db']);
    assert.deepEqual(db.links.map((l) => l.kind), ['parent']);
    const db2 = resource(r, 'db2');
    assert.deepEqual(V.strings(db2.name).map((p) => p.value), ['itarsql/db2']);
    assert.equal(db2.links[0].target, resource(r, 'sql').key);
    assert.deepEqual(byRule(r, 'region-not-allowed').map((f) => `${anchorText(r, f)} ${f.resources.length}`), ["'westeurope' 2"]);
  });

  test("a resource's declared properties can be read by others; what Azure sets is unknown", () => {
    const r = bicep("resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'v'\n  location: 'chinaeast'\n}\n" + storage('a', 'vnet.location') + storage('b', 'vnet.properties.resourceGuid'));
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => `${anchorText(r, f)} ${f.resources.length}`), ["'chinaeast' 2"]);
    assert.match(possibilities(r, 'b')[0], /'vnet\.properties' is set by Azure when resource 'vnet' is deployed/);
  });

  test('subscription scope: a resource group is a resource with a location, and modules deployed into it use it, Bicep or ARM JSON', () => {
    const r = analyzeTexts({
      'main.bicep': groupAndModule('rg', ["module json 'app.json' = {", '  scope: rg', "  name: 'json'", '}']),
      'app.bicep': APP,
      'app.json': JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'json', location: '[resourceGroup().location]', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' }],
      }),
    });
    const [f] = byRule(r, 'region-proscribed');
    assert.equal(anchorText(r, f), "'chinanorth'");
    assert.equal(f.resources.length, 3, 'the group and the accounts deployed into it');
  });

  test("a module deployed into resourceGroup('name') of a group the file declares uses its location", () => {
    const named = analyzeTexts({ 'main.bicep': groupAndModule("resourceGroup('itar-rg')"), 'app.bicep': APP });
    assert.deepEqual([byRule(named, 'region-unresolved').length, byRule(named, 'region-proscribed')[0]?.resources.length], [0, 2]);
    const other = analyzeTexts({ 'main.bicep': groupAndModule("resourceGroup('other-rg')"), 'app.bicep': APP });
    assert.equal(byRule(other, 'region-unresolved').length, 1, 'a group the file does not declare');
    const elsewhere = analyzeTexts({ 'main.bicep': groupAndModule("resourceGroup('00000000-0000-0000-0000-000000000000', 'itar-rg')"), 'app.bicep': APP });
    assert.equal(byRule(elsewhere, 'region-unresolved').length, 1, 'in a subscription that may be another');
    const sometimes = analyzeTexts({ 'main.bicep': groupAndModule("resourceGroup('itar-rg')").replace("resourceGroups@2022-09-01' = {", "resourceGroups@2022-09-01' = if (create) {").replace("targetScope = 'subscription'", "targetScope = 'subscription'\nparam create bool = true"), 'app.bicep': APP });
    assert.equal(byRule(sometimes, 'region-unresolved').length, 1, 'a group created only in some deployments may be one that exists anywhere');
  });

  test('a module deployed into an instance of a resource group loop (scope: rgs[i]) uses its location', () => {
    const r = analyzeTexts({
      'main.bicep': [
        "targetScope = 'subscription'",
        "resource rgs 'Microsoft.Resources/resourceGroups@2022-09-01' = [for n in ['a', 'b']: {",
        '  name: n',
        "  location: 'chinanorth'",
        '}]',
        "module app 'app.bicep' = [for (n, i) in ['a', 'b']: {",
        '  scope: rgs[i]',
        "  name: 'app${i}'",
        '}]',
      ].join('\n'),
      'app.bicep': APP,
    });
    assert.deepEqual(byRule(r, 'region-unresolved'), []);
    assert.equal(byRule(r, 'region-proscribed')[0].resources.length, 2, 'the groups and the account deployed into one');
  });
});
