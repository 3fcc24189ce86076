/**
 * Registry modules that Bicep restored. `bicep restore` (and `bicep build`, and the Bicep extension while one types)
 * downloads each `br:` module a file uses into Bicep's cache, compiled to an ARM template, at
 * `<cache root>/br/<registry>/<repository>/<tag>/main.json` (Azure/bicep sources: OciArtifactCacheAccessor, TagEncoder,
 * FeatureProvider):
 * - the cache root is the `cacheRootDirectory` of the `bicepconfig.json` that applies to the file (the nearest one in
 *   its folder or a folder above), else `.bicep` in the user's home folder;
 * - the registry is lower-cased, with `:` (before a port) written `$`; the repository has its `/` written `$`;
 * - a tag is written with `$` and, when it has upper-case letters, a hexadecimal mask of their positions; a digest
 *   has its `:` written `#`;
 * - `br/<alias>:<path>` stands for the alias's `registry` and `modulePath` (`moduleAliases.br` in that configuration
 *   file), with `public` (`mcr.microsoft.com`, `bicep`) built in.
 * A template spec (`ts:<subscription>/<group>/<name>:<version>`, or `ts/<alias>:` with the alias's `subscription` and
 * `resourceGroup`) is cached at `<cache root>/ts/<subscription>/<group>/<name>/<version>/main.json`, lower-cased, as
 * the template spec version resource, whose `properties.mainTemplate` is the template (TemplateSpecModuleRegistry,
 * TemplateSpecEntity).
 */
import type { SourceText } from '../../model/span';
import type { WorkspaceFiles } from '../../workspace/document';
import { folderOf, inTemplateSpecCache, parentFolder, resolveUri } from '../../workspace/uri';
import { perDocument, perView } from '../../workspace/memo';
import { remoteTemplateKind } from './document';
import { templateAt, type ArmDocument } from '../arm/adapter';
import { parseJsonc, prop, stringValue, type JsonNode } from '../arm/jsonc';

const CONFIG_FILE = 'bicepconfig.json';

/** Bicep's built-in `br/public:` alias (its default configuration). */
const PUBLIC_ALIAS = { registry: 'mcr.microsoft.com', modulePath: 'bicep' };

/** What Bicep's cache holds for a registry module reference. */
export interface RestoredModule {
  /** The compiled template, when Bicep has restored the module. */
  readonly template: ArmDocument | undefined;
  /** Why it is not read, when it is not (for the notice that the module's resources are not checked). */
  readonly missing?: string;
  /** The files whose change may change this answer: the configuration files that could apply, and the template. */
  readonly inputs: readonly string[];
}

interface BicepConfig {
  /** The configuration file that applies, if any, and the places one would be looked for before it. */
  readonly candidates: readonly string[];
  readonly root: JsonNode | undefined;
  readonly uri: string | undefined;
}

/** A file system's root: `file:///`, `file:///c:/`, `file://server/`. */
const ROOT_FOLDER = /^[a-z][\w+.-]*:\/\/[^/]*\/(?:[a-z](?::|%3a)\/)?$/i;

const CONFIGS = {};

/** The `bicepconfig.json` that applies to files in a folder (URI with a trailing slash), once per analysis. */
function configFor(files: WorkspaceFiles, folder: string): BicepConfig {
  const memo = perView(files, CONFIGS, () => new Map<string, BicepConfig>());
  const known = memo.get(folder);
  if (known) return known;
  const uri = folder + CONFIG_FILE;
  const text: SourceText | undefined = files.text?.(uri);
  let config: BicepConfig;
  if (text) config = { candidates: [uri], root: parseJsonc(text).root, uri };
  else if (ROOT_FOLDER.test(folder) || !folder.endsWith('/')) config = { candidates: [uri], root: undefined, uri: undefined };
  else {
    const above = configFor(files, parentFolder(folder));
    config = { ...above, candidates: [uri, ...above.candidates] };
  }
  memo.set(folder, config);
  return config;
}

/**
 * The folder URI (trailing slash) of the cache root a configuration file gives: an absolute path, or one that starts
 * with `~`, the home folder (Bicep's RootConfiguration.ExpandCacheRootDirectory); undefined for another path, which
 * Bicep refuses.
 */
