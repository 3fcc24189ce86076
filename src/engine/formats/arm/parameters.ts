/**
 * ARM parameter files (`deploymentParameters.json`) and how they pair with templates.
 */
import type { SourceText } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { baseName, folderOf, nearestFolderAbove, resolveUri } from '../../workspace/uri';
import { inputFileValue } from '../json-values';
import { entries, prop, stringValue, type JsonNode } from './jsonc';

function isArmParameterFile(root: JsonNode | undefined): boolean {
  const schema = stringValue(prop(root, '$schema'));
  return !!schema && /deploymentParameters\.json/i.test(schema);
}

export function looksLikeArmParameterFile(text: string): boolean {
  return /"\$schema"\s*:\s*"[^"]*deploymentParameters\.json/i.test(text.slice(0, 4096));
}

/** A file named as parameter files are (`X.parameters.json`, `X.parameters.prod.json`, `parameters.json`). */
export function hasParameterFileName(uri: string): boolean {
  return /(?:^|\.)parameters(?:\.[^.]+)*\.jsonc?$/i.test(baseName(uri));
}

const ENTRY_KEYS = new Set(['value', 'reference', 'metadata']);

/**
 * The object of parameter entries: `parameters` of a deployment parameters file, or, in a file with a parameter
 * file's name but no `$schema` (which the Azure CLI and PowerShell accept), its `parameters` or the root itself when
 * every member is an entry (`{ "location": { "value": … } }`, which the Azure CLI also accepts). Undefined when the
 * file is none of these.
 */
export function parameterEntries(root: JsonNode | undefined, named: boolean): JsonNode | undefined {
  const inner = prop(root, 'parameters');
  if (isArmParameterFile(root)) return inner;
  if (!named || root?.type !== 'object') return undefined;
  // An entry holds `value` or `reference` and at most `metadata` besides: a Logic App's `parameters.json`, whose entries
  // also give a `type`, is not a deployment's.
  const isEntry = (v: JsonNode) => v.type === 'object' && (!!prop(v, 'value') || !!prop(v, 'reference')) && entries(v).every(([k]) => ENTRY_KEYS.has(String(k.value)));
  const isEntries = (node: JsonNode | undefined) => node?.type === 'object' && !!node.children?.length && entries(node).every(([, v]) => isEntry(v));
  return isEntries(inner) ? inner : isEntries(root) ? root : undefined;
}

/**
 * The values a parameter file gives, by lower-cased parameter name. Parameter files are plain JSON: a string
 * that starts with `[` is not an expression there. A Key Vault `reference` is a secret, not a known value.
 */
export function parameterFileValues(source: SourceText, root: JsonNode): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, entry] of entries(parameterEntries(root, hasParameterFileName(source.uri)))) {
    const valueNode = prop(entry, 'value');
    const name = String(k.value);
    const span = source.span(k.offset, k.offset + k.length);
    out.set(name.toLowerCase(), valueNode ? inputFileValue(source, valueNode) : V.unknown(`parameter '${name}' comes from a Key Vault reference`, span));
  }
  return out;
}

/** The template a parameter file names through `metadata.template`, if any (a path relative to the file). */
export function declaredTemplate(root: JsonNode | undefined): string | undefined {
  return stringValue(prop(prop(root, 'metadata'), 'template'));
}

/** A template a parameter file may be deployed with, and the parameters it declares (lower-case names). */
export interface ParameterTarget {
  readonly uri: string;
  readonly parameters: ReadonlySet<string>;
}

interface ParameterFile {
  readonly uri: string;
  readonly root: JsonNode | undefined;
}

export interface Pairing<P> {
  /** The parameter files deployed with a template, by the template's URI. */
  readonly of: (templateUri: string) => P[];
  /** The files that name no template in `metadata.template` and pair with none of the templates. */
  readonly unpaired: readonly P[];
}

/**
 * Which parameter files belong to which templates (ARM and Bicep alike, so that one pairing decides for both formats).
 * A parameter file is deployed with the template its `metadata.template` names; else with the template its name pairs
 * with, in its folder or the nearest folder above that holds templates (`main.parameters.json` and
 * `main.parameters.prod.json` with `main.bicep` or `main.json`; `parameters/main.parameters.json`, as Azure's
 * landing-zone repositories keep them; `parameters.json`
 * with `template.json`, the portal's "Export template" download), unless that template lacks a parameter the file
 * gives, which Azure refuses; else with the one template there that declares every parameter it gives
 * (`dev.parameters.json` beside `main.bicep`), or of several such, the one whose name is part of the file's
 * (`mc-hub.parameters.json` for `hub.bicep` rather than `hub-multi-region.bicep`). Names compare without case.
 */
