/**
 * Re-analysing Terraform after an edit reuses what the edit cannot have changed (parsed blocks, resource drafts);
 * whatever it reuses, the result must be exactly that of analysing the new text from scratch. Random edits —
 * characters typed or deleted, line breaks, a region replaced — land anywhere in the files of every Terraform
 * fixture folder (also with CRLF line endings) and of a generated large module, above all in the places other
 * declarations read: locations, `for_each` maps, variable defaults, local values, tfvars. After each edit, one
 * workspace that saw every earlier version and a fresh one must agree on every finding (rule, message, span,
 * related locations, fixes) and every resource (key, type, declaration, links, name and body, spans included).
 *
 * `npm test` makes a few edits per folder; INCREMENTAL_EDITS sets how many (and INCREMENTAL_SEED the seed).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { largeTerraform } from '../../../bench/lib/large-files';
import { ADAPTERS } from '../../../src/engine/formats';
import { isTerraformDocument } from '../../../src/engine/formats/terraform/document';
import { forget } from '../../../src/engine/formats/terraform/parse';
import type { Resource } from '../../../src/engine/model/resource';
import type { Span } from '../../../src/engine/model/span';
import * as V from '../../../src/engine/model/value';
import type { Possibility, Unknown, Value } from '../../../src/engine/model/value';
import { DEFAULT_POLICY, type RegionPolicy } from '../../../src/engine/regions/profiles';
import { Workspace, type AnalysisResult } from '../../../src/engine/workspace/workspace';
import { seededRandom } from '../../helpers/random';
import { adaptersReady, FIXTURES, fixtureFolders, folderSources } from '../../helpers/workspace';

const EDITS = Number(process.env.INCREMENTAL_EDITS ?? 3);
const SEED = Number(process.env.INCREMENTAL_SEED ?? 20261129);

/** Prefixes of the same length, so that normalising URIs keeps every offset of a message. */
const INCREMENTAL = 'file:///incr/';
const FRESH = 'file:///frsh/';

/** Where edits matter most: what other declarations read, and the places rules look at. */
const HOT = /location|for_each|default|locals|each\.|count|key_vault|= "|\[|\{|\}|\n/g;
const TYPED = ['a', 'x', '1', '"', ' ', '\n', '{', '}', '.', '=', '#', '-', '_', '[', ']', ',', '$'];
const REGIONS = ['eastus', 'eastasia', 'westeurope', 'chinaeast2', 'usgovvirginia'];

type Files = Map<string, string>;

function randomEdit(text: string, random: () => number, eol: string): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const hot = [...text.matchAll(HOT)];
  const at = hot.length && random() < 0.6 ? Math.min(text.length, pick(hot).index + Math.floor(random() * 6)) : Math.floor(random() * (text.length + 1));
  const roll = random();
  if (roll < 0.4) {
    const typed = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(TYPED).replace('\n', eol)).join('');
    return text.slice(0, at) + typed + text.slice(at);
  }
  if (roll < 0.8) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  // A quoted value replaced by a region, which the region rules judge.
  const quoted = [...text.matchAll(/"[a-z0-9]*"/g)];
  if (!quoted.length) return text + eol;
  const q = pick(quoted);
  return text.slice(0, q.index) + `"${pick(REGIONS)}"` + text.slice(q.index + q[0].length);
}

/** A finding or resource as plain data, values and lazily read names forced, URIs made comparable. */
function comparable(result: AnalysisResult, withSyntax: boolean): string {
  const span = (s: Span) => [s.uri, s.start, s.end, s.startLine, s.startCharacter, s.endLine, s.endCharacter];
  const value = (v: Value, depth = 0): unknown =>
    depth > 40 ? 'deep' : { options: v.options.map((p) => possibility(p, depth)), unknowns: v.unknowns.map(unknown) };
  const unknown = (u: Unknown) => ({ reason: u.reason, span: span(u.span), via: u.via.map(span), input: u.input && { ...u.input, declaration: span(u.input.declaration) } });
  const possibility = (p: Possibility, depth: number): unknown => {
    const common = { kind: p.kind, origin: span(p.origin), via: p.via.map(span) };
    switch (p.kind) {
      case 'scalar':
        return { ...common, value: p.value, literal: p.literal };
      case 'array':
        return { ...common, open: p.open, items: p.items.map((i) => value(i, depth + 1)) };
      case 'object':
        return { ...common, props: [...p.props].map(([k, prop]) => [k, prop.name, span(prop.nameSpan), value(prop.value, depth + 1)]) };
      default:
        return common;
    }
  };
  const resource = (r: Resource) => ({
    key: r.key,
    type: r.type,
    apiVersion: r.apiVersion,
    symbolicName: r.symbolicName,
    declaration: span(r.declaration),
    existing: r.existing,
    via: r.via.map(span),
    links: r.links.map((l) => ({ kind: l.kind, target: l.target, span: l.span && span(l.span) })),
    name: value(r.name),
    body: value(r.body),
  });
  const findings = result.findings.filter((f) => withSyntax || f.ruleId !== 'syntax-error').map((f) => ({ ...f, span: span(f.span), related: f.related.map((r) => ({ ...r, span: span(r.span) })), fixes: f.fixes }));
  return JSON.stringify({ findings, resources: result.resources.map(resource) });
}

