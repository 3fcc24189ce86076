/**
 * Which documents are evaluated on their own. A document another document deploys (a linked ARM template, a
 * Bicep module) is evaluated through its callers, with the values they pass, and is not a root: on its own it
 * would be judged with defaults its callers replace. Documents that only cycles reach are roots all the same
 * (the first of each cycle), so every document is evaluated.
 */
import type { Span } from '../model/span';
import type { AnalysisUnit, ParsedDocument } from './document';

/** The roots among `docs`, given the documents each one deploys. */
export function rootDocuments<D extends ParsedDocument>(docs: readonly D[], deploys: (d: D) => readonly D[]): D[] {
  const called = new Set<string>();
  for (const d of docs) for (const t of deploys(d)) if (t.uri !== d.uri) called.add(t.uri);
  const roots = docs.filter((d) => !called.has(d.uri));
  // One set for all: a document reached already has everything it reaches reached too.
  const reached = new Set<string>();
  for (const r of roots) reach(r, deploys, reached);
  for (const d of docs) {
    if (reached.has(d.uri)) continue;
    roots.push(d);
    reach(d, deploys, reached);
  }
  return roots;
}

/** Every document reachable from `d` (itself included), through `next`. */
export function reachable<D extends ParsedDocument>(d: D, next: (d: D) => readonly D[]): D[] {
  return reach(d, next, new Set());
}

/** The documents reachable from `d` (itself included) whose URIs are not in `seen`, which gains them. */
function reach<D extends ParsedDocument>(d: D, next: (d: D) => readonly D[], seen: Set<string>): D[] {
  if (seen.has(d.uri)) return [];
  seen.add(d.uri);
  const queue = [d];
  for (let i = 0; i < queue.length; i++) {
    for (const n of next(queue[i])) {
      if (seen.has(n.uri)) continue;
      seen.add(n.uri);
      queue.push(n);
    }
  }
  return queue;
}

/** A unit for an input file (a parameter file) whose template is not found: one notice that says so. */
export function missingTemplateUnit(inputUri: string, pointer: Span, template: string, what: string): AnalysisUnit {
  return {
    id: `${inputUri}#missing-template`,
    inputs: [inputUri],
    evaluate: () => ({
      resources: [],
      notices: [{ ruleId: 'module-unresolved', span: pointer, message: `The template '${template}' that this ${what} names is not found, so its values are not checked.` }],
    }),
  };
}
