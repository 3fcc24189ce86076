/**
 * Findings and fixes in files a tool owns (a module `terraform init` installed under `.terraform/modules`): such a
 * file is not the user's to edit, and the next install replaces it, so no fix edits it and a finding in it is
 * anchored where the user's own code calls the module, with the place in the module as a related location. A
 * suppression comment then goes above that call, where it lasts.
 */
import type { TextEdit } from '../model/finding';
import type { ResourceIndex } from '../rules/rule';
import type { Draft } from './rule-runner';
import { inToolFolder } from './uri';

/** Edits, unless one of them is in a file a tool owns. */
export function ownEdits(edits: TextEdit[] | undefined): TextEdit[] | undefined {
  return edits?.some((e) => inToolFolder(e.span.uri)) ? undefined : edits;
}

/**
 * A draft in a tool's file, moved to the innermost module call of the user's code on the way to its first resource;
 * the draft as it is when it lies in the user's code, or no call of theirs leads there.
 */
export function inOwnCode(d: Draft, index: ResourceIndex): Draft {
  const { draft } = d;
  if (!inToolFolder(draft.span.uri)) return d;
  const via = (draft.resources ?? []).map((key) => index.byKey(key)?.via ?? [])[0] ?? [];
  const call = via.filter((span) => !inToolFolder(span.uri)).pop();
  if (!call) return d;
  const related = [{ span: draft.span, message: 'here, in the module `terraform init` installed' }, ...(draft.related ?? []).filter((r) => r.span !== call)];
  return { ruleId: d.ruleId, draft: { ...draft, span: call, related } };
}
