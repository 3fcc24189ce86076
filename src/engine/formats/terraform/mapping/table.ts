/**
 * The azurerm table (`data/azurerm.json`): for each azurerm resource type, its ARM type and how its arguments map
 * to ARM property paths — value maps, provider defaults by provider version, argument renames between azurerm 3.x,
 * 4.x and 5.x, and the arguments that tie it to other resources. The mapping code reads only this table: adding a
 * resource type or an argument is a data change. Where each fact comes from is recorded in the file and in
 * `data/README.md`.
 */
import tableData from '../../../../../data/azurerm.json';
import type { ResourceLinkKind } from '../../../model/resource';
import type { Scalar } from '../../../model/value';

/** How an argument's value becomes an ARM value. */
export type Transform =
  /** a Key Vault key ID `https://v.vault.azure.net/keys/k/ver` → the vault URI `https://v.vault.azure.net/` */
  | 'key-vault-uri'
  /** a Key Vault key ID → the key name */
  | 'key-name'
  /** a Key Vault key ID → the key version ('' when versionless) */
  | 'key-version'
  /** a Key Vault key ID → the SQL server key name `<vault>_<key>_<version>` */
  | 'sql-server-key-name'
  /** a Key Vault resource ID → its URI, which Azure knows and the files do not (an unknown) */
  | 'vault-uri'
  /** a list of resource IDs → an object with those IDs as keys (`identity_ids` → `userAssignedIdentities`) */
  | 'keys';

export interface VersionRange {
  /** The first provider version that has it (inclusive). */
  readonly since?: string;
  /** The provider version that removed it (exclusive). */
  readonly until?: string;
}

export interface VersionedDefault extends VersionRange {
  readonly value: Scalar;
}

export interface ArgumentMapping extends VersionRange {
  /** The ARM path; relative to each element inside a block mapped with `list`. */
  readonly path?: string;
  /** ARM value by the argument's value (as a string: `"true"`, `"1.2"`). */
  readonly values?: Readonly<Record<string, Scalar>>;
  /** A boolean whose ARM property means the opposite (`local_authentication_enabled` → `disableLocalAuth`). */
  readonly invert?: boolean;
  readonly transform?: Transform;
  /** The provider's default when the argument is not set, as ARM would see it written. */
  readonly default?: Scalar | readonly VersionedDefault[];
  /** The argument references a resource this one is tied to. */
  readonly link?: ResourceLinkKind;
  /** A nested block: how its arguments map. */
  readonly block?: ArgumentTable;
  /** For a repeatable block: the ARM array its blocks become, one element each. */
  readonly list?: string;
  /** ARM values that setting this argument or block implies (`customer_managed_key` → `keySource`). */
  readonly implies?: Readonly<Record<string, Scalar>>;
}

export type ArgumentSpec = string | ArgumentMapping | readonly ArgumentMapping[];
export type ArgumentTable = Readonly<Record<string, ArgumentSpec>>;

/** An ARM value built from several arguments, e.g. `sku.name` from `account_tier` and `account_replication_type`. */
export interface Composition {
  readonly path: string;
  readonly from: readonly string[];
  readonly separator: string;
  /** The argument whose literal the composed value is anchored at. */
  readonly origin: string;
}

export interface ResourceMapping extends VersionRange {
  /** The ARM type; for a resource that configures another one, the type of the resource it configures. */
  readonly type: string;
  /** `true`: the `location` argument is the ARM location; `"global"`: the provider always deploys to `global`. */
  readonly location?: true | 'global';
  readonly arguments?: ArgumentTable;
  readonly compose?: readonly Composition[];
  /**
   * The argument that references the resource this one configures (a separate customer-managed-key resource,
   * network rules), which links to it as its `encryption-config`. When `type` is one another azurerm resource creates
   * ({@link changesAnother}), its ARM values are merged into that resource and it deploys nothing itself.
   */
  readonly configures?: string;
  /** The argument that references this child resource's parent. */
  readonly parent?: string;
  /** ARM values the resource implies whatever its arguments. */
  readonly implies?: Readonly<Record<string, Scalar>>;
  /** ARM values the provider sends when no argument sets that path. */
  readonly defaults?: Readonly<Record<string, Scalar>>;
}

