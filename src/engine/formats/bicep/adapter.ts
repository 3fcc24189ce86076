/**
 * Bicep in the workspace: templates, their modules and their `.bicepparam` files.
 *
 * A unit is a root template with every file it reaches through local modules and imports, and the
 * `.bicepparam` files whose `using` line names it. A template that another template of the analysis uses as a
 * module is evaluated through its callers, with the values they pass, and is not a root of its own — unless a
 * `.bicepparam` file names it (it is then deployed on its own too), or no root reaches it (files that only use
 * each other in a cycle: the first of them becomes a root).
 */
import type { TextEdit } from '../../model/finding';
import type { SourceText } from '../../model/span';
import type { InputRef } from '../../model/value';
import { mergeAlternatives } from '../../eval/parameters';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from '../../workspace/document';
import { resolveUri } from '../../workspace/uri';
import { renderStringLiteral } from '../literals';
import { isBicepDocument, parseBicepDocument, plainString, type BicepDocument } from './document';
import { bicepparamValues, extendsTarget, usingTarget } from './params-file';
import { evaluateBicep } from './resources';
import { decoratorArgument } from './scope';

export const bicepAdapter: FormatAdapter = {
  format: 'bicep',

  accepts(path) {
    return /\.bicep(param)?$/i.test(path);
  },

  parse(source: SourceText): BicepDocument {
    return parseBicepDocument(source);
  },

  units(files: WorkspaceFiles): AnalysisUnit[] {
    const docs = files.all().filter(isBicepDocument);
    const templates = docs.filter((d) => d.kind === 'bicep');
    const given = new Set(templates.map((t) => t.uri));
    const paramsFor = new Map<string, BicepDocument[]>();
    for (const p of docs.filter((d) => d.kind === 'bicepparam')) {
      const target = usingTarget(p);
      if (target) paramsFor.set(target, [...(paramsFor.get(target) ?? []), p]);
    }
    const called = new Set<string>();
    for (const t of templates) for (const uri of moduleTargets(t)) if (uri !== t.uri && given.has(uri)) called.add(uri);
    const roots = templates.filter((t) => !called.has(t.uri) || paramsFor.has(t.uri));
    const reached = new Set<string>();
    for (const r of roots) reach(r, files, reached);
    for (const t of templates) {
      if (reached.has(t.uri)) continue;
      roots.push(t);
      reach(t, files, reached);
    }
    // A .bicepparam file scanned without its template: the template is read and evaluated with it.
    for (const uri of paramsFor.keys()) {
      if (given.has(uri)) continue;
      const doc = files.get(uri);
      if (isBicepDocument(doc) && doc.kind === 'bicep') roots.push(doc);
    }
    return roots.map((root) => {
      const params = paramsFor.get(root.uri) ?? [];
      const dependencies = new Set<string>();
      reach(root, files, dependencies);
      for (const p of params) {
        dependencies.add(p.uri);
        const base = extendsTarget(p);
        if (base) dependencies.add(base);
      }
      return {
        id: root.uri,
        inputs: [root.uri, ...[...dependencies].filter((u) => u !== root.uri)],
        evaluate: () => evaluateBicep(root, mergeAlternatives(params.map((p) => bicepparamValues(p, files))), files),
      };
    });
  },

  restrictInput(doc: ParsedDocument, input: InputRef, values: readonly string[]): TextEdit[] | undefined {
    if (!isBicepDocument(doc) || input.kind !== 'parameter') return undefined;
    const decl = doc.program.statements.find((s) => s.kind === 'param' && s.name.start === input.declaration.start);
    if (!decl || decl.kind !== 'param' || decoratorArgument(decl.decorators, 'allowed')) return undefined;
    const source = doc.source;
    const lineStart = source.lineStart(source.lineOf(decl.keyword.start));
    const before = source.text.slice(lineStart, decl.keyword.start);
    const indent = /^[ \t]*$/.test(before) ? before : '';
    const at = indent === before ? lineStart : decl.keyword.start;
    const eol = source.eol;
    const entries = values.map((v) => `${indent}  ${renderStringLiteral('bicep', v)}${eol}`).join('');
    return [{ span: source.span(at, at), newText: `${at === lineStart ? indent : ''}@allowed([${eol}${entries}${indent}])${eol}${at === lineStart ? '' : indent}` }];
  },
};

/** The local files a template's module declarations name. */
function moduleTargets(doc: BicepDocument): string[] {
  return localReferences(doc, (s) => s.kind === 'module');
}

function localReferences(doc: BicepDocument, which: (s: BicepDocument['program']['statements'][number]) => boolean): string[] {
  const out: string[] = [];
  for (const s of doc.program.statements) {
    if (!which(s)) continue;
    const path = s.kind === 'module' ? plainString(s.path) : s.kind === 'import' ? plainString(s.from) : undefined;
    if (path === undefined || /^(br|ts)[:/]/i.test(path)) continue;
    const uri = resolveUri(doc.uri, path);
    if (uri) out.push(uri);
  }
  return out;
}

/** Every file a template reaches through modules and imports (itself included), read on demand. */
function reach(doc: BicepDocument, files: WorkspaceFiles, into: Set<string>): void {
  if (into.has(doc.uri)) return;
  into.add(doc.uri);
  for (const uri of localReferences(doc, (s) => s.kind === 'module' || s.kind === 'import')) {
    const next = files.get(uri);
    if (isBicepDocument(next)) reach(next, files, into);
    else into.add(uri);
  }
}
