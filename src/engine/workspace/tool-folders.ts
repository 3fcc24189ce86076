/**
 * Findings and fixes in files a tool owns (a module `terraform init` installed under `.terraform/modules`, a registry
 * module Bicep restored into its cache): such a file is not the user's to edit, and the next install replaces it, so
 * no fix edits it and a finding in it is anchored in the user's own code (`rules/own-place.ts`), with the place in the
 * module as a related location. A suppression comment then goes where it lasts.
 */
import type { RelatedLocation, TextEdit } from '../model/finding';
import { ownPlace } from '../rules/own-place';
import type { ResourceIndex } from '../rules/rule';
import type { Draft } from './rule-runner';
import { inToolFolder, toolOwning } from './uri';

/** Edits, unless one of them is in a file a tool owns. */
export function ownEdits(edits: TextEdit[] | undefined): TextEdit[] | undefined {
  return edits?.some((e) => inToolFolder(e.span.uri)) ? undefined : edits;
}

/**
 * A draft in a tool's file, moved into the user's code: for a resource of theirs that reads a value from an installed
 * module, to that resource; for a resource of the module, to the innermost module call of theirs on the way to it;
 * for a draft of no resource (a notice), to the last of its related places in their code (a notice lists the calls
 * that lead to it, outermost first). Unchanged when it lies in the user's code already, or nothing of theirs leads
 * there.
 */
export function inOwnCode(d: Draft, index: ResourceIndex): Draft {
  const { draft } = d;
  if (!inToolFolder(draft.span.uri)) return d;
  const resource = draft.resources?.length ? index.byKey(draft.resources[0]) : undefined;
  const target = resource ? ownPlace(resource) : (draft.related ?? []).filter((r) => !inToolFolder(r.span.uri)).pop()?.span;
  if (!target) return d;
  const where = toolOwning(draft.span.uri) === 'bicep' ? 'the module Bicep restored' : 'the module `terraform init` installed';
  const related: RelatedLocation[] = [{ span: draft.span, message: `here, in ${where}` }, ...(draft.related ?? []).filter((r) => r.span !== target)];
  return { ruleId: d.ruleId, draft: { ...draft, span: target, related, movedFrom: draft.span } };
}
