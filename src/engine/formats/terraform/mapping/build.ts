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

interface Item {
  readonly steps: readonly string[];
  readonly value: Value;
  readonly at: Span;
}

const ELEMENT = '[*]';

/** The object with every placed value at its path; values placed at one path are all possibilities. */
export function buildObject(placed: readonly Placed[], origin: Span): Value {
  return build(
    placed.map((p) => ({ steps: splitPath(p.path), value: p.value, at: p.at })),
    origin,
  );
}

function build(items: readonly Item[], origin: Span): Value {
  const groups = new Map<string, { name: string; items: Item[] }>();
  for (const item of items) {
    const [head] = item.steps;
    if (head === undefined) continue;
    const key = head.toLowerCase();
    const g = groups.get(key);
    if (g) g.items.push(item);
    else groups.set(key, { name: head, items: [item] });
  }
  const props: V.Property[] = [];
  for (const { name, items: group } of groups.values()) {
    const leaves = group.filter((i) => i.steps.length === 1).map((i) => i.value);
    const element = group.filter((i) => i.steps[1] === ELEMENT).map((i) => ({ ...i, steps: i.steps.slice(2) }));
    const nested = group.filter((i) => i.steps.length > 1 && i.steps[1] !== ELEMENT).map((i) => ({ ...i, steps: i.steps.slice(1) }));
    const at = group[0].at;
    const parts = [...leaves];
    if (nested.length) parts.push(build(nested, at));
    if (element.length) {
      const whole = element.filter((i) => i.steps.length === 0).map((i) => i.value);
      const inner = element.filter((i) => i.steps.length > 0);
      parts.push(V.array([V.union(...whole, ...(inner.length ? [build(inner, at)] : []))], at));
    }
    props.push({ name, nameSpan: at, value: V.union(...parts) });
  }
  return V.object(props, origin);
}

/** `a.b[*].c['d.e']` → `a`, `b`, `[*]`, `c`, `d.e`. */
function splitPath(path: string): string[] {
  const steps: string[] = [];
  const re = /\['((?:[^']|'')*)'\]|\[\*\]|([^.[\]]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) steps.push(m[1].replace(/''/g, "'"));
    else if (m[2] !== undefined) steps.push(m[2]);
    else steps.push(ELEMENT);
  }
  return steps;
}
