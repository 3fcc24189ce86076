/**
 * ARM JSON in the workspace: templates and parameter files, paired as DESIGN.md's CLI contract says.
 */
import { findNodeAtOffset } from 'jsonc-parser';
import type { ResourceChange } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import type { SourceText } from '../../model/span';
import type { InputRef, Value } from '../../model/value';
import * as V from '../../model/value';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from '../../workspace/document';
import { baseName, resolveUri, sameFolder } from '../../workspace/uri';
import { renderStringLiteral } from '../literals';
import { configureArmResource } from './configure';
import { parseJsonc, prop, type JsonNode } from './jsonc';
import { insertProperties, layoutOf } from './layout';
import { declaredTemplate, isArmParameterFile, looksLikeArmParameterFile, parameterFileValues, templateNamesFor } from './parameters';
import { evaluateArmTemplate, isArmTemplate, looksLikeArmTemplate } from './template';

export interface ArmDocument extends ParsedDocument {
  readonly format: 'arm';
  readonly kind: 'template' | 'parameters';
  readonly root: JsonNode | undefined;
}

function isArmDocument(doc: ParsedDocument | undefined): doc is ArmDocument {
  return doc?.format === 'arm';
}

export const armAdapter: FormatAdapter = {
  format: 'arm',

  accepts(path) {
    return /\.jsonc?$/i.test(path);
  },

  parse(source: SourceText): ArmDocument | undefined {
    // Cheap test first: most JSON files in a repository are not templates.
    const template = looksLikeArmTemplate(source.text);
    const parameters = !template && looksLikeArmParameterFile(source.text);
    if (!template && !parameters) return undefined;
    const json = parseJsonc(source);
    const kind = isArmTemplate(json.root) || template ? 'template' : isArmParameterFile(json.root) || parameters ? 'parameters' : undefined;
    if (!kind) return undefined;
    return { uri: source.uri, source, format: 'arm', kind, problems: json.problems, root: json.root };
  },

  units(files: WorkspaceFiles): AnalysisUnit[] {
    const docs = files.all().filter(isArmDocument);
    const templates = docs.filter((d) => d.kind === 'template' && d.root);
    const parameterFiles = docs.filter((d) => d.kind === 'parameters' && d.root);
    return templates.map((t) => {
      const paired = parameterFiles.filter((p) => pairs(p, t));
      return {
        id: t.uri,
        inputs: [t.uri, ...paired.map((p) => p.uri)],
        evaluate: () => evaluateArmTemplate(t.source, t.root!, mergeInputs(paired)),
      };
    });
  },

  restrictInput(doc: ParsedDocument, input: InputRef, values: readonly string[]): TextEdit[] | undefined {
    if (!isArmDocument(doc) || !doc.root || input.kind !== 'parameter') return undefined;
    const key = findNodeAtOffset(doc.root, input.declaration.start + 1);
    const decl = key?.parent?.children?.[1];
    if (!decl || decl.type !== 'object' || prop(decl, 'allowedValues')) return undefined;
    const list = `[${values.map((v) => renderStringLiteral('json', v)).join(', ')}]`;
    return insertProperties(doc.source, layoutOf(doc.source), decl, [{ name: 'allowedValues', render: () => list }], decl.children?.[0]);
  },

  configure(doc: ParsedDocument, resource: Resource, change: ResourceChange): TextEdit[] | undefined {
    return isArmDocument(doc) && doc.root ? configureArmResource(doc.source, doc.root, resource, change) : undefined;
  },
};

/** Whether a parameter file belongs to a template: by `metadata.template`, else by name in the same folder. */
function pairs(params: ArmDocument, template: ArmDocument): boolean {
  const pointer = declaredTemplate(params.root);
  if (pointer) return resolveUri(params.uri, pointer) === template.uri;
  return sameFolder(params.uri, template.uri) && templateNamesFor(baseName(params.uri)).some((n) => n.toLowerCase() === baseName(template.uri).toLowerCase());
}

/** The values of every paired parameter file: each file's value is one more possibility. */
function mergeInputs(files: readonly ArmDocument[]): Map<string, Value> {
  const merged = new Map<string, Value>();
  for (const f of files) {
    for (const [name, value] of parameterFileValues(f.source, f.root!)) {
      const prev = merged.get(name);
      merged.set(name, prev ? V.union(prev, value) : value);
    }
  }
  return merged;
}
