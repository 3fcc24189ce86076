/**
 * The direct reading of well-formed JSON gives exactly the tree of the tolerant reading (jsonc-parser's), and gives
 * up wherever that reading finds a problem or prepares the text: checked on edge cases, on every JSON file of the
 * fixtures and examples, and on thousands of one-character edits of them, the way a user's typing breaks a file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Node as JsonNode } from 'jsonc-parser';
import * as path from 'node:path';
import { test } from 'node:test';
import { wellFormedTree } from '../../src/engine/formats/arm/json-tree';
import { MAX_DEPTH, parseJsonc, parseTolerantly } from '../../src/engine/formats/arm/jsonc';
import { SourceText } from '../../src/engine/model/span';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Asserts that two trees are the same: every node with the same fields (a root without `parent` in both), values
 * and children, parents pointing at the corresponding nodes. Iterative, for the deepest nesting allowed.
 */
function assertSameTree(a: JsonNode, b: JsonNode, label: string): void {
  const counterpart = new Map<JsonNode, JsonNode>();
  const stack: [JsonNode, JsonNode][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    counterpart.set(x, y);
    assert.deepEqual(Object.keys(x).sort(), Object.keys(y).sort(), label);
    for (const key of ['type', 'offset', 'length', 'value', 'colonOffset'] as const) assert.ok(Object.is(x[key], y[key]), `${label}: ${key} of the node at ${x.offset}`);
    if (x.parent) assert.equal(counterpart.get(x.parent), y.parent, `${label}: parent of the node at ${x.offset}`);
    assert.equal(x.children?.length, y.children?.length, `${label}: children of the node at ${x.offset}`);
    x.children?.forEach((child, i) => stack.push([child, y.children![i]]));
  }
}

/** Whether the direct reading agrees with the tolerant one; true when it read the text itself. */
function agrees(text: string, strict: boolean, label: string): boolean {
  const direct = wellFormedTree(text, strict, MAX_DEPTH);
  const tolerant = parseTolerantly(new SourceText('file:///t.json', text), strict);
  const clean = !tolerant.problems.length && tolerant.text === text && tolerant.root !== undefined;
  if (direct) {
    assert.ok(clean, `${label}: read directly, but the tolerant reading finds problems or prepares the text`);
    assertSameTree(direct, tolerant.root!, label);
  } else {
    assert.ok(!clean, `${label}: given up, though the tolerant reading finds nothing to say`);
  }
  return !!direct;
}

const DIRECT = [
  '{}',
  '[]',
  ' \t\r\n{ "a" : 1 } \n',
  '{"a": {"b": [1, 2.5, -0, -3e2, 4E+5, 6e-7, 0.125, 1e400]}}',
  '{"s": "esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 end"}',
  '{"unicode": "\u2028 é 中", "del": "\u007f"}',
  '{"dup": 1, "dup": 2}',
  '"top"',
  '42',
  'true',
  'null',
  '{"a": true, "b": false, "c": null}',
  '// a comment\n{ /* inside */ "a": 1 // after\n}',
  '{"a": [1, 2,], "b": 3,}',
  '{"a":1}\r\n// trailing comment',
  '/**/{"a":/**/1}',
  '[' .repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH),
];

const GIVEN_UP = [
  '',
  '   \n// only a comment\n',
  '{"a": 1',
  '{"a" 1}',
  '{a: 1}',
  '{"a": 01}',
  '{"a": 1.}',
  '{"a": .5}',
  '{"a": -}',
  '{"a": 1e}',
  '{"a": 1.5.2}',
  '{"a": 1-2}',
  '{"a": truex}',
  '{"a": nul}',
  '{"a": "x\\q"}',
  '{"a": "\\u12G4"}',
  '{"a": "tab\there"}',
  '{"a": "line\nbreak"}',
  '{"a": "multi\n  line"}',
  '{"a": "unterminated}',
  '{"a": 1,,}',
  '[1 2]',
  '{"a": 1} {"b": 2}',
  '{"a": 1}\u00a0',
  '{"a": 1} /* open',
  '{"a": 1} /',
  '[' .repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1),
];

