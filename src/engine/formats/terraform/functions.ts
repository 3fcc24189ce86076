/**
 * Terraform's built-in functions over possibility sets. Where a Terraform function means what an ARM/Bicep one
 * means (`lower` is `toLower`, `merge` is `union`, …) the shared implementation in `eval/functions.ts` serves;
 * the rest are Terraform's own. Functions that read files, call Azure or depend on time are unknown, with the
 * reason.
 */
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Possibility, Scalar, Value } from '../../model/value';
import { BUILTINS, combinations, mapCombinations, MAX_COMBINATIONS, byName, onlyScalar, MAX_ELEMENTS, MAX_TEXT, textTooLong, tooLong } from '../../eval/functions';

/** Terraform names for the shared functions. */
const SHARED: Record<string, string> = {
  lower: 'tolower',
  upper: 'toupper',
  trimspace: 'trim',
  concat: 'concat',
  merge: 'union',
  replace: 'replace',
};

/** Functions whose result is their argument, as far as possible values go. */
const IDENTITY = new Set(['tolist', 'tomap', 'tostring', 'sensitive', 'nonsensitive', 'jsonencode', 'yamlencode']);

/** Functions that read files, the clock, randomness or the network: their results are not in the files. */
const OUTSIDE = new Set(['file', 'fileexists', 'fileset', 'filebase64', 'filemd5', 'filesha1', 'filesha256', 'filesha512', 'templatefile', 'timestamp', 'plantimestamp', 'uuid', 'uuidv5', 'bcrypt', 'pathexpand', 'abspath']);

/** A function as Terraform defines it; `tolerant` is set under `try()`, where a failure is a possibility of its own. */
type TerraformFunction = (args: readonly Value[], call: Span, tolerant: boolean) => Value;

