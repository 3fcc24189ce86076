/**
 * A module instance's resources in the model: azurerm resources through the table, azapi resources by their ARM
 * type and body, then the links between them — separate customer-managed-key resources merged into and linked from
 * the resource they configure, `azapi_update_resource` merged into its target, keys linked to their vault — and
 * the resources of the local modules it calls.
 */
import { sameType, type Resource, type ResourceLink, type ResourceLinkKind } from '../../model/resource';
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { BUILTINS } from '../../eval/functions';
import { outsideModule } from '../outside-module';
import { spanAt } from './document';
import { evaluate, repeats, type ModuleInstance } from './evaluator';
import { azurermBody } from './mapping/azurerm';
import { buildObject } from './mapping/build';
import type { ProviderVersion } from './mapping/provider-version';
import { azurermMapping, changesAnother, specs, type ArgumentTable, type ResourceMapping } from './mapping/table';
import { localModuleFolder, moduleSource, type Decl } from './module';
import { applyMerges } from './merges';
import { azapiDefaultLocation, providerEnvironment, takesLocation } from './providers';
import { NO_REBASE, type Rebase } from './rebase';
import { argumentExprs, referencedResources } from './references';
import type { DraftReuse } from './reuse';
import { attribute, type Block } from './syntax';

export interface Draft {
  readonly address: string;
  readonly key: string;
  readonly decl: Decl<Block>;
  readonly type: string;
  readonly apiVersion?: string;
  readonly sourceType: string;
  /** The arguments as written (evaluated when read). */
  readonly args: Value;
  body: Value;
  readonly declaration: Span;
  /** The provider configuration's `environment`, where it names one. */
  readonly cloud?: Value;
  existing: boolean;
  readonly links: ResourceLink[];
  /** The resources this one configures (a separate customer-managed-key resource), with where each is referenced. */
  readonly configures: { address: string; span: Span }[];
  /** The resources this one's ARM values belong to (a configuration without an ARM type of its own, an update). */
  readonly mergeInto: { address: string; span: Span }[];
}

/** A draft as evaluated (before merges), how to move it onto the latest text, and the draft moved there. */
export interface KeptDraft {
  readonly draft: Draft;
  readonly rebase: Rebase;
  readonly current: Draft;
}

/**
 * Every resource of an instance and of the modules it calls. With `reuse`, the instance's drafts that an earlier
 * evaluation made and the edits since did not affect are reused.
 */
export function instanceResources(inst: ModuleInstance, version: ProviderVersion, reuse?: DraftReuse): Resource[] {
  const drafts = new Map<string, Draft>();
  const evaluate = (address: string, decl: Decl<Block>): void => {
    const draft = resourceDraft(inst, address, decl, version);
    if (!draft) return;
    // Merges change drafts (their links and body): the kept one is a copy.
    const copy = { ...draft, links: [...draft.links] };
    reuse?.keep(address, { draft: copy, rebase: NO_REBASE, current: copy });
    drafts.set(address, draft);
  };
  // In a called module, the caller's arguments decide how many instances there are: with none in any case, the
  // block deploys nothing. A root module's inputs may still be given when it is deployed, so its blocks, and those
  // whose emptiness follows from a root variable's default, are judged, unless the files alone leave them empty.
  const deploys = (decl: Decl<Block>) => !(inst.address ? inst.noInstances(decl, true) : inst.noInstancesDecided(decl));
  const reusedAddresses = new Set<string>();
  for (const [address, decl] of inst.decls.resources) {
    if (!modelled(decl)) continue;
    // A draft is kept only for a block that deploys, and reused only where nothing its block reads changed: the
    // block still deploys.
    const earlier = reuse && reused(reuse, address, decl);
    if (!earlier) {
      if (deploys(decl)) evaluate(address, decl);
      continue;
    }
    reuse.keep(address, earlier);
    drafts.set(address, { ...earlier.current, decl, links: [...earlier.current.links] });
    reusedAddresses.add(address);
  }
  // A union keeps a value shared by both sides once: drafts merged together come from one evaluation, as they would
  // from scratch.
  for (const address of merged(drafts)) {
    const decl = inst.decls.resources.get(address);
    if (decl && reusedAddresses.has(address)) evaluate(address, decl);
  }
  applyMerges(drafts, inst);
  const out: Resource[] = [];
  for (const d of drafts.values()) out.push(new TerraformResource(d, inst));
  for (const [name, decl] of inst.decls.modules) {
    if (!deploys(decl)) continue;
    const child = inst.child(name);
    const resources = typeof child !== 'string' ? instanceResources(child, version) : [outsideCall(inst, name, decl)];
    for (const r of resources) if (r) out.push(r);
  }
  return out;
}

