/**
 * Functions whose value is decided when the template is deployed, not by the files: the deployment's resource
 * group, subscription and the like. Both evaluators answer them here, with the reason a user will read.
 */
import type { Span } from '../model/span';
import * as V from '../model/value';
import type { Value } from '../model/value';
import { mapCombinations } from './functions';

/** A resource type as `resourceId()` and its kin take it: `Microsoft.Sql/servers`. */
const RESOURCE_TYPE = /^[A-Za-z0-9]+\.[A-Za-z0-9.]+\/[A-Za-z0-9/]+$/;

/** More full names than this, and an ID is not compared with the resources the files deploy. */
const MAX_ID_NAMES = 32;

const CONTEXT_OBJECTS: Record<string, { what: string; props: string[] }> = {
  resourcegroup: { what: 'the resource group', props: ['location', 'name', 'id', 'properties', 'tags', 'managedBy'] },
  deployment: { what: 'the deployment', props: ['location', 'name', 'properties'] },
  subscription: { what: 'the subscription', props: ['subscriptionId', 'tenantId', 'displayName', 'id'] },
  tenant: { what: 'the tenant', props: ['tenantId', 'displayName', 'country', 'countryCode'] },
  managementgroup: { what: 'the management group', props: ['name', 'id', 'properties'] },
  environment: { what: 'the cloud environment', props: ['name', 'resourceManager', 'suffixes', 'authentication'] },
};

/** Functions whose results only Azure knows at deployment time. */
const DEPLOYMENT_TIME = new Set([
  'reference', 'resourceid', 'subscriptionresourceid', 'tenantresourceid', 'extensionresourceid', 'managementgroupresourceid',
  'uniquestring', 'guid', 'newguid', 'utcnow', 'listkeys', 'listaccountsas', 'listservicesas', 'listsecrets', 'pickzones',
  'providers', 'getsecret', 'existingresource',
]);

/** What the files decide about the deployment an expression is evaluated in. */
export interface KnownContext {
  /**
   * The evaluated template's own document: a linked template's `deployment().properties.templateLink.uri` is where
   * the template lives, which in a workspace is that file — so the common
   * `uri(deployment().properties.templateLink.uri, 'nested/x.json')` pattern names a workspace file.
   */
  readonly templateUri?: string;
  /** The location of the resource group the template is deployed into, when the caller declares that group. */
  readonly resourceGroupLocation?: Value;
}

/**
 * The value of a deployment-context function such as `resourceGroup()`: an object whose properties are
 * unknown with the reason (so `resourceGroup().location` explains itself), except what `known` gives, or
 * undefined when `name` is not one.
 */
export function deploymentContext(name: string, call: Span, known: KnownContext = {}): Value | undefined {
  const lower = name.toLowerCase().replace(/^(az|sys)\./, '');
  const ctx = CONTEXT_OBJECTS[lower];
  if (ctx) {
    const props = ctx.props.map((p) => ({ name: p, nameSpan: call, value: knownProperty(lower, p, call, known) ?? V.unknown(`${name}().${p} is ${ctx.what}'s ${p}, decided at deployment, not in the files`, call) }));
    return V.object(props, call);
  }
  if (DEPLOYMENT_TIME.has(lower) || lower.startsWith('list')) {
    return V.unknown(`${name}() is evaluated by Azure at deployment`, call);
  }
  return undefined;
}

/**
 * `resourceId(…, type, name…)` as Azure computes it, with the type and the full names it may have where the files give
 * every name, so that a rule can tell an ID of a resource the files deploy (a module's output of a partner server's
 * ID). `args` are the call's arguments.
 */
export function resourceIdValue(id: Value, args: readonly Value[], call: Span): Value {
  const parts = resourceIdParts(args);
  if (!parts || id.unknowns.length !== 1 || parts.at === args.length - 1) return id;
  const { type } = parts;
  const names = resourceIdNames(args, parts.at, call);
  const strings = V.strings(names).map((s) => s.value);
  if (names.unknowns.length || !strings.length || strings.length > MAX_ID_NAMES) return id;
  return { options: id.options, unknowns: [{ ...id.unknowns[0], id: { type, names: strings } }] };
}

/** Where a `resourceId()`-like call's type argument is (the arguments before it name a subscription and group), and the type. */
export function resourceIdParts(args: readonly Value[]): { readonly at: number; readonly type: string } | undefined {
  for (let at = 0; at < args.length; at++) {
    const type = V.strings(args[at]).find((s) => RESOURCE_TYPE.test(s.value));
    if (type) return { at, type: type.value };
  }
  return undefined;
}

/** The full names the arguments after the type give: `a/b` for a child. */
export function resourceIdNames(args: readonly Value[], at: number, call: Span): Value {
  return mapCombinations('resourceId', args.slice(at + 1), call, (parts) => parts.map(String).join('/'));
}

function knownProperty(context: string, property: string, call: Span, known: KnownContext): Value | undefined {
  if (context === 'deployment' && property === 'properties' && known.templateUri) {
    return V.object([{ name: 'templateLink', nameSpan: call, value: V.object([{ name: 'uri', nameSpan: call, value: V.scalar(known.templateUri, call) }], call) }], call);
  }
  if (context === 'resourcegroup' && property === 'location' && known.resourceGroupLocation) return V.via(known.resourceGroupLocation, call);
  return undefined;
}
