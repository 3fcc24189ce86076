/**
 * The template functions that ARM and Bicep share (Bicep compiles to ARM, and its function library is ARM's),
 * over possibility sets. One implementation serves both evaluators.
 *
 * A function whose inputs are finite gives every combination of their possibilities; a combination that
 * cannot be formed is dropped, and a result too large to enumerate becomes unknown with the reason.
 */
import { parse, type ParseError } from 'jsonc-parser';
import type { Span } from '../model/span';
import { thousands } from '../model/thousands';
import * as V from '../model/value';
import type { Possibility, Scalar, Value } from '../model/value';

export type BuiltinFunction = (args: readonly Value[], call: Span) => Value;

/**
 * How many calls of user-defined functions one evaluation follows. A function may call others several times each, so
 * a short chain of them can ask for an exponential number of calls; past the bound a call is unknown.
 */
export const MAX_FUNCTION_CALLS = 10_000;

/**
 * How many times one evaluation applies a lambda (ARM, Bicep) or evaluates the body of a `for` expression for an
 * element (Terraform). Loops nested in loops multiply: three levels over two hundred elements asked for eight million.
 */
export const MAX_REPEATS = 100_000;

/** What a lambda or a `for` expression gives past {@link MAX_REPEATS}. */
export function tooManyRepeats(span: Span): Value {
  return V.unknown(`loops and lambdas repeat more than ${thousands(MAX_REPEATS)} times, more than ITAR Guard follows`, span);
}

/** The most combinations a function enumerates before it reports its result as unknown. */
export const MAX_COMBINATIONS = 256;

/**
 * The most elements a function builds into one list before its result is reported as unknown: far more than any
 * template writes, but a list joined to itself (`concat(a, a)`, step after step) doubles at each step, and thirty
 * steps asked for a billion elements.
 */
export const MAX_ELEMENTS = 1_000_000;

/** The longest text a function builds before its result is reported as unknown (see {@link MAX_ELEMENTS}). */
export const MAX_TEXT = 1_000_000;

/** The unknown result of a function whose text would be longer than {@link MAX_TEXT}. */
export function textTooLong(name: string, call: Span): Value {
  return V.unknown(`${called(name)} builds a text of more than ${thousands(MAX_TEXT)} characters`, call);
}

/** The unknown result of a function whose list would be longer than {@link MAX_ELEMENTS}. */
export function tooLong(name: string, call: Span): Value {
  return V.unknown(`${called(name)} builds a list of more than ${thousands(MAX_ELEMENTS)} elements`, call);
}

/** Every combination of the arguments' possibilities, or undefined when there are too many. */
export function combinations(args: readonly Value[]): Possibility[][] | undefined {
  let count = 1;
  for (const a of args) {
    count *= a.options.length;
    if (count > MAX_COMBINATIONS) return undefined;
  }
  // Each combination is made once, whole: growing them argument by argument copies every prefix, which for the
  // elements of a long list (`join`) is quadratic in its length.
  const out: Possibility[][] = [];
  const at: number[] = args.map(() => 0);
  for (let k = 0; k < count; k++) {
    out.push(args.map((a, i) => a.options[at[i]]));
    for (let i = args.length - 1; i >= 0 && ++at[i] === args[i].options.length; i--) at[i] = 0;
  }
  return out;
}

function allUnknowns(args: readonly Value[]): readonly V.Unknown[] {
  return V.unknownsOf(args.map((a) => a.unknowns));
}

function tooMany(name: string, call: Span): Value {
  return V.unknown(`${called(name)} has more than ${MAX_COMBINATIONS} possible results`, call);
}

/** A function as messages name it (`concat()`), or a construct that is not one (`string interpolation`). */
function called(name: string): string {
  return /^\w+$/.test(name) ? `${name}()` : name;
}

/** Where a result is anchored: the literal of the one argument that varies, else the call. */
interface Anchor {
  readonly origin: Span;
  readonly via: readonly Span[];
}

/** What the combinations of a call give: the results, and the parts that cannot be determined. */
interface Results {
  readonly options: Possibility[];
  readonly unknowns: V.Unknown[];
}

/**
 * Calls `fn` with every combination of the arguments' possibilities and where its results are anchored. A single
 * varying argument keeps its origin, so a finding about `toLower(parameters('loc'))` lands on the parameter's
 * literal. A function whose result is drawn from one argument's text (`substring`, `split`) names it as `source`:
 * the result keeps that argument's origin when it varies, whatever the others do, and is anchored at the call
 * otherwise.
 */
