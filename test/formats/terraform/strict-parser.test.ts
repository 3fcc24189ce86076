/**
 * The strict parser reads well-formed HCL into exactly the tree that tree-sitter's parse gives once converted, and
 * gives up on anything else. Compared on every Terraform fixture, on the generated 5,000-line module (LF and CRLF),
 * on constructs chosen for their corners, and on seeded random mutations of the fixtures: whenever the strict
 * parser reads a text, tree-sitter must find no error in it and give the same items, ranges included.
 *
 * STRICT_MUTATIONS sets how many mutations per fixture file (and STRICT_SEED the seed).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { largeTerraform } from '../../../bench/lib/large-files';
import { convertTopItems } from '../../../src/engine/formats/terraform/convert';
import { loadTerraformGrammar, type TerraformGrammar } from '../../../src/engine/formats/terraform/grammar';
import { forget, parseHcl } from '../../../src/engine/formats/terraform/parse';
import { readStrict } from '../../../src/engine/formats/terraform/strict-parser';
import type { Expr, TopItem } from '../../../src/engine/formats/terraform/syntax';
import { SourceText } from '../../../src/engine/model/span';
import { seededRandom } from '../../helpers/random';
import { FIXTURES, filesIn } from '../../helpers/workspace';
import { parity } from '../../../scripts/lib/terraform-parity';

const MUTATIONS = Number(process.env.STRICT_MUTATIONS ?? 6);
const SEED = Number(process.env.STRICT_SEED ?? 20261129);

let grammar: TerraformGrammar;
before(async () => {
  grammar = (await loadTerraformGrammar())!;
});

/** tree-sitter's reading of a text: its converted items, and whether the tree has an error or a string over lines. */
function treeSitter(text: string): { items: TopItem[]; clean: boolean } {
  const tree = grammar.parser.parse(text)!;
  try {
    const converted = convertTopItems(grammar, tree, text);
    return { items: converted.items, clean: !tree.rootNode.hasError && converted.runaway === undefined };
  } finally {
    tree.delete();
  }
}

/** Asserts that if the strict parser reads `text`, tree-sitter reads it the same way; says whether it read it. */
let compared = 0;

/**
 * Whether the strict parser read the text whole; either way it must agree with tree-sitter (see `parity`): what it
 * reads, tree-sitter reads the same, and what it gives up on, the file's parse still reads as tree-sitter does.
 */
function agrees(text: string, what: string): boolean {
  const uri = `file:///strict/parity${compared++}.tf`;
  const result = parity(grammar, text, uri);
  forget(uri);
  assert.notEqual(result.kind, 'differs', `${what}: ${result.kind === 'differs' ? result.why : ''}:\n${text}`);
  return result.kind === 'read';
}

const TERRAFORM_FIXTURES = filesIn(FIXTURES).filter((f) => /\.tf(vars)?$/.test(f));

test('every Terraform fixture and the generated large module read the same with both parsers', () => {
  assert.ok(TERRAFORM_FIXTURES.length > 100);
  const texts = TERRAFORM_FIXTURES.map((f) => [f, readFileSync(f, 'utf8')] as const);
  const large = largeTerraform(5000, 3);
  texts.push(['large', large], ['large, CRLF', large.replace(/\n/g, '\r\n')]);
  for (const [what, text] of texts) assert.ok(agrees(text, what), `${what}: the strict parser gave up on a well-formed file`);
});

/** Constructs whose tree has corners: parentheses, precedence, splats, templates, heredocs, comments, for. */
const CORNERS = [
  'a = (x) ? (y) : (z)\nb = x ? y : z ? p : q\nc = x ? y ? 1 : 2 : w ? 3 : (4)\n',
  'd = -a.b + (c) * 2 - -1\ne = !x && y || z == 1 != false\nf = 1 < 2 && 3 >= 4 || 5 <= 6 && 7 > 8 % 9 / 1\n',
  'g = x[*].a[0].b\ngg = x[*].0.a\ngh = x.*.1[2]\nh = x.*.a\ni = x.0.y\nj = (a).b[1]\nk = f(x)[0].y\nl = x[*][0]\n',
  'm = {for k, v in m : k => v... if v}\nn = [for x in y : x.id if x != null]\no = {for s in l : s => upper(s)}\n',
  'p = f(a, b...)\nq = merge([for x in y : {a = x}]...)\nr = f()\ns = f(a,)\nt = provider::azurerm::parse(x)\n',
  'u = { a = 1, "b" = 2, (c) = 3 d: 4 }\nv = {\n  a = 1\n  b = [\n    1,\n    2,\n  ]\n}\nw = {}\nx = []\n',
  'y = "a\\nb\\"\\\\c$${x}%%{y}"\nz = "  x ${y}  z  "\naa = "${a} ${b}"\nab = "${"nested ${x}"}"\nac = ""\n',
  'ad = <<EOT\nline1\n  ${var.x} line2\nEOT\nae = <<-EOT\n    hello ${var.x}\n      world\n    EOT\naf = <<EOT\nEOT\n',
  'ag = 1.5\nah = 0x1F\nai = 1.5e3\naj = true\nak = null\nal = false\n',
  '# comment\n// another\n/* block\ncomment */ am = /* in */ 1 # after\nan = [ # in a list\n  1, // one\n]\n',
  'resource "a" b {\n  n = 1 # c\n  dynamic "x" {\n    for_each = var.y\n    content { v = x.value }\n  }\n}\nlocals { a = 1 }\nterraform {}\n',
  'ao = a-b\nap = a - b\naq = var.for_each\nar = each.key\nas = count.index + 1\nat = local.a["b"].c\n',
  'resource "a" "b" {\r\n  x = "y"\r\n}\r\n',
  'aé = "ü"\nau = var.ñ\n',
  '',
  '\n\n# only a comment\n',
];

