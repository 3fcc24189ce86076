/**
 * Deployed resources: the ARM JSON that Azure Resource Manager or Resource Graph returns for a resource, read
 * into the same {@link Resource} model as templates, so every rule applies to it.
 *
 * Each resource becomes a small synthetic document whose URI is derived from its resource ID; findings anchored
 * in it are reported with the resource ID as their logical location. Deployed state is plain JSON: a string
 * that starts with `[` is a value, not a template expression, so values are read as parameter files are.
 */
import type { Resource } from '../../model/resource';
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { liveDocumentUri } from '../../workspace/uri';
import { MAX_DEPTH } from './jsonc';

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

/**
 * One deployed resource in the engine's model: format `live`, keyed and identified by its resource ID.
 *
 * Its document is the resource as `JSON.stringify` writes it, on one line; the spans are measured while the
 * object is walked, so the text is never built and parsed again (a view of 10,000 resources spent most of its
 * time there).
 */
export function liveResource(json: LiveResourceJson): Resource {
  const doc = new LiveDocument(liveDocumentUri(json.id));
  const top = doc.object(json as Readonly<Record<string, unknown>>, 1);
  const whole = doc.span(0, doc.offset);
  const typeEntry = topLevel(top.entries, 'type');
  const nameEntry = topLevel(top.entries, 'name');
  const typeName = typeEntry ? V.strings(typeEntry.value)[0]?.value : undefined;
  return {
    key: json.id,
    type: canonicalLiveType(json.id, typeName ?? json.type),
    name: nameEntry?.value ?? V.unknown('the resource has no name', whole),
    body: top.value,
    declaration: typeEntry ? doc.span(typeEntry.nameSpan.start, valueEnd(typeEntry.value)) : whole,
    format: 'live',
    existing: false,
    via: [],
    links: [],
    resourceId: json.id,
  };
}

/** A top-level property as ARM reads names: the exact spelling first, else the first that differs only in case. */
function topLevel(entries: readonly V.Property[], name: string): V.Property | undefined {
  return entries.find((e) => e.name === name) ?? entries.find((e) => e.name.toLowerCase() === name);
}

/** Outside these ranges: a character `JSON.stringify` may escape (quote, backslash, control, surrogate). */
const NEEDS_ESCAPE = /[^\u0020\u0021\u0023-\u005b\u005d-\ud7ff\ue000-\uffff]/;
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x08, 0x09, 0x0a, 0x0c, 0x0d]);

/** Measures, and reads into values, the text `JSON.stringify` would write for a parsed JSON object. */
class LiveDocument {
  offset = 0;

  constructor(private readonly uri: string) {}

  span(start: number, end: number): Span {
    return { uri: this.uri, start, end, startLine: 0, startCharacter: start, endLine: 0, endCharacter: end };
  }

  value(data: unknown, depth: number): Value {
    const start = this.offset;
    if (typeof data === 'string') {
      this.offset += stringLength(data);
      return V.scalar(data, this.span(start, this.offset), 'json');
    }
    if (typeof data === 'number' || typeof data === 'boolean' || data === null) {
      const written = typeof data === 'number' && !Number.isFinite(data) ? null : Object.is(data, -0) ? 0 : data;
      this.offset += String(written).length;
      return V.scalar(written, this.span(start, this.offset), 'json');
    }
    if (typeof data === 'object' && depth >= MAX_DEPTH) {
      this.offset += 'null'.length;
      return V.unknown(`the resource is nested deeper than ${MAX_DEPTH} levels`, this.span(start, this.offset));
    }
    if (Array.isArray(data)) return this.array(data, depth + 1);
    if (typeof data === 'object') return this.object(data as Readonly<Record<string, unknown>>, depth + 1).value;
    // JSON from Azure has no other kind of value; JSON.stringify writes what it cannot represent as null.
    this.offset += 'null'.length;
    return V.unknown('not a JSON value', this.span(start, this.offset));
  }

  private array(items: readonly unknown[], depth: number): Value {
    const start = this.offset++;
    const values: Value[] = [];
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.offset++;
      values.push(omitted(items[i]) ? this.value(null, depth) : this.value(items[i], depth));
    }
    this.offset++;
    return V.array(values, this.span(start, this.offset));
  }

  object(data: Readonly<Record<string, unknown>>, depth: number): { value: Value; entries: V.Property[] } {
    const start = this.offset++;
    const entries: V.Property[] = [];
    for (const name of Object.keys(data)) {
      const item = data[name];
      if (omitted(item)) continue;
      if (entries.length > 0) this.offset++;
      const nameStart = this.offset;
      this.offset += stringLength(name);
      const nameSpan = this.span(nameStart, this.offset);
      this.offset++;
      entries.push({ name, nameSpan, value: this.value(item, depth) });
    }
    this.offset++;
    return { value: V.object(entries, this.span(start, this.offset)), entries };
  }
}

/** Where the text of a value read here ends: each is one literal, container or unknown. */
function valueEnd(value: Value): number {
  return (value.options[0]?.origin ?? value.unknowns[0].span).end;
}

/** Values that `JSON.stringify` leaves out of an object, and writes as null in an array. */
function omitted(data: unknown): boolean {
  return data === undefined || typeof data === 'function' || typeof data === 'symbol';
}

/** The length of a string as `JSON.stringify` writes it, quotes and escapes included. */
function stringLength(text: string): number {
  if (!NEEDS_ESCAPE.test(text)) return text.length + 2;
  let length = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (SHORT_ESCAPES.has(c)) length += 2;
    else if (c < 0x20) length += 6;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      length += 2;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) length += 6;
    else length += 1;
  }
  return length;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