const REGISTRY_ADDRESS = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+\/)?[\w-]+\/[\w-]+\/([\w-]+)(?:\/\/[^?]*)?$/i;
/** Hosts Terraform reads as git repositories, not as registries, when a source starts with them. */
const GIT_HOSTS = /^(?:github\.com|bitbucket\.org)\//i;

/**
 * Whether a module outside the workspace deploys to Azure, so that its `location` is an Azure region. A registry
 * address names its provider (`<namespace>/<name>/<provider>`, with a host first for another registry). A git or
 * archive source says it only by the registry's naming of module repositories, `terraform-<provider>-<name>`
 * (Terraform's "Publishing modules" requirements), or by passing `resource_group_name`, the argument every azurerm
 * resource that has a location takes.
 */
function deploysToAzure(call: Block, source: string): boolean {
  const registry = GIT_HOSTS.test(source) ? null : REGISTRY_ADDRESS.exec(source);
  if (registry) return /^(?:azurerm|azapi)$/i.test(registry[1]);
  return /^terraform-(?:azurerm|azapi)-/i.test(packageName(source)) || attribute(call.body, 'resource_group_name') !== undefined;
}

/** A git or archive source's repository or archive name: its last path segment before a subfolder (`//x`) or query. */
function packageName(source: string): string {
  const address = source.replace(/^[a-z0-9]+::/i, '').replace(/\?.*$/, '');
  const pkg = address.replace(/(?<!:)\/\/.*$/, '');
  return pkg.slice(pkg.lastIndexOf('/') + 1).replace(/\.(?:git|zip|tgz|tar(?:\.(?:gz|bz2|xz))?)$/i, '');
}

/** A module outside the workspace that deploys to Azure: its resources are where its `location` argument says (`outside-module.ts`). */
function outsideCall(inst: ModuleInstance, name: string, decl: Decl<Block>): Resource | undefined {
  const source = moduleSource(decl.node);
  const location = attribute(decl.node.body, 'location');
  if (source === undefined || !location || localModuleFolder(inst.decls.folder, source) || !deploysToAzure(decl.node, source)) return undefined;
  const address = `module.${name}`;
  const value = evaluate(location.value, inst.scope(decl.site, inst.bindingsOf(address, decl)));
  return outsideModule({
    key: inst.resourceKey(address, decl.doc.uri),
    source,
    symbolicName: `${inst.address}${address}`,
    location: V.via(value, spanAt(decl.site, { s: location.s, e: location.nameEnd })),
    declaration: spanAt(decl.site, { s: decl.node.s, e: decl.node.open }),
    via: inst.via,
    format: 'terraform',
  });
}

/** A resource in the model. Only messages read its name, which is evaluated when first read. */
class TerraformResource implements Resource {
  readonly key: string;
  readonly type: string;
  readonly apiVersion?: string;
  readonly symbolicName: string;
  readonly body: Value;
  readonly declaration: Span;
  readonly format = 'terraform' as const;
  readonly sourceType: string;
  readonly existing: boolean;
  readonly via: readonly Span[];
  readonly links: ResourceLink[];
  readonly cloud?: Value;
  readonly repeated?: boolean;
  readonly #args: Value;
  #name: Value | undefined;

  constructor(d: Draft, inst: ModuleInstance) {
    this.key = d.key;
    this.type = d.type;
    if (d.apiVersion) this.apiVersion = d.apiVersion;
    this.symbolicName = `${inst.address}${d.decl.node.labels[1]?.value ?? d.address}`;
    this.body = d.body;
    this.declaration = d.declaration;
    this.sourceType = d.sourceType;
    this.existing = d.existing;
    this.via = inst.via;
    this.links = d.links;
    if (d.cloud) this.cloud = d.cloud;
    if (inst.repeated || repeats(d.decl.node)) this.repeated = true;
    this.#args = d.args;
  }

