import type { Span } from './span';

/**
 * What an expression in a template can evaluate to.
 *
 * A value is a *set of possibilities* plus the parts that could not be determined. Each possibility remembers
 * its origin — the span of the literal that produced it — so that a finding can be anchored where the user
 * must change the text, and the path it travelled (`via`) to reach the place it is used. A parameter with a
 * default and two `allowedValues` is three possibilities; a parameter with no default is an {@link Unknown}.
 * A value is *finite* when it has no unknowns.
 */
export interface Value {
  readonly options: readonly Possibility[];
  readonly unknowns: readonly Unknown[];
}

export type Scalar = string | number | boolean | null;

/**
 * How a literal is written. When a possibility carries one, its origin covers exactly that literal (a string
 * with its quotes, a number or a boolean), so a fix can replace it with a new literal written the same way.
 */
export type LiteralSyntax =
  /** JSON: a string `"…"`, a number, `true` or `false` (ARM JSON values, parameter files) */
  | 'json'
  /** a single-quoted string inside an ARM expression, itself inside a JSON string: `"[if(x, 'a', 'b')]"` */
  | 'arm-expression'
  /** Bicep: a single-quoted string `'…'`, a number, `true` or `false` */
  | 'bicep'
  /** HCL: a double-quoted string `"…"`, a number, `true` or `false` */
  | 'hcl'
  /** HCL inside a JSON string, in an interpolation of Terraform's JSON syntax: `"${lookup(m, \"a\")}"` */
  | 'hcl-in-json';

interface PossibilityBase {
  /** Where the possibility was written: the literal, or the expression that produced it. */
  readonly origin: Span;
  /**
   * The hops from the place of use back towards the origin, nearest to the use first: the parameter or
   * variable references, module arguments and loop variables the value passed through.
   */
  readonly via: readonly Span[];
}

export interface ScalarPossibility extends PossibilityBase {
  readonly kind: 'scalar';
  readonly value: Scalar;
  /** Set when `origin` is exactly one replaceable literal (string, number or boolean), written in this syntax. */
  readonly literal?: LiteralSyntax;
}

export interface Property {
  /** The name as written. */
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: Value;
  /**
   * The name as a value, where an expression computes it (Terraform's `(local.region) = …`, a `for` expression's
   * key) from a literal written elsewhere: what reads the key as a value (`each.key`, a `for` over the map) then
   * reaches that literal by the key's hops, as a finding about it must.
   */
  readonly computedKey?: ScalarPossibility;
}

/** A property's name as a value: its computed key, else the name where it is written. */
export function keyValue(prop: Property): Value {
  return prop.computedKey ? { options: [prop.computedKey], unknowns: NONE } : scalar(prop.name, prop.nameSpan);
}

/**
 * A property whose name span and value are computed when first read. Resource bodies hold far more than the rules
 * look at (scripts, network rules, VM profiles), and a module's bodies are evaluated again for every caller;
 * evaluating on demand keeps whole-workspace scans cheap. A class, not closures: one object per property, which a
 * scan that keeps every template's values feels in its garbage collections.
 */
export abstract class LazyProperty implements Property {
  private span?: Span;
  private computed?: Value;
  private evaluating = false;
  /** What the format calls it, for the message of a value that reads itself. */
  protected readonly kind: string = 'property';

  constructor(readonly name: string) {}

  get nameSpan(): Span {
    return (this.span ??= this.spanOfName());
  }

  get value(): Value {
    if (this.computed) return this.computed;
    // A value that reads itself (`location: sa.location` in `sa`) would recurse until the stack ran out, and read
    // twice, for a time that doubles with each level.
    if (this.evaluating) return unknown(`${this.kind} '${this.name}' refers to itself`, this.nameSpan);
    this.evaluating = true;
    try {
      return (this.computed = this.evaluate());
    } finally {
      this.evaluating = false;
    }
  }

  protected abstract spanOfName(): Span;
  protected abstract evaluate(): Value;
}