test('edge cases: read directly where the tolerant reading has nothing to say, and the same tree', () => {
  for (const text of DIRECT) assert.equal(agrees(text, false, JSON.stringify(text.slice(0, 60))), true, JSON.stringify(text.slice(0, 60)));
});

test('edge cases: a syntax error, a raw line break or control character in a string, an unknown character, nesting beyond the limit or an empty text are left to the tolerant reading', () => {
  for (const text of GIVEN_UP) assert.equal(agrees(text, false, JSON.stringify(text.slice(0, 60))), false, JSON.stringify(text.slice(0, 60)));
});

test('strict reading (Terraform JSON): comments and trailing commas are left to the tolerant reading, which reports them', () => {
  for (const text of ['{"a": 1} // c', '{"a": [1,]}', '{"a": 1,}', '/* c */ {}']) assert.equal(agrees(text, true, text), false, text);
  for (const text of ['{"a": [1, {"b": null}]}', '  "x"  ']) assert.equal(agrees(text, true, text), true, text);
});

test('parseJsonc gives the direct tree when there is one, and the tolerant reading with its problems otherwise', () => {
  const good = parseJsonc(new SourceText('file:///g.json', '{"a": [1]}'));
  assert.deepEqual(good.problems, []);
  assert.equal(good.root?.children?.[0].children?.[1].children?.[0].value, 1);
  const bad = parseJsonc(new SourceText('file:///b.json', '{"a": [1}'));
  assert.ok(bad.problems.length);
  assert.equal(bad.root?.type, 'object');
});

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) jsonFiles(full, out);
    else if (/\.jsonc?$/.test(name)) out.push(full);
  }
  return out;
}

const FILES = [...jsonFiles(path.join(ROOT, 'test', 'fixtures')), ...jsonFiles(path.join(ROOT, 'examples'))];
// What typing inserts, including what breaks JSON: punctuation, quotes, escapes, comment starts, line breaks.
const INSERTS = [',', ']', '}', '[', '{', '"', ':', '/', '*', '\n', '\\', ' ', 't', 'u', '0', '-', 'e', '.', '1', '/*', '//', '\t', 'null', 'E+', '\r'];

test('every JSON file of the fixtures and examples, as it is and strictly', () => {
  assert.ok(FILES.length > 100, `only ${FILES.length} JSON files found`);
  let direct = 0;
  for (const file of FILES) {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    for (const strict of [false, true]) if (agrees(text, strict, `${path.relative(ROOT, file)}${strict ? ' (strict)' : ''}`)) direct++;
  }
  // Most are well-formed, and some of those are read directly even strictly.
  assert.ok(direct > FILES.length, `${direct} of ${2 * FILES.length} readings were direct`);
});

test('one-character edits of those files (typed, deleted, or a stretch cut out) read the same either way', () => {
  let seed = 20_261_202;
  const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  let direct = 0;
  let edits = 0;
  for (const file of FILES) {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    for (let i = 0; i < 12; i++) {
      const at = Math.floor(random() * text.length);
      const kind = random();
      const edited =
        kind < 0.4 ? text.slice(0, at) + text.slice(at + 1) : kind < 0.8 ? text.slice(0, at) + INSERTS[Math.floor(random() * INSERTS.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + Math.floor(random() * 40));
      edits++;
      if (agrees(edited, random() < 0.2, `${path.relative(ROOT, file)}, edit ${i} at ${at}`)) direct++;
    }
  }
  // Both outcomes are exercised: many edits leave the JSON well-formed (inside strings), many break it.
  assert.ok(direct > edits / 10 && direct < edits - edits / 10, `${direct} of ${edits} edits read directly`);
});
