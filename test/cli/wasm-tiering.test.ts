/**
 * The CLI raises V8's WebAssembly tiering budget only for scans with little Terraform, and never in the build's
 * run that writes the code cache (whose flags must be those of a normal start-up).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTIMISE_FROM_CHARS, tieringFlag } from '../../src/cli/wasm-tiering';

test('a little Terraform keeps the parser as first compiled', () => {
  assert.match(tieringFlag(1, {}) ?? '', /^--wasm-tiering-budget=\d+$/);
  assert.match(tieringFlag(OPTIMISE_FROM_CHARS - 1, {}) ?? '', /^--wasm-tiering-budget=\d+$/);
});

test('no Terraform, or enough of it to gain from optimising, keeps V8 as it is', () => {
  assert.equal(tieringFlag(0, {}), undefined);
  assert.equal(tieringFlag(OPTIMISE_FROM_CHARS, {}), undefined);
  assert.equal(tieringFlag(50 * OPTIMISE_FROM_CHARS, {}), undefined);
});

test('the run that writes the code cache keeps the default flags', () => {
  assert.equal(tieringFlag(1, { ITAR_GUARD_WRITE_CODE_CACHE: '1' }), undefined);
});