const OWN: Record<string, TerraformFunction> = {
  toset: (args, call) => unique(args[0], call, true),
  distinct: (args, call) => unique(args[0], call, false),
  coalesce: (args, call) => BUILTINS.get('coalesce')!(args.map(withoutEmptyStrings), call),
  format: (args, call) => mapCombinations('format', args, call, ([fmt, ...rest]) => (typeof fmt === 'string' ? printf(fmt, rest) : undefined)),
  join: joinFn,
  split: (args, call) => {
    const out: Possibility[] = [];
    for (const [sep, s] of combinations(args) ?? []) {
      if (sep?.kind !== 'scalar' || s?.kind !== 'scalar' || typeof sep.value !== 'string' || typeof s.value !== 'string') continue;
      out.push({ kind: 'array', items: s.value.split(sep.value).map((part) => V.scalar(part, call)), origin: call, via: [] });
    }
    return { options: out, unknowns: V.unknownsOf(args.map((a) => a.unknowns)) };
  },
  lookup: (args) => {
    const [map, key, fallback] = args;
    const found = keyed(map ?? V.EMPTY, key ?? V.EMPTY);
    return fallback && (found.missing || found.value.options.length === 0) ? V.union(found.value, fallback) : found.value;
  },
  element: (args) => {
    const index = asListIndex(args[1] ?? V.EMPTY);
    const idx = V.scalars(index).filter((p) => typeof p.value === 'number');
    if (!idx.length || index.unknowns.length) return V.element(args[0] ?? V.EMPTY, undefined);
    // A fractional index fails at deployment: it selects nothing.
    return V.union(...idx.filter((i) => Number.isInteger(i.value)).map((i) => V.element(wrapIndex(args[0] ?? V.EMPTY, i.value as number), i.value as number)));
  },
  one: (args, call) => oneOf(args[0] ?? V.EMPTY, call),
  keys: (args, call) => mapCollections(args[0], call, (p) => (p.kind === 'object' ? [...byKey(p).map(V.keyValue), ...(p.unnamed ? [V.unknown(OPEN_KEY, p.origin)] : [])] : undefined), true),
  values: (args, call) => mapCollections(args[0], call, (p) => (p.kind === 'object' ? [...byKey(p).map((x) => x.value), ...(p.unnamed ?? [])] : undefined), true),
  flatten: (args, call) => {
    let tooMany = false;
    const flat = mapCollections(args[0], call, (p) => {
      if (p.kind !== 'array') return undefined;
      const out: Value[] = [];
      tooMany ||= !p.items.every((item) => flattenInto(item, out));
      return out;
    });
    return tooMany ? tooLong('flatten', call) : flat;
  },
  compact: (args, call) => mapCollections(args[0], call, (p) => (p.kind === 'array' ? p.items.map((i) => ({ options: i.options.filter((o) => !(o.kind === 'scalar' && (o.value === null || o.value === ''))), unknowns: i.unknowns })) : undefined)),
  length: (args, call) => {
    const a = args[0] ?? V.EMPTY;
    const options: Possibility[] = [];
    for (const p of a.options) {
      const n = p.kind === 'array' ? (p.open ? undefined : p.items.length) : p.kind === 'object' ? p.props.size : p.kind === 'scalar' && typeof p.value === 'string' ? [...p.value].length : undefined;
      if (n !== undefined) options.push({ kind: 'scalar', value: n, origin: call, via: [] });
    }
    const open = a.options.some((p) => p.kind === 'array' && p.open);
    return { options, unknowns: open ? [...a.unknowns, ...V.unknown('the length of a list built by a loop is not known', call).unknowns] : a.unknowns };
  },
  contains: (args, call) => {
    const [list, value] = args;
    if (!list || !value) return V.unknown('contains() needs a list and a value', call);
    const out: Possibility[] = [];
    const unknowns = [...list.unknowns, ...value.unknowns];
    for (const p of list.options) {
      if (p.kind !== 'array') continue;
      // An element the files leave open (a key of a map whose keys are open), or a list of open length, may hold it.
      const open = p.open || p.items.some((i) => i.unknowns.length > 0 || i.options.some((o) => o.kind !== 'scalar'));
      if (open) unknowns.push(...p.items.flatMap((i) => i.unknowns));
      const items = p.items.flatMap((i) => V.scalars(i).map((s) => s.value));
      for (const v of V.scalars(value)) {
        const found = items.includes(v.value);
        if (found || !open) out.push({ kind: 'scalar', value: found, origin: call, via: [] });
        else unknowns.push(...V.unknown('contains() over a list with elements the files do not give', call).unknowns);
      }
    }
    return { options: out, unknowns: V.unknownsOf([unknowns]) };
  },
  try: firstAvailable,
  jsondecode: (args, call, tolerant) => {
    const out: Value[] = [];
    for (const s of V.strings(args[0] ?? V.EMPTY)) {
      try {
        out.push(fromJson(JSON.parse(s.value), s.origin));
      } catch {
        // Terraform fails on text that is not JSON: try() then reads its fallback.
        out.push(tolerant ? V.absent(call) : V.unknown('jsondecode() of a string that is not JSON', call));
      }
    }
    return V.union({ options: [], unknowns: args[0]?.unknowns ?? [] }, ...out);
  },
  tonumber: (args, call) => mapCombinations('tonumber', args, call, ([a]) => (typeof a === 'number' ? a : typeof a === 'string' ? spelledNumber(a) : undefined)),
  tobool: (args, call) => mapCombinations('tobool', args, call, ([a]) => (typeof a === 'boolean' ? a : a === 'true' ? true : a === 'false' ? false : undefined)),
  title: (args, call) => mapCombinations('title', args, call, ([a]) => (typeof a === 'string' ? a.replace(/\b\w/g, (c) => c.toUpperCase()) : undefined)),
  substr: (args, call) => mapCombinations('substr', args, call, ([s, o, l]) => (typeof s === 'string' && typeof o === 'number' && typeof l === 'number' ? [...s].slice(o, l < 0 ? undefined : o + l).join('') : undefined)),
  trimprefix: (args, call) => mapCombinations('trimprefix', args, call, ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? (s.startsWith(p) ? s.slice(p.length) : s) : undefined)),
  trimsuffix: (args, call) => mapCombinations('trimsuffix', args, call, ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? (p && s.endsWith(p) ? s.slice(0, -p.length) : s) : undefined)),
  startswith: (args, call) => mapCombinations('startswith', args, call, ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? s.startsWith(p) : undefined)),
  endswith: (args, call) => mapCombinations('endswith', args, call, ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? s.endsWith(p) : undefined)),
  min: (args, call) => mapCombinations('min', args, call, (parts) => (parts.every((p) => typeof p === 'number') ? Math.min(...(parts as number[])) : undefined)),
  max: (args, call) => mapCombinations('max', args, call, (parts) => (parts.every((p) => typeof p === 'number') ? Math.max(...(parts as number[])) : undefined)),
};

