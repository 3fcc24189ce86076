/**
 * Naming a finding across commands (code actions, tree items and tests pass it as plain data) and finding it
 * again in the latest results.
 */
import type { Finding, TextEdit } from '../engine/model/finding';
import type { Analysis } from './analysis';
import { uriOf } from './convert';

export interface FindingRef {
  readonly uri: string;
  readonly ruleId: string;
  readonly start: number;
  readonly end: number;
}

export function refOf(f: Finding): FindingRef {
  return { uri: f.span.uri, ruleId: f.ruleId, start: f.span.start, end: f.span.end };
}

export function lookup(analysis: Analysis, ref: FindingRef): Finding | undefined {
  return analysis.findingsOf(uriOf(ref.uri)).find((f) => f.ruleId === ref.ruleId && f.span.start === ref.start && f.span.end === ref.end);
}

function conflict(a: TextEdit, b: TextEdit): boolean {
  return a.span.uri === b.span.uri && ((a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start === b.span.start);
}

/** The preferred fixes of several findings, leaving out a fix that conflicts with one already taken. */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const f of findings) {
    const fix = f.suppression ? undefined : f.fixes.find((x) => x.preferred);
    if (fix && !fix.edits.some((e) => taken.some((t) => conflict(t, e)))) taken.push(...fix.edits);
  }
  return taken;
}

export function isFinding(x: unknown): x is FindingRef {
  return typeof x === 'object' && x !== null && typeof (x as FindingRef).uri === 'string' && typeof (x as FindingRef).ruleId === 'string';
}

