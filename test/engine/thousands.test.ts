/**
 * Counts in the limit messages are written with thousands separators, as English reads them, without the locale
 * data that `toLocaleString` loads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOO_MANY_MODULES } from '../../src/engine/formats/evaluation';
import { thousands } from '../../src/engine/model/thousands';

test('a count is grouped by threes from the right', () => {
  assert.deepEqual([0, 7, 999, 1000, 2000, 65_536, 100_000, 1_000_000, 1_234_567_890].map(thousands), ['0', '7', '999', '1,000', '2,000', '65,536', '100,000', '1,000,000', '1,234,567,890']);
});

test('the module limit message names its count so', () => {
  assert.match(TOO_MANY_MODULES, /^More than 2,000 module calls/);
});
