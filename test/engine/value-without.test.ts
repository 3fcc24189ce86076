import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';

const source = new SourceText('file:///x.tf', 'body = var.body\nlocation = "eastus"\n');
const span = source.span(0, 4);

test('a value without a property: its gaps give no such property, but still give every other part of it', () => {
  const body = V.without(V.unknown('var.body is not known', span), 'location');
  assert.equal(V.lookup(body, 'location').unknowns.length, 0);
  assert.equal(V.lookup(body, 'Location').unknowns.length, 0, 'property names compare case-insensitively');
  assert.equal(V.indexValue(body, V.scalar('location', span)).unknowns.length, 0);
  assert.equal(V.lookup(body, 'sku.name').unknowns.length, 1);
  // What the gap gives inside another property may well be called location.
  assert.equal(V.lookup(body, 'properties.location').unknowns.length, 1);
  assert.equal(V.lookup(body, 'properties.replicas[*].location').unknowns.length, 1);
  assert.equal(V.indexValue(body, V.scalar('other', span)).unknowns.length, 1);
  const object = V.without(V.object([{ name: 'location', nameSpan: span, value: V.scalar('eastasia', span) }], span), 'location');
  assert.deepEqual(V.lookup(object, 'location').options.map((p) => p.kind), ['absent']);
});
