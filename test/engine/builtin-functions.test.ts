/** The functions ARM, Bicep and Terraform share, on values at the edge of what they take. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTINS } from '../../src/engine/eval/functions';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';

const at = new SourceText('file:///w/main.bicep', 'x').span(0, 1);

test('concat() of lists of hundreds of thousands of elements keeps them all', () => {
  const long = V.array(Array.from({ length: 300_000 }, (_, i) => V.scalar(i, at)), at);
  const joined = BUILTINS.get('concat')!([long, V.array([V.scalar('last', at)], at)], at);
  const [list] = joined.options;
  assert.equal(list.kind, 'array');
  assert.equal(list.kind === 'array' && list.items.length, 300_001);
});

test('length() of a list whose length the files do not fix is unknown, not no value', () => {
  const open = V.array([V.scalar('eastus', at)], at, true);
  const length = BUILTINS.get('length')!([open], at);
  assert.deepEqual(V.scalars(length), []);
  assert.match(length.unknowns.map((u) => u.reason).join(' '), /length of a list the files do not fix/);
});

test('concat(): known elements after an argument the files do not determine may be at any place; before it, they keep theirs', () => {
  const gap = V.unknown('variable extra has no default value', at);
  const known = V.array([V.scalar('eastasia', at)], at);
  const after = BUILTINS.get('concat')!([gap, known], at);
  assert.deepEqual(V.strings(V.element(after, 0)).map((p) => p.value), ['eastasia'], 'the list given may be empty');
  const before = BUILTINS.get('concat')!([known, gap], at);
  const first = V.element(before, 0);
  assert.deepEqual([V.strings(first).map((p) => p.value), first.unknowns.length], [['eastasia'], 0]);
});
