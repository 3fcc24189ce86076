/**
 * A module the workspace does not hold or does not evaluate (a Bicep registry module, template spec or declared
 * deployment resource, a Terraform module for azurerm or azapi from a registry, git or an archive, an ARM template linked by URI) deploys
 * resources that are not checked, but its caller says where: the `location` it passes. One resource of type
 * {@link OUTSIDE_MODULE} stands for them, so that the region rules judge that location as they judge a resource's;
 * no other rule knows the type.
 */
import type { Resource, SourceFormat } from '../model/resource';
import type { Span } from '../model/span';
import * as V from '../model/value';
import type { Value } from '../model/value';

export const OUTSIDE_MODULE = 'module';

export interface OutsideModuleCall {
  readonly key: string;
  /**
   * The module's source as written (`br/public:avm/res/storage/storage-account:0.9.0`, `Azure/network/azurerm`), or
   * undefined when an expression gives it; it stands as the stand-in's name.
   */
  readonly source: string | undefined;
  /** The module call's name in the caller (a symbolic name, a Terraform module name, a deployment's literal name), if any. */
  readonly symbolicName: string | undefined;
  /** The value passed as the module's `location` (a property of the arguments, in any case). */
  readonly location: Value;
  readonly declaration: Span;
  readonly via: readonly Span[];
  readonly format: SourceFormat;
}

/**
 * Azure Verified Modules' utility modules (`avm/utl/…` in the Bicep registry, `avm-utl-…` in Terraform's) deploy no
 * Azure resources other than deployment scripts (the AVM specification's module classifications): their `location`
 * (a region to look SKUs or names up for) places no data.
 */
const UTILITY_MODULE = /(^|[/:])avm\/utl\/|(^|\/)avm-utl-/i;

/** The stand-in for a module's resources, or undefined when the call passes no location or the module deploys none. */
export function outsideModule(call: OutsideModuleCall): Resource | undefined {
  if (!V.isPresent(call.location) || (call.source && UTILITY_MODULE.test(call.source))) return undefined;
  return {
    key: call.key,
    type: OUTSIDE_MODULE,
    sourceType: OUTSIDE_MODULE,
    symbolicName: call.symbolicName,
    name: call.source === undefined ? V.EMPTY : V.scalar(call.source, call.declaration),
    body: V.object([{ name: 'location', nameSpan: call.declaration, value: call.location }], call.declaration),
    declaration: call.declaration,
    format: call.format,
    existing: false,
    via: call.via,
    links: [],
  };
}
