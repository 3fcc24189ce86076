/**
 * Moves values evaluated from an earlier version of a module's files onto the current version, for resources whose
 * declarations (and everything they read) an edit did not touch.
 *
 * Such a value's spans lie in text that the edits only moved: an offset after an edit moves by the edit's length
 * change, and its line and character are read again from the current text (an edit may add or remove line
 * breaks). Values are moved as they are read, so properties that are never read are never evaluated; the moved
 * copy of an object is made once, so what was one object in the old evaluation (a span, a value) is one object
 * after the move too.
 */
import type { Span, SourceText } from '../../model/span';
import type { Move, Possibility, Property, ScalarPossibility, Unknown, Value } from '../../model/value';

/** One edit of a document: the text from `start` to `oldEnd` was replaced, which moved what follows by `delta`. */
export interface Shift {
  readonly start: number;
  readonly oldEnd: number;
  readonly delta: number;
}

export class Rebase implements Move {
  /** The moved copy of each span, value and possibility moved so far, so that shared ones stay shared. */
  private readonly memo = new Map<object, object>();

  /**
   * @param shifts the edits of each changed document since the values were evaluated, oldest first
   * @param sources the current text of those documents
   */
  constructor(
    private readonly shifts: ReadonlyMap<string, readonly Shift[]>,
    private readonly sources: ReadonlyMap<string, SourceText>,
  ) {}

  /** These shifts followed by later ones, onto the later sources. */
  then(later: ReadonlyMap<string, Shift>, sources: ReadonlyMap<string, SourceText>): Rebase {
    const shifts = new Map(this.shifts);
    for (const [uri, shift] of later) shifts.set(uri, [...(shifts.get(uri) ?? []), shift]);
    // A document an earlier edit changed and the later ones did not still has the text that edit left.
    return new Rebase(shifts, new Map([...this.sources, ...sources]));
  }

  /** How many edits the values are moved across. */
  get depth(): number {
    let n = 0;
    for (const list of this.shifts.values()) n += list.length;
    return n;
  }

  /** A span moved; the same span object always gives the same moved object (rules compare spans by identity). */
  span(span: Span): Span {
    const shifts = this.shifts.get(span.uri);
    const source = shifts && this.sources.get(span.uri);
    if (!source) return span;
    return this.once(span, () => source.span(moved(shifts, span.start), moved(shifts, span.end)));
  }

  value(value: Value): Value {
    if (!this.shifts.size || (!value.options.length && !value.unknowns.length)) return value;
    return this.once(value, () => ({ options: value.options.map((p) => this.possibility(p)), unknowns: value.unknowns.map((u) => this.unknown(u)) }));
  }

  /** A possibility moved; its kind and everything but its spans stay as they were. */
  possibility<P extends Possibility>(p: P): P {
    return this.once(p, () => this.movedPossibility(p) as P);
  }

  private movedPossibility(p: Possibility): Possibility {
    const origin = this.span(p.origin);
    const via = p.via.map((s) => this.span(s));
    switch (p.kind) {
      case 'array':
        return { ...p, origin, via, items: p.items.map((i) => this.value(i)) };
      case 'object':
        return { ...p, origin, via, props: new MovedProperties(p.props, this), ...(p.unnamed ? { unnamed: this.entries(p.unnamed) } : {}) };
      default:
        return { ...p, origin, via };
    }
  }

  unknown(u: Unknown): Unknown {
    return this.once(u, () => {
      const moved = { ...u, span: this.span(u.span), via: u.via.map((s) => this.span(s)), ...(u.openKeys ? { openKeys: this.entries(u.openKeys) } : {}) };
      return u.input ? { ...moved, input: { ...u.input, declaration: this.span(u.input.declaration) } } : moved;
    });
  }

  /** Entries a map leaves unnamed: one moved list for each list, so that the gap for their keys still names them. */
  private entries(values: readonly Value[]): readonly Value[] {
    return this.once(values, () => values.map((v) => this.value(v)));
  }

  private once<T extends object>(key: T, make: () => T): T {
    let made = this.memo.get(key) as T | undefined;
    if (!made) this.memo.set(key, (made = make()));
    return made;
  }
}

/** An object's properties, each moved when first read: rules read a few paths of bodies with many properties. */
class MovedProperties implements ReadonlyMap<string, Property> {
  private readonly moved = new Map<string, Property>();
  private all: Map<string, Property> | undefined;

  constructor(
    private readonly inner: ReadonlyMap<string, Property>,
    private readonly rebase: Rebase,
  ) {}

  get size(): number {
    return this.inner.size;
  }

  has(key: string): boolean {
    return this.inner.has(key);
  }

  get(key: string): Property | undefined {
    let prop = this.moved.get(key);
    if (!prop) {
      const original = this.inner.get(key);
      if (!original) return undefined;
      this.moved.set(key, (prop = new MovedProperty(original, this.rebase)));
    }
    return prop;
  }

  forEach(fn: (value: Property, key: string, map: ReadonlyMap<string, Property>) => void, thisArg?: unknown): void {
    this.every().forEach((value, key) => fn.call(thisArg, value, key, this));
  }

  entries(): ReturnType<ReadonlyMap<string, Property>['entries']> {
    return this.every().entries();
  }

  keys(): ReturnType<ReadonlyMap<string, Property>['keys']> {
    return this.inner.keys();
  }

  values(): ReturnType<ReadonlyMap<string, Property>['values']> {
    return this.every().values();
  }

  [Symbol.iterator](): ReturnType<ReadonlyMap<string, Property>['entries']> {
    return this.entries();
  }

  /** Every property, in the original order. */
  private every(): Map<string, Property> {
    if (!this.all) {
      this.all = new Map();
      for (const key of this.inner.keys()) this.all.set(key, this.get(key)!);
    }
    return this.all;
  }
}

class MovedProperty implements Property {
  private span: Span | undefined;
  private computed: Value | undefined;

  constructor(
    private readonly original: Property,
    private readonly rebase: Rebase,
  ) {}

  get name(): string {
    return this.original.name;
  }

  get nameSpan(): Span {
    return (this.span ??= this.rebase.span(this.original.nameSpan));
  }

  get value(): Value {
    return (this.computed ??= this.rebase.value(this.original.value));
  }

  get computedKey(): ScalarPossibility | undefined {
    return this.original.computedKey && this.rebase.possibility(this.original.computedKey);
  }
}

/** An offset outside every edit, moved across them. */
function moved(shifts: readonly Shift[], offset: number): number {
  let at = offset;
  for (const s of shifts) if (at >= s.oldEnd) at += s.delta;
  return at;
}

/** Keeps everything where it is. */
export const NO_REBASE = new Rebase(new Map(), new Map());