function eachCombination(name: string, args: readonly Value[], call: Span, fn: (parts: readonly Possibility[], at: Anchor, out: Results) => void, source?: number): Value {
  const combos = combinations(args);
  if (!combos) return tooMany(name, call);
  const varying = args.filter(isVarying);
  const anchor = source !== undefined ? (args[source] && isVarying(args[source]) ? source : -1) : varying.length === 1 ? args.indexOf(varying[0]) : -1;
  const out: Results = { options: [], unknowns: args.flatMap((a) => a.unknowns) };
  const atCall: Anchor = { origin: call, via: [] };
  for (const combo of combos) fn(combo, anchor >= 0 ? combo[anchor] : atCall, out);
  // The arguments' gaps and those the combinations add, each once: a value read twice repeats its gaps, and every
  // combination may add the same one.
  return { options: out.options, unknowns: V.unknownsOf([out.unknowns]) };
}

function isVarying(a: Value): boolean {
  return a.options.length > 0 && !(a.options.length === 1 && isConstantLiteral(a.options[0]));
}

/** Applies `fn` to every combination of scalar possibilities (see {@link eachCombination} for the anchor and `source`). */
export function mapCombinations(name: string, args: readonly Value[], call: Span, fn: (parts: Scalar[]) => Scalar | undefined, source?: number): Value {
  let tooLong = false;
  const value = eachCombination(
    name,
    args,
    call,
    (combo, at, out) => {
      if (tooLong || combo.some((p) => p.kind !== 'scalar')) return;
      const result = fn(combo.map((p) => (p as V.ScalarPossibility).value));
      tooLong = typeof result === 'string' && result.length > MAX_TEXT;
      if (result !== undefined && !tooLong) out.options.push({ kind: 'scalar', value: result, origin: at.origin, via: at.via });
    },
    source,
  );
  return tooLong ? textTooLong(name, call) : value;
}

/** The union of `fn` over a value's array possibilities, with the value's unknowns; other kinds are type errors at deployment. */
export function perArray(value: Value, fn: (a: V.ArrayPossibility) => Value): Value {
  const parts: Value[] = [{ options: [], unknowns: value.unknowns }];
  for (const p of value.options) if (p.kind === 'array') parts.push(fn(p));
  return V.union(...parts);
}

/** As {@link perArray}, over object possibilities. */
export function perObject(value: Value, fn: (o: V.ObjectPossibility) => Value): Value {
  const parts: Value[] = [{ options: [], unknowns: value.unknowns }];
  for (const p of value.options) if (p.kind === 'object') parts.push(fn(p));
  return V.union(...parts);
}

/** A property whose value is computed when first read, so a function over an object does not evaluate all of it. */
export function lazyProperty(name: string, nameSpan: Span, compute: () => Value): V.Property {
  let value: Value | undefined;
  return {
    name,
    nameSpan,
    get value() {
      return (value ??= compute());
    },
  };
}

function isConstantLiteral(p: Possibility): boolean {
  return p.kind === 'scalar' && p.via.length === 0;
}

function str(s: Scalar): string {
  return s === null ? '' : typeof s === 'string' ? s : String(s);
}

/** `concat` for strings and for arrays. */
function concat(args: readonly Value[], call: Span): Value {
  if (args.some((a) => a.options.some((p) => p.kind === 'array'))) return concatArrays('concat', args, call, false);
  return mapCombinations('concat', args, call, (parts) => parts.map(str).join(''));
}

/**
 * The elements of the arrays in order. An argument that may be several arrays, or an `open` one, leaves the
 * length undetermined; so does `open` (an outer list of unknown length, for `flatten`), and so does an argument the
 * files do not determine (a list of any length) before a known element, which may then be at any place after it.
 */
function concatArrays(name: string, args: readonly Value[], call: Span, open: boolean): Value {
  const items: Value[] = [];
  let gap = false;
  for (const a of args) {
    if (gap && a.options.length) open = true;
    for (const p of a.options) {
      if (p.kind === 'array') {
        if (items.length + p.items.length > MAX_ELEMENTS) return tooLong(name, call);
        // Not `push(...items)`: a list of some hundred thousand elements would overflow the call's arguments.
        for (const item of p.items) items.push(item);
        open ||= !!p.open || a.options.length > 1;
      } else if (p.kind === 'scalar') items.push({ options: [p], unknowns: [] });
    }
    if (a.unknowns.length) {
      items.push({ options: [], unknowns: a.unknowns });
      gap = true;
    }
  }
  return V.array(items, call, open);
}

