/**
 * Settings named as an azurerm resource writes them, for messages: the rules judge ARM paths, and a Terraform user
 * reads `site_config.minimum_tls_version = "1.0"` where ARM has `properties.siteConfig.minTlsVersion`. The azurerm
 * table read backwards gives the argument (the one the resource writes, of renamed twins), a block whose presence
 * sets the value, or a separate resource that configures this one (`azurerm_eventhub_namespace_customer_managed_key`)
 * or is its child (`azurerm_mssql_server_transparent_data_encryption`). An azapi body holds ARM properties, so its
 * paths are the ARM paths.
 */
import type { SettingSpelling } from '../../model/change';
import type { Resource } from '../../model/resource';
import type { Scalar } from '../../model/value';
import type { WorkspaceFiles } from '../../workspace/document';
import { perView } from '../../workspace/memo';
import { configuringLinks, moduleOf, resourceBlock, writtenArgs } from './configure';
import { isTerraformDocument, type TerraformDocument } from './document';
import type { ProviderVersion } from './mapping/provider-version';
import { argumentFor, type ArgumentName } from './mapping/reverse';
import { azurermMapping, azurermTypesOf, type ResourceMapping } from './mapping/table';
import type { Block } from './syntax';

/**
 * The azurerm type that holds settings of an ARM type other than the resource's own (a separate key resource, a
 * child), with the argument that sets the path; no argument where the type itself implies the value.
 */
function otherType(type: string, path: string, value: Scalar | undefined, version: ProviderVersion, configuring: boolean): { name: string; arg?: ArgumentName } | undefined {
  for (const [name, other] of azurermTypesOf(type, version, configuring)) {
    const arg = argumentFor(other, path, value, version, () => false);
    if (arg || Object.keys(other.implies ?? {}).some((p) => p.toLowerCase() === path.toLowerCase())) return { name, arg };
  }
  return undefined;
}

/** A separate resource the files configure a resource with: its azurerm type, and what its block writes. */
interface Configuring {
  readonly type: string;
  readonly mapping: ResourceMapping;
  /** Its block, where the link leads to it (not through a local or a variable). */
  readonly block: Block | undefined;
}

/** The separate resources the files configure a resource with (its `encryption-config` links). */
function configuringResources(resource: Resource, files: WorkspaceFiles): Configuring[] {
  return configuringLinks(resource).map(({ type, mapping, span }) => {
    // The reference is written in the separate resource's block, in whichever file holds it, unless it goes
    // through a local or a variable.
    const doc = span && files.get(span.uri);
    const at = span?.start ?? -1;
    const item = isTerraformDocument(doc) ? doc.items.find((i) => i.node.k === 'block' && i.base + i.node.s <= at && at < i.base + i.node.e) : undefined;
    const block = item?.node.k === 'block' && item.node.type === 'resource' && item.node.labels[0]?.value === type ? item.node : undefined;
    return { type, mapping, block };
  });
}

/** The spellings of a resource block's settings, with what they were worked out from besides the block. */
interface Spellings {
  readonly version: ProviderVersion;
  readonly configuring: readonly Configuring[];
  /** By setting asked for (path, child type, value). */
  readonly byKey: Map<string, SettingSpelling>;
}

/**
 * Spellings by resource block: a block an edit did not touch is the same syntax node after it, and its spellings
 * stand while the module's provider version and the separate resources configuring it (types and blocks) are the
 * same. Every keystroke in a large module words the findings of all its resources again.
 */
const SPELLED = new WeakMap<Block, Spellings>();

/** What spelling a resource's settings reads, once per resource in an analysis: messages ask for many settings. */
interface SpellingContext {
  readonly block: Block;
  readonly mapping: ResourceMapping;
  readonly spellings: Spellings;
}

const CONTEXTS = {};

function contextOf(doc: TerraformDocument, resource: Resource, files: WorkspaceFiles): SpellingContext | undefined {
  const byResource = perView(files, CONTEXTS, () => new WeakMap<Resource, SpellingContext | null>());
  let context = byResource.get(resource);
  if (context === undefined) byResource.set(resource, (context = readContext(doc, resource, files) ?? null));
  return context ?? undefined;
}