export interface ObjectPossibility extends PossibilityBase {
  readonly kind: 'object';
  /** Properties keyed by lower-cased name: ARM compares property names case-insensitively. */
  readonly props: ReadonlyMap<string, Property>;
  /**
   * Entries whose keys the files leave open (a Terraform `for` expression keyed by a value known only when Terraform
   * plans): each is the value under some key not among `props`. The value that holds such an object also holds a gap
   * at the object's origin marked `openKeys`, so that what reads the object without knowing of these entries (its
   * size, its keys) is not taken as definite; what reads its elements, or a property by name, reads them instead of
   * the gap ({@link elementGaps}).
   */
  readonly unnamed?: readonly Value[];
}

export interface ArrayPossibility extends PossibilityBase {
  readonly kind: 'array';
  readonly items: readonly Value[];
  /**
   * The length is not known (a copy or for loop over an unknown count): every item stands for any number of
   * elements, and an index selects any of them.
   */
  readonly open?: boolean;
}

/**
 * Produced only by path look-ups ({@link lookup}): the object at this possibility has no such property, so the
 * service default applies. `origin` is the object that lacks it.
 */
export interface AbsentPossibility extends PossibilityBase {
  readonly kind: 'absent';
}

export type Possibility = ScalarPossibility | ObjectPossibility | ArrayPossibility | AbsentPossibility;

/** An input whose value the files do not give; a fix can restrict it to an allowed list. */
export interface InputRef {
  readonly kind: 'parameter' | 'variable';
  readonly name: string;
  /** The parameter's declaration (its name), in its own file and format. */
  readonly declaration: Span;
}

/** A part of a value that could not be determined, and why. */
export interface Unknown {
  readonly reason: string;
  /** The expression that could not be resolved. */
  readonly span: Span;
  readonly via: readonly Span[];
  /** Set when the gap is an input without a value (a parameter with no default). */
  readonly input?: InputRef;
  /** Properties (lower case) the undetermined object is known not to give: reading one does not reach this gap. */
  readonly lacks?: ReadonlySet<string>;
  /**
   * The gap stands for the keys of these entries, which an object possibility leaves unnamed (`ObjectPossibility.unnamed`,
   * the same list): where that object is read by its elements, they take the gap's place. Elsewhere (its keys, a
   * property read from it, a value made from it that does not hold the object) the gap stays.
   */
  readonly openKeys?: readonly Value[];
  /**
   * The key of the resource whose attribute this is, when Azure or the provider sets it on deployment (a Terraform
   * or Bicep resource's `id`), or whose name the files leave open (Bicep's `dst.name`): a reference that reaches an
   * argument through module inputs and outputs still names it.
   */
  readonly resource?: string;
  /**
   * For a resource ID Azure computes (`resourceId(type, name)` with names the files give): the type and the full
   * names it may have, so that a rule can tell whether it names a resource the files deploy.
   */
  readonly id?: { readonly type: string; readonly names: readonly string[] };
}

/** Where a possibility or unknown is used: the first hop of its path, else where it was written. */
export function useSite(p: { origin?: Span; span?: Span; via: readonly Span[] }): Span {
  return p.via[0] ?? p.origin ?? p.span!;
}

/**
 * The empty list that values share: nearly every possibility has no hops and nearly every value has no unknowns,
 * and a workspace keeps millions of them.
 */
const NONE: readonly never[] = Object.freeze([]);

export const EMPTY: Value = { options: NONE, unknowns: NONE };

export function isResolved(v: Value): boolean {
  return v.unknowns.length === 0;
}

export function scalar(value: Scalar, origin: Span, literal?: LiteralSyntax): Value {
  const p: ScalarPossibility = literal ? { kind: 'scalar', value, origin, via: NONE, literal } : { kind: 'scalar', value, origin, via: NONE };
  return { options: [p], unknowns: NONE };
}

export function unknown(reason: string, span: Span, input?: InputRef): Value {
  return { options: NONE, unknowns: [input ? { reason, span, via: NONE, input } : { reason, span, via: NONE }] };
}

export function object(props: Iterable<Property>, origin: Span): Value {
  const map = new Map<string, Property>();
  for (const p of props) map.set(p.name.toLowerCase(), p);
  return { options: [{ kind: 'object', props: map, origin, via: NONE }], unknowns: NONE };
}

export function array(items: readonly Value[], origin: Span, open = false): Value {
  const p: ArrayPossibility = open ? { kind: 'array', items, origin, via: NONE, open } : { kind: 'array', items, origin, via: NONE };
  return { options: [p], unknowns: NONE };
}

