import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expr } from '../../src/engine/formats/bicep/syntax';
import { only, parseClean, shape } from './helpers';

/** The value of `var x = <expr>`. */
function expr(text: string): Expr {
  return only(`var x = ${text}`, 'var').value;
}

/** A compact rendering of an expression: `(a ?? (b || c))`. */
function render(e: Expr): string {
  switch (e.kind) {
    case 'identifier':
      return e.name;
    case 'integer':
      return String(e.value);
    case 'boolean':
      return String(e.value);
    case 'null':
      return 'null';
    case 'string':
      return `'${e.parts.map((p, i) => (i < e.holes.length ? `${p}\${${render(e.holes[i])}}` : p)).join('')}'`;
    case 'binary':
      return `(${render(e.left)} ${e.operator} ${render(e.right)})`;
    case 'unary':
      return `${e.operator}${render(e.operand)}`;
    case 'ternary':
      return `(${render(e.condition)} ? ${render(e.whenTrue)} : ${render(e.whenFalse)})`;
    case 'member':
      return `${render(e.object)}${e.safe ? '.?' : '.'}${e.name?.text ?? ''}`;
    case 'index':
      return `${render(e.object)}[${e.safe ? '?' : ''}${e.fromEnd ? '^' : ''}${render(e.index)}]`;
    case 'nested':
      return `${render(e.object)}::${e.name?.text ?? ''}`;
    case 'non-null':
      return `${render(e.expr)}!`;
    case 'call':
      return `${e.target ? `${render(e.target)}.` : ''}${e.name.text}(${e.args.map(render).join(', ')})`;
    case 'paren':
      return render(e.expr);
    case 'lambda':
      return `(${e.params.map((p) => p.text).join(', ')}) => ${render(e.body)}`;
    case 'array':
      return `[${e.items.map((i) => (i.kind === 'spread' ? `...${render(i.expr)}` : render(i))).join(', ')}]`;
    case 'object':
      return `{${e.items.map((i) => (i.kind === 'property' ? `${'text' in i.key ? i.key.text : render(i.key)}: ${render(i.value)}` : i.kind === 'spread' ? `...${render(i.expr)}` : i.kind)).join(', ')}}`;
    case 'for':
      return `[for ${e.item?.text}${e.index ? `, ${e.index.text}` : ''} in ${render(e.iterable)}: ${render(e.body)}]`;
    case 'if':
      return `if ${render(e.condition)} ${render(e.body)}`;
    case 'error':
      return '<error>';
  }
}

