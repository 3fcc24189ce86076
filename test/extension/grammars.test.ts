import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const grammars: { scopeName: string; path: string; injectTo?: string[] }[] = manifest.contributes.grammars;
const INJECTION = 'comment.itar-guard.suppression';

const onig = (async () => {
  const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return { createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) };
})();

/**
 * A stand-in for VS Code's JSON with Comments grammar, written the way it matches comments: a line comment is
 * one `match`, which leaves an injection nothing inside it to apply to.
 */
const JSONC_STAND_IN = {
  scopeName: 'source.json.comments',
  patterns: [
    { name: 'comment.line.double-slash.js', match: '(//).*$\\n?' },
    { name: 'comment.block.json', begin: '/\\*', end: '\\*/' },
    { name: 'string.quoted.double.json', begin: '"', end: '"' },
  ],
};

const registry = new Registry({
  onigLib: onig,
  loadGrammar: async (scopeName) => {
    if (scopeName === JSONC_STAND_IN.scopeName) return parseRawGrammar(JSON.stringify(JSONC_STAND_IN), 'jsonc.json');
    const g = grammars.find((x) => x.scopeName === scopeName);
    return g ? parseRawGrammar(readFileSync(path.join(ROOT, g.path), 'utf8'), g.path) : null;
  },
  getInjections: (scopeName) => grammars.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
});

/** The scopes of each token whose text matches, line by line. */
async function tokens(scopeName: string, text: string): Promise<{ text: string; scopes: string[] }[]> {
  const grammar = (await registry.loadGrammar(scopeName)) as IGrammar;
  const out: { text: string; scopes: string[] }[] = [];
  let state = INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}

function scopeOf(toks: { text: string; scopes: string[] }[], text: string): string[] {
  const t = toks.find((x) => x.text === text);
  assert.ok(t, `no token '${text}' in ${JSON.stringify(toks.map((x) => x.text))}`);
  return t.scopes;
}

test('every contributed grammar file exists and names its scope', () => {
  for (const g of grammars) assert.equal(JSON.parse(readFileSync(path.join(ROOT, g.path), 'utf8')).scopeName, g.scopeName);
  assert.ok(grammars.find((g) => g.scopeName === INJECTION)?.injectTo?.includes('source.json.comments'));
});

test('Bicep: declarations, decorators, strings with interpolation, comments', async () => {
  const toks = await tokens('source.itar-guard.bicep', "@allowed([\n  'usgovvirginia'\n])\nparam location string = 'us${suffix}'\n/* block */ resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  location: location // trailing\n}\nvar x = '''\nmulti\n'''");
  assert.ok(scopeOf(toks, 'allowed').includes('entity.name.function.decorator.bicep'));
  assert.ok(scopeOf(toks, 'param').includes('keyword.control.declaration.bicep'));
  assert.ok(scopeOf(toks, 'resource').includes('keyword.control.declaration.bicep'));
  assert.ok(scopeOf(toks, 'suffix').includes('meta.template.expression.bicep'));
  assert.ok(scopeOf(toks, ' trailing').some((s) => s.startsWith('comment.line.double-slash')));
  assert.ok(scopeOf(toks, ' block ').includes('comment.block.bicep'));
  assert.ok(scopeOf(toks, 'multi').includes('string.quoted.multi.bicep'));
  const bicepparam = await tokens('source.itar-guard.bicepparam', "using 'main.bicep'\nparam location = 'eastus'");
  assert.ok(scopeOf(bicepparam, 'using').includes('keyword.control.declaration.bicep'));
});

test('Terraform: blocks, attributes, templates, heredocs, comments', async () => {
  const toks = await tokens('source.itar-guard.terraform', 'resource "azurerm_storage_account" "sa" {\n  location = "${var.region}-x" # note\n  tags = {\n    a = 1\n  }\n  policy = <<-EOT\n    text ${local.v}\n  EOT\n}');
  assert.ok(scopeOf(toks, 'resource').includes('storage.type.block.hcl'));
  assert.ok(scopeOf(toks, 'location').includes('variable.other.property.hcl'));
  assert.ok(scopeOf(toks, 'var').includes('variable.language.hcl'));
  assert.ok(scopeOf(toks, ' note').includes('comment.line.number-sign.hcl'));
  assert.ok(scopeOf(toks, '    text ').includes('string.unquoted.heredoc.hcl'));
  assert.ok(scopeOf(toks, 'local').includes('meta.template.expression.hcl'));
  const tfvars = await tokens('source.itar-guard.tfvars', 'location = "eastus"');
  assert.ok(scopeOf(tfvars, 'location').includes('variable.other.property.hcl'));
});

test('itar-guard-ignore comments are highlighted in every comment syntax of the formats', async () => {
  const cases: [string, string][] = [
    ['source.itar-guard.bicep', "// itar-guard-ignore region-proscribed, region-global: approved by the office\nparam location string = 'eastasia'"],
    ['source.itar-guard.bicep', "/* itar-guard-ignore region-proscribed: approved by the office */ param location string = 'eastasia'"],
    ['source.itar-guard.terraform', '# itar-guard-ignore region-proscribed: approved by the office\nlocation = "eastasia"'],
    ['source.itar-guard.terraform', '// itar-guard-ignore region-proscribed: approved by the office\nlocation = "eastasia"'],
    ['source.json.comments', '{\n  // itar-guard-ignore region-proscribed: approved by the office\n  "location": "eastasia"\n}'],
    ['source.json.comments', '{\n  /* itar-guard-ignore region-proscribed: approved by the office */ "location": "eastasia"\n}'],
  ];
  for (const [scope, text] of cases) {
    const toks = await tokens(scope, text);
    assert.ok(scopeOf(toks, 'itar-guard-ignore').includes('keyword.control.directive.suppression.itar-guard'), text);
    assert.ok(toks.find((t) => t.text.startsWith('region-proscribed'))?.scopes.includes('entity.name.tag.rule-id.itar-guard'), text);
    assert.ok(toks.find((t) => t.text.startsWith('approved by the office'))?.scopes.includes('string.unquoted.justification.itar-guard'), text);
  }
  // Outside comments the marker is plain text.
  for (const [scope, text] of [
    ['source.itar-guard.bicep', "var s = 'itar-guard-ignore'"],
    ['source.json.comments', '{ "note": "// itar-guard-ignore region-proscribed: x" } // other comment'],
  ]) {
    const code = await tokens(scope, text);
    assert.ok(!code.some((t) => t.scopes.includes('keyword.control.directive.suppression.itar-guard')), text);
  }
});