  get name(): Value {
    return (this.#name ??= V.dropAbsent(V.member(this.#args, 'name')));
  }
}

/** The earlier draft of an address on the current text, if the reuse has one. */
function reused(reuse: DraftReuse, address: string, decl: Decl<Block>): KeptDraft | undefined {
  const earlier = reuse.earlier(address);
  if (!earlier?.rebase) return earlier?.kept;
  return { draft: earlier.kept.draft, rebase: earlier.rebase, current: moved(earlier.kept.draft, earlier.rebase, decl) };
}

/** A draft moved onto the current text. */
function moved(draft: Draft, rebase: Rebase, decl: Decl<Block>): Draft {
  const ref = (r: { address: string; span: Span }) => ({ address: r.address, span: rebase.span(r.span) });
  return {
    ...draft,
    decl,
    args: rebase.value(draft.args),
    body: V.markMoved(rebase.value(draft.body), draft.body, rebase, draft.declaration),
    declaration: rebase.span(draft.declaration),
    ...(draft.cloud ? { cloud: rebase.value(draft.cloud) } : {}),
    links: draft.links.map((l) => (l.span ? { ...l, span: rebase.span(l.span) } : { ...l })),
    configures: draft.configures.map(ref),
    mergeInto: draft.mergeInto.map(ref),
  };
}

const AZAPI = new Set(['azapi_resource', 'azapi_update_resource']);

/** Whether the model holds resources of this block's type: azurerm's, and azapi's that create or update one. */
function modelled(decl: Decl<Block>): boolean {
  const sourceType = decl.node.labels[0]?.value ?? '';
  return sourceType.startsWith('azurerm_') || AZAPI.has(sourceType);
}

function resourceDraft(inst: ModuleInstance, address: string, decl: Decl<Block>, version: ProviderVersion): Draft | undefined {
  const sourceType = decl.node.labels[0]?.value ?? '';
  const isAzapi = AZAPI.has(sourceType);
  const args = inst.resourceArguments(address);
  if (!args) return undefined;
  const declaration = spanAt(decl.site, { s: decl.node.s, e: decl.node.open });
  const cloud = providerEnvironment(inst, decl);
  const draft = (type: string, body: Value, apiVersion?: string): Draft => ({
    address,
    key: inst.resourceKey(address, decl.doc.uri),
    decl,
    type,
    apiVersion,
    sourceType,
    args,
    body,
    declaration,
    ...(cloud ? { cloud } : {}),
    existing: false,
    links: [],
    configures: [],
    mergeInto: [],
  });
  if (isAzapi) return azapiDraft(inst, decl, draft, args, version, declaration, sourceType === 'azapi_update_resource');
  // A type the table does not know keeps its azurerm name; its location is still read, as every type's is.
  const mapping: ResourceMapping = azurermMapping(sourceType) ?? { type: sourceType, location: true };
  return azurermDraft(inst, draft(mapping.type, azurermBody(args, mapping, version, declaration)), mapping);
}

function azurermDraft(inst: ModuleInstance, draft: Draft, mapping: ResourceMapping): Draft {
  if (mapping.arguments) linkArguments(inst, draft, mapping.arguments);
  if (mapping.parent) addLinks(inst, draft, [mapping.parent], 'parent');
  if (mapping.configures) {
    // Without an ARM type of its own it changes the resource it configures, and deploys nothing itself.
    const merges = changesAnother(mapping);
    if (merges) draft.existing = true;
    // With no instance (`count = 0`), it changes nothing.
    if (inst.noInstances(draft.decl)) return draft;
    for (const ref of refs(inst, draft, [mapping.configures])) {
      draft.configures.push(ref);
      draft.links.push({ kind: 'parent', target: keyOf(inst, draft, ref.address), span: ref.span });
      const target = inst.decls.resources.get(ref.address)?.node.labels[0]?.value;
      const targetType = target && azurermMapping(target)?.type;
      if (merges && targetType && sameType(targetType, mapping.type)) draft.mergeInto.push(ref);
    }
  }
  return draft;
}

/** `azapi_resource`: `type = "Microsoft.X/y@version"`, `body` at ARM paths; `azapi_update_resource` merges its body into its target. */
function azapiDraft(
  inst: ModuleInstance,
  decl: Decl<Block>,
  make: (type: string, body: Value, apiVersion?: string) => Draft,
  args: Value,
  version: ProviderVersion,
  declaration: Span,
  update: boolean,
): Draft | undefined {
  const typeText = V.strings(V.member(args, 'type'))[0]?.value;
  if (!typeText) return undefined;
  const [type, apiVersion] = typeText.split('@');
  const envelope = azurermBody(args, { type, location: update ? undefined : true }, version, declaration);
  const written = V.dropAbsent(V.member(args, 'body'));
  const located = !update && givesLocation(args);
  // azapi refuses a location in both the argument and the body, so with the argument given the body holds none.
  const body = located ? V.without(written, 'location') : written;
  const layers = [...(body.options.length || body.unknowns.length ? [body] : []), envelope];
  let merged = layers.length > 1 ? BUILTINS.get('union')!(layers, declaration) : envelope;
  // Where the argument and the body may both leave it out, the provider's default location applies, if the type
  // takes one: as one more possibility when only some cases leave it out.
  const unsaid = !update && !located && mayLackLocation(V.member(args, 'location')) && mayLackLocation(V.member(body, 'location'));
  const fallback = unsaid && takesLocation(type) ? azapiDefaultLocation(inst, decl) : undefined;
  if (fallback) merged = BUILTINS.get('union')!([merged, buildObject([{ path: 'location', value: V.via(fallback, declaration), at: declaration }], declaration)], declaration);
  const draft = make(type, merged, apiVersion);
  addLinks(inst, draft, ['parent_id'], 'parent');
  if (update) {
    draft.existing = true;
    for (const ref of refs(inst, draft, ['resource_id'])) draft.mergeInto.push(ref);
    for (const ref of refs(inst, draft, ['parent_id'])) draft.mergeInto.push(ref);
  }
  return draft;
}

/** Whether some case of a location gives none: no value at all, a missing one or a null. */
function mayLackLocation(location: Value): boolean {
  return (!location.options.length && !location.unknowns.length) || location.options.some((p) => p.kind === 'absent' || (p.kind === 'scalar' && p.value === null));
}

/**
 * Whether the `location` argument is known and never null: only then does azapi refuse a location in the body
 * (`validateDuplicatedDefinitions`), so an undetermined argument leaves the body's location in play.
 */
function givesLocation(args: Value): boolean {
  const location = V.member(args, 'location');
  return !location.unknowns.length && location.options.length > 0 && location.options.every((p) => p.kind === 'scalar' && p.value !== null);
}

/** Links for the table's arguments that reference other resources (`key_vault_key_id` → the key). */
function linkArguments(inst: ModuleInstance, draft: Draft, table: ArgumentTable): void {
  for (const { path, kind } of linkPaths(table)) addLinks(inst, draft, path, kind);
}

const linkPathCache = new WeakMap<ArgumentTable, { path: readonly string[]; kind: ResourceLinkKind }[]>();

/** The argument paths of a table that carry a link, found once per table. */
function linkPaths(table: ArgumentTable, prefix: readonly string[] = []): { path: readonly string[]; kind: ResourceLinkKind }[] {
  let paths = prefix.length ? undefined : linkPathCache.get(table);
  if (!paths) {
    paths = [];
    for (const [name, spec] of Object.entries(table)) {
      for (const m of specs(spec)) {
        if (m.block) paths.push(...linkPaths(m.block, [...prefix, name]));
        else if (m.link) paths.push({ path: [...prefix, name], kind: m.link });
      }
    }
    if (!prefix.length) linkPathCache.set(table, paths);
  }
  return paths;
}

function addLinks(inst: ModuleInstance, draft: Draft, path: readonly string[], kind: ResourceLinkKind): void {
  const add = (link: ResourceLink) => {
    if (!draft.links.some((l) => l.kind === link.kind && l.target === link.target)) draft.links.push(link);
  };
  const found = refs(inst, draft, path);
  for (const ref of found) add({ kind, target: keyOf(inst, draft, ref.address), span: ref.span });
  // A reference through a module's inputs or outputs (`server_id = var.server.id`) is found in the evaluated
  // argument: the ID of a resource of another module instance.
  if (found.length || !argumentExprs(draft.decl.node.body, path).length) return;
  for (const u of argumentValue(draft.args, path).unknowns) if (u.resource && u.resource !== draft.key) add({ kind, target: u.resource, span: V.useSite(u) });
}

/** The value at an argument path of evaluated arguments: a nested block is a list of its instances, any of which counts. */
function argumentValue(args: Value, path: readonly string[]): Value {
  let value = args;
  path.forEach((name, i) => {
    value = V.member(value, name);
    if (i < path.length - 1) value = V.element(value, undefined);
  });
  return value;
}

/** The resources the argument at `path` refers to, with where each reference is written. */
function refs(inst: ModuleInstance, draft: Draft, path: readonly string[]): { address: string; span: Span }[] {
  const out: { address: string; span: Span }[] = [];
  for (const expr of argumentExprs(draft.decl.node.body, path)) {
    for (const r of referencedResources(expr, inst.decls)) {
      if (r.address === draft.address) continue;
      const local = r.viaLocal && inst.decls.locals.get(r.viaLocal);
      out.push({ address: r.address, span: spanAt(local ? local.site : draft.decl.site, r.range) });
    }
  }
  return out;
}

function keyOf(inst: ModuleInstance, draft: Draft, address: string): string {
  return inst.resourceKey(address, inst.decls.resources.get(address)?.doc.uri ?? draft.decl.doc.uri);
}

/** The addresses of the drafts that merges join: the configuring or updating resources and their targets. */
function merged(drafts: ReadonlyMap<string, Draft>): Set<string> {
  const out = new Set<string>();
  for (const d of drafts.values()) {
    if (!d.configures.length && !d.mergeInto.length) continue;
    out.add(d.address);
    for (const { address } of [...d.configures, ...d.mergeInto]) out.add(address);
  }
  return out;
}
