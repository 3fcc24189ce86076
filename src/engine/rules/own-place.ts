/**
 * Places in the user's own code. A module a tool installed or restored (`terraform init`, `bicep restore`) is a file
 * the user does not edit, and one cached module may serve several calls: findings there are shown at the user's code
 * (`workspace/tool-folders.ts`), so the rules keep apart what the calls of one such module give at one place, and
 * each call's findings can be suppressed at that call.
 */
import type { Resource } from '../model/resource';
import { spanKey, type Span } from '../model/span';
import { inToolFolder } from '../workspace/uri';

/** A resource's place in the user's code: its declaration, else the innermost call of theirs that deploys it. */
export function ownPlace(resource: Resource): Span | undefined {
  if (!inToolFolder(resource.declaration.uri)) return resource.declaration;
  for (let i = resource.via.length - 1; i >= 0; i--) if (!inToolFolder(resource.via[i].uri)) return resource.via[i];
  return undefined;
}

/** The key that groups what a rule finds at a place: the place, and for one in a tool's file, the user's call too. */
export function placeKey(span: Span, resource: Resource): string {
  if (!inToolFolder(span.uri)) return spanKey(span);
  const own = ownPlace(resource);
  return own ? `${spanKey(span)}@${spanKey(own)}` : spanKey(span);
}