/**
 * All possibilities of all values. The same possibility object is kept once, and so is a possibility that differs
 * from one kept only in the hops between its place of use and its origin: a value that reaches a place by many
 * paths (locals that each choose between the two before them) would otherwise double with every step, and a
 * finding shows one path to the literal as well as all of them.
 */
export function union(...values: readonly Value[]): Value {
  if (values.length === 1) return values[0];
  // One value read many times over (every instance of a module past the bound on instances) is read once.
  if (values.length > 16) values = [...new Set(values)];
  return { options: distinct(values.map((v) => v.options), OPTIONS), unknowns: distinct(values.map((v) => v.unknowns), UNKNOWNS) };
}

/**
 * The unknowns of the lists, each once, as {@link union} keeps them. A value read twice in one expression
 * (`'${a}-${a}'`) gives its unknowns twice, so a chain of such values would double them at every step: twenty
 * steps took seconds and a gigabyte. The lists are given as one array: a list's elements may be hundreds of thousands
 * of values, more than a call's arguments may be.
 */
export function unknownsOf(lists: readonly (readonly Unknown[])[]): readonly Unknown[] {
  return distinct(lists, UNKNOWNS);
}

/**
 * How `distinct` tells items alike: by three keys (an object and two values), then by `same` among those that share
 * them. The keys hold the hop nearest the place of use, since a value reaching a place by many paths (a module's
 * thousands of instances) gives many possibilities that differ only there.
 */
interface Likeness<T> {
  readonly keys: (item: T) => readonly [object, unknown, unknown];
  readonly same: (a: T, b: T) => boolean;
}

const OPTIONS: Likeness<Possibility> = {
  keys: (p) => (p.kind === 'scalar' ? [p.origin, p.value, p.via[0]] : [p, undefined, undefined]),
  same: (a, b) => a === b || (a.kind === 'scalar' && b.kind === 'scalar' && a.origin === b.origin && a.value === b.value && a.literal === b.literal && a.via[0] === b.via[0]),
};

const UNKNOWNS: Likeness<Unknown> = {
  keys: (u) => [u.span, u.reason, u.via[0]],
  same: (a, b) => a === b || (a.span === b.span && a.reason === b.reason && a.via[0] === b.via[0] && a.input === b.input && a.lacks === b.lacks && a.resource === b.resource && a.id === b.id && a.openKeys === b.openKeys),
};

type Index<T> = Map<object, Map<unknown, Map<unknown, T[]>>>;

/**
 * The items of the lists, each once, in order. Most unions are of a few items, which a scan finds faster than an
 * index; larger ones index the items by their keys.
 */
function distinct<T>(lists: readonly (readonly T[])[], like: Likeness<T>): readonly T[] {
  if (lists.every((l) => !l.length)) return NONE;
  const out: T[] = [];
  let index: Index<T> | undefined;
  for (const list of lists) {
    for (const item of list) {
      if (index) {
        if (!indexed(index, item, like)) continue;
      } else if (out.some((k) => like.same(k, item))) continue;
      out.push(item);
      if (!index && out.length > 16) {
        index = new Map();
        for (const k of out) indexed(index, k, like);
      }
    }
  }
  return out;
}

/** Adds the item to the index unless one alike is there; whether it was added. */
function indexed<T>(index: Index<T>, item: T, like: Likeness<T>): boolean {
  const [first, second, third] = like.keys(item);
  let byFirst = index.get(first);
  if (!byFirst) index.set(first, (byFirst = new Map()));
  let bySecond = byFirst.get(second);
  if (!bySecond) byFirst.set(second, (bySecond = new Map()));
  const kept = bySecond.get(third);
  if (!kept) bySecond.set(third, [item]);
  else if (kept.some((k) => like.same(k, item))) return false;
  else kept.push(item);
  return true;
}

/** The value as seen through one more hop (a reference to a parameter, a variable, a module argument…). */
export function via(value: Value, hop: Span): Value {
  if (value.options.length === 0 && value.unknowns.length === 0) return value;
  return {
    options: value.options.length ? value.options.map((p) => ({ ...p, via: withHop(hop, p.via) })) : NONE,
    unknowns: value.unknowns.length ? value.unknowns.map((u) => ({ ...u, via: withHop(hop, u.via) })) : NONE,
  };
}