export function pairing<P extends ParameterFile>(parameterFiles: readonly P[], templates: readonly ParameterTarget[]): Pairing<P> {
  const inFolder = new Map<string, ParameterTarget[]>();
  for (const t of templates) {
    const folder = folderOf(t.uri);
    const list = inFolder.get(folder);
    if (list) list.push(t);
    else inFolder.set(folder, [t]);
  }
  // Names are read only in the folders parameter files look in: most templates have none.
  const stems = new Map<ParameterTarget, string>();
  const stemOf = (t: ParameterTarget) => {
    let stem = stems.get(t);
    if (stem === undefined) stems.set(t, (stem = templateStem(t.uri)));
    return stem;
  };
  const byTemplate = new Map<string, P[]>();
  const unpaired: P[] = [];
  for (const p of parameterFiles) {
    const targets = targetsOf(p, inFolder, stemOf);
    if (!targets) unpaired.push(p);
    for (const uri of targets ?? []) {
      const key = caseless(uri);
      const list = byTemplate.get(key);
      if (list) list.push(p);
      else byTemplate.set(key, [p]);
    }
  }
  return { of: (uri) => byTemplate.get(caseless(uri)) ?? [], unpaired };
}

/** The templates a parameter file pairs with (see `pairing`); undefined when it pairs with none. */
function targetsOf(p: ParameterFile, inFolder: ReadonlyMap<string, readonly ParameterTarget[]>, stemOf: (t: ParameterTarget) => string): string[] | undefined {
  const pointer = declaredTemplate(p.root);
  if (pointer !== undefined) {
    const target = resolveUri(p.uri, pointer);
    return target ? [target] : [];
  }
  const { own, given, stem, fileStem } = namesOf(p);
  const above = nearestFolderAbove(own, (f) => inFolder.has(f));
  const folders = above === undefined ? [own] : [own, above];
  const fits = (t: ParameterTarget) => given.every((g) => t.parameters.has(g));
  const byName = folders.map((f) => (inFolder.get(f) ?? []).filter((t) => stemOf(t) === stem)).find((found) => found.length) ?? [];
  const fitting = byName.filter(fits);
  if (fitting.length) return fitting.map((t) => t.uri);
  for (const folder of folders) {
    const fit = (inFolder.get(folder) ?? []).filter(fits);
    if (!fit.length) continue;
    // A template and the JSON that Bicep compiled from it are one template. Several others leave it open: the folder
    // above is not asked.
    const names = [...new Set(fit.map(stemOf))];
    const named = names.length === 1 ? names : names.filter((n) => fileStem.includes(n));
    if (named.length === 1) return fit.filter((t) => stemOf(t) === named[0]).map((t) => t.uri);
    break;
  }
  return byName.length ? byName.map((t) => t.uri) : undefined;
}

interface FileNames {
  readonly own: string;
  /** The parameters it gives, lower case. */
  readonly given: readonly string[];
  /** The template name its name asks for, if any; and its name without `.parameters…` and extension. */
  readonly stem: string | undefined;
  readonly fileStem: string;
}

/** Kept by the parsed tree: one reading of a file's names serves every analysis of that version. */
const NAMES = new WeakMap<JsonNode, FileNames>();

function namesOf(p: ParameterFile): FileNames {
  const known = p.root && NAMES.get(p.root);
  if (known) return known;
  const file = baseName(p.uri).toLowerCase();
  const names = {
    own: folderOf(p.uri),
    given: entries(parameterEntries(p.root, hasParameterFileName(p.uri))).map(([k]) => String(k.value).toLowerCase()),
    stem: pairedStem(file),
    fileStem: file.replace(/\.jsonc?$/, '').replace(/\.parameters(?:\..*)?$/, ''),
  };
  if (p.root) NAMES.set(p.root, names);
  return names;
}

/** The lower-case template name a parameter file's name asks for, without extension: `main` for `main.parameters.prod.json`. */
function pairedStem(file: string): string | undefined {
  if (/^parameters\.jsonc?$/.test(file)) return 'template';
  return /^(.*)\.parameters(?:\.[^.]+)*\.jsonc?$/.exec(file)?.[1];
}

/** A template's lower-case name without its extension. */
function templateStem(uri: string): string {
  return baseName(uri).toLowerCase().replace(/\.(?:bicep|jsonc?)$/, '');
}

/** A URI whose file name compares without case (a template's URI is asked for once per template and analysis). */
function caseless(uri: string): string {
  const name = uri.lastIndexOf('/') + 1;
  return uri.slice(0, name) + uri.slice(name).toLowerCase();
}