/** The ARM `format('{0}-{1}', a, b)` function (.NET composite format without alignment or format strings). */
function format(args: readonly Value[], call: Span): Value {
  return mapCombinations('format', args, call, ([fmt, ...rest]) => {
    if (typeof fmt !== 'string') return undefined;
    return fmt.replace(/\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}/g, (m, i: string | undefined) => (m === '{{' ? '{' : m === '}}' ? '}' : str(rest[Number(i)] ?? null)));
  });
}

/** `coalesce`: the non-null possibilities of each argument in turn, until one that is certainly not null. */
function coalesce(args: readonly Value[]): Value {
  const parts: Value[] = [];
  for (const a of args) {
    const nonNull = a.options.filter((p) => !(p.kind === 'scalar' && p.value === null) && p.kind !== 'absent');
    parts.push({ options: nonNull, unknowns: a.unknowns });
    if (a.unknowns.length === 0 && nonNull.length === a.options.length && a.options.length > 0) break;
  }
  return V.union(...parts);
}

function firstOrLast(which: 'first' | 'last') {
  return (args: readonly Value[], call: Span): Value => {
    const a = args[0] ?? V.EMPTY;
    const parts: Value[] = [{ options: [], unknowns: a.unknowns }];
    for (const p of a.options) {
      if (p.kind === 'array') {
        if (p.open) parts.push(...p.items);
        else if (p.items.length) parts.push(p.items[which === 'first' ? 0 : p.items.length - 1]);
      } else if (p.kind === 'scalar' && typeof p.value === 'string' && p.value.length) {
        parts.push(V.scalar(which === 'first' ? p.value[0] : p.value[p.value.length - 1], call));
      }
    }
    return V.union(...parts);
  };
}

/** `union` of objects (later properties win, but every object's value stays possible) or of arrays. */
function unionFn(args: readonly Value[], call: Span): Value {
  const arrays = args.flatMap((a) => a.options.filter((p): p is V.ArrayPossibility => p.kind === 'array'));
  const unknowns = allUnknowns(args);
  if (args.some((a) => a.options.some((p) => p.kind === 'object'))) {
    const props = new Map<string, V.Property>();
    const unnamedOf = args.map((a) => a.options.flatMap((p) => (p.kind === 'object' && p.unnamed) || []));
    args.forEach((a, i) => {
      // An entry whose key is open in a later argument may replace this one's property.
      const later = unnamedOf.slice(i + 1).flat();
      for (const [k, p] of alternativeProperties(a, (k) => props.has(k))) {
        const prev = props.get(k);
        const set = prev ? { name: p.name, nameSpan: p.nameSpan, value: mergeValues(prev.value, p.value) } : p;
        props.set(k, later.length ? lazyProperty(set.name, set.nameSpan, () => V.union(set.value, ...later)) : set);
      }
    });
    const object: V.ObjectPossibility = { kind: 'object', props, origin: call, via: [] };
    // Each entry once: alternatives that share entries (`c ? merge(m, x) : m`, step after step) would double them.
    const unnamed = [...new Set(unnamedOf.flat())];
    if (!unnamed.length) return { options: [object], unknowns };
    // The entries whose keys are open stay entries of the merge, the gaps for their keys one gap at the merge.
    const withUnnamed = { ...object, unnamed };
    const rest = args.flatMap((a) => V.elementGaps(a));
    const replaced = unknowns.find((u) => !rest.includes(u));
    return { options: [withUnnamed], unknowns: [...rest, V.openKeysGap(replaced?.reason ?? 'the keys of the objects merged are not known', withUnnamed)] };
  }
  if (arrays.length) {
    if (arrays.reduce((n, a) => n + a.items.length, 0) > MAX_ELEMENTS) return tooLong('union', call);
    return { options: [{ kind: 'array', items: arrays.flatMap((a) => a.items), origin: call, via: [], open: arrays.some((a) => a.open) }], unknowns };
  }
  return { options: [], unknowns };
}

/**
 * The properties of an argument's objects, by lower-case name. Where the argument is one of several objects (`cond ?
 * cmk : {}`), a property that some of them lack is also absent, unless an earlier argument gives it (`given`): a
 * merge of alternatives must not make a setting certain that only one alternative writes.
 */