/** The hops with one more in front: spread only when there are hops, since most values have none. */
function withHop(hop: Span, via: readonly Span[]): readonly Span[] {
  return via.length ? [hop, ...via] : [hop];
}

/** A value whose scalar possibilities are transformed (e.g. `toLower`); the result is no longer a plain literal. */
export function mapScalars(value: Value, fn: (s: Scalar) => Scalar, origin?: Span): Value {
  return {
    options: value.options.map((p) => (p.kind === 'scalar' ? { kind: 'scalar' as const, value: fn(p.value), origin: origin ?? p.origin, via: p.via } : p)),
    unknowns: value.unknowns,
  };
}

/** The scalar possibilities. */
export function scalars(value: Value): ScalarPossibility[] {
  return value.options.filter((p): p is ScalarPossibility => p.kind === 'scalar');
}

/** The string possibilities. */
export function strings(value: Value): (ScalarPossibility & { value: string })[] {
  return value.options.filter((p): p is ScalarPossibility & { value: string } => p.kind === 'scalar' && typeof p.value === 'string');
}

/** One property of every object possibility; objects without it contribute an `absent` possibility. */
export function member(value: Value, name: string): Value {
  const key = name.toLowerCase();
  const parts: Value[] = [];
  for (const p of value.options) {
    if (p.kind === 'object') {
      const prop = p.props.get(key);
      parts.push(prop ? prop.value : { options: [{ kind: 'absent', origin: p.origin, via: p.via }], unknowns: NONE });
      // Where no entry is named so, one whose key the files leave open may be (a merge gives a named entry those of
      // later arguments that may replace it; a duplicate key in a `for` is an error).
      if (p.unnamed && !prop) parts.push(...p.unnamed);
    } else if (p.kind === 'absent') {
      parts.push({ options: [p], unknowns: NONE });
    }
  }
  const merged = union(...parts);
  const gaps = reached(elementGaps(value), (lacks) => lacks.has(key));
  return gaps.length ? { options: merged.options, unknowns: [...gaps, ...merged.unknowns] } : merged;
}

/**
 * The gaps of a value that a step into it reaches: not those known to lack what the step reads, and each one no
 * longer lacking anything, since it now stands for the part read.
 */
function reached(unknowns: readonly Unknown[], skips: (lacks: ReadonlySet<string>) => boolean): readonly Unknown[] {
  if (!unknowns.some((u) => u.lacks)) return unknowns;
  const out: Unknown[] = [];
  for (const u of unknowns) {
    if (!u.lacks) out.push(u);
    else if (!skips(u.lacks)) {
      const { lacks: _lacks, ...rest } = u;
      out.push(rest);
    }
  }
  return out;
}

/** The value without one property: its objects lose it, and its undetermined parts are known not to give it. */
export function without(value: Value, name: string): Value {
  const key = name.toLowerCase();
  return {
    options: value.options.map((p) => (p.kind === 'object' && p.props.has(key) ? { ...p, props: new Map([...p.props].filter(([k]) => k !== key)) } : p)),
    unknowns: value.unknowns.map((u) => ({ ...u, lacks: new Set([...(u.lacks ?? []), key]) })),
  };
}

/** Elements of every array possibility at `index`, or every element when the index is not known. */
export function element(value: Value, index: number | undefined): Value {
  const parts: Value[] = [];
  for (const p of value.options) {
    if (p.kind !== 'array') continue;
    if (index === undefined || p.open) parts.push(...p.items);
    else {
      const i = index < 0 ? p.items.length + index : index;
      // A fractional index selects nothing: deploying it fails.
      if (Number.isInteger(i) && i >= 0 && i < p.items.length) parts.push(p.items[i]);
    }
  }
  const merged = union(...parts);
  const gaps = reached(value.unknowns, () => false);
  return gaps.length ? { options: merged.options, unknowns: [...gaps, ...merged.unknowns] } : merged;
}

