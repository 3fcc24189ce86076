import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceText } from '../../../src/engine/model/span';
import { loadTerraformGrammar } from '../../../src/engine/formats/terraform/grammar';
import { parseHcl } from '../../../src/engine/formats/terraform/parse';
import type { Block } from '../../../src/engine/formats/terraform/syntax';
import { ENCRYPTION_RULES } from '../../helpers/workspace';
import { analyze, resource } from './helpers';

function labels(text: string, uri = 'file:///p/main.tf'): string[] {
  return parseHcl(new SourceText(uri, text)).items.map((i) => (i.node.k === 'block' ? `${i.node.type}.${(i.node as Block).labels.map((l) => l.value).join('.')}` : i.node.name));
}

test('blocks, attributes and their exact positions', async () => {
  await loadTerraformGrammar();
  const text = 'resource "azurerm_resource_group" "rg" {\r\n  name     = "r\\u00e9g"\r\n  location = "eastus"\r\n}\r\nx = 1\r\n';
  const parsed = parseHcl(new SourceText('file:///p/a.tf', text));
  assert.deepEqual(parsed.problems, []);
  const [rg, x] = parsed.items;
  assert.equal(rg.node.k, 'block');
  const block = rg.node as Block;
  assert.equal(text.slice(rg.base + block.s, rg.base + block.open), 'resource "azurerm_resource_group" "rg" {');
  const name = block.body.items[0];
  assert.equal(name.k === 'attribute' && name.value.k === 'str' && name.value.value, 'rég');
  assert.equal(x.node.k === 'attribute' && text.slice(x.base + x.node.s, x.base + x.node.e), 'x = 1');
});

test('an unterminated string is closed at the end of its line: the rest of the file still parses', async () => {
  await loadTerraformGrammar();
  const text = [
    'resource "azurerm_resource_group" "rg" {',
    '  name     = "rg',
    '  location = "eastus"',
    '}',
    '',
    'resource "azurerm_storage_account" "sa" {',
    '  location = "eastasia"',
    '}',
    '',
  ].join('\n');
  const parsed = parseHcl(new SourceText('file:///p/u.tf', text));
  assert.deepEqual(labels(text, 'file:///p/u2.tf'), ['resource.azurerm_resource_group.rg', 'resource.azurerm_storage_account.sa']);
  const quote = text.indexOf('"rg\n');
  assert.equal(parsed.problems[0].span.start, quote);
  assert.equal(parsed.problems[0].span.end, quote + 1);
  assert.match(parsed.problems[0].message, /not terminated/);
  assert.equal(parsed.problems.length, 1);

  const result = await analyze({ 'u/main.tf': text });
  const sa = resource(result.resources, 'azurerm_storage_account.sa');
  assert.ok(sa, 'the resource after the broken string is read');
  assert.deepEqual(
    result.findings.map((f) => f.ruleId).filter((id) => !ENCRYPTION_RULES.includes(id)),
    ['syntax-error', 'region-proscribed'],
  );
});

test('several unterminated strings, and one on the last line, are all recovered', async () => {
  await loadTerraformGrammar();
  const text = 'a = "one\nb = "two\nresource "x" "y" {\n  c = 1\n}\nd = "three';
  const parsed = parseHcl(new SourceText('file:///p/m.tf', text));
  assert.deepEqual(
    parsed.problems.map((p) => p.span.startLine),
    [0, 1, 5],
  );
  assert.deepEqual(labels(text, 'file:///p/m2.tf'), ['a', 'b', 'resource.x.y', 'd']);
});

test('other syntax errors are reported where they are, and the rest of the file is read', async () => {
  await loadTerraformGrammar();
  const text = 'resource "a" "b" {\n  x = = 1\n}\n\nresource "c" "d" {\n  y = 2\n';
  const parsed = parseHcl(new SourceText('file:///p/e.tf', text));
  assert.ok(parsed.problems.length >= 1);
  assert.ok(parsed.problems.some((p) => p.span.startLine === 1), 'the stray = is reported on its line');
  assert.ok(parsed.problems.some((p) => /Missing '\}'/.test(p.message)), 'the missing brace is reported');
  assert.ok(labels(text, 'file:///p/e2.tf').includes('resource.c.d'));
});