test('constructs with corners read the same with both parsers', () => {
  for (const text of CORNERS) assert.ok(agrees(text, 'corner'), `the strict parser gave up on:\n${text}`);
});

/**
 * Texts on which the two parsers once disagreed (found by grammar-based fuzzing): the strict parser must read them
 * as tree-sitter does, or give up.
 */
const ONCE_DISAGREED = [
  'a = "$$${x}"\n',
  'a = "%%%{x}"\n',
  'a = "$$"\nb = "%%"\n',
  'a = <<A\nA${x}\nA\n',
  'a = <<EOT\nEOT$${x}\nEOT\n',
  'a = <<EOT\nEOT\v\n== <<EOT\nEOT\n',
  'a = <<EOT\nx\n\fEOT\nEOT\n',
  'a = <<EOT\nx\n\rEOT\nEOT\n',
  'a = "x\0y"\n',
  'a = <<EOT\nx\0y\nEOT\n',
  '# a\0b\nc = 1\n',
  '/* \0 */ c = 1\n',
  'a\uA7CE = 1\n',
  'x = \u0C5Cb\n',
  'x = true.x\ny = null.z\n',
  'x = "${["}"]\n}"\n',
  'x = "$$${\nx}"\n',
  'x = "${<<A\n}\nA\n}"\n',
  'x = "${a # }\n}"\n',
];

test('texts the two parsers once read differently: the strict parser agrees with tree-sitter or gives up', () => {
  for (const text of ONCE_DISAGREED) agrees(text, JSON.stringify(text));
});

test('a valid string in a broken block is not reported as unterminated', () => {
  for (const value of ['"${["}"]\n}"', '"$$${\nx}"', '"${<<A\n}\nA\n}"']) {
    const text = `resource "a" "b" {\n  x = ${value}\n  y = = 1\n}\n`;
    const problems = parseHcl(new SourceText('file:///strict/valid-string.tf', text)).problems;
    assert.ok(problems.length > 0, 'the stray = is a problem');
    assert.ok(!problems.some((p) => /not terminated/.test(p.message)), `${value}: ${problems.map((p) => p.message).join('; ')}`);
  }
});

test('an edit that changes how the text before it ends reads as a fresh parse', () => {
  const rest = 'resource "c" "d" {\n  y = 2\n}\n\nresource "e" "f" {\n  z = 3\n}\n';
  const cases: [string, string][] = [
    // The strict parser looks a few characters past an item to see where it ends.
    ['a = 1\n..x\n', 'a = 1\n.xx\n'],
    ['a = 1\n=x\n', 'a = 1\n==x\n'],
    // An unclosed block, heredoc or comment is given up on only at the end of the text: closing it there counts.
    [`resource "a" "b" {\n  x = 1\n\n${rest}`, `resource "a" "b" {\n  x = 1\n\n${rest}}\n`],
    [`locals {\n  h = <<EOT\nx\n}\n${rest}`, `locals {\n  h = <<EOT\nx\n}\n${rest}EOT\n}\n`],
    [`/* open\n${rest}`, `/* open\n${rest}*/\n`],
  ];
  for (const [before, after] of cases) {
    const uri = 'file:///strict/lookahead.tf';
    forget(uri);
    parseHcl(new SourceText(uri, before));
    const edited = parseHcl(new SourceText(uri, after));
    const fresh = parseHcl(new SourceText('file:///strict/fresh.tf', after));
    assert.deepStrictEqual(edited.items, fresh.items, JSON.stringify(after));
    assert.deepStrictEqual(edited.problems.map((p) => [p.message, p.span.start]), fresh.problems.map((p) => [p.message, p.span.start]), JSON.stringify(after));
    forget(uri);
    forget('file:///strict/fresh.tf');
  }
});

