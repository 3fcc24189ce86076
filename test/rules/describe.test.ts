/**
 * How messages name resources: the name the files give, the symbolic name beside it, and what stands in for a name
 * the files leave open.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from '../../src/engine/model/resource';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';
import { describeResource, describeResources } from '../../src/engine/rules/describe';

const SPAN = new SourceText('file:///virtual/main.bicep', 'x').span(0, 1);

function resource(key: string, names: readonly string[], symbolicName?: string): Resource {
  return {
    key,
    type: 'Microsoft.Compute/virtualMachines/extensions',
    symbolicName,
    name: V.union(...names.map((n) => V.scalar(n, SPAN))),
    body: V.EMPTY,
    declaration: SPAN,
    format: 'bicep',
    existing: false,
    via: [],
    links: [],
  };
}

test('a name, a name beside its symbol, an open name as the symbol in brackets, children of varying parents by their own part', () => {
  const type = 'Microsoft.Compute/virtualMachines/extensions';
  assert.equal(describeResource(resource('a', ['vm/script'])), `${type} 'vm/script'`);
  assert.equal(describeResource(resource('b', ['vm/script'], 'ext')), `${type} 'vm/script' (ext)`);
  assert.equal(describeResource(resource('c', [], 'ext')), `${type} (ext)`);
  assert.equal(describeResource(resource('d', ['vm-1/script', 'vm-2/script'], 'ext')), `${type} '…/script' (ext)`);
  assert.equal(describeResource(resource('e', ['vm-1/a', 'vm-2/b'], 'ext')), `${type} (ext)`, 'different own parts: no name');
  assert.equal(describeResources([resource('f', ['x'], 'one'), resource('g', ['y'], 'two'), resource('f', ['x'], 'one')]), `${type} 'x' (one) and 1 more resource`);
});