function alternativeProperties(arg: Value, given: (key: string) => boolean): Map<string, V.Property> {
  const objects = arg.options.filter((p): p is V.ObjectPossibility => p.kind === 'object');
  const out = new Map<string, V.Property>();
  const whole: Value = { options: objects, unknowns: [] };
  for (const o of objects) {
    for (const [k, p] of o.props) {
      if (out.has(k)) continue;
      if (objects.length === 1) {
        out.set(k, p);
        continue;
      }
      const earlier = given(k);
      out.set(k, lazyProperty(p.name, p.nameSpan, () => (earlier ? V.dropAbsent(V.member(whole, k)) : V.member(whole, k))));
    }
  }
  return out;
}

/** Two objects' values for one property: nested objects merge, anything else keeps both possibilities. */
function mergeValues(a: Value, b: Value): Value {
  const ao = a.options.length === 1 && a.options[0].kind === 'object' ? a.options[0] : undefined;
  const bo = b.options.length === 1 && b.options[0].kind === 'object' ? b.options[0] : undefined;
  if (ao && bo) return unionFn([a, b], bo.origin);
  return V.union(a, b);
}

function createArray(args: readonly Value[], call: Span): Value {
  return V.array(args, call);
}

function createObject(args: readonly Value[], call: Span): Value {
  const props: V.Property[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    const keys = V.strings(args[i]);
    if (keys.length !== 1 || args[i].unknowns.length) return V.unknown('createObject() with a key that is not a known string', call);
    props.push({ name: keys[0].value, nameSpan: keys[0].origin, value: args[i + 1] });
  }
  return V.object(props, call);
}

function stringFn(args: readonly Value[], call: Span): Value {
  const a = args[0] ?? V.EMPTY;
  const options: Possibility[] = [];
  const unknowns = [...a.unknowns];
  for (const p of a.options) {
    if (p.kind === 'scalar') {
      options.push({ kind: 'scalar', value: typeof p.value === 'string' ? p.value : JSON.stringify(p.value), origin: p.origin, via: p.via });
      continue;
    }
    const plain = V.toPlain(p);
    if (plain === V.TOO_LARGE) unknowns.push(...V.unknown(`string() of a value with more than ${thousands(V.MAX_PLAIN_VALUES)} parts`, call).unknowns);
    else options.push({ kind: 'scalar', value: JSON.stringify(plain) ?? '', origin: call, via: [] });
  }
  return { options, unknowns };
}

/** Functions that only change letter case or whitespace keep the literal, so a fix may still replace it. */
function caseFn(fn: (s: string) => string) {
  return (args: readonly Value[]): Value => {
    const a = args[0] ?? V.EMPTY;
    return {
      options: a.options.map((p) => (p.kind === 'scalar' && typeof p.value === 'string' ? { ...p, value: fn(p.value) } : p)),
      unknowns: a.unknowns,
    };
  };
}

/** `if(c, a, b)`: both branches, since the condition may depend on values given at deployment. */
function bothBranches(args: readonly Value[]): Value {
  return V.union(args[1] ?? V.EMPTY, args[2] ?? V.EMPTY);
}

function booleanOf(name: string, fn: (parts: Scalar[]) => Scalar | undefined) {
  return (args: readonly Value[], call: Span): Value => mapCombinations(name, args, call, fn);
}

/**
 * `tryGet(value, key, …)`: the property or element each key names in turn, or null where there is none (Bicep's `.?`
 * compiles to it). A key the files do not fix gives no answer.
 */
function tryGet(args: readonly Value[], call: Span): Value {
  let current = args[0] ?? V.EMPTY;
  for (const keyValue of args.slice(1)) {
    const [key] = keyValue.options;
    if (keyValue.unknowns.length || keyValue.options.length !== 1 || key.kind !== 'scalar' || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
      return V.unknown('tryGet() with a key the files do not fix', call);
    }
    const k = key.value;
    // The gaps of the value that the step reaches, as a property or element read reaches them.
    const gaps: Value = { options: [], unknowns: current.unknowns };
    const parts: Value[] = [typeof k === 'string' ? V.member(gaps, k) : V.element(gaps, k)];
    for (const p of current.options) {
      const one: Value = { options: [p], unknowns: [] };
      const hit = p.kind === 'object' && typeof k === 'string' ? p.props.get(k.toLowerCase())?.value : p.kind === 'array' && typeof k === 'number' ? V.element(one, k) : undefined;
      if (hit && (hit.options.length || hit.unknowns.length)) parts.push(hit);
      // Where there is no such property or element (or may be none: an array of unknown length), null.
      if (!hit || !(hit.options.length || hit.unknowns.length) || (p.kind === 'array' && p.open)) parts.push({ options: [{ kind: 'scalar', value: null, origin: p.origin, via: p.via }], unknowns: [] });
    }
    current = V.union(...parts);
  }
  return current;
}