function readContext(doc: TerraformDocument, resource: Resource, files: WorkspaceFiles): SpellingContext | undefined {
  const found = resourceBlock(doc, resource);
  const mapping = found && azurermMapping(found.block.labels[0]?.value ?? '');
  if (!found || !mapping) return undefined;
  const { version } = moduleOf(doc, resource, files);
  const configuring = configuringResources(resource, files);
  let spellings = SPELLED.get(found.block);
  if (!spellings || !sameInputs(spellings, version, configuring)) SPELLED.set(found.block, (spellings = { version, configuring, byKey: new Map() }));
  return { block: found.block, mapping, spellings };
}

function sameInputs(a: Spellings, version: ProviderVersion, configuring: readonly Configuring[]): boolean {
  return (
    a.version.length === version.length &&
    a.version.every((n, i) => n === version[i]) &&
    a.configuring.length === configuring.length &&
    a.configuring.every((c, i) => c.type === configuring[i].type && c.block === configuring[i].block)
  );
}

/**
 * What stands for the spellings of a resource's settings and types (`EditFactory.spellings`): its block's, or
 * undefined where they are ARM's (a type the azurerm table does not know, an azapi body).
 */
export function terraformSpellings(doc: TerraformDocument, resource: Resource, files: WorkspaceFiles): object | undefined {
  return contextOf(doc, resource, files)?.spellings;
}

export function spellTerraformSetting(doc: TerraformDocument, resource: Resource, path: string, value: Scalar | undefined, child: string | undefined, files: WorkspaceFiles): SettingSpelling | undefined {
  const context = contextOf(doc, resource, files);
  if (!context) return undefined;
  const { byKey, version, configuring } = context.spellings;
  const key = `${path}|${child ?? ''}|${typeof value}|${String(value)}`;
  let spelling = byKey.get(key);
  if (!spelling) byKey.set(key, (spelling = spell(context.block, context.mapping, resource, path, value, child, version, configuring)));
  return spelling;
}

function spell(block: Block, mapping: ResourceMapping, resource: Resource, path: string, value: Scalar | undefined, child: string | undefined, version: ProviderVersion, configuring: readonly Configuring[]): SettingSpelling {
  if (!child) {
    // A separate resource the files configure it with holds its settings (azurerm's documentation says the
    // resource's own key block conflicts with it).
    for (const { type, mapping: separate, block: written } of configuring) {
      const arg = argumentFor(separate, path, value, version, written ? writtenArgs(written) : () => false);
      if (arg) return { name: [type, ...arg.path].join('.'), value: arg.value, presence: arg.presence, type };
    }
    const own = argumentFor(mapping, path, value, version, writtenArgs(block));
    if (own) return { name: own.path.join('.'), value: own.value, presence: own.presence };
    const composed = spellComposed(mapping, path, value);
    if (composed) return composed;
  }
  // A child is a resource of its own; a setting the resource has no argument for is set by a separate resource. The
  // table holds the arguments the encryption rules read (data/README.md), so one it lacks is said to be unknown to us.
  const other = otherType(child ?? resource.type, path, value, version, !child);
  if (!other) return { name: path, value, presence: false, type: undefined, unwritable: `ITAR Guard knows no ${block.labels[0]?.value} argument for` };
  const { name, arg } = other;
  const argName = arg && (child ? arg.path.join('.') : [name, ...arg.path].join('.'));
  return { name: argName ?? name, value: arg?.value, presence: arg?.presence ?? true, type: name };
}

/**
 * A value the provider joins from several arguments (`sku.name` from `account_tier` and `account_replication_type`),
 * named by the argument its findings are anchored at, with that argument's part of the value.
 */
function spellComposed(mapping: ResourceMapping, path: string, value: Scalar | undefined): SettingSpelling | undefined {
  const c = mapping.compose?.find((x) => x.path.toLowerCase() === path.toLowerCase());
  if (!c) return undefined;
  const parts = typeof value === 'string' ? value.split(c.separator) : [];
  return { name: c.origin, value: parts.length === c.from.length ? parts[c.from.indexOf(c.origin)] : undefined, presence: false };
}

/** The azurerm type that creates resources of an ARM type (`azurerm_log_analytics_cluster`), for an azurerm resource. */
export function spellTerraformType(doc: TerraformDocument, resource: Resource, type: string, files: WorkspaceFiles): string | undefined {
  const found = resourceBlock(doc, resource);
  if (!found || !azurermMapping(found.block.labels[0]?.value ?? '')) return undefined;
  return azurermTypesOf(type, moduleOf(doc, resource, files).version, false).find(([, m]) => !m.configures)?.[0];
}
