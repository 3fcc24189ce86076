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

/**
 * The resources of one type by the parent they name, built once per index. A child that links its parent belongs to
 * that one only; another belongs to the parents its name implies (`server/current` to `server`) and to a parent that
 * links it as its encryption configuration.
 */
interface ChildTable {
  /** Children that name their parent by a link, under the parent's key. */
  readonly byParentKey: Map<string, Resource[]>;
  /** Children without such a link, under each parent name their own names imply. */
  readonly byParentName: Map<string, Resource[]>;
  readonly order: Map<Resource, number>;
}

function childTable(type: string, index: ResourceIndex): ChildTable {
  return index.derived(`children of ${type.toLowerCase()}`, () => {
    const table: ChildTable = { byParentKey: new Map(), byParentName: new Map(), order: new Map() };
    const add = (map: Map<string, Resource[]>, key: string, child: Resource) => {
      const list = map.get(key);
      if (!list) map.set(key, [child]);
      else if (list[list.length - 1] !== child) list.push(child);
    };
    for (const [i, child] of index.ofType(type).entries()) {
      table.order.set(child, i);
      const parents = child.links.filter((l) => l.kind === 'parent');
      if (parents.length) for (const l of parents) add(table.byParentKey, l.target, child);
      else
        for (const n of names(child)) {
          const slash = n.lastIndexOf('/');
          if (slash > 0) add(table.byParentName, n.slice(0, slash), child);
        }
    }
    return table;
  });
}

/** The declared children of a resource of one child type, in the index's order. */
export function childrenOf(parent: Resource, type: string, index: ResourceIndex): Resource[] {
  return childrenOfAny([parent], type, index);
}

/** The declared children of any of several resources, of one child type, each once, in the index's order. */
export function childrenOfAny(parents: readonly Resource[], type: string, index: ResourceIndex): Resource[] {
  const table = childTable(type, index);
  const found = new Set<Resource>();
  const parentNames = new Set<string>();
  for (const parent of parents) {
    for (const child of table.byParentKey.get(parent.key) ?? []) found.add(child);
    for (const n of names(parent)) parentNames.add(n);
    for (const child of linked(parent, index, ['encryption-config'])) {
      if (table.order.has(child) && !child.links.some((l) => l.kind === 'parent')) found.add(child);
    }
  }
  for (const n of parentNames) for (const child of table.byParentName.get(n) ?? []) found.add(child);
  for (const parent of parents) found.delete(parent);
  return [...found].sort((a, b) => table.order.get(a)! - table.order.get(b)!);
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

/**
 * Whether a child is judged as the one of a name: by its full name's last segment, else by its own name where only
 * that is known, else (no name known) it may be. A child whose name may be that one or another is not judged: a loop
 * over a list of settings (`configurations[copyIndex()]`) reads every element's name and every element's value, and
 * which value goes with which name is not kept.
 */
function nameIs(resource: Resource, name: string): boolean {
  const wanted = name.toLowerCase();
  const full = names(resource);
  const leaves = full.length ? full.map((f) => f.slice(f.lastIndexOf('/') + 1)) : V.strings(resource.leafName ?? V.EMPTY).map((s) => s.value.toLowerCase());
  if (!leaves.length) return resource.name.unknowns.length > 0;
  const unknown = full.length ? resource.name.unknowns.length > 0 : (resource.leafName?.unknowns.length ?? 0) > 0;
  return !unknown && leaves.every((l) => l === wanted);
}

export function checkGate(resource: Resource, gate: Gate): GateResult {
  if (gate.name !== undefined && !nameIs(resource, gate.name)) return { mayPass: false, outside: [] };
  const groups = gate.anyOf.map((g) => g.map((c) => judge(resource, c)));
  const mayPass = groups.some((os) => os.every((o) => o.holds || o.unknown));
  const mayFail = groups.length > 0 && groups.every((os) => os.some((o) => o.failures.length > 0));
  return { mayPass, outside: mayFail ? (groups[0][0]?.failures ?? []) : [] };
}
