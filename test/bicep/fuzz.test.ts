/**
 * Truncated and mutated Bicep, beyond the shared fuzzing of every adapter (test/robustness): the parser's own
 * guarantees — it finishes, never throws, keeps tokens in order and every offset inside the text, in both
 * modes — and long operator and accessor chains through the evaluator. A fixed seed makes every run the same.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { lex } from '../../src/engine/formats/bicep/lexer';
import { parseBicep } from '../../src/engine/formats/bicep/parser';
import { seededRandom } from '../helpers/random';
import { analyzeTexts, FIXTURES, filesIn } from '../helpers/workspace';
import { randomMutations } from '../robustness/mutations';

/** Characters that matter to the grammar, and a few that it does not know. */
const NOISE = ['{', '}', '[', ']', '(', ')', "'", "'''", '$', '${', '\n', '\r\n', ':', '=', '@', '.', '?', '!', '::', '...', ',', '|', '"', '&', '#', '/*', '//', '\\', 'resource', 'for', 'if', ' ', '\t', '\u{1F600}'];

/** One mutation: Bicep's own punctuation and keywords inserted, or one of the shared hostile variants. */
function mutate(text: string, next: () => number): string {
  if (next() < 0.5) {
    const at = Math.floor(next() * (text.length + 1));
    return text.slice(0, at) + NOISE[Math.floor(next() * NOISE.length)] + text.slice(at);
  }
  const [shared] = next() < 0.3 ? [{ text: text.slice(0, Math.floor(next() * (text.length + 1))) }] : randomMutations(text, next, 1);
  return shared.text;
}

const SEEDS = filesIn(FIXTURES)
  .filter((f) => f.endsWith('.bicep'))
  .map((f) => readFileSync(f, 'utf8'));

/**
 * How many mutated files each run reads, and how long one parse may take at most: a parse takes milliseconds, so the
 * limit catches a blow-up with room for a garbage collection on a slow CI machine.
 */
const CASES = 800;
const MAX_MS = 2000;

describe('Bicep parsing of truncated and mutated files', () => {
  test(`${CASES} mutations: parsing never throws, always finishes, offsets stay in the text`, { timeout: 60_000 }, () => {
    assert.ok(SEEDS.length > 10, 'the fixtures give seeds');
    const next = seededRandom(20260829);
    for (let n = 0; n < CASES; n++) {
      let text = SEEDS[n % SEEDS.length];
      const rounds = 1 + Math.floor(next() * 4);
      for (let k = 0; k < rounds; k++) text = mutate(text, next);
      const started = performance.now();
      const result = parseBicep(text, n % 7 === 0 ? 'bicepparam' : 'bicep');
      const ms = performance.now() - started;
      assert.ok(ms < MAX_MS, `parse took ${ms.toFixed(0)} ms on:\n${text}`);
      let previous = 0;
      for (const t of lex(text).tokens) {
        assert.ok(t.start >= previous && t.end >= t.start && t.end <= text.length, `token offsets out of order in:\n${text}`);
        previous = t.end;
      }
      for (const p of result.problems) assert.ok(p.start >= 0 && p.end <= text.length && p.start <= p.end, `problem outside the text in:\n${text}`);
      for (const s of result.program.statements) assert.ok(s.start >= 0 && s.end <= text.length && s.start <= s.end);
    }
  });

  test('evaluating mutated files never throws', { timeout: 60_000 }, () => {
    const next = seededRandom(7);
    for (let n = 0; n < CASES / 4; n++) {
      let text = SEEDS[n % SEEDS.length];
      for (let k = 0; k < 3; k++) text = mutate(text, next);
      const r = analyzeTexts({ 'main.bicep': text, 'app.bicep': SEEDS[(n + 1) % SEEDS.length], 'main.bicepparam': `using 'main.bicep'\n${mutate("param location = 'eastus'\n", next)}` });
      assert.ok(!r.findings.some((f) => f.message.startsWith('ITAR Guard could not evaluate')), `evaluation failed on:\n${text}`);
    }
  });

  test('pathological input: deep nesting, long lines, many unclosed brackets', () => {
    const inputs = [
      '{'.repeat(20_000),
      '['.repeat(20_000) + ']'.repeat(20_000),
      `var x = ${'a.'.repeat(20_000)}b`,
      `var y = ${'!'.repeat(20_000)}true`,
      `var z = ${'1 + '.repeat(20_000)}1`,
      `var w = ${"'${".repeat(5_000)}`,
      "@".repeat(10_000),
      `param p ${'('.repeat(10_000)}string`,
    ];
    for (const text of inputs) {
      const started = performance.now();
      const r = parseBicep(text);
      assert.ok(performance.now() - started < 5_000, text.slice(0, 20));
      assert.ok(Array.isArray(r.problems));
      const use = text.startsWith('var ') ? `\nresource r 'A.B/c@1' = {\n  location: ${text[4]}\n}\n` : '';
      const analysed = analyzeTexts({ 'main.bicep': text + use });
      assert.ok(!analysed.findings.some((f) => f.message.startsWith('ITAR Guard could not evaluate')), text.slice(0, 20));
    }
  });
});