function analyzeFresh(files: Files): AnalysisResult {
  const ws = new Workspace(ADAPTERS);
  for (const [name, text] of files) {
    forget(FRESH + name);
    ws.setText(FRESH + name, text);
  }
  return ws.analyze({ policy: DEFAULT_POLICY });
}

/** The parse of every document: its syntax tree and its problems. */
function parses(result: AnalysisResult): string {
  return JSON.stringify(result.documents.map((d) => [d.problems.map((p) => [p.span.start, p.span.end, p.message]), isTerraformDocument(d) ? d.items : []]));
}

/**
 * Edits the files one at a time, checking the incremental analysis against a fresh one after each edit. Where the
 * incremental parse itself differs from a fresh parse (its recovery from unterminated strings can differ on the
 * edited line), that is the parser's matter: the syntax problems are left out of the comparison, or the whole
 * edit when the trees differ. Returns how many edits were compared in full.
 */
function checkEdits(label: string, original: Files, edits: number, seed: number): number {
  const random = seededRandom(seed);
  const incremental = new Workspace(ADAPTERS);
  const files = new Map(original);
  for (const [name, text] of files) incremental.setText(INCREMENTAL + name, text);
  incremental.analyze({ policy: DEFAULT_POLICY });
  const names = [...files.keys()].filter((n) => /\.(tf|tfvars)$/.test(n));
  let full = 0;
  for (let i = 0; i < edits && names.length; i++) {
    // Now and then two edits (of one file or two) come before an analysis, as when the editor is quicker.
    const changed = Array.from({ length: random() < 0.2 ? 2 : 1 }, () => names[Math.floor(random() * names.length)]);
    for (const name of changed) {
      const text = files.get(name)!;
      // Now and then a file goes back to how it was, so that the edits do not pile up into noise.
      const next = random() < 0.1 ? original.get(name)! : randomEdit(text, random, text.includes('\r\n') ? '\r\n' : '\n');
      files.set(name, next);
      incremental.setText(INCREMENTAL + name, next);
    }
    const compared = compareWithFresh(incremental, files, `${label}, edit ${i + 1} of ${changed.join(' and ')}`);
    if (compared === 'full') full++;
  }
  return full;
}

/**
 * Analyses the incremental workspace and the files from scratch, and fails where they differ: in full, or without
 * the syntax problems where the parses differ in them only; not at all where the trees differ.
 */
function compareWithFresh(incremental: Workspace, files: Files, label: string): 'full' | 'without syntax' | 'trees differ' {
  const got = incremental.analyze({ policy: DEFAULT_POLICY });
  const want = analyzeFresh(files);
  const parsedAlike = parses(got).split(INCREMENTAL).join(FRESH) === parses(want);
  const treesAlike = parsedAlike || JSON.stringify(got.documents.map((d) => isTerraformDocument(d) && d.items)) === JSON.stringify(want.documents.map((d) => isTerraformDocument(d) && d.items));
  if (!treesAlike) return 'trees differ';
  const a = comparable(got, parsedAlike).split(INCREMENTAL).join(FRESH);
  const b = comparable(want, parsedAlike);
  if (a !== b) assert.fail(`${label}: ${firstDifference(JSON.parse(a), JSON.parse(b))}`);
  return parsedAlike ? 'full' : 'without syntax';
}

