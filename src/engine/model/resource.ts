import { sameSpan, type Span } from './span';
import type { Possibility, Value } from './value';

/** The source a resource was read from. Rules never branch on it (DESIGN invariant 3); reports and fixes do. */
export type SourceFormat = 'arm' | 'bicep' | 'terraform' | 'live';

/**
 * One Azure resource as a template would deploy it (or as it is deployed, for live resources).
 *
 * Whatever the format, the resource is described the ARM way: the canonical ARM type, and the resource body
 * as a {@link Value} at ARM property paths (`location`, `sku.name`, `kind`, `identity`,
 * `properties.encryption.keySource`, …). Format adapters translate their syntax and defaults into this shape.
 */
export interface Resource {
  /** Unique within one analysis: the declaring document, the instantiation path and the symbolic name. */
  readonly key: string;
  /**
   * The ARM resource type, e.g. `Microsoft.Storage/storageAccounts`; child types in full (`…/vaults/keys`); or
   * `module`, which stands for the resources of a module outside the workspace (`formats/outside-module.ts`).
   */
  readonly type: string;
  readonly apiVersion?: string;
  /** The name the template gives the declaration (Bicep symbol, Terraform name label, after the module path, ARM 2.0 key). */
  readonly symbolicName?: string;
  /** The resource name (for child types the full `parent/child` name). */
  readonly name: Value;
  /**
   * A child's own name where the files give it but not the whole name, whose parent part they do not give: an ARM
   * child named `format('{0}/{1}', parent, 'require_secure_transport')`, or nested in its parent.
   */
  readonly leafName?: Value;
  /** The resource body: every property at its ARM path. */
  readonly body: Value;
  /** Where resource-level findings are anchored: the declaration line. */
  readonly declaration: Span;
  readonly format: SourceFormat;
  /** The type as the source spells it when that differs from the ARM type (`azurerm_storage_account`). */
  readonly sourceType?: string;
  /** A reference to a resource that exists already (`existing`, a data source): nothing is deployed. */
  readonly existing: boolean;
  /**
   * Where this instance of the declaration comes from when it is deployed through module calls or nested
   * deployments: the call sites, outermost first. Empty for a top-level declaration.
   */
  readonly via: readonly Span[];
  /** Resources this one is tied to; filled by the format adapters and the workspace. */
  readonly links: ResourceLink[];
  /**
   * Declared once for several instances (`count`, `for_each`, a loop, a copy loop, or inside a module called so),
   * which the model reads as one: a reference to one instance (`server["us"]`) may be to any.
   */
  readonly repeated?: boolean;
  /** For live resources: the ARM resource ID. */
  readonly resourceId?: string;
  /**
   * The cloud the files say the resource is deployed to, where they name one: a Terraform provider configuration's
   * `environment` (`public`, `usgovernment`, `china`), at the literal that names it.
   */
  readonly cloud?: Value;
}

/** How two resources are tied, for rules that follow chains (CMK → key → vault). */
export type ResourceLinkKind =
  /** the target is this resource's parent (child types, `parent:`) */
  | 'parent'
  /** the target configures this resource's customer-managed key (a separate CMK resource, an encryption protector) */
  | 'encryption-config'
  /** the target is the key this resource's CMK uses */
  | 'key'
  /** the target is the vault or managed HSM that holds this key, or that this resource's CMK uses */
  | 'vault'
  /** the target is the disk encryption set this resource's disks use */
  | 'disk-encryption-set'
  /** the target is of a type that replication copies data to (a SQL server or managed instance, a storage account), which this resource names */
  | 'replication-partner';

export interface ResourceLink {
  readonly kind: ResourceLinkKind;
  /** The linked resource's {@link Resource.key}. */
  readonly target: string;
  /** Where the reference is written. */
  readonly span?: Span;
}

export function sameType(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether a value is one that no file writes: a default the adapter placed at the declaration (an azurerm provider
 * default, a setting the resource type implies), which the user must be told is not written.
 */
export function setByDefault(resource: Resource, p: Possibility, declaration = resource.declaration): boolean {
  return p.kind === 'scalar' && !p.literal && sameSpan(p.origin, declaration);
}
