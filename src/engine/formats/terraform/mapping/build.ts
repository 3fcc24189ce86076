/**
 * Builds a resource body (an object value at ARM paths) from values placed at paths such as
 * `properties.encryption.keySource`, `properties.encryption.keyVaultProperties[*].keyName` (inside the one element
 * of an array) or `properties.customProperties['Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10']`
 * (a key that contains dots).
 */
import type { Span } from '../../../model/span';
import * as V from '../../../model/value';
import type { Value } from '../../../model/value';

export interface Placed {
  readonly path: string;
  readonly value: Value;
  /** Where the value is written (the argument), for the property's name span. */
  readonly at: Span;
}

const ELEMENT = '[*]';

interface Node {
  readonly name: string;
  readonly at: Span;
  readonly values: Value[];
  /** Properties by lower-cased name: ARM compares property names case-insensitively. */
  children?: Map<string, Node>;
  /** The single element of an array at this path. */
  element?: Node;
}

/** The object with every placed value at its path; values placed at one path are all possibilities. */
export function buildObject(placed: readonly Placed[], origin: Span): Value {
  const root: Node = { name: '', at: origin, values: [] };
  for (const p of placed) {
    let node = root;
    for (const step of splitPath(p.path)) {
      if (step === ELEMENT) {
        node = node.element ??= { name: '', at: p.at, values: [] };
        continue;
      }
      const children = (node.children ??= new Map());
      const key = step.toLowerCase();
      let child = children.get(key);
      if (!child) children.set(key, (child = { name: step, at: p.at, values: [] }));
      node = child;
    }
    node.values.push(p.value);
  }
  return objectOf(root, origin);
}

function objectOf(node: Node, origin: Span): Value {
  const props: V.Property[] = [];
  for (const child of node.children?.values() ?? []) props.push({ name: child.name, nameSpan: child.at, value: valueOf(child) });
  return V.object(props, origin);
}

function valueOf(node: Node): Value {
  const parts = node.values.slice();
  if (node.children) parts.push(objectOf(node, node.at));
  if (node.element) parts.push(V.array([valueOf(node.element)], node.at));
  return parts.length === 1 ? parts[0] : V.union(...parts);
}

const splitCache = new Map<string, readonly string[]>();

/** `a.b[*].c['d.e']` → `a`, `b`, `[*]`, `c`, `d.e`. */
function splitPath(path: string): readonly string[] {
  let steps = splitCache.get(path);
  if (!steps) {
    const out: string[] = [];
    const re = /\['((?:[^']|'')*)'\]|\[\*\]|([^.[\]]+)/g;
    for (let m = re.exec(path); m; m = re.exec(path)) {
      if (m[1] !== undefined) out.push(m[1].replace(/''/g, "'"));
      else if (m[2] !== undefined) out.push(m[2]);
      else out.push(ELEMENT);
    }
    splitCache.set(path, (steps = out));
  }
  return steps;
}