describe('Bicep parser: declarations', () => {
  test('targetScope and metadata', () => {
    const program = parseClean("targetScope = 'subscription'\nmetadata owner = { team: 'itar' }\n");
    assert.deepEqual(program.statements.map((s) => s.kind), ['targetScope', 'metadata']);
  });

  test('param: types, defaults, decorators including @sys.', () => {
    const p = only("@sys.description('where')\n@allowed([\n  'eastus'\n  'westus'\n])\nparam location string = 'eastus'", 'param');
    assert.equal(p.name.text, 'location');
    assert.equal(p.decorators.length, 2);
    assert.equal(render(p.decorators[0].expr), "sys.description('where')");
    assert.deepEqual(shape(p.type), { kind: 'type-ref', name: 'string', args: [] });
    assert.equal(render(p.value!), "'eastus'");
    assert.equal(only('@secure()\nparam secret string', 'param').value, undefined);
  });

  test('param of a resource type, and the resourceInput<> type', () => {
    const p = only("param sa resource 'Microsoft.Storage/storageAccounts@2023-05-01'", 'param');
    assert.equal(p.type?.kind, 'resource-type');
    const q = only("param props resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.properties", 'param');
    assert.equal(q.type?.kind, 'type-access');
  });

  test('typed and untyped var', () => {
    assert.equal(only('var a = 1', 'var').type, undefined);
    assert.deepEqual(shape(only('var b string[] = []', 'var').type), { kind: 'array-type', item: { kind: 'type-ref', name: 'string', args: [] } });
  });

  test('type: unions over lines with a leading |, object, tuple and nullable types', () => {
    const t = only("type region =\n  | 'eastus'\n  | 'westus'\n", 'type');
    assert.equal(t.type.kind, 'union-type');
    const o = only("@sealed()\ntype cfg = {\n  @description('x')\n  name: string\n  zone: ('1' | '2')?\n  tags: { *: string }\n  pair: [string, int]\n  'quoted-key': bool\n}", 'type');
    assert.equal(o.type.kind, 'object-type');
    if (o.type.kind !== 'object-type') return;
    assert.deepEqual(
      o.type.props.map((p) => (p.kind === 'type-property' ? `${'text' in p.key ? p.key.text : p.key.parts[0]}:${p.type.kind}` : p.kind)),
      ['name:type-ref', 'zone:nullable-type', 'tags:object-type', 'pair:tuple-type', 'quoted-key:type-ref'],
    );
    assert.equal(only('type n = -1 | 0 | 1', 'type').type.kind, 'union-type');
    assert.equal(only('type items = cfg[*]', 'type').type.kind, 'type-access');
    assert.equal(only('type extra = cfg.tags.*', 'type').type.kind, 'type-access');
  });

  test('func', () => {
    const f = only('func prefixed(name string, n int) string => \'${name}-${n}\'', 'func');
    assert.deepEqual(f.params.map((p) => p.name.text), ['name', 'n']);
    assert.equal(render(f.body), "'${name}-${n}'");
  });

  test('resource: plain, existing, conditional, loop with index, @batchSize, nested children and parent:', () => {
    const text = [
      "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
      "  name: 'sa'",
      "  resource blob 'blobServices' = {",
      "    name: 'default'",
      "    resource c 'containers@2023-05-01' = {",
      "      name: 'data'",
      '    }',
      '  }',
      '}',
      "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {",
      "  name: 'kv'",
      '}',
      "resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = if (deploy) {",
      '  parent: kv',
      "  name: 'k'",
      '}',
      '@batchSize(2)',
      "resource many 'Microsoft.Storage/storageAccounts@2023-05-01' = [for (n, i) in names: {",
      "  name: '${n}${i}'",
      '}]',
      "resource maybe 'Microsoft.Storage/storageAccounts@2023-05-01' = [for n in names: if (n != 'x') {",
      '  name: n',
      '}]',
      "resource later 'Microsoft.Storage/storageAccounts@2023-05-01' =",
      '  if (deploy) {',
      "    name: 'later'",
      '  }',
    ].join('\n');
    const s = parseClean(text).statements;
    assert.deepEqual(s.map((x) => (x.kind === 'resource' ? `${x.name.text}${x.existing ? ' existing' : ''} ${x.value.kind}` : x.kind)), [
      'sa object',
      'kv existing object',
      'key if',
      'many for',
      'maybe for',
      'later if',
    ]);
    const sa = s[0];
    assert.ok(sa.kind === 'resource' && sa.value.kind === 'object');
    if (sa.kind !== 'resource' || sa.value.kind !== 'object') return;
    const blob = sa.value.items[1];
    assert.equal(blob.kind, 'resource');
    assert.equal(s[3].decorators.length, 1);
    assert.equal(render((s[4] as { value: Expr }).value), "[for n in names: if (n != 'x') {name: n}]");
  });

  test('a property named resource is a property; resource followed by a name is a nested declaration', () => {
    const r = only("resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  name: 'x'\n  properties: {\n    resource: 'y'\n    type: 'z'\n  }\n}", 'resource');
    assert.equal(r.value.kind === 'object' && r.value.items.every((i) => i.kind === 'property'), true);
  });

  test('module: local path, registry (br:, br/public:), template spec (ts:), with if and for', () => {
    const text = [
      "module a './modules/a.bicep' = {",
      "  name: 'a'",
      '  params: {',
      '    location: location',
      '  }',
      '}',
      "module b 'br:contoso.azurecr.io/bicep/modules/storage:v1' = { name: 'b' }",
      "module c 'br/public:avm/res/storage/storage-account:0.9.0' = if (deploy) { name: 'c' }",
      "module d 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = [for i in range(0, 2): { name: 'd${i}' }]",
    ].join('\n');
    const s = parseClean(text).statements;
    assert.deepEqual(s.map((x) => (x.kind === 'module' ? `${x.path.parts[0]} ${x.value.kind}` : x.kind)), [
      './modules/a.bicep object',
      'br:contoso.azurecr.io/bicep/modules/storage:v1 object',
      'br/public:avm/res/storage/storage-account:0.9.0 if',
      'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0 for',
    ]);
  });

  test('output, including resource outputs', () => {
    const s = parseClean("output id string = sa.id\noutput res resource 'Microsoft.Storage/storageAccounts@2023-05-01' = sa\noutput names string[] = [for n in names: n]\n").statements;
    assert.deepEqual(s.map((x) => (x.kind === 'output' ? x.type.kind : x.kind)), ['type-ref', 'resource-type', 'array-type']);
  });

  test('import … from, import * as, legacy extension import; extension; assert; test', () => {
    const text = [
      "import { regionType, settings as cfg } from './types.bicep'",
      'import {',
      '  a',
      "  'b-c' as bc",
      "} from 'br/public:avm/utl/types/avm-common-types:0.5.1'",
      "import * as types from './types.bicep'",
      "import 'az@1.0.0'",
      'extension microsoftGraphV1',
      "extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview' with { a: 1 } as graph",
      "assert locationIsUs = startsWith(location, 'us')",
      "test t './main.bicep' = {",
      '  params: {}',
      '}',
    ].join('\n');
    const s = parseClean(text).statements;
    assert.deepEqual(s.map((x) => x.kind), ['import', 'import', 'import', 'import', 'extension', 'extension', 'assert', 'test']);
    const first = s[0];
    assert.ok(first.kind === 'import');
    if (first.kind === 'import') assert.deepEqual(first.items.map((i) => `${i.name.text}${i.alias ? ` as ${i.alias.text}` : ''}`), ['regionType', 'settings as cfg']);
    const second = s[1];
    if (second.kind === 'import') assert.deepEqual(second.items.map((i) => i.alias?.text ?? i.name.text), ['a', 'bc']);
  });

  test('.bicepparam: using, extends, param values, var, import, extensionConfig', () => {
    const text = [
      "using './main.bicep'",
      "extends './base.bicepparam'",
      "import { regions } from './types.bicep'",
      "var prefix = 'itar'",
      "param location = 'eastus'",
      "param name = '${prefix}-data'",
      "extensionConfig graph with { tenant: 'x' }",
    ].join('\n');
    const s = parseClean(text, 'bicepparam').statements;
    assert.deepEqual(s.map((x) => x.kind), ['using', 'extends', 'import', 'var', 'param', 'param', 'extensionConfig']);
    assert.equal(parseClean('using none\n', 'bicepparam').statements[0].kind, 'using');
  });
});

