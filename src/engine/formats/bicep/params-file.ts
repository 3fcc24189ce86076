/**
 * `.bicepparam` files: `using './main.bicep'` names the template; `param x = value` gives a value, anchored in
 * the `.bicepparam` file (its variables and imports are evaluated as in a template); `extends './base.bicepparam'`
 * takes the base file's values for the parameters the file does not set.
 */
import type { Value } from '../../model/value';
import type { ParsedDocument, WorkspaceFiles } from '../../workspace/document';
import { resolveUri } from '../../workspace/uri';
import { perDocument } from '../../workspace/memo';
import { addTo } from '../../model/grouping';
import { isBicepDocument, plainString, remoteTemplateKind, type BicepDocument } from './document';
import { newContext } from './resources';
import { BicepScope } from './scope';

/** The template a `.bicepparam` file is for, when its `using` line names a local file (not a registry module or template spec). */
export const usingTarget = perDocument((doc: BicepDocument): string | undefined => {
  const path = plainString(doc.symbols.using);
  return path === undefined || remoteTemplateKind(path) ? undefined : resolveUri(doc.uri, path);
});

/**
 * The `.bicepparam` files among documents by the URI their `using` line names: a Bicep file or an ARM template. Made
 * once per listing (the ARM and Bicep adapters both ask).
 */
export const bicepparamsByTemplate = perDocument((docs: readonly ParsedDocument[]): ReadonlyMap<string, readonly BicepDocument[]> => {
  const out = new Map<string, BicepDocument[]>();
  for (const p of docs) {
    const target = isBicepDocument(p) && p.kind === 'bicepparam' ? usingTarget(p) : undefined;
    if (target !== undefined) addTo(out, target, p);
  }
  return out;
});

/** The base file of a `.bicepparam` file's `extends` line. */
export const extendsTarget = perDocument((doc: BicepDocument): string | undefined => {
  const path = plainString(doc.symbols.extends);
  return path === undefined ? undefined : resolveUri(doc.uri, path);
});

/** The values a `.bicepparam` file gives, by parameter name. */
export function bicepparamValues(doc: BicepDocument, files: WorkspaceFiles, seen: ReadonlySet<string> = new Set()): Map<string, Value> {
  const base = extendsTarget(doc);
  const baseDoc = base && !seen.has(base) ? files.get(base) : undefined;
  const values = isBicepDocument(baseDoc) && baseDoc.kind === 'bicepparam' ? bicepparamValues(baseDoc, files, new Set([...seen, doc.uri])) : new Map<string, Value>();
  const scope = new BicepScope(doc, new Map(), false, { id: '', via: [], chain: [doc.uri], unsetReason: '' }, newContext(files));
  for (const s of doc.program.statements) {
    if (s.kind === 'param' && s.value) values.set(s.name.text, scope.evaluate(s.value, undefined));
  }
  return values;
}