/**
 * The value of a call to a Terraform built-in, or an unknown with the reason. `expand` is a final argument
 * written with `...`, whose elements are the arguments.
 */
export function callTerraformFunction(name: string, args: readonly Value[], call: Span, expand: boolean, tolerant: boolean): Value {
  if (name.includes('::')) return V.unknown(`the provider function ${name}() is not evaluated by ITAR Guard`, call);
  const lower = name.toLowerCase();
  if (OUTSIDE.has(lower)) return V.unknown(`${name}() reads what is outside the configuration (files, the clock or randomness)`, call);
  const actual = expand ? expandLast(args) : args;
  if (!actual) return V.unknown(`${name}(…) expands a list whose elements are not known`, call);
  if (IDENTITY.has(lower)) return actual[0] ?? V.EMPTY;
  const own = OWN[lower];
  if (own) return own(actual, call, tolerant);
  const shared = SHARED[lower] && BUILTINS.get(SHARED[lower]);
  if (shared) return shared(actual, call);
  return V.unknown(`function ${name}() is not evaluated by ITAR Guard`, call);
}

function expandLast(args: readonly Value[]): Value[] | undefined {
  const last = args[args.length - 1];
  const lists = last?.options.filter((p): p is V.ArrayPossibility => p.kind === 'array') ?? [];
  if (!last || lists.length !== 1 || last.unknowns.length || lists[0].open) return undefined;
  return [...args.slice(0, -1), ...lists[0].items];
}

function withoutEmptyStrings(v: Value): Value {
  return v.options.some((p) => p.kind === 'scalar' && p.value === '') ? { options: v.options.filter((p) => !(p.kind === 'scalar' && p.value === '')), unknowns: v.unknowns } : v;
}

/**
 * `try(a, b, …)`: the first argument that has a value; later ones only while earlier ones may fail. An argument the
 * files do not determine may be a value (Terraform's `try` returns an unknown as it is) or may fail, so it stays
 * possible and the next one is read too.
 */
function firstAvailable(args: readonly Value[]): Value {
  const parts: Value[] = [];
  for (const a of args) {
    const present = a.options.filter((p) => p.kind !== 'absent');
    parts.push({ options: present, unknowns: a.unknowns });
    if (present.length && present.length === a.options.length && !a.unknowns.length) break;
  }
  return V.union(...parts);
}

/**
 * `one(list)`: its element, or null for an empty list (Terraform's `one`), so a list that may be empty (a splat of a
 * resource whose `count` may be 0, a list of open length) gives null too.
 */
function oneOf(list: Value, call: Span): Value {
  const mayBeEmpty = list.options.some((p) => p.kind === 'array' && (p.open || !p.items.length));
  return mayBeEmpty ? V.union(V.element(list, 0), V.scalar(null, call)) : V.element(list, 0);
}

/** The number a string spells as Terraform reads one (decimal, with an optional exponent), or undefined. */
function spelledNumber(s: string): number | undefined {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : undefined;
}

/** An index as a map reads it: Terraform converts a number or a boolean to the string it spells (`m[1]` is `m["1"]`). */
export function asMapKey(index: Value): Value {
  return convertedScalars(index, (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined));
}