describe('Bicep parser: expressions', () => {
  test('precedence: ?? < || < && < equality < comparison < additive < multiplicative < unary', () => {
    assert.equal(render(expr('a ?? b || c && d == e < f + g * -h')), '(a ?? (b || (c && (d == (e < (f + (g * -h)))))))');
    assert.equal(render(expr('a - b - c')), '((a - b) - c)');
    assert.equal(render(expr('!a && !b =~ c')), '(!a && (!b =~ c))');
  });

  test('ternaries: nested, right-associative, with line breaks before ? and :', () => {
    assert.equal(render(expr('a ? b : c ? d : e')), '(a ? b : (c ? d : e))');
    assert.equal(render(expr("cond\n  ? 'x'\n  : 'y'")), "(cond ? 'x' : 'y')");
  });

  test('member access, safe access, from-end index, non-null, nested resources, calls on namespaces', () => {
    assert.equal(render(expr('a.?b[?0][^1]!.c')), 'a.?b[?0][^1]!.c');
    assert.equal(render(expr('vnet::subnet.id')), 'vnet::subnet.id');
    assert.equal(render(expr('az.resourceGroup().location')), 'az.resourceGroup().location');
    assert.equal(render(expr('kv.getSecret(\'x\')')), "kv.getSecret('x')");
    assert.equal(render(expr('x[?^ 2]')), 'x[?^2]');
  });

  test('lambdas: one parameter, several, none; over several lines', () => {
    assert.equal(render(expr('map(items, x => x.name)')), 'map(items, (x) => x.name)');
    assert.equal(render(expr('reduce(items, 0, (acc, x) => acc + x)')), 'reduce(items, 0, (acc, x) => (acc + x))');
    assert.equal(render(expr('() => 1')), '() => 1');
    assert.equal(render(expr('filter(items, item =>\n  item.enabled)')), 'filter(items, (item) => item.enabled)');
  });

  test('objects and arrays: multi-line, single-line with commas, spread, quoted keys', () => {
    assert.equal(render(expr("{\n  a: 1\n  'b-c': 2\n  ...rest\n}")), "{a: 1, 'b-c': 2, ...rest}");
    assert.equal(render(expr('{ a: 1, b: [1, 2] }')), '{a: 1, b: [1, 2]}');
    assert.equal(render(expr('[\n  1\n  ...more\n]')), '[1, ...more]');
    assert.equal(render(expr('{}')), '{}');
    assert.equal(render(expr('[]')), '[]');
  });

  test('for-expressions with item and index, over lines', () => {
    assert.equal(render(expr('[for (x, i) in list: {\n  n: i\n}]')), '[for x, i in list: {n: i}]');
    assert.equal(render(expr('[\n  for x in list: x\n]')), '[for x in list: x]');
  });

  test('function arguments over several lines', () => {
    assert.equal(render(expr("concat(\n  'a',\n  'b'\n)")), "concat('a', 'b')");
  });

  test('strings with holes, escapes and multi-line strings', () => {
    assert.equal(render(expr("'${a}-${toLower(b)}'")), "'${a}-${toLower(b)}'");
    const e = expr("'''\nraw ${x}\n'''");
    assert.ok(e.kind === 'string' && e.multiline && e.holes.length === 0);
    const f = expr("$'''\nhello ${name}\n'''");
    assert.ok(f.kind === 'string' && f.multiline && f.holes.length === 1);
  });

  test('comments and #disable-next-line pragmas anywhere between lines', () => {
    parseClean("// leading\n#disable-next-line no-unused-params\nparam a string /* trailing */\nvar b = {\n  // inside\n  c: 1 // after\n}\n");
  });

  test("a resource's or module's header ends at the last token of the keyword's line", () => {
    const text = "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = { // c\n  name: 'x'\n}\nmodule m './m.bicep' =\n  if (true) {\n}\n";
    const [resource, module] = parseClean(text).statements;
    assert.ok(resource.kind === 'resource' && module.kind === 'module');
    assert.equal(text.slice(resource.start, resource.headerEnd), "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {");
    assert.equal(text.slice(module.start, module.headerEnd), "module m './m.bicep' =");
  });
});
