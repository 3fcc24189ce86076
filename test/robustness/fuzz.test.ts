/**
 * Every format adapter, fed hostile variants of every fixture it accepts: nothing throws, nothing hangs, every
 * syntax problem lies inside the file. To stay within a couple of minutes, `npm test` truncates every fixture at
 * evenly spread positions, mutates it at random a few times, and feeds the megabyte-sized extremes (deep nesting,
 * huge strings and lines) to one fixture of each kind of file and every 20th fixture; `npm run fuzz` truncates at
 * every position, tries many more mutations and the extremes on every fixture (FUZZ_TRUNCATIONS: a number per file
 * or `all`; FUZZ_ITERATIONS; FUZZ_EXTREMES=all; FUZZ_SEED).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { terraformAdapter } from '../../src/engine/formats/terraform/adapter';
import { parseBudgetMs } from '../../src/engine/formats/terraform/parse';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { seededRandom } from '../helpers/random';
import { adaptersReady, FIXTURES, fixtureSources } from '../helpers/workspace';
import { extremeInputs, randomMutations, truncations, type Mutation } from './mutations';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 32);
const TRUNCATIONS = process.env.FUZZ_TRUNCATIONS === 'all' ? Infinity : Number(process.env.FUZZ_TRUNCATIONS ?? 32);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
/**
 * The most time one analysis of one mutated file may take; for a file Terraform's parser reads (variable files and
 * the lock file included), beyond what that parser may spend on a text of that length before it gives up (a megabyte
 * may take over two seconds, by design). It catches hangs and blow-ups, not slowness: the CI's machines differ in
 * speed by twice or more, so it leaves room for that.
 */
const PER_FILE_LIMIT_MS = 4000;

function check(uri: string, m: Mutation): void {
  const ws = new Workspace(ADAPTERS);
  ws.setText(uri, m.text);
  const started = performance.now();
  const result = ws.analyze({ policy: DEFAULT_POLICY });
  const took = performance.now() - started;
  const budget = terraformAdapter.accepts(uri) ? parseBudgetMs(m.text.length) : 0;
  assert.ok(took < PER_FILE_LIMIT_MS + budget, `${m.name}: ${took.toFixed(0)} ms`);
  for (const f of result.findings) {
    assert.doesNotMatch(f.message, /could not evaluate/, `${m.name}: an adapter threw: ${f.message}`);
  }
  for (const doc of result.documents) {
    for (const p of doc.problems) {
      assert.ok(p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= doc.source.text.length, `${m.name}: problem outside the file: ${p.message}`);
      assert.ok(p.message.length > 0);
    }
  }
}

const fixtures = fixtureSources();

/** The fixtures the extremes are fed to: all, or the first of each kind of file and every 20th. */
const EXTREMES = new Set(
  process.env.FUZZ_EXTREMES === 'all'
    ? fixtures
    : fixtures.filter((f, i) => i % 20 === 0 || fixtures.findIndex((g) => kindOf(g) === kindOf(f)) === i),
);

function kindOf(file: string): string {
  return /(\.parameters\.json|\.[a-z]+)$/i.exec(file)?.[1].toLowerCase() ?? '';
}


before(adaptersReady);
describe('fuzzing the parsers and evaluators', () => {
  let tried = 0;
  for (const file of fixtures) {
    const uri = `file:///fuzz/${file.slice(FIXTURES.length + 1)}`;
    test(file.slice(FIXTURES.length + 1), { timeout: 120_000 }, () => {
      const text = readFileSync(file, 'utf8');
      const random = seededRandom(SEED ^ text.length);
      const mutations = [...truncations(text, TRUNCATIONS), ...randomMutations(text, random, ITERATIONS), ...(EXTREMES.has(file) ? extremeInputs(text) : [])];
      for (const m of mutations) check(uri, m);
      tried += mutations.length;
    });
  }
  test('inputs tried', () => {
    assert.ok(tried > 0);
    console.log(`fuzz: ${tried} inputs from ${fixtures.length} fixtures, seed ${SEED}`);
  });
});