/** `x[i]`: with a known index, that element or property; with an unknown index (a loop position), every one. */
export function indexValue(target: Value, index: Value): Value {
  const parts: Value[] = [];
  const known = index.unknowns.length === 0 ? index.options : [];
  if (known.length === 0) {
    for (const p of target.options) {
      if (p.kind === 'array') parts.push(...p.items);
      else if (p.kind === 'object') parts.push(...anyEntry(p));
    }
  }
  for (const i of known) {
    if (i.kind !== 'scalar') continue;
    if (typeof i.value === 'number') parts.push(element({ options: target.options, unknowns: [] }, i.value));
    else if (typeof i.value === 'string') parts.push(dropAbsent(member({ options: target.options, unknowns: [] }, i.value)));
  }
  const merged = union(...parts);
  const names = known.length && known.every((i) => i.kind === 'scalar' && typeof i.value === 'string') ? known.map((i) => String((i as ScalarPossibility).value).toLowerCase()) : [];
  // An index not known, or a key, reads a map's unnamed entries (above), which stand in for the gap of their keys.
  const gaps = reached(known.length && !names.length ? target.unknowns : elementGaps(target), (lacks) => names.length > 0 && names.every((n) => lacks.has(n)));
  return gaps.length ? { options: merged.options, unknowns: [...gaps, ...merged.unknowns] } : merged;
}

/** Every value of an object, the entries it leaves unnamed too: what a key the files do not know selects. */
export function anyEntry(p: ObjectPossibility): Value[] {
  const values = [...p.props.values()].map((x) => x.value);
  return p.unnamed ? [...values, ...p.unnamed] : values;
}

/** A value that is missing, at `origin`: under Terraform's `try()`, a step or part that may fail. */
export function absent(origin: Span): Value {
  return { options: [{ kind: 'absent', origin, via: NONE }], unknowns: NONE };
}

/** In an expression, reading a missing property is an error at deployment: it contributes no possibility. */
export function dropAbsent(v: Value): Value {
  return v.options.some((p) => p.kind === 'absent') ? { options: v.options.filter((p): p is Exclude<Possibility, { kind: 'absent' }> => p.kind !== 'absent'), unknowns: v.unknowns } : v;
}

/**
 * The value at an ARM property path such as `properties.encryption.keySource`; `[*]` steps into every array
 * element (`properties.locations[*].locationName`), `['a.b']` names a property whose name holds dots. Missing
 * properties show as `absent` possibilities.
 */
export function lookup(value: Value, path: string): Value {
  let current = value;
  for (const step of pathSteps(path)) {
    current = step.kind === 'each' ? element(current, undefined) : member(current, step.name);
  }
  return current;
}

/** One step of an ARM property path: a property, or every element of an array (`[*]`). */
export type PathStep = { readonly kind: 'property'; readonly name: string } | { readonly kind: 'each' };

const pathCache = new Map<string, readonly PathStep[]>();
const STEP = /\[\*\]|\['((?:[^']|'')*)'\]|\.?([^.[\]]+)/y;

/** The steps of an ARM property path (`a.b[*].c`, `a['x.y'].z`); a malformed remainder is read as one name. */
export function pathSteps(path: string): readonly PathStep[] {
  let steps = pathCache.get(path);
  if (!steps) {
    const out: PathStep[] = [];
    STEP.lastIndex = 0;
    while (STEP.lastIndex < path.length) {
      const at = STEP.lastIndex;
      const m = STEP.exec(path);
      if (!m) {
        out.push({ kind: 'property', name: path.slice(at) });
        break;
      }
      if (m[0] === '[*]') out.push({ kind: 'each' });
      else out.push({ kind: 'property', name: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2] });
    }
    steps = out;
    pathCache.set(path, steps);
  }
  return steps;
}

/** The one boolean a value is in every case the files allow, else undefined (a condition that is not settled). */
export function certainBoolean(v: Value | undefined): boolean | undefined {
  const first = v?.options[0];
  if (!v || v.unknowns.length || first?.kind !== 'scalar' || typeof first.value !== 'boolean') return undefined;
  return v.options.every((p) => p.kind === 'scalar' && p.value === first.value) ? first.value : undefined;
}

/** A collection that is empty in every case the files allow: a list or map with no element (`[]`, `{}`). */
export function certainlyEmpty(collection: Value): boolean {
  return !collection.unknowns.length && collection.options.length > 0 && collection.options.every(isEmptyCase);
}

/** A list or map with no element. */
export function isEmptyCase(p: Possibility): boolean {
  return p.kind === 'array' ? !p.items.length && !p.open : p.kind === 'object' && !p.props.size && !p.unnamed?.length;
}

