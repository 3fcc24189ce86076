import type { Resource } from '../model/resource';
import * as V from '../model/value';

/** A short name for a resource in messages: its type and its symbolic or literal name. */
export function describeResource(r: Resource): string {
  const names = V.strings(r.name);
  const name = r.symbolicName ?? (names.length === 1 ? names[0].value : undefined);
  const type = r.sourceType ?? r.type;
  return name ? `${type} '${name}'` : type;
}