/** An index as a list reads it: Terraform converts a string that spells a number to the number (`l["0"]` is `l[0]`). */
export function asListIndex(index: Value): Value {
  return convertedScalars(index, (v) => (typeof v === 'string' ? spelledNumber(v) : undefined));
}

/** The value with the scalars `convert` converts replaced; the value itself where it converts none. */
function convertedScalars(value: Value, convert: (v: Scalar) => Scalar | undefined): Value {
  let converted = false;
  const options = value.options.map((p) => {
    const to = p.kind === 'scalar' ? convert(p.value) : undefined;
    if (to === undefined || p.kind !== 'scalar') return p;
    converted = true;
    return { ...p, value: to };
  });
  return converted ? { options, unknowns: value.unknowns } : value;
}

/** A map's (object's) value at a key, and whether some possibility lacks the key. */
export function keyed(map: Value, written: Value): { value: Value; missing: boolean } {
  const key = asMapKey(written);
  const parts: Value[] = [];
  let missing = false;
  const keys = V.strings(key);
  for (const k of keys) {
    const m = V.member({ options: map.options, unknowns: [] }, k.value);
    if (m.options.some((p) => p.kind === 'absent')) missing = true;
    parts.push({ options: m.options.filter((p) => p.kind !== 'absent'), unknowns: m.unknowns });
  }
  const unknownKey = !keys.length || key.unknowns.length > 0;
  // A key the files do not give may be one the map lacks, unless it is one of the map's own (`each.key` over it).
  if (unknownKey && !V.ownOpenKeys(key, map)) missing = true;
  // An unknown key selects any of the map's values; any key may select an unnamed entry, which stands in for the gap of its key.
  if (unknownKey) for (const p of map.options) if (p.kind === 'object') parts.push(...V.anyEntry(p));
  const merged = V.union(...parts);
  return { value: { options: merged.options, unknowns: [...V.elementGaps(map), ...merged.unknowns] }, missing };
}

function wrapIndex(list: Value, index: number): Value {
  // element() wraps around: element(["a", "b"], 2) is "a".
  return {
    options: list.options.map((p) => (p.kind === 'array' && !p.open && p.items.length && index >= p.items.length ? { ...p, items: p.items.map((_, i) => p.items[(i + index) % p.items.length]) } : p)),
    unknowns: list.unknowns,
  };
}

/**
 * A list without repeats: in its order (`distinct`), or as a set orders strings, lexically (`toset`, whose elements
 * `tolist` and `for` then read in that order). Where an element is not one known string, the files fix neither which
 * elements repeat nor how they sort, so any of them may be at any place.
 */
function unique(v: Value | undefined, call: Span, sorted: boolean): Value {
  const a = v ?? V.EMPTY;
  const options = a.options.map((p): Possibility => {
    if (p.kind !== 'array') return p;
    const strings = p.items.map(onlyScalar);
    if (p.open || strings.some((x) => typeof x !== 'string')) return { kind: 'array', items: p.items, origin: call, via: [], open: true };
    const first = new Map<string, Value>();
    p.items.forEach((item, i) => first.has(strings[i] as string) || first.set(strings[i] as string, item));
    const keys = sorted ? [...first.keys()].sort() : [...first.keys()];
    return { kind: 'array', items: keys.map((k) => first.get(k)!), origin: call, via: [] };
  });
  return { options, unknowns: a.unknowns };
}

/**
 * An object's properties in the order Terraform gives a map's elements: lexical by key, whatever order the files
 * write them in (`keys`, `values`, a `for` over a map, and a module's instances by key all read them so).
 */
export function byKey(p: V.ObjectPossibility): V.Property[] {
  return byName(p.props.values());
}

const OPEN_KEY = "a key of the map is not known: the expression that makes it has a value only when Terraform plans";

/**
 * A list made from each collection of a value. `elements`: the list holds what stands for the entries a map leaves
 * unnamed (`values` the entries, `keys` an unknown key), in place of the gap for their keys, and, since entries under
 * open keys may share one, is of open length.
 */