/**
 * `length` and `empty`: of a string (or null) by `scalar`, of an array or object by its number of elements. An array
 * of unknown length (a loop over an unknown count) gives no answer.
 */
function sizeOf(name: string, bySize: (size: number) => Scalar, scalar: (s: Scalar) => Scalar | undefined) {
  return (args: readonly Value[], call: Span): Value => {
    if (!args.length) return V.unknown(`${name}() is called without an argument`, call);
    return eachCombination(name, args.slice(0, 1), call, ([p], at, out) => {
      const result = p.kind === 'scalar' ? scalar(p.value) : p.kind === 'array' && !p.open ? bySize(p.items.length) : p.kind === 'object' ? bySize(p.props.size) : undefined;
      if (result !== undefined) out.options.push({ kind: 'scalar', value: result, origin: at.origin, via: at.via });
      else if (p.kind === 'array') out.unknowns.push(...V.unknown('the length of a list the files do not fix is not known', at.origin).unknowns);
    });
  };
}

function replace(args: readonly Value[], call: Span): Value {
  return mapCombinations('replace', args, call, ([s, a, b]) => (typeof s === 'string' && typeof a === 'string' && typeof b === 'string' ? s.split(a).join(b) : undefined));
}

/** `uri(base, relative)`: RFC 3986 resolution, as ARM's and Bicep's `uri` function does. */
function uriFn(args: readonly Value[], call: Span): Value {
  return mapCombinations('uri', args, call, ([base, rel]) => {
    if (typeof base !== 'string' || typeof rel !== 'string') return undefined;
    try {
      return new URL(rel, base).toString();
    } catch {
      return undefined;
    }
  });
}

/**
 * `split(text, delimiter)`, the delimiter a string or an array of strings. The reference (template-functions-string)
 * does not say whether empty pieces are kept, nor which of two delimiters that overlap wins: empty pieces are left
 * out and the positions left open, and overlapping delimiters give an unknown, rather than a guess.
 */
function split(args: readonly Value[], call: Span): Value {
  return eachCombination(
    'split',
    args,
    call,
    ([text, delimiter], at, out) => {
      if (text?.kind !== 'scalar' || typeof text.value !== 'string') return;
      const delimiters = delimiter?.kind === 'scalar' ? [delimiter.value] : delimiter?.kind === 'array' && !delimiter.open ? delimiter.items.map(onlyScalar) : [undefined];
      if (delimiters.some((d) => typeof d !== 'string' && d !== undefined)) return;
      const given = delimiters.filter((d): d is string => !!d);
      if (delimiters.includes(undefined) || given.some((d, i) => given.some((e, j) => i !== j && e.includes(d)))) {
        out.unknowns.push({ reason: 'split() with delimiters the files do not fix, or that overlap', span: call, via: [] });
        return;
      }
      const pieces = given.length ? text.value.split(new RegExp(given.map(escapeRegExp).join('|'))) : [text.value];
      const kept = pieces.filter((piece) => piece !== '');
      const items = kept.map((piece): Value => ({ options: [{ kind: 'scalar', value: piece, origin: at.origin, via: at.via }], unknowns: [] }));
      out.options.push({ kind: 'array', items, origin: call, via: [], ...(kept.length < pieces.length ? { open: true } : {}) });
    },
    0,
  );
}

