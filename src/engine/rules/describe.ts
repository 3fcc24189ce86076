import type { Resource } from '../model/resource';
import * as V from '../model/value';

/**
 * A short name for a resource in messages: its type and its name, with the symbolic name the template uses when
 * that differs (`Microsoft.Storage/storageAccounts 'itardrawings' (account)`), or alone, in brackets, when the files
 * leave the name open (`Microsoft.Storage/storageAccounts (account)`).
 */
export function describeResource(r: Resource): string {
  let text = DESCRIBED.get(r);
  if (text === undefined) DESCRIBED.set(r, (text = movedDescription(r)));
  return text;
}

/** Descriptions once per resource: every analysis reports the findings of unchanged units again. */
const DESCRIBED = new WeakMap<Resource, string>();

/**
 * The description of the resource moved from each original body, with its key: an edit moves the untouched
 * resources of a Terraform module, whose names are their originals' moved, and reading a moved name moves it. Only
 * moved bodies' originals are kept, so a workspace scan keeps none.
 */
const BY_ORIGINAL = new WeakMap<V.Value, { readonly key: string; readonly text: string }>();

function movedDescription(r: Resource): string {
  const original = V.movedFrom(r.body)?.original;
  if (!original) return describe(r);
  const known = BY_ORIGINAL.get(original);
  if (known?.key === r.key) return known.text;
  const text = describe(r);
  BY_ORIGINAL.set(original, { key: r.key, text });
  return text;
}

function describe(r: Resource): string {
  const names = [...new Set(V.strings(r.name).map((p) => p.value))];
  // The name of instances under keys the files leave open may be any of those keys: a known one is not the name.
  const name = r.name.unknowns.some((u) => u.openKeys) ? undefined : names.length === 1 ? names[0] : sameLeaf(names);
  const type = r.sourceType ?? r.type;
  if (name && r.symbolicName && name !== r.symbolicName) return `${type} '${name}' (${r.symbolicName})`;
  if (name) return `${type} '${name}'`;
  // A name the files leave open is not shown as if it were one: the symbolic name is marked as such.
  return r.symbolicName ? `${type} (${r.symbolicName})` : type;
}

/**
 * A message without the symbolic names {@link describeResource} puts in brackets (`Microsoft.Storage/storageAccounts
 * (sa)`): what a message says of the resources when the symbols a template gives them do not matter.
 */
export function withoutSymbolicNames(message: string): string {
  return message.replace(/ \([A-Za-z_]\w*\)/g, '');
}

/** Several resources in one message: the first one's description, and how many more (`… and 2 more resources`). */
export function describeResources(resources: readonly Resource[]): string {
  const distinct = [...new Map(resources.map((r) => [r.key, r])).values()];
  const n = distinct.length;
  return n <= 1 ? (distinct[0] ? describeResource(distinct[0]) : '') : `${describeResource(distinct[0])} and ${n - 1} more resource${n === 2 ? '' : 's'}`;
}

/** Child names that differ only in their parent's (`vm-1/script`, `vm-2/script`) as `…/script`. */
function sameLeaf(names: readonly string[]): string | undefined {
  const leaves = new Set(names.map((n) => (n.includes('/') ? n.slice(n.lastIndexOf('/') + 1) : undefined)));
  const [leaf] = leaves;
  return names.length > 1 && leaves.size === 1 && leaf ? `…/${leaf}` : undefined;
}