test('chained conditionals read from the right, and templates keep their spaces, whichever parser reads them', () => {
  const text = 'a = x ? 1 : y ? 2 : 3\nb = "${p} and ${q}"\nc = <<EOT\none\nEOT\n';
  const expected = (items: readonly TopItem[]) => items.map((i) => (i.node.k === 'attribute' ? shape(i.node.value) : ''));
  const shapes = ['(x ? 1 : (y ? 2 : 3))', '[p][" and "][q]', '"one\\n"'];
  assert.deepEqual(expected(readStrict(text).items), shapes);
  assert.deepEqual(expected(treeSitter(text).items), shapes);
});

function shape(x: Expr): string {
  switch (x.k) {
    case 'cond':
      return `(${shape(x.test)} ? ${shape(x.then)} : ${shape(x.else)})`;
    case 'var':
      return x.name;
    case 'lit':
    case 'str':
      return JSON.stringify(x.value);
    case 'tpl':
      return x.parts.map((p) => `[${typeof p === 'string' ? JSON.stringify(p) : shape(p)}]`).join('');
    default:
      return x.k;
  }
}

test('valid files the strict parser gives up on keep their items: a line inside an item is not taken for the next', () => {
  const texts = [
    'resource "azurerm_linux_virtual_machine" "vm" {\n  custom_data = base64encode(<<EOT\nimport sys\noutput: x\n%{ for x in var.xs ~}\nprint("${x}")\n%{ endfor ~}\nEOT\n  )\n}\nresource "a" "b" {}\n',
    'locals {\ndata = "caf\\u00e9"\n}\n',
  ];
  for (const text of texts) {
    assert.notEqual(readStrict(text).failedAt, undefined, `the strict parser read:\n${text}`);
    assert.equal(agrees(text, 'valid'), false);
  }
});

test('the strict parser gives up on what tree-sitter must decide', () => {
  const broken = [
    'a = "unterminated\nb = 1\n',
    'a = \n',
    'resource "a" "b" {\n  x = 1\n',
    'a = "${x}%{ if y }z%{ endif }"\n',
    'a = "\\u00e9"\n',
    'a = "${~ x ~}"\n',
    'a = <<EOT\nno end\n',
    '{ "a": 1 }\n',
    'a = 1 +\n',
    'resource "${x}" "b" {}\n',
    'a = b c = d\n} \n',
    '\uFEFFa = 1\n',
    'a = ' + '['.repeat(400) + ']'.repeat(400) + '\n',
  ];
  for (const text of broken) assert.notEqual(readStrict(text).failedAt, undefined, `the strict parser read:\n${text}`);
});

test('on mutated fixtures, whatever the strict parser reads, tree-sitter reads the same', () => {
  const random = seededRandom(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const pieces = ['"', '{', '}', '[', ']', '(', ')', '=', '.', ',', '?', ':', '$', '${', '%{', '#', '//', '/*', '*/', '<<EOT\n', '\n', ' ', 'x', '1', '-', '*', '...', '\\', '=>', 'for ', ' in '];
  let read = 0;
  let refused = 0;
  for (const file of TERRAFORM_FIXTURES) {
    const original = readFileSync(file, 'utf8');
    for (let m = 0; m < MUTATIONS; m++) {
      let text = original;
      for (let k = 1 + Math.floor(random() * 2); k > 0; k--) {
        const at = Math.floor(random() * (text.length + 1));
        text = random() < 0.5 ? text.slice(0, at) + pick(pieces) + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
      }
      if (agrees(text, `${file}, mutation ${m}`)) read++;
      else refused++;
    }
  }
  // Both outcomes occur, so both halves of the property were exercised.
  assert.ok(read > 50 && refused > 50, `read ${read}, refused ${refused}`);
});

test('after an edit, the strict parser re-reads only around it, and the result is a fresh read', () => {
  const uri = 'file:///strict/edit.tf';
  const random = seededRandom(SEED + 1);
  let text = '# A header comment before the first block.\n\n' + largeTerraform(400, 5);
  forget(uri);
  let items = parseHcl(new SourceText(uri, text)).items;
  for (let round = 0; round < 40; round++) {
    // Mostly a character typed into a string; every fourth round, an attribute typed in front of the header.
    const header = round % 4 === 3;
    const at = header ? 0 : text.indexOf('= "', Math.floor(random() * text.length)) + 3;
    if (at < 3 && !header) continue;
    const next = text.slice(0, at) + (header ? `z${round} = 1\n` : 'x') + text.slice(at);
    const again = parseHcl(new SourceText(uri, next));
    assert.deepEqual(again.problems, []);
    assert.deepStrictEqual(again.items, readStrict(next).items);
    // The items away from the edit are the same objects: the resource drafts built from them are reused.
    const kept = again.items.filter((i) => items.some((o) => o.node === i.node)).length;
    assert.ok(kept >= again.items.length - 2, `${kept} of ${again.items.length} items kept`);
    items = again.items;
    text = next;
  }
  forget(uri);
});