function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 300)} != ${JSON.stringify(b)?.slice(0, 300)}`;
}

function terraformFolders(): { label: string; files: Files }[] {
  const out: { label: string; files: Files }[] = [];
  for (const folder of fixtureFolders()) {
    const sources = folderSources(folder).filter((f) => /\.(tf|tfvars)$|\.terraform\.lock\.hcl$/.test(f));
    if (!sources.some((f) => f.endsWith('.tf'))) continue;
    const files: Files = new Map(sources.map((f) => [path.relative(FIXTURES, f).split(path.sep).join('/'), readFileSync(f, 'utf8')]));
    out.push({ label: path.relative(FIXTURES, folder), files });
  }
  return out;
}

function withCrlf(files: Files): Files {
  return new Map([...files].map(([name, text]) => [name.replace(/^/, 'crlf/'), text.replace(/\r?\n/g, '\r\n')]));
}

before(adaptersReady);
describe('an incremental Terraform analysis equals a fresh one', () => {
  const folders = terraformFolders();
  test('every Terraform fixture folder, edited at random', () => {
    assert.ok(folders.length > 20, 'the Terraform fixtures are found');
    const full = folders.reduce((n, { label, files }, i) => n + checkEdits(label, files, EDITS, SEED + i), 0);
    assert.ok(full > folders.length * EDITS * 0.8, `${full} edits compared in full`);
  });

  test('every fourth Terraform fixture folder, with CRLF line endings', () => {
    folders.forEach(({ label, files }, i) => {
      if (i % 4 === 0) checkEdits(`${label} (CRLF)`, withCrlf(files), EDITS, SEED + 1000 + i);
    });
  });

  test('a large generated module, LF and CRLF', () => {
    const text = largeTerraform(400, 3);
    checkEdits('large module', new Map([['large/main.tf', text]]), 6 * EDITS, SEED + 2000);
    checkEdits('large module (CRLF)', new Map([['large-crlf/main.tf', text.replace(/\n/g, '\r\n')]]), 3 * EDITS, SEED + 3000);
  });

  test('a module of two files read through resource references, for_each and tfvars, edited where the references lead', () => {
    const files: Files = new Map([
      [
        'refs/main.tf',
        ['locals {',
          '  rg_location = azurerm_resource_group.rg.location',
          '  tags        = { env = "prod" }',
          '}',
          'resource "azurerm_resource_group" "rg" {',
          '  name     = "rg"',
          '  location = var.region',
          '}',
          'resource "azurerm_storage_account" "sa" {',
          '  for_each                 = var.names',
          '  name                     = each.key',
          '  location                 = each.value',
          '  resource_group_name      = azurerm_resource_group.rg.name',
          '  account_tier             = "Standard"',
          '  account_replication_type = "LRS"',
          '  tags                     = local.tags',
          '}',
          'resource "azurerm_key_vault" "kv" {',
          '  name                = "kv"',
          '  location            = local.rg_location',
          '  resource_group_name = azurerm_resource_group.rg.name',
          '  sku_name            = "premium"',
          '  tenant_id           = "00000000-0000-0000-0000-000000000000"',
          '}',
          'resource "azurerm_linux_web_app" "app" {',
          '  name                = "app"',
          '  location            = azurerm_resource_group.rg.location',
          '  resource_group_name = azurerm_resource_group.rg.name',
          '  service_plan_id     = "p"',
          '  site_config {}',
          '}',
          '',
        ].join('\n'),
      ],
      ['refs/variables.tf', 'variable "region" {\n  default = "eastus"\n}\nvariable "names" {\n  default = { a = "eastus", b = "westus2" }\n}\n'],
      ['refs/terraform.tfvars', 'region = "westus2"\n'],
    ]);
    checkEdits('references', files, 12 * EDITS, SEED + 4000);
    checkEdits('references (CRLF)', withCrlf(files), 6 * EDITS, SEED + 5000);
  });

  test("azapi resources that read a provider configuration's default location, edited there and where it reads", () => {
    const azapi = (name: string, extra: string) => `resource "azapi_resource" "${name}" {\n  type      = "Microsoft.KeyVault/vaults@2023-02-01"\n  name      = "${name}"\n  parent_id = "/subscriptions/x"\n${extra}}\n`;
    const files: Files = new Map([
      ['providers/providers.tf', 'provider "azapi" {\n  default_location = var.region\n}\nprovider "azapi" {\n  alias            = "us"\n  default_location = "eastus"\n}\n'],
      ['providers/main.tf', [azapi('a', ''), azapi('b', '  provider = azapi.us\n'), azapi('c', '  location = "westus2"\n'), azapi('d', '  body = { location = "eastus" }\n')].join('\n')],
      ['providers/variables.tf', 'variable "region" {\n  default = "eastasia"\n}\n'],
    ]);
    checkEdits('provider defaults', files, 12 * EDITS, SEED + 6000);
    // The resource block is untouched by an edit of the provider block it reads, and must not be reused as it was.
    const ws = new Workspace(ADAPTERS);
    for (const [name, text] of files) ws.setText(INCREMENTAL + name, text);
    const located = () => V.strings(V.member(ws.analyze({ policy: DEFAULT_POLICY }).resources.find((r) => r.key.endsWith('.a'))!.body, 'location')).map((p) => p.value);
    assert.deepEqual(located(), ['eastasia']);
    ws.setText(`${INCREMENTAL}providers/providers.tf`, files.get('providers/providers.tf')!.replace('var.region', '"usgovvirginia"'));
    assert.deepEqual(located(), ['usgovvirginia']);
    ws.setText(`${INCREMENTAL}providers/providers.tf`, files.get('providers/providers.tf')!);
    ws.setText(`${INCREMENTAL}providers/variables.tf`, files.get('providers/variables.tf')!.replace('eastasia', 'westus3'));
    assert.deepEqual(located(), ['westus3']);
  });

  test("resources whose provider configuration names the China cloud, edited only in the provider block", () => {
    const files: Files = new Map([
      ['cloud/providers.tf', 'provider "azurerm" {\n  features {}\n  environment = "public"\n}\n'],
      ['cloud/main.tf', 'resource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = "eastus"\n}\n'],
    ]);
    checkEdits('provider environment', files, 4 * EDITS, SEED + 6500);
    const ws = new Workspace(ADAPTERS);
    for (const [name, text] of files) ws.setText(INCREMENTAL + name, text);
    const proscribed = () => ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'region-proscribed').map((f) => f.resources.length);
    assert.deepEqual(proscribed(), []);
    ws.setText(`${INCREMENTAL}cloud/providers.tf`, files.get('cloud/providers.tf')!.replace('public', 'china'));
    assert.deepEqual(proscribed(), [1]);
    ws.setText(`${INCREMENTAL}cloud/providers.tf`, files.get('cloud/providers.tf')!);
    assert.deepEqual(proscribed(), []);
  });
});

test('a separate resource that configures another, edited alone, rewords the findings of the one it configures', () => {
  // The storage account's block is untouched and its evaluation may be reused; how its findings name settings is
  // not: the separate key resource's arguments while there is one, else the account's own block.
  const name = 'configuring/main.tf';
  const fixture = readFileSync(path.join(FIXTURES, 'encryption/storage-account-azurerm/defaults/terraform/main.tf'), 'utf8');
  const separate = /resource "azurerm_storage_account_customer_managed_key"[^]*?\n}\n/;
  // Last in the file, away from the account's block, which an edit there leaves as it was parsed.
  const original = `${fixture.replace(separate, '')}\n${separate.exec(fixture)![0]}`;
  const steps = [
    original.replace(/ {2}key_vault_key_id {3}.*\n/, ''),
    original.replace(separate, ''),
    original.replace(/ {2}key_vault_key_id {3}.*\n/, ''),
    original.replace(separate, '').replace('infrastructure_encryption_enabled = true', 'infrastructure_encryption_enabled = false'),
    original,
  ];
  const incremental = new Workspace(ADAPTERS);
  incremental.setText(INCREMENTAL + name, original);
  incremental.analyze({ policy: DEFAULT_POLICY });
  const messages = new Set<string>();
  for (const [i, text] of steps.entries()) {
    if (i < steps.length - 1) assert.notEqual(text, original, `step ${i + 1} changes the file`);
    incremental.setText(INCREMENTAL + name, text);
    assert.equal(compareWithFresh(incremental, new Map([[name, text]]), `step ${i + 1}`), 'full');
    const found = incremental.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'cmk-missing' && f.resources.some((k) => k.endsWith('azurerm_storage_account.separate')));
    for (const f of found) messages.add(f.message);
  }
  // The account's finding was worded both ways: through the separate resource, and through its own block.
  assert.equal(messages.size, 2, [...messages].join('\n'));
});

test("a default's copy in the paired region, of a resource an edit above it moved, is judged as before the move", () => {
  // A Recovery Services vault in Southeast Asia keeps a copy in Hong Kong by the provider's default: reported at its
  // declaration where its own region is allowed, and not where its region is reported already.
  const name = 'moved-default/main.tf';
  const original = readFileSync(path.join(FIXTURES, 'region/backup-vault-default/terraform/main.tf'), 'utf8');
  const edited = original.replace('the provider', 'the azurerm provider');
  const copies = (result: AnalysisResult) => result.findings.filter((f) => f.ruleId === 'region-proscribed').map((f) => f.span.start);
  const notProscribed: RegionPolicy = { profile: 'not-proscribed' };
  for (const policy of [DEFAULT_POLICY, notProscribed]) {
    const incremental = new Workspace(ADAPTERS);
    incremental.setText(INCREMENTAL + name, original);
    const before = incremental.analyze({ policy });
    incremental.setText(INCREMENTAL + name, edited);
    const after = incremental.analyze({ policy });
    const declared = edited.indexOf('resource "azurerm_recovery_services_vault" "rsv"');
    assert.deepEqual(copies(after), policy === DEFAULT_POLICY ? [] : [declared], policy.profile);
    assert.deepEqual(copies(before).map((at) => at + edited.length - original.length), copies(after), policy.profile);
  }
  const incremental = new Workspace(ADAPTERS);
  incremental.setText(INCREMENTAL + name, original);
  incremental.analyze({ policy: DEFAULT_POLICY });
  incremental.setText(INCREMENTAL + name, edited);
  assert.equal(compareWithFresh(incremental, new Map([[name, edited]]), 'after the edit'), 'full');
});

test('blocks an edit cannot affect keep their evaluation; the edited block and what reads it are evaluated again', () => {
  const uri = `${INCREMENTAL}reuse/main.tf`;
  const block = (name: string, location: string) => `resource "azurerm_resource_group" "${name}" {\n  location = ${location}\n}\n`;
  const text = (edited: string) => [block('a', '"eastus"'), block('b', edited), block('c', 'azurerm_resource_group.b.location'), block('d', '"westus2"')].join('\n');
  const ws = new Workspace(ADAPTERS);
  ws.setText(uri, text('"eastus"'));
  const before = ws.analyze({ policy: DEFAULT_POLICY }).resources;
  ws.setText(uri, text('"eastasia"'));
  const after = ws.analyze({ policy: DEFAULT_POLICY }).resources;
  const body = (rs: readonly Resource[], name: string) => rs.find((r) => r.key.endsWith(`.${name}`))!.body;
  assert.equal(body(after, 'a'), body(before, 'a'), 'before the edit: reused as it was');
  assert.notEqual(body(after, 'b'), body(before, 'b'), 'the edited block');
  assert.notEqual(body(after, 'c'), body(before, 'c'), 'a block that reads the edited one');
  const location = (rs: readonly Resource[], name: string) => V.strings(V.member(body(rs, name), 'location')).map((p) => [p.value, p.origin.start, p.origin.startLine]);
  assert.deepEqual(location(after, 'c'), [['eastasia', text('"eastasia"').indexOf('"eastasia"'), 5]]);
  assert.deepEqual(location(after, 'd'), [['westus2', text('"eastasia"').indexOf('"westus2"'), 13]], 'after the edit: moved by its length');
});

/** Weak references to the resources of one analysis (a body an edit did not move is shared with the next). */
function evaluatedBy(result: AnalysisResult): WeakRef<Resource>[] {
  return result.resources.map((r) => new WeakRef(r));
}

test('what an analysis evaluated is let go once later ones stop reusing it: memory stays bounded while typing', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const uri = `${INCREMENTAL}typing/main.tf`;
  let text = largeTerraform(1000, 5);
  const ws = new Workspace(ADAPTERS);
  ws.setText(uri, text);
  const first = evaluatedBy(ws.analyze({ policy: DEFAULT_POLICY }));
  // Typing in one string after another, spread over the file: each edit reuses the blocks it does not touch, which
  // were evaluated at different times, until they have been moved too often and are evaluated again.
  for (let i = 0; i < 80; i++) {
    const at = text.indexOf('= "', Math.floor(((Math.floor(i / 2) % 20) + 1) * (text.length / 22))) + 3;
    text = i % 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + 'x' + text.slice(at);
    ws.setText(uri, text);
    ws.analyze({ policy: DEFAULT_POLICY });
  }
  // A weak reference keeps its target until the job that made it ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.ok(first.length > 50);
  assert.equal(first.filter((r) => r.deref() !== undefined).length, 0, 'the first analysis is still held');
});