/** The one scalar a value certainly is, else undefined. */
export function onlyScalar(v: Value): Scalar | undefined {
  const p = v.options[0];
  return v.options.length === 1 && !v.unknowns.length && p.kind === 'scalar' ? p.value : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `join(strings, delimiter)`: every combination of the elements' possibilities. */
function join([list = V.EMPTY, delimiter = V.EMPTY]: readonly Value[], call: Span): Value {
  return perArray(list, (a) =>
    a.open
      ? V.unknown('join() of a list whose length the files do not fix', call)
      : mapCombinations('join', [delimiter, ...a.items], call, ([d, ...parts]) => (typeof d === 'string' && parts.every((x) => typeof x === 'string') ? parts.join(d) : undefined)),
  );
}

/**
 * `json(text)`. Azure's reader accepts more than strict JSON: comments (Bicep compiles `loadJsonContent` of a
 * `.jsonc` file to `json()` of its text), which are read, and single-quoted strings (as the template functions
 * reference shows), so other text that `JSON.parse` refuses is unknown, not an error at deployment.
 */
function json(args: readonly Value[], call: Span): Value {
  return eachCombination('json', args, call, ([text], at, out) => {
    if (text?.kind !== 'scalar' || typeof text.value !== 'string') return;
    const read = readJson(text.value);
    if (read) out.options.push(fromPlain(read.value, at));
    else out.unknowns.push({ reason: 'json() of text that is neither JSON nor JSON with comments, which ITAR Guard does not read', span: call, via: [] });
  });
}

function readJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    const errors: ParseError[] = [];
    const value: unknown = parse(text, errors, { disallowComments: false, allowTrailingComma: false });
    return errors.length ? undefined : { value };
  }
}

/** A parsed JSON value as a possibility; every part is anchored where the text was written. */
function fromPlain(x: unknown, at: Anchor): Possibility {
  const item = (v: unknown): Value => ({ options: [fromPlain(v, at)], unknowns: [] });
  if (Array.isArray(x)) return { kind: 'array', items: x.map(item), origin: at.origin, via: at.via };
  if (x !== null && typeof x === 'object') {
    const props = new Map<string, V.Property>();
    for (const [name, v] of Object.entries(x)) props.set(name.toLowerCase(), { name, nameSpan: at.origin, value: item(v) });
    return { kind: 'object', props, origin: at.origin, via: at.via };
  }
  return { kind: 'scalar', value: x as Scalar, origin: at.origin, via: at.via };
}

/** `substring(text, start, length?)`: out of range is an error at deployment (template-functions-string). */
function substring(args: readonly Value[], call: Span): Value {
  return mapCombinations('substring', args, call, ([text, start, length]) => {
    if (typeof text !== 'string' || typeof start !== 'number') return undefined;
    const count = length === undefined ? text.length - start : length;
    if (typeof count !== 'number' || start < 0 || count < 0 || start + count > text.length) return undefined;
    return text.slice(start, start + count);
  }, 0);
}

/**
 * `take` and `skip` over a string or an array. A count of 0 or less takes nothing or skips nothing; one past the
 * end takes everything or skips everything (template-functions-array). With a count the files do not fix, an
 * array gives any of its elements.
 */
function takeOrSkip(which: 'take' | 'skip') {
  const cut = <T>(items: T, n: number, slice: (from: number, to?: number) => T): T => (which === 'take' ? slice(0, Math.max(n, 0)) : n <= 0 ? items : slice(n));
  return ([target = V.EMPTY, count = V.EMPTY]: readonly Value[], call: Span): Value => {
    const strings = mapCombinations(which, [target, count], call, ([s, n]) => (typeof s === 'string' && typeof n === 'number' ? cut(s, n, (from, to) => s.slice(from, to)) : undefined), 0);
    const arrays = perArray(target, (a) => {
      const counts = V.scalars(count).filter((n): n is V.ScalarPossibility & { value: number } => typeof n.value === 'number');
      const slices = counts.map((n) => (a.open ? V.array(a.items, call, true) : V.array(cut(a.items, n.value, (from, to) => a.items.slice(from, to)), call)));
      if (count.unknowns.length) slices.push(V.array(a.items, call, true));
      return V.union(...slices);
    });
    return V.union(strings, arrays);
  };
}

/** `flatten(arrays)`: one level. */
function flatten([list = V.EMPTY]: readonly Value[], call: Span): Value {
  return perArray(list, (a) => concatArrays('flatten', a.items, call, !!a.open));
}

