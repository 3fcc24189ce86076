/**
 * Deployed resources: the ARM JSON that Azure Resource Manager or Resource Graph returns for a resource, read
 * through the same JSON reader as templates into the same {@link Resource} model, so every rule applies to it.
 *
 * Each resource becomes a small synthetic document whose URI is derived from its resource ID; findings anchored
 * in it are reported with the resource ID as their logical location. Deployed state is plain JSON: a string
 * that starts with `[` is a value, not a template expression, so values are read as parameter files are.
 */
import type { Resource } from '../../model/resource';
import { SourceText } from '../../model/span';
import * as V from '../../model/value';
import { liveDocumentUri } from '../../workspace/uri';
import { parseJsonc, prop, stringValue } from './jsonc';
import { plainJson } from '../json-values';

/** The ARM resource as Azure returns it: at least `id` and `type`; `properties`, `sku`, … as available. */
export type LiveResourceJson = { readonly id: string; readonly type: string } & Readonly<Record<string, unknown>>;

/** Resource Graph spells resource groups as a subscription child type; templates declare this one. */
export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

const RESOURCE_GROUP_ID = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)$/i;

/** A provider resource ID's namespace, type segments and name segments (`…/providers/NS/type/name/child/name`). */
function providerPath(id: string): { type: string; name: string } | undefined {
  const at = id.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return undefined;
  const parts = id.slice(at + '/providers/'.length).split('/');
  const types = [parts[0]];
  const names: string[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    types.push(parts[i]);
    if (i + 1 < parts.length) names.push(parts[i + 1]);
  }
  return { type: types.join('/'), name: names.join('/') };
}

/**
 * The resource type with the casing of its resource ID (Resource Graph lower-cases types; IDs keep the casing
 * the provider registered), falling back to the type as given.
 */
export function canonicalLiveType(id: string, type: string): string {
  if (type.toLowerCase() === 'microsoft.resources/subscriptions/resourcegroups' || RESOURCE_GROUP_ID.test(id)) {
    return RESOURCE_GROUP_TYPE;
  }
  const fromId = providerPath(id)?.type;
  return fromId?.toLowerCase() === type.toLowerCase() ? fromId : type;
}

/**
 * The resource's name as a template declares it, from its ID: `server/db` for a child resource (Azure returns
 * the last segment alone), the group's name for a resource group.
 */
export function liveResourceName(id: string): string | undefined {
  return RESOURCE_GROUP_ID.exec(id)?.[1] ?? (providerPath(id)?.name || undefined);
}

/** One deployed resource in the engine's model: format `live`, keyed and identified by its resource ID. */
export function liveResource(json: LiveResourceJson): Resource {
  const source = new SourceText(liveDocumentUri(json.id), JSON.stringify(json));
  const root = parseJsonc(source).root;
  const typeNode = prop(root, 'type');
  const nameNode = prop(root, 'name');
  const whole = source.span(0, source.text.length);
  const declaration = typeNode?.parent ? source.span(typeNode.parent.offset, typeNode.parent.offset + typeNode.parent.length) : whole;
  const type = canonicalLiveType(json.id, stringValue(typeNode) ?? json.type);
  return {
    key: json.id,
    type,
    name: nameNode ? plainJson(source, nameNode) : V.unknown('the resource has no name', whole),
    body: root ? plainJson(source, root) : V.unknown('the resource is not a JSON object', whole),
    declaration,
    format: 'live',
    existing: false,
    via: [],
    links: [],
    resourceId: json.id,
  };
}
