/**
 * Parsing a Bicep file again after an edit gives what parsing the whole new text gives: the same statements, offsets
 * and problems. Checked over sequences of edits (each parse following the one before, as an editor's do) of every
 * Bicep file of the fixtures and examples and of a large generated one: characters typed into values and keywords,
 * line breaks, decorators, brackets and quotes left open, comments and multi-line strings opened and closed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import type { Finding } from '../../src/engine/model/finding';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { seededRandom } from '../helpers/random';
import { adaptersReady, fixtureFolders, folderSources, uriOf } from '../helpers/workspace';
import { forget, parseBicepFile } from '../../src/engine/formats/bicep/incremental';
import { parseBicep, type BicepMode } from '../../src/engine/formats/bicep/parser';
import { largeBicep } from '../../bench/lib/large-files';

const ROOT = path.resolve(__dirname, '..', '..');

before(adaptersReady);

function bicepFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) bicepFiles(full, out);
    else if (/\.bicep(param)?$/.test(name)) out.push(full);
  }
  return out;
}

/** What a user types: into a value, a keyword or a name, and the characters that open or close a construct. */
const INSERTS = ['x', ' ', '\n', "'", '{', '}', '[', ']', '(', ')', '?', ':', '|', '@', '/*', '*/', '//', "'''", '${', "$'''", '\r\n', '\n@description(\'d\')\n', '\nvar z = 1\n', '#disable-next-line x\n', 'resource ', '\nparam ', '.'];

/** A deterministic walk through edits: insertions and deletions spread over the text, each from the last text. */
function* edits(text: string, count: number, seed: number): Generator<string> {
  const random = seededRandom(seed);
  const next = (n: number) => Math.floor(random() * Math.max(n, 1));
  let current = text;
  for (let i = 0; i < count; i++) {
    const at = next(current.length + 1);
    const kind = next(4);
    if (kind === 0 && current.length) current = current.slice(0, at) + current.slice(at + 1 + next(3));
    else current = current.slice(0, at) + INSERTS[next(INSERTS.length)] + current.slice(at);
    yield current;
    // Every so often the edit is undone, as typing a character and deleting it again does.
    if (next(3) === 0) {
      current = text;
      yield current;
    }
  }
}

function assertSameParse(uri: string, text: string, mode: BicepMode, label: string): void {
  const again = parseBicepFile(uri, text, mode);
  const whole = parseBicep(text, mode);
  assert.deepEqual(again.problems, whole.problems, `${label}: problems`);
  assert.deepEqual(again.program, whole.program, `${label}: statements`);
}

test('every fixture and example, edited again and again, parses as the whole new text does', () => {
  const files = [...bicepFiles(path.join(ROOT, 'test', 'fixtures')), ...bicepFiles(path.join(ROOT, 'examples'))];
  assert.ok(files.length > 50, `found ${files.length} Bicep files`);
  let checked = 0;
  for (const [n, file] of files.entries()) {
    const text = readFileSync(file, 'utf8');
    const mode: BicepMode = file.endsWith('.bicepparam') ? 'bicepparam' : 'bicep';
    const uri = `file:///incremental/${n}/${path.basename(file)}`;
    assertSameParse(uri, text, mode, `${path.relative(ROOT, file)} as it is`);
    let i = 0;
    for (const edited of edits(text, 40, n + 1)) {
      assertSameParse(uri, edited, mode, `${path.relative(ROOT, file)}, edit ${i++}`);
      checked++;
    }
  }
  assert.ok(checked > 5000, `${checked} edits checked`);
});

test('keystrokes in a 5,000-line file: typed inside values, after them, and deleted again', () => {
  const text = largeBicep(5000);
  const uri = 'file:///incremental/large/main.bicep';
  assertSameParse(uri, text, 'bicep', 'the large file');
  let current = text;
  for (let i = 0; i < 200; i++) {
    const spot = Math.floor(((i % 50) + 1) * current.length / 52);
    const open = current.indexOf(": '", spot) + 3;
    const at = i % 4 < 2 ? open : current.indexOf("'", open) + 1;
    current = current.slice(0, at) + 'x' + current.slice(at);
    assertSameParse(uri, current, 'bicep', `keystroke ${i}`);
    current = current.slice(0, at) + current.slice(at + 1);
    assertSameParse(uri, current, 'bicep', `keystroke ${i} deleted`);
  }
  for (const [label, edited] of [
    ['an unclosed object in the middle', text.replace("kind: 'StorageV2'\n  tags", "kind: {\n  tags")],
    ['a ternary continued on the next line', text.replace("param location3 string = 'eastus'\n", "param location3 string = true\n  ? 'eastus'\n  : 'westus2'\n")],
    ['an open multi-line string', text.replace("name: 'Standard_LRS'", "name: '''Standard_LRS")],
    ['a multi-line string with an open hole', text.replace("name: 'Standard_LRS'", () => "name: $'''${x")],
    ['an open comment', text.replace("kind: 'StorageV2'", "kind: 'StorageV2' /*")],
    ['a decorator moved away from its declaration', text.replace("@allowed([", "@sys.allowed([")],
  ] as const) {
    assertSameParse(uri, edited, 'bicep', label);
    assertSameParse(uri, text, 'bicep', `${label}, undone`);
  }
});

