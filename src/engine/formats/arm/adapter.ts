/**
 * ARM JSON in the workspace: templates and parameter files, paired as DESIGN.md's CLI contract says.
 */
import { findNodeAtOffset } from 'jsonc-parser';
import type { ResourceChange } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import type { SourceText } from '../../model/span';
import type { InputRef, Value } from '../../model/value';
import { mergeAlternatives } from '../../eval/parameters';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from '../../workspace/document';
import { missingTemplateUnit, reachable, rootDocuments } from '../../workspace/roots';
import { perDocument, perView } from '../../workspace/memo';
import { resolveUri } from '../../workspace/uri';
import { isBicepDocument, loadedUris, referencedUris, type BicepDocument } from '../bicep/document';
import { bicepparamsByTemplate, bicepparamValues, extendsTarget } from '../bicep/params-file';
import { renderStringLiteral } from '../literals';
import { configureArmResource } from './configure';
import { entries, parseJsonc, prop, stringValue, type JsonNode } from './jsonc';
import { layoutOf } from '../text-layout';
import { insertProperties } from './layout';
import { declaredTemplate, hasParameterFileName, looksLikeArmParameterFile, pairing, parameterEntries, parameterFileValues, templatePointer, type Pairing, type ParameterTarget } from './parameters';
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
    // Terraform's JSON files are Terraform's, whatever their name says (`parameters.tf.json`).
    return /\.jsonc?$/i.test(path) && !/\.(?:tf|tofu|tfvars)\.json$/i.test(path);
  },

  parse(source: SourceText): ArmDocument | undefined {
    // Cheap test first: most JSON files in a repository are not templates.
    const template = looksLikeArmTemplate(source.text);
    const named = !template && hasParameterFileName(source.uri);
    const parameters = !template && looksLikeArmParameterFile(source.text);
    if (!template && !parameters && !named) return undefined;
    const json = parseJsonc(source);
    const kind = isArmTemplate(json.root) || template ? 'template' : parameters || parameterEntries(json.root, source.uri) ? 'parameters' : undefined;
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
    const pairs = parameterPairing(files);
    const pairedWith = pairs.of;
    const bicepparams = bicepparamsByTemplate(files.all());
    const bicepparamsOf = (uri: string) => bicepparams.get(uri) ?? [];
    const hasParameters = (t: ArmDocument) => pairedWith(t.uri).length > 0 || bicepparamsOf(t.uri).length > 0;
    // A template another template links to, or a Bicep file deploys as a module, is evaluated through its callers,
    // with the values they pass, unless a parameter file of its own says it is deployed alone too.
    const bicepModules = new Set(files.all().filter(isBicepDocument).flatMap((d) => referencedUris(d).filter((r) => !r.isImport).map((r) => r.uri)));
    const unused = rootDocuments(templates, linked);
    const isUnused = new Set(unused);
    const roots = [...unused.filter((t) => !bicepModules.has(t.uri) || hasParameters(t)), ...templates.filter((t) => !isUnused.has(t) && hasParameters(t))];
    const units: AnalysisUnit[] = roots.map((t) => {
      const paired = pairedWith(t.uri);
      const paramFiles = bicepparamsOf(t.uri);
      const bases = paramFiles.flatMap((p) => extendsTarget(p) ?? []);
      return {
        id: t.uri,
        inputs: [t.uri, ...paired.map((p) => p.uri), ...paramFiles.flatMap((p) => [p.uri, ...loadedUris(p)]), ...bases, ...templateClosure(t, files).map((d) => d.uri)],
        evaluate: () =>
          evaluateArmTemplate(t.source, t.root!, mergeAlternatives([...paired.map((p) => parameterFileValues(p.source, p.root!)), ...paramFiles.map((p) => caseless(bicepparamValues(p, files)))]), (from, path) => {
            const doc = resolve(from, path);
            return doc?.root ? { source: doc.source, root: doc.root } : undefined;
          }),
      };
    });
    return [...units, ...parameterFiles.flatMap((p) => missingTemplate(p, files)), ...pairs.unpaired.map(unpairedUnit)];
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

/** Values by lower-cased name: ARM matches parameter names case-insensitively. */
export function caseless(values: ReadonlyMap<string, Value>): Map<string, Value> {
  return new Map([...values].map(([k, v]) => [k.toLowerCase(), v]));
}

/** The ARM template (that parses to a tree) at a URI, if that is one. */
export function templateAt(files: WorkspaceFiles, uri: string): ArmDocument | undefined {
  const doc = files.get(uri);
  return isArmDocument(doc) && doc.kind === 'template' && doc.root ? doc : undefined;
}

const PAIRINGS = {};

/**
 * The JSON parameter files of the listing (that parse) and the templates, ARM and Bicep, they pair with: made once per
 * listing for both adapters.
 */
export function parameterPairing(files: WorkspaceFiles): Pairing<ArmDocument> {
  return perView(files, PAIRINGS, () => {
    const parameterFiles: ArmDocument[] = [];
    const targets: ParameterTarget[] = [];
    for (const d of files.all()) {
      if (isArmDocument(d) && d.root) {
        if (d.kind === 'parameters') parameterFiles.push(d);
        else targets.push({ uri: d.uri, parameters: declaredParameters(d) });
      } else if (isBicepDocument(d) && d.kind === 'bicep') targets.push({ uri: d.uri, parameters: declaredParameters(d) });
    }
    return pairing(parameterFiles, targets);
  });
}

const declaredParameters = perDocument((d: ArmDocument | BicepDocument): ReadonlySet<string> =>
  new Set((isBicepDocument(d) ? [...d.symbols.params.keys()] : entries(prop(d.root, 'parameters')).map(([k]) => String(k.value))).map((n) => n.toLowerCase())),
);

/**
 * A parameter file that pairs with no template: a notice, so that a file that deploys to a region (a China-cloud
 * variant of a template's parameters) is not passed over in silence.
 */
function unpairedUnit({ file: params, why }: { readonly file: ArmDocument; readonly why: string }): AnalysisUnit {
  const given = parameterEntries(params.root, params.uri);
  // At the `parameters` key, or the first parameter's name where the file is the entries alone.
  const key = given?.parent?.type === 'property' ? given.parent.children?.[0] : given?.children?.[0]?.children?.[0];
  const span = key ? params.source.span(key.offset, key.offset + key.length) : params.source.span(0, 0);
  return {
    // Why it pairs with none depends on other files than its own: a new reason is a new unit.
    id: `${params.uri}#unpaired:${why}`,
    inputs: [params.uri],
    evaluate: () => ({
      resources: [],
      notices: [{ ruleId: 'module-unresolved', span, message: `This parameter file pairs with no template in the files checked, so its values are not checked: ${why}. ${PAIRS}` }],
    }),
  };
}

const PAIRS =
  'ITAR Guard deploys a parameter file with the template its `metadata.template` names; else with `X.json` or `X.bicep` for `X.parameters.json` or `X.parameters.<name>.json`, in its folder or the nearest folder above that holds templates; else with a template there that declares every parameter it gives and whose name\'s words are all in the file\'s name, or, for a file whose name asks for no template, the one template of its folder that declares them.';

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
  const target = templatePointer(params);
  const named = target ? files.get(target) : undefined;
  if (target === undefined || (isArmDocument(named) && named.kind === 'template') || (isBicepDocument(named) && named.kind === 'bicep')) return [];
  const pointer = declaredTemplate(params.root)!;
  const node = prop(prop(params.root, 'metadata'), 'template')!;
  return [missingTemplateUnit(params.uri, params.source.span(node.offset, node.offset + node.length), pointer, 'parameter file')];
}
