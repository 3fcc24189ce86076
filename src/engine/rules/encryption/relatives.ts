/**
 * Resources tied to one another, found the same way whatever the format: through the links the adapters record
 * (`parent`, `encryption-config`), or by name (`server/current` is a child of `server`).
 */
import type { Resource } from '../../model/resource';
import * as V from '../../model/value';
import type { ResourceIndex } from '../rule';
import { judge, type Failure } from './conditions';
import type { Gate } from './requirements';

function names(r: Resource): string[] {
  return V.strings(r.name).map((s) => s.value.toLowerCase());
}

export function isChildOf(child: Resource, parent: Resource): boolean {
  const parents = child.links.filter((l) => l.kind === 'parent');
  if (parents.length) return parents.some((l) => l.target === parent.key);
  if (parent.links.some((l) => l.kind === 'encryption-config' && l.target === child.key)) return true;
  const parentNames = names(parent);
  return names(child).some((n) => {
    const i = n.lastIndexOf('/');
    return i > 0 && parentNames.includes(n.slice(0, i));
  });
}

/** The declared children of a resource of one child type. */
export function childrenOf(parent: Resource, type: string, index: ResourceIndex): Resource[] {
  return index.ofType(type).filter((c) => c !== parent && isChildOf(c, parent));
}

/** The resources a resource's links name, of the given kinds. */
export function linked(resource: Resource, index: ResourceIndex, kinds: readonly string[]): Resource[] {
  return resource.links.filter((l) => kinds.includes(l.kind)).flatMap((l) => index.byKey(l.target) ?? []);
}

export interface GateResult {
  /** Some possibility of the resource lies inside the gate, or the files leave it open. */
  readonly mayPass: boolean;
  /** When every alternative fails for some possibility: those of the first condition (the SKU to report). */
  readonly outside: readonly Failure[];
}

function nameIs(resource: Resource, name: string): boolean {
  const n = names(resource);
  return n.some((full) => full.slice(full.lastIndexOf('/') + 1) === name.toLowerCase()) || (!n.length && resource.name.unknowns.length > 0);
}

export function checkGate(resource: Resource, gate: Gate): GateResult {
  if (gate.name !== undefined && !nameIs(resource, gate.name)) return { mayPass: false, outside: [] };
  const groups = gate.anyOf.map((g) => g.map((c) => judge(resource, c)));
  const mayPass = groups.some((os) => os.every((o) => o.holds || o.unknown));
  const mayFail = groups.length > 0 && groups.every((os) => os.some((o) => o.failures.length > 0));
  return { mayPass, outside: mayFail ? (groups[0][0]?.failures ?? []) : [] };
}
