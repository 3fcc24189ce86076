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
import { configuringLinks, moduleOf, resourceBlock, writtenArgs } from './configure';
import { isTerraformDocument, type TerraformDocument } from './document';
import type { ProviderVersion } from './mapping/provider-version';
import { argumentFor, type ArgumentName } from './mapping/reverse';
import { azurermMapping, azurermTypesOf, type ResourceMapping } from './mapping/table';

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
  /** Whether its block writes an argument; always false where the link does not lead to it (a local, a variable). */
  readonly written: (args: readonly string[]) => boolean;
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
    return { type, mapping, written: block ? writtenArgs(block) : () => false };
  });
}

export function spellTerraformSetting(doc: TerraformDocument, resource: Resource, path: string, value: Scalar | undefined, child: string | undefined, files: WorkspaceFiles): SettingSpelling | undefined {
  const found = resourceBlock(doc, resource);
  const mapping = found && azurermMapping(found.block.labels[0]?.value ?? '');
  if (!found || !mapping) return undefined;
  const { version } = moduleOf(doc, resource, files);
  if (!child) {
    // A separate resource the files configure it with holds its settings (azurerm's documentation says the
    // resource's own key block conflicts with it).
    for (const { type, mapping: separate, written } of configuringResources(resource, files)) {
      const arg = argumentFor(separate, path, value, version, written);
      if (arg) return { name: [type, ...arg.path].join('.'), value: arg.value, presence: arg.presence, type };
    }
    const own = argumentFor(mapping, path, value, version, writtenArgs(found.block));
    if (own) return { name: own.path.join('.'), value: own.value, presence: own.presence };
    const composed = spellComposed(mapping, path, value);
    if (composed) return composed;
  }
  // A child is a resource of its own; a setting the resource has no argument for is set by a separate resource. The
  // table holds the arguments the encryption rules read (data/README.md), so one it lacks is said to be unknown to us.
  const other = otherType(child ?? resource.type, path, value, version, !child);
  if (!other) return { name: path, value, presence: false, type: undefined, unwritable: `ITAR Guard knows no ${found.block.labels[0]?.value} argument for` };
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
