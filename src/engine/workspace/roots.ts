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
  const called = new Set(docs.flatMap((d) => deploys(d).filter((t) => t.uri !== d.uri).map((t) => t.uri)));
  const roots = docs.filter((d) => !called.has(d.uri));
  const reached = new Set(roots.flatMap((r) => reachable(r, deploys).map((d) => d.uri)));
  for (const d of docs) {
    if (reached.has(d.uri)) continue;
    roots.push(d);
    for (const r of reachable(d, deploys)) reached.add(r.uri);
  }
  return roots;
}

/** Every document reachable from `d` (itself included), through `next`. */
export function reachable<D extends ParsedDocument>(d: D, next: (d: D) => readonly D[]): D[] {
  const seen = new Map<string, D>([[d.uri, d]]);
  const queue = [d];
  while (queue.length) {
    for (const n of next(queue.shift()!)) {
      if (seen.has(n.uri)) continue;
      seen.set(n.uri, n);
      queue.push(n);
    }
  }
  return [...seen.values()];
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
