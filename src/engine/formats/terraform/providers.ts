/**
 * Provider configurations, as Terraform gives them to resources, and what the model reads from them: azapi's
 * `default_location`, and the cloud (`environment`) of azurerm and azapi.
 *
 * A resource uses the configuration its `provider` argument names (`azapi.west`), else the default configuration of
 * its type's provider (`azapi`). A module's own `provider` block holds it; otherwise the caller passes it down: the
 * configuration its `providers` map names, else, for a default configuration, the caller's own (Terraform's graph
 * resolves a default configuration by walking up the module path whether or not the call has a map; the
 * documentation's "Providers Within Modules" says a map cancels that, which the implementation does not do).
 */
import locationTypes from '../../../../data/azapi-location-types.json';
import * as V from '../../model/value';
import type { Span } from '../../model/span';
import type { Value } from '../../model/value';
import { spanAt } from './document';
import { evaluate, type ModuleInstance } from './evaluator';
import type { Decl } from './module';
import { attribute, type Block, type Expr } from './syntax';

/** The `provider` block that configures `name` for a resource of this instance, with the instance it is read in. */
export function providerBlock(inst: ModuleInstance, name: string): { inst: ModuleInstance; decl: Decl<Block> } | undefined {
  let at = inst;
  let wanted: string | undefined = name;
  for (;;) {
    const own = at.decls.providers.get(wanted);
    if (own) return { inst: at, decl: own };
    if (!at.caller) return undefined;
    const map = attribute(at.caller.decl.node.body, 'providers')?.value;
    // A configuration the map passes is the caller's it names. Any other default configuration is inherited, as
    // Terraform resolves it (`ProviderTransformer` walks up the module path), map or not; one with an alias never is.
    wanted = (map && passedAs(map, wanted)) ?? (wanted.includes('.') ? undefined : wanted);
    if (!wanted) return undefined;
    at = at.caller.inst;
  }
}

/** The name of the provider configuration a resource block uses: its `provider` argument, else its type's provider. */
export function configurationOf(block: Block): string {
  const chosen = attribute(block.body, 'provider')?.value;
  return (chosen && configName(chosen)) ?? (block.labels[0]?.value ?? '').split('_')[0];
}

/** `azapi` or `azapi.west`, as a `provider` argument or a `providers` map writes a configuration's name. */
function configName(e: Expr): string | undefined {
  if (e.k === 'var') return e.name;
  if (e.k === 'lit' && typeof e.value === 'string') return e.value;
  if (e.k === 'attr' && e.obj.k === 'var') return `${e.obj.name}.${e.name}`;
  return undefined;
}

/** The caller's configuration name a `providers` map passes as the child's `name`. */
function passedAs(map: Expr, name: string): string | undefined {
  if (map.k !== 'obj') return undefined;
  const item = map.items.find((i) => configName(i.key) === name);
  return item && configName(item.value);
}

/**
 * An argument of the provider configuration a resource block uses, evaluated where that configuration is written, with
 * the argument's name as a hop; undefined where the configuration does not write it or writes `unless`.
 */
function providerArgument(inst: ModuleInstance, decl: Decl<Block>, name: string, unless?: string): { value: Value; hop: Span } | undefined {
  const found = providerBlock(inst, configurationOf(decl.node));
  const written = found && attribute(found.decl.node.body, name);
  if (!found || !written || (unless && attribute(found.decl.node.body, unless))) return undefined;
  return { value: evaluate(written.value, found.inst.scope(found.decl.site)), hop: spanAt(found.decl.site, { s: written.s, e: written.nameEnd }) };
}

/**
 * The `default_location` of the azapi configuration a resource block uses, or undefined when it has none. azapi
 * gives it to a resource whose `location` argument is null and whose body has no location, if the type takes one
 * (`locationWithDefaultLocation` in the provider's `azapi_resource.go`).
 */
export function azapiDefaultLocation(inst: ModuleInstance, decl: Decl<Block>): Value | undefined {
  const found = providerArgument(inst, decl, 'default_location');
  if (!found) return undefined;
  // The provider ignores an empty or null default: those cases give no location.
  const given: Value = { options: V.strings(found.value).filter((p) => p.value !== ''), unknowns: found.value.unknowns };
  return given.options.length || given.unknowns.length ? V.via(given, found.hop) : undefined;
}

/**
 * The `environment` of the provider configuration a resource block uses (azurerm: `public`, `usgovernment`, `german`,
 * `china`; azapi: `public`, `usgovernment`, `china`; each provider's documentation), or undefined when it names
 * none. The provider ignores it where `metadata_host` names the endpoints (Azure Stack).
 */
export function providerEnvironment(inst: ModuleInstance, decl: Decl<Block>): Value | undefined {
  const found = providerArgument(inst, decl, 'environment', 'metadata_host');
  return found && V.via(found.value, found.hop);
}

const CHILD_TYPES_WITH_LOCATION = new Set(locationTypes.childTypesWithLocation.map((t) => t.toLowerCase()));
const TOP_LEVEL_TYPES_WITHOUT_LOCATION = new Set(locationTypes.topLevelTypesWithoutLocation.map((t) => t.toLowerCase()));

/**
 * Whether an ARM type takes a location, as azapi reads it from the resource schemas it embeds
 * (`data/azapi-location-types.json`): a child type only when its schema has one, a top-level type unless its
 * schema has none. A type the data does not know is judged as most of its kind are: a top-level one takes a
 * location, a child one does not.
 */
export function takesLocation(type: string): boolean {
  const t = type.toLowerCase();
  return t.split('/').length > 2 ? CHILD_TYPES_WITH_LOCATION.has(t) : !TOP_LEVEL_TYPES_WITHOUT_LOCATION.has(t);
}
