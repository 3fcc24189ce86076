import type { Resource } from '../model/resource';
import * as V from '../model/value';

/**
 * A short name for a resource in messages: its type and its name, with the symbolic name the template uses when
 * that differs (`Microsoft.Storage/storageAccounts 'itardrawings' (account)`).
 */
export function describeResource(r: Resource): string {
  let text = DESCRIBED.get(r);
  if (text === undefined) DESCRIBED.set(r, (text = describe(r)));
  return text;
}

/** Descriptions once per resource: every analysis reports the findings of unchanged units again. */
const DESCRIBED = new WeakMap<Resource, string>();

function describe(r: Resource): string {
  const names = [...new Set(V.strings(r.name).map((p) => p.value))];
  const name = names.length === 1 ? names[0] : undefined;
  const type = r.sourceType ?? r.type;
  if (name && r.symbolicName && name !== r.symbolicName) return `${type} '${name}' (${r.symbolicName})`;
  const label = name ?? r.symbolicName;
  return label ? `${type} '${label}'` : type;
}