function cacheRootUri(path: string, homeFolder: string | undefined): string | undefined {
  const slashed = path.replace(/\\/g, '/').replace(/\/*$/, '/');
  const escaped = (p: string) => p.replace(/[#?%]/g, encodeURIComponent);
  if (/^~(\/|$)/.test(slashed)) return homeFolder && `${homeFolder}${escaped(slashed.slice(2))}`;
  if (/^[a-z]:\//i.test(slashed)) return `file:///${escaped(slashed)}`;
  return slashed.startsWith('/') ? resolveUri('file:///', escaped(slashed)) : undefined;
}

/** The address of an OCI artifact: `registry/repository:tag` or `registry/repository@digest`. */
interface ArtifactAddress {
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** The address a `br:` or `br/<alias>:` reference names, or why it names none. */
function addressOf(reference: string, config: BicepConfig): ArtifactAddress | string {
  const m = /^br(?:\/([^:]+))?:(.*)$/i.exec(reference);
  if (!m) return 'it is not a registry reference';
  let rest = m[2];
  if (m[1] !== undefined) {
    const alias = aliasOf(m[1], config);
    if (!alias) return `no module alias '${m[1]}' is configured in ${config.uri ? 'the bicepconfig.json that applies to this file' : 'a bicepconfig.json'}`;
    rest = `${alias.registry}/${alias.modulePath ? `${alias.modulePath.replace(/^\/+|\/+$/g, '')}/` : ''}${rest}`;
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return 'the reference names no repository';
  const registry = rest.slice(0, slash);
  const path = rest.slice(slash + 1);
  const last = path.lastIndexOf('/') + 1;
  const at = path.slice(last).search(/[:@]/);
  if (at < 0) return 'the reference names no tag or digest';
  const repository = path.slice(0, last + at);
  const value = path.slice(last + at + 1);
  if (!value) return 'the reference names no tag or digest';
  return path[last + at] === ':' ? { registry, repository, tag: value } : { registry, repository, digest: value };
}

/** An alias as configured, merged over the built-in one of its name, as Bicep merges its configuration files. */
function aliasOf(name: string, config: BicepConfig): { registry: string; modulePath?: string } | undefined {
  const node = prop(prop(prop(config.root, 'moduleAliases'), 'br'), name);
  const builtIn = name === 'public' ? PUBLIC_ALIAS : undefined;
  const registry = stringValue(prop(node, 'registry')) ?? builtIn?.registry;
  const pathNode = prop(node, 'modulePath');
  const modulePath = pathNode ? stringValue(pathNode) : builtIn?.modulePath;
  if (!registry) return undefined;
  return modulePath ? { registry, modulePath } : { registry };
}

/** A tag as Bicep names its folder, which keeps tags that differ only in case apart on file systems that do not. */
export function encodeTag(tag: string): string {
  const words: bigint[] = [];
  for (let i = 0; i < tag.length; i++) {
    if (!/[A-Z]/.test(tag[i])) continue;
    const w = Math.floor(i / 64);
    while (words.length <= w) words.push(0n);
    words[w] |= 1n << BigInt(i % 64);
  }
  let out = `${tag}$`;
  let started = false;
  for (let w = words.length - 1; w >= 0; w--) {
    if (!started && words[w] === 0n) continue;
    out += started ? words[w].toString(16).padStart(16, '0') : words[w].toString(16);
    started = true;
  }
  return out;
}

/** Where below the cache root Bicep keeps what a reference names (a folder, with a trailing slash), or why it names none. */
type Located = { readonly folder: string } | { readonly missing: string };

/** The folder in which Bicep keeps a restored registry module. */
function registryFolder(reference: string, config: BicepConfig): Located {
  const address = addressOf(reference, config);
  if (typeof address === 'string') return { missing: address };
  const registry = address.registry.toLowerCase().replace(/:/g, '$');
  const repository = address.repository.replace(/\//g, '$');
  const version = address.tag !== undefined ? encodeTag(address.tag) : address.digest!.replace(/:/g, '#');
  return { folder: `br/${[registry, repository, version].map(encodeSegment).join('/')}/` };
}

/** The folder in which Bicep keeps a restored template spec version. */
function templateSpecFolder(reference: string, config: BicepConfig): Located {
  const m = /^ts(?:\/([^:]+))?:(.*)$/i.exec(reference)!;
  let rest = m[2];
  if (m[1] !== undefined) {
    const alias = prop(prop(prop(config.root, 'moduleAliases'), 'ts'), m[1]);
    const subscription = stringValue(prop(alias, 'subscription'));
    const group = stringValue(prop(alias, 'resourceGroup'));
    if (!subscription) return { missing: `no template spec alias '${m[1]}' is configured in ${config.uri ? 'the bicepconfig.json that applies to this file' : 'a bicepconfig.json'}` };
    rest = `${subscription}/${group ? `${group}/` : ''}${rest}`;
  }
  // The subscription is a GUID in any form .NET's Guid.TryParse reads (with or without hyphens, in braces or not).
  const parts = /^([({]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?)\/([^/]+)\/([^/:]+):([^/:]+)$/i.exec(rest);
  if (!parts) return { missing: 'the reference is not <subscription>/<resource group>/<name>:<version>' };
  return { folder: `ts/${parts.slice(1).map((p) => encodeSegment(p.toLowerCase())).join('/')}/` };
}

/** A cached template spec version resource, parsed once per text. */
const versionResource = perDocument((source: SourceText) => parseJsonc(source));

/** The template of a cached template spec version: its `properties.mainTemplate`, in the file Bicep wrote. */
const templateSpecTemplate = perDocument((source: SourceText): ArmDocument | undefined => {
  const json = versionResource(source);
  const root = prop(prop(json.root, 'properties'), 'mainTemplate');
  return root?.type === 'object' ? { uri: source.uri, source, format: 'arm', kind: 'template', problems: json.problems, root } : undefined;
});

/**
 * The template a link of a cached template spec names by `relativePath`: one of the version's `linkedTemplates`, each
 * a `path` (relative to the main template) and its `template`, in the same file; undefined for a link from any other
 * file, and for a path the version does not hold (the link is then outside the workspace: nothing on disk beside the
 * cache is read). A link is relative to the template that writes it (`fromTemplate`, or the linked template that
 * holds it): the main template's folder, or the folder of the linked template's own `path`, as ARM resolves links in a
 * template spec.
 */
export function templateSpecLink(files: WorkspaceFiles, fromUri: string, path: string, fromTemplate: JsonNode): { source: SourceText; root: JsonNode } | undefined {
  if (!inTemplateSpecCache(fromUri)) return undefined;
  const source = files.text?.(fromUri);
  const links = source ? prop(prop(versionResource(source).root, 'properties'), 'linkedTemplates') : undefined;
  const entries = links?.type === 'array' ? (links.children ?? []) : [];
  // The linked template that holds the linking one (itself, or a nested deployment's inner-scope template in it).
  const holds = (l: JsonNode) => {
    const t = prop(l, 'template');
    return !!t && t.offset <= fromTemplate.offset && fromTemplate.offset + fromTemplate.length <= t.offset + t.length;
  };
  const linking = stringValue(prop(entries.find(holds), 'path'));
  const wanted = normalPath(linking ? `${linking.replace(/[^/\\]*$/, '')}/${path}` : path);
  const link = entries.find((l) => normalPath(stringValue(prop(l, 'path')) ?? '') === wanted);
  const root = prop(link, 'template');
  return source && root?.type === 'object' ? { source, root } : undefined;
}

/** A relative path with `./` and `x/../` steps resolved, `/` separators and lower case, for comparing. */
function normalPath(path: string): string {
  const out: string[] = [];
  for (const step of path.replace(/\\/g, '/').split('/')) {
    if (step === '..') out.pop();
    else if (step && step !== '.') out.push(step);
  }
  return out.join('/').toLowerCase();
}

/** A path segment as a URI writes it; `$` stays as it is, as Node writes file URIs. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%24/g, '$');
}

/**
 * What Bicep's cache holds for a `br:` or `ts:` module reference in a file, or undefined for a reference that is
 * neither. Memoised per analysis with the configuration lookups it makes.
 */
export function restoredModule(files: WorkspaceFiles, fromUri: string, reference: string): RestoredModule | undefined {
  const kind = remoteTemplateKind(reference);
  if (!kind) return undefined;
  const config = configFor(files, folderOf(fromUri));
  const located = kind === 'registry module' ? registryFolder(reference, config) : templateSpecFolder(reference, config);
  if ('missing' in located) return { template: undefined, missing: located.missing, inputs: config.candidates };
  const custom = stringValue(prop(config.root, 'cacheRootDirectory'));
  const cacheRoot = custom ? cacheRootUri(custom, files.homeFolder) : files.homeFolder && `${files.homeFolder}.bicep/`;
  if (!cacheRoot) {
    const why = custom ? `the cacheRootDirectory '${custom}' of the bicepconfig.json that applies is not an absolute path, which Bicep requires` : "the folder of Bicep's module cache is not known here";
    return { template: undefined, missing: why, inputs: config.candidates };
  }
  const uri = `${cacheRoot}${located.folder}main.json`;
  const text = files.text?.(uri);
  const template = kind === 'registry module' ? templateAt(files, uri) : text && templateSpecTemplate(text);
  const inputs = [...config.candidates, uri];
  if (template) return { template, inputs };
  const there = text !== undefined;
  const missing = there
    ? "the copy in Bicep's cache is not a template that can be read (`bicep restore --force` on this file restores it again)"
    : 'Bicep has not restored it on this machine (`bicep restore` or `bicep build` on this file restores it, and it is then checked)';
  return { template: undefined, missing, inputs };
}
