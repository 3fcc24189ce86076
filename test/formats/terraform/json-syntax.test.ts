/**
 * Terraform's JSON syntax (`.tf.json`): what the reader makes of its structure, strings and mistakes. The region and
 * encryption fixtures also read every Terraform fixture written this way (test/helpers/terraform-json.ts).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { terraformAdapter } from '../../../src/engine/formats/terraform/adapter';
import type { TerraformDocument } from '../../../src/engine/formats/terraform/document';
import { attribute, blocks, type Block } from '../../../src/engine/formats/terraform/syntax';
import { SourceText } from '../../../src/engine/model/span';
import * as V from '../../../src/engine/model/value';
import { applyEdits } from '../../helpers/edits';
import { adaptersReady, analyzeDir, anchorText, byRule, FIXTURES } from '../../helpers/workspace';
import { analyze, resource } from './helpers';

before(adaptersReady);

function parse(json: unknown): { doc: TerraformDocument; text: string } {
  const text = typeof json === 'string' ? json : JSON.stringify(json, null, 2);
  return { doc: terraformAdapter.parse(new SourceText('file:///virtual/main.tf.json', text)) as TerraformDocument, text };
}

function block(doc: TerraformDocument, type: string, ...labels: string[]): { node: Block; base: number } {
  const item = doc.items.find((i) => i.node.k === 'block' && i.node.type === type && labels.every((l, n) => (i.node as Block).labels[n]?.value === l));
  assert.ok(item, `${type} ${labels.join(' ')}`);
  return { node: item.node as Block, base: item.base };
}

describe('structure', () => {
  test('block types, labels, declarations; arrays of blocks at any level; comments left out', () => {
    const { doc, text } = parse({
      '//': 'generated',
      resource: {
        azurerm_resource_group: { a: { name: 'a', location: 'eastus' }, b: [{ name: 'b1', location: 'eastus' }, { name: 'b2', location: 'eastus', '//': 'two of them' }] },
      },
      provider: { azurerm: [{ features: {} }, { alias: 'west', features: {} }] },
      locals: [{ x: 1 }, { y: 2 }],
    });
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(
      doc.items.map((i) => [(i.node as Block).type, ...(i.node as Block).labels.map((l) => l.value)].join(' ')),
      ['resource azurerm_resource_group a', 'resource azurerm_resource_group b', 'resource azurerm_resource_group b', 'provider azurerm', 'provider azurerm', 'locals', 'locals'],
    );
    const a = block(doc, 'resource', 'azurerm_resource_group', 'a');
    assert.equal(text.slice(a.base + a.node.s, a.base + a.node.open), '"a": {', 'the declaration: the name and the opening brace');
    const [type, name] = a.node.labels;
    assert.equal(text.slice(a.base + type.s, a.base + type.e), '"azurerm_resource_group"');
    assert.equal(text.slice(a.base + name.s, a.base + name.e), '"a"');
    assert.ok(!doc.items.some((i) => i.node.k === 'block' && i.node.body.items.some((x) => x.k === 'attribute' && x.name === '//')));
    assert.equal(attribute(block(doc, 'provider', 'azurerm').node.body, 'alias'), undefined);
    assert.equal(blocks(block(doc, 'provider', 'azurerm').node.body, 'features').length, 1, '`features` is a block of the provider');
  });

  test('nested blocks where the azurerm table says so, arguments elsewhere; dynamic blocks; azapi body and identity', () => {
    const { doc } = parse({
      resource: {
        azurerm_linux_web_app: {
          app: {
            tags: { env: 'prod' },
            site_config: { minimum_tls_version: '1.2' },
            identity: [{ type: 'SystemAssigned' }],
            dynamic: { connection_string: { for_each: '${var.c}', iterator: 'cs', content: { name: '${cs.value}' } } },
            lifecycle: { ignore_changes: ['tags'] },
          },
        },
        azapi_resource: { ws: { type: 'Microsoft.Storage/storageAccounts@2023-01-01', body: { properties: { minimumTlsVersion: 'TLS1_2' } }, identity: { type: 'SystemAssigned' } } },
      },
    });
    const app = block(doc, 'resource', 'azurerm_linux_web_app', 'app').node.body;
    assert.equal(attribute(app, 'tags')?.value.k, 'obj', 'an object no schema names as a block is an argument');
    assert.equal(blocks(app, 'site_config').length, 1);
    assert.equal(blocks(app, 'identity').length, 1, 'the table\'s common `identity` block');
    const dynamic = blocks(app, 'dynamic')[0];
    assert.deepEqual(dynamic.labels.map((l) => l.value), ['connection_string']);
    assert.equal(attribute(dynamic.body, 'iterator')?.value.k, 'var');
    assert.equal(blocks(dynamic.body, 'content').length, 1);
    const ignore = attribute(blocks(app, 'lifecycle')[0].body, 'ignore_changes')?.value;
    assert.ok(ignore?.k === 'tuple' && ignore.items[0].k === 'var', 'ignore_changes names attributes by reference');
    const ws = block(doc, 'resource', 'azapi_resource', 'ws').node.body;
    assert.equal(attribute(ws, 'body')?.value.k, 'obj');
    assert.equal(blocks(ws, 'identity').length, 1);
  });

  test('literal arguments, type expressions and references written in strings', () => {
    const { doc } = parse({
      variable: { v: { type: 'map(object({ tls = optional(string, "TLS1_2") }))', default: { a: '${not.a.template}' } } },
      module: { m: { source: './m', providers: { azurerm: 'azurerm.west' }, depends_on: ['azurerm_resource_group.a'] } },
      resource: { azurerm_resource_group: { a: { provider: 'azurerm.west', depends_on: ['module.m'] } } },
      terraform: { required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '~> 4.0' } } },
    });
    const v = block(doc, 'variable', 'v').node.body;
    const type = attribute(v, 'type')?.value;
    assert.ok(type?.k === 'call' && type.name === 'map', 'a type expression');
    const def = attribute(v, 'default')?.value;
    assert.ok(def?.k === 'obj' && def.items[0].value.k === 'str' && def.items[0].value.value === '${not.a.template}', 'a default is literal');
    const m = block(doc, 'module', 'm').node.body;
    assert.equal(attribute(m, 'source')?.value.k, 'str');
    const providers = attribute(m, 'providers')?.value;
    assert.ok(providers?.k === 'obj' && providers.items[0].key.k === 'var' && providers.items[0].value.k === 'attr');
    const provider = attribute(block(doc, 'resource', 'azurerm_resource_group', 'a').node.body, 'provider')?.value;
    assert.ok(provider?.k === 'attr' && provider.name === 'west');
    const rp = blocks(block(doc, 'terraform').node.body, 'required_providers')[0];
    assert.equal(attribute(rp.body, 'azurerm')?.value.k, 'obj');
  });
});

test('a configuration as CDK for Terraform writes it: every finding at the value to change', () => {
  const result = analyzeDir(path.join(FIXTURES, 'terraform-json', 'cdk'));
  const found = result.findings.map((f) => `${f.ruleId} ${anchorText(result, f)}`).sort();
  assert.deepEqual(found, [
    'cmk-missing "archive": {',
    'infrastructure-encryption "accounts": {',
    'infrastructure-encryption "archive": {',
    'key-not-hsm "RSA"',
    'key-not-hsm "standard"',
    'key-vault-protection false',
    'region-not-allowed \\"westeurope\\"',
    'region-proscribed "GRS"',
    'region-proscribed "china"',
    'region-proscribed "chinanorth3"',
    'region-proscribed "eastasia"',
    'region-proscribed \\"chinaeast2\\"',
    'tls-version "1.0"',
    'tls-version "TLS1_0"',
    'tls-version "TLS1_1"',
  ]);
});

describe('templates', () => {
  test('an interpolation is read where it is written, through escapes; its strings are fixed escaped for JSON', async () => {
    const text = '{\n  "resource": {\n    "azurerm_resource_group": {\n      "a": {\n        "name": "\\u0061",\n        "location": "${lookup({\\"x\\" = \\"eastasia\\"}, \\"x\\", \\"eastus\\")}"\n      }\n    }\n  }\n}\n';
    const result = await analyze({ 'main.tf.json': text });
    const [f] = byRule(result, 'region-proscribed');
    assert.equal(anchorText(result, f), '\\"eastasia\\"');
    const fix = f.fixes.find((x) => x.preferred)!;
    const fixed = applyEdits(text, fix.edits);
    const location = (JSON.parse(fixed) as { resource: { azurerm_resource_group: { a: { location: string } } } }).resource.azurerm_resource_group.a.location;
    assert.match(location, /^\$\{lookup\(\{"x" = "[a-z0-9]+"\}, "x", "eastus"\)\}$/, 'still valid JSON and HCL');
    const after = await analyze({ 'main.tf.json': fixed });
    assert.deepEqual(after.findings.map((x) => x.ruleId), []);
  });

  test('a template is text and interpolations; $${ is a literal ${; a directive is not evaluated', async () => {
    const result = await analyze({
      'main.tf.json': JSON.stringify({
        variable: { region: { default: 'east' } },
        resource: {
          azurerm_resource_group: {
            joined: { name: 'a', location: '${var.region}asia' },
            escaped: { name: 'b', location: '$${var.region}' },
            directive: { name: 'c', location: '%{ if true }eastus%{ endif }' },
          },
        },
      }),
    });
    const location = (address: string) => V.lookup(resource(result.resources, address).body, 'location');
    const regions = (address: string) => V.strings(location(address)).map((s) => s.value);
    assert.deepEqual(regions('azurerm_resource_group.joined'), ['eastasia']);
    assert.deepEqual(regions('azurerm_resource_group.escaped'), ['${var.region}']);
    assert.match(location('azurerm_resource_group.directive').unknowns[0].reason, /template directive/);
    assert.deepEqual(byRule(result, 'region-unresolved').length, 1);
  });
});

test('what the strict parser leaves is read by the Terraform grammar: strip markers, escapes and names it does not take', async () => {
  const text = [
    '{',
    '  "locals": { "地域": "eastasia" },',
    '  "resource": { "azurerm_resource_group": {',
    '    "strip": { "name": "a", "location": "${~ \\"east\\" ~}asia" },',
    '    "escape": { "name": "b", "location": "${\\"ch\\\\u0069nanorth3\\"}" },',
    '    "name": { "name": "c", "location": "${local.地域}" },',
    '    "directive": { "name": "d", "location": "${var.pick ? \\"%{if true}x%{endif}\\" : \\"chinaeast2\\"}" }',
    '  } }',
    '}',
  ].join('\n');
  assert.doesNotThrow(() => JSON.parse(text));
  const result = await analyze({ 'main.tf.json': text });
  assert.deepEqual(byRule(result, 'region-proscribed').map((f) => anchorText(result, f)).sort(), ['"${~ \\"east\\" ~}asia"', '"eastasia"', '\\"ch\\\\u0069nanorth3\\"', '\\"chinaeast2\\"']);
});

test('"//" is a comment in a block body, and a key like any other in an argument\'s value', async () => {
  const result = await analyze({
    'main.tf.json': JSON.stringify({
      variable: { regions: { default: { '//': 'eastasia', primary: 'eastus' } } },
      locals: { '//': 'a comment', more: { '//': 'chinaeast2' } },
      resource: { azurerm_resource_group: { rg: { '//': 'a comment', for_each: '${merge(var.regions, local.more)}', name: '${each.key}', location: '${each.value}' } } },
    }),
  });
  assert.deepEqual(byRule(result, 'region-proscribed').map((f) => anchorText(result, f)).sort(), ['"chinaeast2"', '"eastasia"']);
});

test('a type expression and a reference written in a string are read where they are written', async () => {
  const text = JSON.stringify(
    {
      variable: { cfg: { type: 'object({ location = optional(string, "eastasia") })', default: {} } },
      provider: { azurerm: { alias: 'west', features: {} } },
      resource: { azurerm_resource_group: { rg: { provider: 'azurerm.west', name: 'rg', location: '${var.cfg.location}' } } },
    },
    null,
    2,
  );
  const result = await analyze({ 'main.tf.json': text });
  const [f] = byRule(result, 'region-proscribed');
  assert.equal(anchorText(result, f), '\\"eastasia\\"');
  const fixed = applyEdits(text, f.fixes.find((x) => x.preferred)!.edits);
  assert.match((JSON.parse(fixed) as { variable: { cfg: { type: string } } }).variable.cfg.type, /^object\(\{ location = optional\(string, "[a-z0-9]+"\) \}\)$/);
  const { doc } = parse(text);
  const rg = block(doc, 'resource', 'azurerm_resource_group', 'rg');
  const provider = attribute(rg.node.body, 'provider')!.value;
  assert.equal(text.slice(rg.base + provider.s, rg.base + provider.e), 'azurerm.west');
});

test('a root may be an array of objects; null is no block; "$${" in a key is a literal "${"', async () => {
  const result = await analyze({
    'main.tf.json': JSON.stringify([
      { locals: null, resource: { azurerm_resource_group: { none: null } } },
      { resource: { azurerm_resource_group: { rg: { for_each: { '$${x}': 'chinaeast2' }, name: '${each.key}', location: '${each.value}' } } } },
    ]),
  });
  assert.deepEqual(byRule(result, 'syntax-error'), []);
  const rg = resource(result.resources, 'azurerm_resource_group.rg');
  assert.deepEqual(V.strings(rg.name).map((n) => n.value), ['${x}']);
  assert.equal(byRule(result, 'region-proscribed').length, 1);
});

describe('mistakes and what cannot be written', () => {
  test('an expression that does not parse inside a string is a syntax error there', () => {
    const problems = parse({
      variable: { v: { type: 'strin(' } },
      resource: { azurerm_resource_group: { rg: { provider: 'azurerm.', location: '${var.}' } } },
    }).doc.problems.map((p) => p.message.replace(/ \(.*/, ''));
    assert.deepEqual(problems.sort(), [
      'Terraform JSON: the reference in this string does not parse',
      'Terraform JSON: the template in this string does not parse',
      'Terraform JSON: the type in this string does not parse',
    ]);
  });


  test('a value in a string whose escapes cannot be followed is reported at the whole string, with no fix', async () => {
    const text = '{"resource": {"azurerm_resource_group": {"r": {"name": "r", "location": "${\\"eastasia\\"}\\q"}}}}';
    const result = await analyze({ 'main.tf.json': text });
    const [f] = byRule(result, 'region-proscribed');
    assert.equal(anchorText(result, f), '"${\\"eastasia\\"}\\q"');
    assert.deepEqual(f.fixes, []);
    assert.equal(byRule(result, 'syntax-error').length, 1);
  });

  test('what Terraform refuses is a syntax error: comments, trailing commas, an empty file, a block that is no object', async () => {
    const problems = (text: string) => parse(text).doc.problems.map((p) => p.message);
    assert.deepEqual(problems('{ // a comment\n "locals": { "a": 1, } }'), ['JSON: invalid comment token', 'JSON: property name expected', 'JSON: value expected']);
    assert.equal(problems('').length, 1);
    assert.ok(problems('{ "locals": { "a": "two\nlines" } }').length > 0, 'a line break in a string');
    assert.deepEqual(problems(JSON.stringify({ resource: { azurerm_cosmosdb_account: { c: { geo_location: 'eastasia', customer_managed_key: null } } } })), [
      'Terraform JSON: geo_location is a block: its value is an object, or an array of objects for several',
    ]);
  });


  test('a file that is no object, or a block that is no object, is reported where it is; the rest is read', async () => {
    assert.match(parse('[1, 2]').doc.problems[0].message, /Terraform JSON: a Terraform JSON file is an object/);
    const text = JSON.stringify({ resource: { azurerm_resource_group: { bad: 'eastasia', good: { name: 'g', location: 'chinaeast' } } } }, null, 2);
    const result = await analyze({ 'main.tf.json': text });
    const [problem] = byRule(result, 'syntax-error');
    assert.equal(anchorText(result, problem), '"eastasia"');
    assert.equal(problem.message, 'Terraform JSON: the body of resource "azurerm_resource_group" "bad" is an object');
    assert.equal(byRule(result, 'region-proscribed').length, 1, 'the other resource is still checked');
  });

  test('JSON that does not parse is reported with its position, and what came before is checked', async () => {
    const text = '{ "resource": { "azurerm_resource_group": { "a": { "location": "chinaeast" } , "b": { "location": ';
    const result = await analyze({ 'main.tf.json': text });
    assert.ok(byRule(result, 'syntax-error').length > 0);
    assert.equal(byRule(result, 'region-proscribed').length, 1);
  });

  test('fixes that write new settings are not offered, nor suppressions: the syntax has no comments', async () => {
    const text = JSON.stringify({ resource: { azurerm_storage_account: { sa: { name: 'sa', location: 'eastus', account_tier: 'Standard', account_replication_type: 'LRS' } } } }, null, 2);
    const result = await analyze({ 'main.tf.json': text });
    const [cmk] = byRule(result, 'cmk-missing');
    assert.deepEqual(cmk.fixes, []);
    assert.equal(anchorText(result, cmk), '"sa": {');
    assert.equal(terraformAdapter.lineComment?.(result.documents[0]), undefined);
  });
});
