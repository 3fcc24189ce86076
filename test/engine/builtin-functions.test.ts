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

test('concat() with an argument the files do not determine has no certain length', () => {
  const gap = V.unknown('parameter x has no default value', at);
  const joined = BUILTINS.get('concat')!([gap, V.array([V.scalar('eastus', at)], at)], at);
  const length = BUILTINS.get('length')!([joined], at);
  assert.deepEqual(V.scalars(length), [], 'no certain length');
  assert.ok(length.unknowns.length > 0);
  assert.deepEqual(V.strings(V.element(joined, 0)).map((p) => p.value), ['eastus'], 'any element may be the known one');
});
