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
import { moduleOf, resourceBlock, writtenArgs } from './configure';
import type { TerraformDocument } from './document';
import type { ProviderVersion } from './mapping/provider-version';
import { argumentFor, type ArgumentName } from './mapping/reverse';
import { AZURERM, azurermMapping, type ResourceMapping } from './mapping/table';

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The azurerm type that holds settings of an ARM type other than the resource's own (a separate key resource, a
 * child), with the argument that sets the path; no argument where the type itself implies the value.
 */
function otherType(type: string, path: string, value: Scalar | undefined, version: ProviderVersion, accept: (m: ResourceMapping) => boolean): { name: string; arg?: ArgumentName } | undefined {
  for (const [name, other] of Object.entries(AZURERM.resources)) {
    if (!same(other.type, type) || !accept(other)) continue;
    const arg = argumentFor(other, path, value, version, () => false);
    if (arg || Object.keys(other.implies ?? {}).some((p) => same(p, path))) return { name, arg };
  }
  return undefined;
}

export function spellTerraformSetting(doc: TerraformDocument, resource: Resource, path: string, value: Scalar | undefined, child: string | undefined, files: WorkspaceFiles): SettingSpelling | undefined {
  const found = resourceBlock(doc, resource);
  const mapping = found && azurermMapping(found.block.labels[0]?.value ?? '');
  if (!found || !mapping) return undefined;
  const { version } = moduleOf(doc, files);
  if (!child) {
    const own = argumentFor(mapping, path, value, version, writtenArgs(found.block));
    if (own) return { name: own.path.join('.'), value: own.value, presence: own.presence };
  }
  // A child is a resource of its own; a setting the resource has no argument for is set by a separate resource.
  const other = otherType(child ?? resource.type, path, value, version, (m) => !!child || !!m.configures);
  if (!other) return undefined;
  const { name, arg } = other;
  const argName = arg && (child ? arg.path.join('.') : [name, ...arg.path].join('.'));
  return { name: argName ?? name, value: arg?.value, presence: arg?.presence ?? true, type: child && name };
}