function mapCollections(v: Value | undefined, call: Span, fn: (p: Possibility) => Value[] | undefined, elements = false): Value {
  const a = v ?? V.EMPTY;
  const options: Possibility[] = [];
  for (const p of a.options) {
    const items = fn(p);
    const open = p.kind === 'array' ? p.open : elements && p.kind === 'object' && !!p.unnamed?.length;
    if (items) options.push(open ? { kind: 'array', items, origin: call, via: [], open } : { kind: 'array', items, origin: call, via: [] });
  }
  return { options, unknowns: elements ? V.elementGaps(a) : a.unknowns };
}

/** Adds an element's elements, nested lists flattened, to `out`; false when that passes {@link MAX_ELEMENTS}. */
function flattenInto(item: Value, out: Value[]): boolean {
  const arrays = item.options.filter((p): p is V.ArrayPossibility => p.kind === 'array');
  if (arrays.length === 1 && item.options.length === 1 && !item.unknowns.length) return arrays[0].items.every((i) => flattenInto(i, out));
  out.push(item);
  return out.length <= MAX_ELEMENTS;
}

function joinFn(args: readonly Value[], call: Span): Value {
  const [sep, ...lists] = args;
  const options: Possibility[] = [];
  const unknowns = args.flatMap((a) => a.unknowns);
  for (const s of V.strings(sep ?? V.EMPTY)) {
    for (const combo of combinations(lists) ?? []) {
      const items = combo.flatMap((p) => (p.kind === 'array' && !p.open ? p.items : []));
      const open = combo.filter((p): p is V.ArrayPossibility => p.kind === 'array' && !!p.open);
      if (open.length) {
        // A list of open length may hold one element (the idiom that picks one by a filter), or any other number.
        if (open.length === combo.length && open.length === 1) for (const item of open[0].items) options.push(...V.strings(item));
        unknowns.push(...open.flatMap((p) => p.items.flatMap((i) => i.unknowns)), ...V.unknown('join() of a list whose length the files do not fix', call).unknowns);
      }
      if (combo.some((p) => p.kind !== 'array' || p.open)) continue;
      const parts = combinations(items);
      if (!parts) return V.unknown(`join() has more than ${MAX_COMBINATIONS} possible results`, call);
      for (const part of parts) {
        if (part.some((p) => p.kind !== 'scalar')) continue;
        const text = part.map((p) => scalarText((p as V.ScalarPossibility).value)).join(s.value);
        if (text.length > MAX_TEXT) return textTooLong('join', call);
        options.push({ kind: 'scalar', value: text, origin: call, via: [] });
      }
      unknowns.push(...items.flatMap((i) => i.unknowns));
    }
  }
  return { options, unknowns: V.unknownsOf([unknowns]) };
}

function scalarText(s: Scalar): string {
  return s === null ? '' : String(s);
}

/** Terraform's `format`: `%s`, `%d`, `%v`, `%q`, `%f`, `%%`, with an optional `[n]` argument index. */
function printf(fmt: string, args: Scalar[]): string | undefined {
  let next = 0;
  let failed = false;
  const out = fmt.replace(/%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])/g, (_m, idx: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const i = idx ? Number(idx) - 1 : next;
    next = i + 1;
    if (i >= args.length) {
      failed = true;
      return '';
    }
    const a = args[i];
    switch (verb) {
      case 'q':
        return JSON.stringify(scalarText(a));
      case 'd':
        return typeof a === 'number' ? String(Math.trunc(a)) : scalarText(a);
      default:
        return scalarText(a);
    }
  });
  return failed ? undefined : out;
}

/** A JSON value decoded from a string, every part of it anchored at the string. */
function fromJson(json: unknown, origin: Span): Value {
  if (Array.isArray(json)) return V.array(json.map((j) => fromJson(j, origin)), origin);
  if (json && typeof json === 'object') {
    return V.object(Object.entries(json).map(([name, v]) => ({ name, nameSpan: origin, value: fromJson(v, origin) })), origin);
  }
  return V.scalar(json as Scalar, origin);
}
