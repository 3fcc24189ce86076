/**
 * ARM JSON in the workspace: templates and parameter files, paired as DESIGN.md's CLI contract says.
 */
import { findNodeAtOffset } from 'jsonc-parser';
import type { ResourceChange } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import type { SourceText } from '../../model/span';
import type { InputRef } from '../../model/value';
import { mergeAlternatives } from '../../eval/parameters';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from '../../workspace/document';
import { missingTemplateUnit, reachable, rootDocuments } from '../../workspace/roots';
import { perDocument } from '../../workspace/memo';
import { resolveUri } from '../../workspace/uri';
import { isBicepDocument, referencedUris } from '../bicep/document';
import { renderStringLiteral } from '../literals';
import { configureArmResource } from './configure';
import { parseJsonc, prop, stringValue, type JsonNode } from './jsonc';
import { layoutOf } from '../text-layout';
import { insertProperties } from './layout';
import { declaredTemplate, isArmParameterFile, looksLikeArmParameterFile, pairing, parameterFileValues } from './parameters';
import { evaluateArmTemplate, isArmTemplate, looksLikeArmTemplate, relativeLinks } from './template';

export interface ArmDocument extends ParsedDocument {
  readonly format: 'arm';
  readonly kind: 'template' | 'parameters';
  readonly root: JsonNode | undefined;
}

export function isArmDocument(doc: ParsedDocument | undefined): doc is ArmDocument {
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

  compiledFrom(doc: ParsedDocument) {
    if (!isArmDocument(doc) || doc.kind !== 'template') return undefined;
    return stringValue(prop(prop(prop(doc.root, 'metadata'), '_generator'), 'name'))?.toLowerCase() === 'bicep' ? 'bicep' : undefined;
  },

  units(files: WorkspaceFiles): AnalysisUnit[] {
    const docs = files.all().filter(isArmDocument);
    const templates = docs.filter((d) => d.kind === 'template' && d.root);
    const parameterFiles = docs.filter((d) => d.kind === 'parameters' && d.root);
    const resolve = (from: string, relativePath: string): ArmDocument | undefined => {
      const uri = resolveUri(from, relativePath);
      return uri ? templateAt(files, uri) : undefined;
    };
    const linked = linkedIn(files);
    const pairedWith = pairing(parameterFiles, ['json', 'jsonc']);
    // A template a Bicep file deploys as a module is evaluated through that file, with the values it passes, unless a
    // parameter file of its own says it is deployed alone too.
    const bicepModules = new Set(files.all().filter(isBicepDocument).flatMap((d) => referencedUris(d).filter((r) => !r.isImport).map((r) => r.uri)));
    const roots = rootDocuments(templates, linked).filter((t) => !bicepModules.has(t.uri) || pairedWith(t.uri).length);
    const units: AnalysisUnit[] = roots.map((t) => {
      const paired = pairedWith(t.uri);
      return {
        id: t.uri,
        inputs: [t.uri, ...paired.map((p) => p.uri), ...templateClosure(t, files).map((d) => d.uri)],
        evaluate: () =>
          evaluateArmTemplate(t.source, t.root!, mergeAlternatives(paired.map((p) => parameterFileValues(p.source, p.root!))), (from, path) => {
            const doc = resolve(from, path);
            return doc?.root ? { source: doc.source, root: doc.root } : undefined;
          }),
      };
    });
    return [...units, ...parameterFiles.flatMap((p) => missingTemplate(p, files))];
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
    // Where the file does not parse, the tree's shape is a guess: an insertion could land in the wrong object.
    if (!isArmDocument(doc) || !doc.root || doc.problems.length) return undefined;
    return configureArmResource(doc.source, doc.root, resource, change);
  },
};

/** The ARM template (that parses to a tree) at a URI, if that is one. */
export function templateAt(files: WorkspaceFiles, uri: string): ArmDocument | undefined {
  const doc = files.get(uri);
  return isArmDocument(doc) && doc.kind === 'template' && doc.root ? doc : undefined;
}

/** The templates a template links to, read through `files`. */
function linkedIn(files: WorkspaceFiles): (t: ArmDocument) => ArmDocument[] {
  return (t) => linkedUris(t).flatMap((uri) => templateAt(files, uri) ?? []);
}

/** A template and every template it reaches through relative links: what evaluating it reads. */
export function templateClosure(t: ArmDocument, files: WorkspaceFiles): ArmDocument[] {
  return reachable(t, linkedIn(files));
}

/** The files a template links to. */
const linkedUris = perDocument((t: ArmDocument) => relativeLinks(t.root, t.source.text).flatMap((p) => resolveUri(t.uri, p) ?? []));

/** A parameter file whose `metadata.template` names no template (ARM or Bicep): a unit that says so. */
function missingTemplate(params: ArmDocument, files: WorkspaceFiles): AnalysisUnit[] {
  const pointer = declaredTemplate(params.root);
  const target = pointer === undefined ? undefined : resolveUri(params.uri, pointer);
  const named = target === undefined ? undefined : files.get(target);
  if (pointer === undefined || (isArmDocument(named) && named.kind === 'template') || (isBicepDocument(named) && named.kind === 'bicep')) return [];
  const node = prop(prop(params.root, 'metadata'), 'template')!;
  return [missingTemplateUnit(params.uri, params.source.span(node.offset, node.offset + node.length), pointer, 'parameter file')];
}