test('a different file under the same name is read whole, or where it happens to match', () => {
  const uri = 'file:///incremental/same-name.bicep';
  for (const text of ["param a string = 'x'\n", "var b = 1\nparam a string = 'x'\n", '', '@description(\'d\')\nparam a string\n', "param a string = 'x'\n"]) {
    assertSameParse(uri, text, 'bicep', JSON.stringify(text));
  }
  // A hole of a multi-line string opened by the edit takes in the lines after it, statements as they look included.
  const lines = "var a = 'x'\nvar q = 2\nvar b = 1\nvar c = 3\n";
  assertSameParse(uri, lines, 'bicep', 'before the hole');
  assertSameParse(uri, lines.replace("'x'", () => "'x'$'''${"), 'bicep', 'a hole opened');
  assertSameParse(uri, lines, 'bicep', 'the hole closed again');
  // A call left open in a hole reads on to the next declaration, where the string reports its open hole: at the first
  // token of a statement the last parse had too.
  const open = "var a = 'x${f(\nvar b = 1\nresource r 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'n'\n}\nvar c = 2\n";
  assertSameParse(uri, open, 'bicep', 'a call open in a hole');
  assertSameParse(uri, open.replace("'x", "'xy"), 'bicep', 'typed before the call open in a hole');
  // The same text in the other mode reads as that mode.
  assertSameParse(uri, "param a = 'x'\n", 'bicepparam', 'bicepparam');
  assertSameParse(uri, "param a = 'x'\n", 'bicep', 'bicep');
});

function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.span.uri}:${f.span.start}-${f.span.end} ${f.message} ${f.related.map((r) => `${r.span.start}-${r.span.end} ${r.message}`).join('; ')} ${f.fixes.map((x) => x.title).join('; ')}`);
}

test('analyses after edits of Bicep files find what analyses of wholly parsed files find', { timeout: 300_000 }, () => {
  const folders = fixtureFolders().filter((folder) => folderSources(folder).some((f) => f.endsWith('.bicep')));
  assert.ok(folders.length > 20, `${folders.length} folders`);
  let checked = 0;
  for (const [n, folder] of folders.entries()) {
    const texts = new Map(folderSources(folder).map((f) => [uriOf(f), readFileSync(f, 'utf8')]));
    const bicep = [...texts.keys()].filter((u) => u.endsWith('.bicep'));
    const ws = new Workspace(ADAPTERS);
    for (const [uri, text] of texts) ws.setText(uri, text);
    ws.analyze({ policy: DEFAULT_POLICY });
    const uri = bicep[n % bicep.length];
    const original = texts.get(uri)!;
    // Symbols renamed where they are declared (what refers to them then names nothing), besides the edits of any text.
    const renames = [...original.matchAll(/^resource (\w+)/gm)].map((m) => original.slice(0, m.index + 9 + m[1].length) + 'x' + original.slice(m.index + 9 + m[1].length));
    for (const edited of [...renames, ...edits(original, 12, n + 7)]) {
      texts.set(uri, edited);
      ws.setText(uri, edited);
      const again = summary(ws.analyze({ policy: DEFAULT_POLICY }).findings);
      for (const u of bicep) forget(u);
      const fresh = new Workspace(ADAPTERS);
      for (const [u, t] of texts) fresh.setText(u, t);
      assert.deepEqual(again, summary(fresh.analyze({ policy: DEFAULT_POLICY }).findings), `${path.relative(ROOT, folder)}: ${JSON.stringify(edited.slice(0, 80))}`);
      checked++;
    }
  }
  assert.ok(checked > 300, `${checked} analyses compared`);
});
