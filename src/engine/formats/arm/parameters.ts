/**
 * ARM parameter files (`deploymentParameters.json`) and how they pair with templates.
 */
import type { SourceText } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { baseName, folderOf, nearestFolderAbove, resolveUri } from '../../workspace/uri';
import { inputFileValue } from '../json-values';
import { entries, prop, stringValue, type JsonNode } from './jsonc';
import { addTo } from '../../model/grouping';
import { perDocument } from '../../workspace/memo';

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
export function parameterEntries(root: JsonNode | undefined, uri: string): JsonNode | undefined {
  const inner = prop(root, 'parameters');
  if (isArmParameterFile(root)) return inner;
  if (root?.type !== 'object' || !hasParameterFileName(uri)) return undefined;
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
  for (const [k, entry] of entries(parameterEntries(root, source.uri))) {
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

/** The URI of the template a parameter file's `metadata.template` names: undefined without one, null when it is no path. */
export const templatePointer = perDocument((p: ParameterFile): string | null | undefined => {
  const pointer = declaredTemplate(p.root);
  // An empty `template` names nothing: the file pairs as one without it does.
  return !pointer ? undefined : (resolveUri(p.uri, pointer) ?? null);
});

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
  /** The files that name no template in `metadata.template` and pair with none of the templates, and why. */
  readonly unpaired: readonly { readonly file: P; readonly why: string }[];
}

/**
 * Which parameter files belong to which templates (ARM and Bicep alike, so that one pairing decides for both formats).
 * Azure deploys a parameter file with the template the deployment names; the files show it by:
 * - `metadata.template`;
 * - the file's name: `X.parameters.json` and `X.parameters.<anything>.json` with `X.json`, `X.jsonc` or `X.bicep`
 *   (`parameters.json` with `template.json`, the portal's "Export template" download), in the file's folder or else
 *   in the nearest folder above that holds templates (`parameters/x.parameters.json`, as Azure's landing-zone
 *   repositories keep them), unless that template lacks a parameter the file gives, which Azure refuses;
 * - else, in the folder of that template, or in the file's folder and the nearest folder above that holds templates:
 *   the template that declares every parameter the file gives and whose name's words are all words of the file's
 *   name, the one with the most (`mc-hub.parameters.json`, the China cloud's values, for `hub.bicep`;
 *   `hub.parameters.multi-region.json` for `hub-multi-region.bicep` where `hub.bicep` lacks its parameters); or, for
 *   a file whose name asks for no template (`dev.json`, or `parameters.json` where there is no `template.json`), the
 *   one template of its own folder that declares what it gives;
 * - else the template its name asks for, though Azure would refuse the parameters it lacks (it is what the file is
 *   named for).
 * Names compare without case. A Bicep template and the JSON compiled from it are one template: a file pairs with both.
 */
export function pairing<P extends ParameterFile>(parameterFiles: readonly P[], templates: readonly ParameterTarget[]): Pairing<P> {
  const inFolder = new Map<string, ParameterTarget[]>();
  for (const t of templates) addTo(inFolder, folderOf(t.uri), t);
  // A template's name is read only in the folders that parameter files look in: most templates have none.
  const nameOf = perDocument((t: ParameterTarget) => templateName(t.uri));
  const byStem = new Map<string, Map<string, ParameterTarget[]>>();
  const namedIn = (folder: string) => {
    let stems = byStem.get(folder);
    if (!stems) {
      byStem.set(folder, (stems = new Map()));
      for (const t of inFolder.get(folder) ?? []) addTo(stems, nameOf(t).stem, t);
    }
    return stems;
  };
  // Many parameter files give the same parameters (`location`): which templates of a folder declare them is found once.
  const declaring = new Map<string, Declaring>();
  const declaringIn = (folder: string, file: FileNames) => {
    const key = [folder, ...file.parameters].join('\n');
    let found = declaring.get(key);
    if (!found) {
      const all = (inFolder.get(folder) ?? []).filter((t) => declaresAll(t, file));
      const byWord = new Map<string, ParameterTarget[]>();
      for (const t of all) for (const w of nameOf(t).words) addTo(byWord, w, t);
      declaring.set(key, (found = { all, byWord, stems: new Set(all.map((t) => nameOf(t).stem)) }));
    }
    return found;
  };
  const byTemplate = new Map<string, P[]>();
  const unpaired: { file: P; why: string }[] = [];
  for (const p of parameterFiles) {
    const found = targetsOf(p, { has: (f) => inFolder.has(f), nameOf, namedIn, declaringIn });
    if (typeof found === 'string') unpaired.push({ file: p, why: found });
    else
      for (const uri of found) addTo(byTemplate, caseless(uri), p);
  }
  return { of: (uri) => byTemplate.get(caseless(uri)) ?? [], unpaired };
}

/** A template's name without its extension, lower case, and the words in it. */
interface TemplateName {
  readonly stem: string;
  readonly words: readonly string[];
}

function templateName(uri: string): TemplateName {
  const stem = baseName(uri).toLowerCase().replace(/\.(?:bicep|jsonc?)$/, '');
  return { stem, words: wordsOf(stem) };
}

/** The words of a file name: what `-`, `_`, `.` and spaces separate. */
function wordsOf(name: string): string[] {
  return name.split(/[-_.\s]+/).filter((w) => w !== '');
}

/** The templates of a folder that declare every parameter a file gives, by the words of their names, and their names. */
interface Declaring {
  readonly all: readonly ParameterTarget[];
  readonly byWord: ReadonlyMap<string, readonly ParameterTarget[]>;
  readonly stems: ReadonlySet<string>;
}

/** The templates of the listing, by folder. */
interface Templates {
  readonly has: (folder: string) => boolean;
  readonly nameOf: (t: ParameterTarget) => TemplateName;
  /** A folder's templates by their lower-case names without extension. */
  readonly namedIn: (folder: string) => ReadonlyMap<string, readonly ParameterTarget[]>;
  readonly declaringIn: (folder: string, file: FileNames) => Declaring;
}

/** The templates a parameter file pairs with (see `pairing`), or why it pairs with none. */
function targetsOf(p: ParameterFile, templates: Templates): string[] | string {
  const pointer = templatePointer(p);
  if (pointer !== undefined) return pointer === null ? [] : [pointer];
  const file = fileNames(p);
  const { nameOf } = templates;
  const above = nearestFolderAbove(file.folder, templates.has);
  const folders = above === undefined ? [file.folder] : [file.folder, above];
  const uris = (ts: readonly ParameterTarget[]) => ts.map((t) => t.uri);
  const { asks } = file;
  const asked = asks === undefined ? undefined : folders.find((f) => templates.namedIn(f).has(asks));
  const byName = asked === undefined || asks === undefined ? [] : (templates.namedIn(asked).get(asks) ?? []);
  const declaring = byName.filter((t) => declaresAll(t, file));
  if (declaring.length) return uris(declaring);
  // A template named for it that lacks its parameters keeps the search in that template's folder.
  const searched = (asked === undefined ? folders : [asked]).map((folder) => ({ folder, declaring: templates.declaringIn(folder, file) }));
  const named = new Set(searched.flatMap(({ declaring }) => [...file.words].flatMap((w) => declaring.byWord.get(w) ?? [])).filter((t) => nameOf(t).words.every((w) => file.words.has(w))));
  const most = Math.max(0, ...[...named].map((t) => nameOf(t).words.length));
  const longest = [...named].filter((t) => nameOf(t).words.length === most);
  // A template and the JSON compiled from it, in one folder, are one template.
  const chosen = new Set(longest.map((t) => `${folderOf(t.uri)}${nameOf(t).stem}`));
  if (chosen.size === 1) return uris(longest);
  const own = searched.find((s) => s.folder === file.folder)?.declaring;
  if ((asks === undefined || file.generic) && own?.stems.size === 1) return uris(own.all);
  if (byName.length) return uris(byName);
  // Templates of two folders are two templates; the message names the first three (a folder may hold thousands).
  const count = searched.reduce((n, s) => n + s.declaring.stems.size, 0);
  const stems: string[] = [];
  for (const s of searched) {
    for (const stem of s.declaring.stems) {
      if (stems.length === 3) break;
      stems.push(stem);
    }
  }
  if (!count) {
    return above === undefined && !templates.has(file.folder)
      ? 'there is no template in its folder or a folder above'
      : 'no template in its folder or the nearest folder above with templates declares every parameter it gives';
  }
  const which = stems.join("', '");
  const take = file.parameters.length ? 'declare every parameter it gives' : 'could take it (it gives no parameters)';
  return chosen.size > 1 || count > 1 ? `several templates ${take} ('${which}'), and its name does not tell which` : `the template that declares every parameter it gives, '${which}', is not one its name names`;
}

function declaresAll(t: ParameterTarget, file: FileNames): boolean {
  return file.parameters.every((g) => t.parameters.has(g));
}

interface FileNames {
  readonly folder: string;
  /** The parameters it gives, lower case, in order. */
  readonly parameters: readonly string[];
  /** The template name (without extension) its name asks for, if any: `main` for `main.parameters.prod.json`. */
  readonly asks: string | undefined;
  /** `parameters.json`, which names the portal export's `template.json` where there is one, and else no template. */
  readonly generic: boolean;
  readonly words: ReadonlySet<string>;
}

/** A parameter file's names, read once per version of the file. */
const fileNames = perDocument((p: ParameterFile): FileNames => {
  const file = baseName(p.uri).toLowerCase();
  return {
    folder: folderOf(p.uri),
    parameters: entries(parameterEntries(p.root, p.uri))
      .map(([k]) => String(k.value).toLowerCase())
      .sort(),
    asks: pairedStem(file),
    generic: /^parameters\.jsonc?$/.test(file),
    words: new Set(wordsOf(file.replace(/\.jsonc?$/, ''))),
  };
});

/** The lower-case template name a parameter file's name asks for, without extension: `main` for `main.parameters.prod.json`. */
function pairedStem(file: string): string | undefined {
  if (/^parameters\.jsonc?$/.test(file)) return 'template';
  return /^(.*)\.parameters(?:\.[^.]+)*\.jsonc?$/.exec(file)?.[1];
}

/** A URI whose file name compares without case (a template's URI is asked for once per template and analysis). */
function caseless(uri: string): string {
  const name = uri.lastIndexOf('/') + 1;
  return uri.slice(0, name) + uri.slice(name).toLowerCase();
}