test('an incremental re-parse gives the same tree as a fresh parse', async () => {
  await loadTerraformGrammar();
  const uri = 'file:///p/incremental.tf';
  let text = Array.from({ length: 40 }, (_, i) => `resource "azurerm_resource_group" "rg${i}" {\n  location = "eastus"\n}\n`).join('\n');
  parseHcl(new SourceText(uri, text));
  const edits: [string, string][] = [
    ['"rg7"', '"rg7x"'],
    ['location = "eastus"', 'location = "eastasia"'],
    ['rg20" {', 'rg20" {\n  tags = { a = "b" }'],
    ['resource "azurerm_resource_group" "rg3" {', 'resource "azurerm_resource_group" "rg3" {\n  name = "unterminated'],
    ['  name = "unterminated', '  name = "terminated"'],
  ];
  for (const [from, to] of edits) {
    text = text.replace(from, to);
    const incremental = parseHcl(new SourceText(uri, text));
    const fresh = parseHcl(new SourceText(`file:///p/fresh-${Math.random()}.tf`, text));
    assert.deepEqual(incremental.items, fresh.items, `after replacing ${from}`);
    assert.deepEqual(incremental.problems.map((p) => [p.span.start, p.message]), fresh.problems.map((p) => [p.span.start, p.message]));
  }
});

test('typing a string character by character, in a resource and in a heredoc, parses as a fresh parse does', async () => {
  await loadTerraformGrammar();
  const uri = 'file:///p/typing.tf';
  const base = Array.from({ length: 30 }, (_, i) => `resource "azurerm_resource_group" "rg${i}" {\n  location = "eastus"\n}\n`).join('\n');
  const heredoc = 'locals {\n  doc = <<EOT\nEOT\n}\n';
  let text = heredoc + base;
  parseHcl(new SourceText(uri, text));
  const places: [string, string][] = [
    ['rg12" {\n', '  name = "it\\"ar-rg"'],
    ['doc = <<EOT\n', 'say "hello'],
  ];
  for (const [after, typed] of places) {
    for (let k = 1; k <= typed.length; k++) {
      const at = text.indexOf(after) + after.length;
      const line = typed.slice(0, k) + '\n';
      const next = k === 1 ? text.slice(0, at) + line + text.slice(at) : text.slice(0, at) + line + text.slice(at + k);
      text = next;
      const incremental = parseHcl(new SourceText(uri, text));
      const fresh = parseHcl(new SourceText(`file:///p/typing-fresh-${k}-${typed.length}.tf`, text));
      assert.deepEqual(incremental.items, fresh.items, `typing ${JSON.stringify(typed.slice(0, k))}`);
      assert.deepEqual(
        incremental.problems.map((p) => [p.span.start, p.message]),
        fresh.problems.map((p) => [p.span.start, p.message]),
        `typing ${JSON.stringify(typed.slice(0, k))}`,
      );
    }
  }
  assert.ok(!parseHcl(new SourceText(uri, text)).problems.some((p) => /not terminated/.test(p.message) && p.span.startLine < 3), 'a quote in a heredoc is text');
});


test('an expression nested thousands of levels deep is read as undetermined; the rest of the file is still read', async () => {
  // Converting the grammar's tree recursed per level: five thousand levels overflowed the stack and lost the file.
  const deep = (n: number) => `${'('.repeat(n)}"eastus"${')'.repeat(n)}`;
  const text = `locals {\n  deep = ${deep(5000)}\n  sum  = ${Array.from({ length: 20_000 }, () => '1').join(' + ')}\n}\nresource "azurerm_resource_group" "hk" {\n  name     = "hk"\n  location = "eastasia"\n}\nresource "azurerm_resource_group" "deep" {\n  name     = "deep"\n  location = local.deep\n}\n`;
  const { findings } = await analyze({ 'main.tf': text });
  assert.deepEqual(findings.filter((f) => f.ruleId === 'syntax-error'), []);
  assert.equal(findings.filter((f) => f.ruleId === 'region-proscribed').length, 1);
  const unresolved = findings.filter((f) => f.ruleId === 'region-unresolved');
  assert.equal(unresolved.length, 1);
  assert.match(unresolved[0].message, /nested more than 1000 levels deep/);
});