/** A map with entries whose keys are open: the gap at its origin that stands for those keys. */
export function openKeysGap(reason: string, object: ObjectPossibility & { readonly unnamed: readonly Value[] }): Unknown {
  return { reason, span: object.origin, via: object.via, openKeys: object.unnamed };
}

/** Whether every key `key` leaves open is one of `map`'s keys the files leave open (`each.key` over that map). */
export function ownOpenKeys(key: Value, map: Value): boolean {
  const own = new Set<readonly Value[]>();
  for (const p of map.options) if (p.kind === 'object' && p.unnamed) own.add(p.unnamed);
  return key.unknowns.length > 0 && key.unknowns.every((u) => u.openKeys !== undefined && own.has(u.openKeys));
}

/**
 * The gaps of a collection that remain when its elements are read: not those that stand for the keys of entries an
 * object of it leaves unnamed, since those entries are read in their place.
 */
export function elementGaps(collection: Value): readonly Unknown[] {
  if (!collection.unknowns.some((u) => u.openKeys)) return collection.unknowns;
  const read = new Set<readonly Value[]>();
  for (const p of collection.options) if (p.kind === 'object' && p.unnamed) read.add(p.unnamed);
  return collection.unknowns.filter((u) => !(u.openKeys && read.has(u.openKeys)));
}

/** Whether any possibility, at any depth, is a concrete (non-absent) value. */
export function isPresent(value: Value): boolean {
  return value.options.some((p) => p.kind !== 'absent') || value.unknowns.length > 0;
}

/**
 * The most values {@link toPlain} renders. Values share their parts, so a list that holds another twice, step
 * after step, is small in memory and has billions of values written out.
 */
export const MAX_PLAIN_VALUES = 1_000_000;

/** What {@link toPlain} gives for a possibility with more than {@link MAX_PLAIN_VALUES} values (thrown inside it). */
export const TOO_LARGE = Symbol('too large');

/**
 * A plain JavaScript rendering of a possibility, for messages and for functions such as `string()`; {@link TOO_LARGE}
 * when it would hold more than {@link MAX_PLAIN_VALUES} values.
 */
export function toPlain(p: Possibility): unknown {
  let left = MAX_PLAIN_VALUES;
  const plain = (p: Possibility): unknown => {
    if (--left < 0) throw TOO_LARGE;
    switch (p.kind) {
      case 'scalar':
        return p.value;
      case 'absent':
        return undefined;
      case 'array':
        return p.items.map((v) => (v.options.length === 1 && v.unknowns.length === 0 ? plain(v.options[0]) : null));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const prop of p.props.values()) {
          const v = prop.value;
          out[prop.name] = v.options.length === 1 && v.unknowns.length === 0 ? plain(v.options[0]) : null;
        }
        return out;
      }
    }
  };
  try {
    return plain(p);
  } catch (e) {
    if (e === TOO_LARGE) return TOO_LARGE;
    throw e;
  }
}

/**
 * How a value was carried onto a later version of its text without being evaluated again (Terraform reuses the
 * values of the blocks an edit did not touch): the same possibilities in the same shape, their spans moved, and
 * the same object always moved to the same copy.
 */
export interface Move {
  span(span: Span): Span;
  possibility<P extends Possibility>(p: P): P;
  unknown(u: Unknown): Unknown;
}

/** What a moved value was moved from. */
export interface MovedFrom {
  readonly original: Value;
  readonly move: Move;
  /**
   * For a resource's body, the declaration of the resource the original was the body of: what is worked out on the
   * original reads that resource's declaration (where the adapter placed a default), not the moved one.
   */
  readonly declaration?: Span;
}

const MOVED = new WeakMap<Value, MovedFrom>();

/**
 * Records that `copy` is `original` moved: what depends only on a value's shape and scalars (whether a
 * condition holds, which possibilities fail it, which locations it names) is then worked out once, on the
 * original, and moved.
 */
export function markMoved(copy: Value, original: Value, move: Move, declaration?: Span): Value {
  if (copy !== original) MOVED.set(copy, declaration ? { original, move, declaration } : { original, move });
  return copy;
}

/** The value `copy` was moved from, and the move, if it was moved. */
export function movedFrom(copy: Value): MovedFrom | undefined {
  return MOVED.get(copy);
}
