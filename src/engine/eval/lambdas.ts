/**
 * The template functions that take lambdas (`filter`, `map`, `reduce`, `sort`, `toObject`, `mapValues`), shared by
 * the ARM evaluator (`lambda('x', …)`) and the Bicep evaluator (`x => …`); semantics from the reference
 * (template-functions-lambda, bicep-functions-lambda). Each evaluator turns its lambda syntax into a {@link Lambda}.
 *
 * Over possibility sets: a lambda is applied to an element's value, which may hold several possibilities. Where
 * the result depends on what the files do not decide (a filter condition, a sort order), every element stays
 * possible at any position (an `open` array), rather than one order being guessed.
 */
import type { Span } from '../model/span';
import * as V from '../model/value';
import type { Value } from '../model/value';
import { lazyProperty, perArray, perObject } from './functions';

/** A lambda argument: its body's value with its parameters bound to these values (a missing one is unknown). */
export type Lambda = (args: readonly Value[]) => Value;

type HigherOrderFunction = (args: readonly Value[], lambdas: readonly Lambda[], call: Span) => Value;

/** The position of an element, as a lambda's index parameter sees it. */
function position(a: V.ArrayPossibility, i: number, call: Span): Value {
  return a.open ? V.unknown('the position in a list whose length the files do not fix', call) : V.scalar(i, call);
}

function map([list = V.EMPTY]: readonly Value[], [fn]: readonly Lambda[], call: Span): Value {
  return perArray(list, (a) => V.array(a.items.map((item, i) => fn([item, position(a, i, call)])), call, a.open));
}

/**
 * An element whose condition the files do not decide stays, and its position becomes uncertain; its possibilities
 * for which the condition is certainly false are dropped.
 */
function filter([list = V.EMPTY]: readonly Value[], [fn]: readonly Lambda[], call: Span): Value {
  return perArray(list, (a) => {
    const kept: Value[] = [];
    let open = !!a.open;
    a.items.forEach((item, i) => {
      const index = position(a, i, call);
      const keep = V.certainBoolean(fn([item, index]));
      if (keep === false) return;
      if (keep === undefined) {
        open = true;
        const options = item.options.length > 1 ? item.options.filter((p) => V.certainBoolean(fn([{ options: [p], unknowns: [] }, index])) !== false) : item.options;
        kept.push(options === item.options ? item : { options, unknowns: item.unknowns });
      } else kept.push(item);
    });
    return V.array(kept, call, open);
  });
}

function reduce([list = V.EMPTY, initial = V.EMPTY]: readonly Value[], [fn]: readonly Lambda[], call: Span): Value {
  return perArray(list, (a) => (a.open ? V.unknown('reduce() over a list whose length the files do not fix', call) : a.items.reduce((acc, item, i) => fn([acc, item, V.scalar(i, call)]), initial)));
}

/**
 * `sort(list, (a, b) => a before b)`. The order is certain only when every neighbour in the result is certainly
 * before the next: a comparison the files do not decide, or a tie (.NET's sort is not stable), leaves it open.
 */
function sort([list = V.EMPTY]: readonly Value[], [fn]: readonly Lambda[], call: Span): Value {
  return perArray(list, (a) => {
    if (a.open) return V.array(a.items, call, true);
    const before = (x: Value, y: Value) => V.certainBoolean(fn([x, y])) === true;
    const sorted = [...a.items].sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
    const certain = sorted.every((item, i) => i === 0 || before(sorted[i - 1], item));
    return V.array(sorted, call, !certain);
  });
}

/**
 * `toObject(list, key => …, value => …)`: a property per element, named by the key lambda. A key with several
 * possibilities puts the value under each; a key the files do not fix is an unknown part of the object.
 */
function toObject([list = V.EMPTY]: readonly Value[], [keyOf, valueOf]: readonly Lambda[], call: Span): Value {
  return perArray(list, (a) => {
    const props = new Map<string, V.Property>();
    const unknowns: V.Unknown[] = [];
    for (const item of a.items) {
      const key = keyOf([item]);
      unknowns.push(...key.unknowns);
      const value = valueOf ? valueOf([item]) : item;
      for (const name of V.strings(key)) {
        const lower = name.value.toLowerCase();
        const prev = props.get(lower);
        props.set(lower, { name: name.value, nameSpan: name.origin, value: prev ? V.union(prev.value, value) : value });
      }
    }
    return { options: [{ kind: 'object', props, origin: call, via: [] }], unknowns: V.unknownsOf([unknowns]) };
  });
}

/** `mapValues(object, value => …)`: each property's value through the lambda, computed when read. */
function mapValues([object = V.EMPTY]: readonly Value[], [fn]: readonly Lambda[], call: Span): Value {
  return perObject(object, (o) => V.object([...o.props.values()].map((p) => lazyProperty(p.name, p.nameSpan, () => fn([p.value]))), call));
}

const HIGHER_ORDER: ReadonlyMap<string, HigherOrderFunction> = new Map<string, HigherOrderFunction>([
  ['map', map],
  ['filter', filter],
  ['reduce', reduce],
  ['sort', sort],
  ['toobject', toObject],
  ['mapvalues', mapValues],
]);

/**
 * The value of a function that takes lambdas, given its other arguments and its lambdas (each in order; every
 * such function takes its lambdas last), or undefined when it is not one or is given none.
 */
export function callWithLambdas(name: string, args: readonly Value[], lambdas: readonly Lambda[], call: Span): Value | undefined {
  const fn = HIGHER_ORDER.get(name.toLowerCase());
  return fn && lambdas.length ? fn(args, lambdas, call) : undefined;
}