export interface AzurermTable {
  readonly sources: Readonly<Record<string, string>>;
  /** The provider major versions the table knows, oldest first. */
  readonly providerMajors: readonly number[];
  /** Arguments every azurerm resource maps the same way (`identity`). */
  readonly common: ArgumentTable;
  readonly resources: Readonly<Record<string, ResourceMapping>>;
}

export const AZURERM: AzurermTable = tableData as unknown as AzurermTable;

/** The ARM types some azurerm resource creates itself (one that configures nothing). */
let created: ReadonlySet<string> | undefined;

/**
 * A resource that configures another one and has no ARM type of its own: its type is one another azurerm resource
 * creates (a separate customer-managed key, network rules, a policy), so it changes that resource and deploys nothing
 * itself, whether or not the files hold the resource it configures.
 */
export function changesAnother(mapping: ResourceMapping): boolean {
  if (!mapping.configures) return false;
  created ??= new Set(Object.values(AZURERM.resources).flatMap((m) => (m.configures ? [] : [m.type.toLowerCase()])));
  return created.has(mapping.type.toLowerCase());
}

/**
 * The azurerm types whose ARM type is `armType` at a provider version, other than one being checked: those that
 * configure it (`configuring`) or any; a type the provider is removing (`until`) after its successor.
 */
export function azurermTypesOf(armType: string, version: readonly number[], configuring: boolean): [string, ResourceMapping][] {
  if (!byArmType) {
    byArmType = new Map();
    for (const entry of Object.entries(AZURERM.resources)) {
      const key = entry[1].type.toLowerCase();
      byArmType.set(key, [...(byArmType.get(key) ?? []), entry]);
    }
  }
  const out = (byArmType.get(armType.toLowerCase()) ?? []).filter(([, m]) => (!configuring || !!m.configures) && inRange(m, version));
  return [...out.filter(([, m]) => !m.until), ...out.filter(([, m]) => m.until)];
}

/** The azurerm types by ARM type (lower case), read once: messages ask per finding. */
let byArmType: Map<string, [string, ResourceMapping][]> | undefined;

export function azurermMapping(type: string): ResourceMapping | undefined {
  return Object.prototype.hasOwnProperty.call(AZURERM.resources, type) ? AZURERM.resources[type] : undefined;
}

/** The specs of an argument table entry as a list. */
export function specs(spec: ArgumentSpec): readonly ArgumentMapping[] {
  return typeof spec === 'string' ? [{ path: spec }] : Array.isArray(spec) ? (spec as readonly ArgumentMapping[]) : [spec as ArgumentMapping];
}

/** Whether a provider version (`Infinity` in a place for the newest release there) lies in a range. */
export function inRange(range: VersionRange, version: readonly number[]): boolean {
  if (range.since && compare(version, parse(range.since)) < 0) return false;
  if (range.until && compare(version, parse(range.until)) >= 0) return false;
  return true;
}

/**
 * Whether the table knows what the provider sends by default in a version: only in the majors it was read at. Other
 * majors had other defaults (azurerm 2.99.0 creates a storage account with `min_tls_version` TLS1_0,
 * storage/storage_account_resource.go), so for a version outside them no default is assumed and the service decides.
 */
export function knowsDefaults(version: readonly number[]): boolean {
  return AZURERM.providerMajors.includes(version[0]);
}

/** The default that applies for a provider version. */
export function defaultFor(def: ArgumentMapping['default'], version: readonly number[]): Scalar | undefined {
  if (def === undefined || def === null || typeof def !== 'object') return def;
  return (def as readonly VersionedDefault[]).find((d) => inRange(d, version))?.value;
}

export function parse(v: string): number[] {
  return v.replace(/^v/, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
}

export function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