/** Properties in the ordinal order of their names (as written, case included). */
export function byName(props: Iterable<V.Property>): V.Property[] {
  return [...props].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The properties of an object in the order `items()` and `objectKeys()` give them, and whether that order is
 * certain. The reference says `items()` sorts alphabetically but not whether by ordinal or ignoring case, and does
 * not say what `objectKeys()` does; where the choice matters, positions are left open rather than guessed.
 */
function keyOrder(o: V.ObjectPossibility, keepsWrittenOrder: boolean): { props: V.Property[]; certain: boolean } {
  const written = [...o.props.values()];
  const ordinal = byName(written);
  const folded = [...written].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  const same = (x: V.Property[], y: V.Property[]) => x.every((p, i) => p === y[i]);
  return { props: folded, certain: same(ordinal, folded) && (!keepsWrittenOrder || same(written, folded)) };
}

/** `items(object)`: `{ key, value }` per property; the key is anchored at the property's name. */
function items([object = V.EMPTY]: readonly Value[], call: Span): Value {
  return perObject(object, (o) => {
    const { props, certain } = keyOrder(o, false);
    const entries = props.map((p) => V.object([{ name: 'key', nameSpan: call, value: V.scalar(p.name, p.nameSpan) }, lazyProperty('value', call, () => p.value)], call));
    return V.array(entries, call, !certain);
  });
}

function objectKeys([object = V.EMPTY]: readonly Value[], call: Span): Value {
  return perObject(object, (o) => {
    const { props, certain } = keyOrder(o, true);
    return V.array(
      props.map((p) => V.scalar(p.name, p.nameSpan)),
      call,
      !certain,
    );
  });
}

/** `shallowMerge(objects)`: a later object's property replaces an earlier one's whole. */
function shallowMerge([list = V.EMPTY]: readonly Value[], call: Span): Value {
  return perArray(list, (a) => {
    const props = new Map<string, V.Property>();
    const unknowns: V.Unknown[] = [];
    for (const item of a.items) {
      // Only an object that is certainly this element, at a certain place, replaces; any other adds possibilities.
      const replaces = !a.open && item.options.length === 1 && item.options[0].kind === 'object' && !item.unknowns.length;
      for (const [key, p] of alternativeProperties(item, (k) => props.has(k))) {
        const prev = props.get(key);
        props.set(key, replaces || !prev ? p : lazyProperty(p.name, p.nameSpan, () => V.union(prev.value, p.value)));
      }
      unknowns.push(...item.unknowns);
    }
    return { options: [{ kind: 'object', props, origin: call, via: [] }], unknowns: V.unknownsOf([unknowns]) };
  });
}

/** Shared functions by lower-case name. Context functions (`parameters`, `resourceGroup`, …) live in each evaluator. */
export const BUILTINS: ReadonlyMap<string, BuiltinFunction> = new Map<string, BuiltinFunction>([
  ['concat', concat],
  ['format', format],
  ['coalesce', coalesce],
  ['first', firstOrLast('first')],
  ['last', firstOrLast('last')],
  ['union', unionFn],
  ['createarray', createArray],
  ['createobject', createObject],
  ['string', stringFn],
  ['tolower', caseFn((s) => s.toLowerCase())],
  ['toupper', caseFn((s) => s.toUpperCase())],
  ['trim', caseFn((s) => s.trim())],
  ['if', bothBranches],
  ['replace', replace],
  ['uri', uriFn],
  ['split', split],
  ['join', join],
  ['json', json],
  ['substring', substring],
  ['take', takeOrSkip('take')],
  ['skip', takeOrSkip('skip')],
  ['flatten', flatten],
  ['items', items],
  ['objectkeys', objectKeys],
  ['shallowmerge', shallowMerge],
  ['equals', booleanOf('equals', ([a, b]) => a === b)],
  ['not', booleanOf('not', ([a]) => (typeof a === 'boolean' ? !a : undefined))],
  ['and', booleanOf('and', (parts) => parts.every((p) => p === true))],
  ['or', booleanOf('or', (parts) => parts.some((p) => p === true))],
  ['empty', sizeOf('empty', (n) => n === 0, (a) => a === null || a === '')],
  ['tryget', tryGet],
  ['length', sizeOf('length', (n) => n, (a) => (typeof a === 'string' ? a.length : undefined))],
]);

/** The value of a known built-in, or undefined when the function is not one the evaluators share. */
export function callBuiltin(name: string, args: readonly Value[], call: Span): Value | undefined {
  const lower = name.toLowerCase();
  if (lower === 'true' || lower === 'false') return V.scalar(lower === 'true', call);
  if (lower === 'null') return V.scalar(null, call);
  const fn = BUILTINS.get(lower);
  return fn ? fn(args, call) : undefined;
}
