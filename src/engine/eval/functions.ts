/**
 * The template functions that ARM and Bicep share (Bicep compiles to ARM, and its function library is ARM's),
 * over possibility sets. One implementation serves both evaluators.
 *
 * A function whose inputs are finite gives every combination of their possibilities; a combination that
 * cannot be formed is dropped, and a result too large to enumerate becomes unknown with the reason.
 */
import type { Span } from '../model/span';
import * as V from '../model/value';
import type { Possibility, Scalar, Value } from '../model/value';

export type BuiltinFunction = (args: readonly Value[], call: Span) => Value;

/** The most combinations a function enumerates before it reports its result as unknown. */
export const MAX_COMBINATIONS = 256;

/** Every combination of the arguments' possibilities, or undefined when there are too many. */
export function combinations(args: readonly Value[]): Possibility[][] | undefined {
  let out: Possibility[][] = [[]];
  for (const a of args) {
    const next: Possibility[][] = [];
    for (const prefix of out) for (const p of a.options) next.push([...prefix, p]);
    if (next.length > MAX_COMBINATIONS) return undefined;
    out = next;
  }
  return out;
}

function allUnknowns(args: readonly Value[]): V.Unknown[] {
  return args.flatMap((a) => a.unknowns);
}

function tooMany(name: string, call: Span): Value {
  return V.unknown(`${name}() has more than ${MAX_COMBINATIONS} possible results`, call);
}

/**
 * Applies `fn` to every combination of scalar possibilities. A single varying argument keeps its origin, so a
 * finding about `toLower(parameters('loc'))` lands on the parameter's literal.
 */
export function mapCombinations(name: string, args: readonly Value[], call: Span, fn: (parts: Scalar[]) => Scalar | undefined): Value {
  const combos = combinations(args);
  if (!combos) return tooMany(name, call);
  const varying = args.filter((a) => a.options.length > 0 && !(a.options.length === 1 && isConstantLiteral(a.options[0])));
  const options: Possibility[] = [];
  for (const combo of combos) {
    if (combo.some((p) => p.kind !== 'scalar')) continue;
    const result = fn(combo.map((p) => (p as V.ScalarPossibility).value));
    if (result === undefined) continue;
    const single = varying.length === 1 ? combo[args.indexOf(varying[0])] : undefined;
    options.push(single ? { kind: 'scalar', value: result, origin: single.origin, via: single.via } : { kind: 'scalar', value: result, origin: call, via: [] });
  }
  return { options, unknowns: allUnknowns(args) };
}

function isConstantLiteral(p: Possibility): boolean {
  return p.kind === 'scalar' && p.via.length === 0;
}

function str(s: Scalar): string {
  return s === null ? '' : typeof s === 'string' ? s : String(s);
}

/** `concat` for strings and for arrays. */
function concat(args: readonly Value[], call: Span): Value {
  if (args.some((a) => a.options.some((p) => p.kind === 'array'))) {
    const items: Value[] = [];
    let open = false;
    for (const a of args) {
      for (const p of a.options) {
        if (p.kind === 'array') {
          items.push(...p.items);
          open ||= !!p.open || a.options.length > 1;
        } else if (p.kind === 'scalar') items.push({ options: [p], unknowns: [] });
      }
      if (a.unknowns.length) items.push({ options: [], unknowns: a.unknowns });
    }
    return V.array(items, call, open);
  }
  return mapCombinations('concat', args, call, (parts) => parts.map(str).join(''));
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
  const objects = args.flatMap((a) => a.options.filter((p): p is V.ObjectPossibility => p.kind === 'object'));
  const arrays = args.flatMap((a) => a.options.filter((p): p is V.ArrayPossibility => p.kind === 'array'));
  const unknowns = allUnknowns(args);
  if (objects.length) {
    const props = new Map<string, V.Property>();
    for (const o of objects) {
      for (const [k, p] of o.props) {
        const prev = props.get(k);
        props.set(k, prev ? { name: p.name, nameSpan: p.nameSpan, value: mergeValues(prev.value, p.value) } : p);
      }
    }
    return { options: [{ kind: 'object', props, origin: call, via: [] }], unknowns };
  }
  if (arrays.length) {
    return { options: [{ kind: 'array', items: arrays.flatMap((a) => a.items), origin: call, via: [], open: arrays.some((a) => a.open) }], unknowns };
  }
  return { options: [], unknowns };
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
  const options: Possibility[] = a.options.map((p) =>
    p.kind === 'scalar'
      ? { kind: 'scalar', value: typeof p.value === 'string' ? p.value : JSON.stringify(p.value), origin: p.origin, via: p.via }
      : { kind: 'scalar', value: JSON.stringify(V.toPlain(p)) ?? '', origin: call, via: [] },
  );
  return { options, unknowns: a.unknowns };
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
  ['equals', booleanOf('equals', ([a, b]) => a === b)],
  ['not', booleanOf('not', ([a]) => (typeof a === 'boolean' ? !a : undefined))],
  ['and', booleanOf('and', (parts) => parts.every((p) => p === true))],
  ['or', booleanOf('or', (parts) => parts.some((p) => p === true))],
  ['empty', booleanOf('empty', ([a]) => a === null || a === '')],
  ['length', booleanOf('length', ([a]) => (typeof a === 'string' ? a.length : undefined))],
]);

/** The value of a known built-in, or undefined when the function is not one the evaluators share. */
export function callBuiltin(name: string, args: readonly Value[], call: Span): Value | undefined {
  const lower = name.toLowerCase();
  if (lower === 'true' || lower === 'false') return V.scalar(lower === 'true', call);
  if (lower === 'null') return V.scalar(null, call);
  const fn = BUILTINS.get(lower);
  return fn ? fn(args, call) : undefined;
}
