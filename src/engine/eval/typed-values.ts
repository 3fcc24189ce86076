/**
 * What ARM and Bicep parameter types permit, as the two formats' type readers (`formats/arm/types.ts`,
 * `formats/bicep/types.ts`) give it, and how it joins a parameter's value.
 */
import type { Span } from '../model/span';
import * as V from '../model/value';
import type { Possibility, Value } from '../model/value';
import { parameterValue, type ParameterParts } from './parameters';

export type Permitted = readonly Value[] | undefined;

/**
 * What each named type permits, per scope (one evaluation of a template): a type is often used by many parameters
 * and properties, and without this a chain of object types that each use the next twice would take exponential
 * time. A type being worked out reads as permitting nothing listed, so one that contains itself ends. Bicep's
 * named types use it too.
 */
export class NamedTypes<Scope extends object, Type> {
  private readonly byScope = new WeakMap<Scope, Map<Type, Permitted>>();

  permitted(scope: Scope, type: Type, compute: () => Permitted): Permitted {
    let known = this.byScope.get(scope);
    if (!known) this.byScope.set(scope, (known = new Map()));
    if (known.has(type)) return known.get(type);
    known.set(type, undefined);
    const values = compute();
    known.set(type, values);
    return values;
  }
}

/**
 * An object type that lists values for some property, in ARM or Bicep: one object with every declared property. A
 * property whose values the type does not list holds no possibility of its own, so reading it neither finds a value
 * the type did not give nor takes the property for missing (the default and the values from outside give it).
 */
export function permittedObject(props: readonly { readonly name: string; readonly nameSpan: Span; readonly values: Permitted }[], span: Span): Permitted {
  if (!props.some((p) => p.values)) return undefined;
  const value = V.object(props.map((p) => ({ name: p.name, nameSpan: p.nameSpan, value: p.values ? V.union(...p.values) : V.EMPTY })), span);
  typedObjects.add(value.options[0]);
  return [value];
}

/** The objects {@link permittedObject} makes. */
const typedObjects = new WeakSet<Possibility>();

/**
 * A parameter's value with what its type permits among `allowed`. An object type does not make the value known: it
 * leaves the properties it lists no values for, and any it does not declare (Bicep's object types are open unless
 * `@sealed()`, and `*:` or `additionalProperties` type the others), to whoever deploys. So a parameter of a
 * template deployed on its own with neither a default nor a value from outside stays undetermined beside what the
 * type lists.
 */
export function typedParameterValue(parts: ParameterParts): Value {
  const value = parameterValue(parts);
  if (parts.inputReplacesDefault || parts.input || parts.defaultValue || !hasTypedObject(parts.allowed)) return value;
  return V.union(value, parameterValue({ ...parts, allowed: [] }));
}

function hasTypedObject(values: readonly Value[]): boolean {
  return values.some((v) => v.options.some((p) => typedObjects.has(p) || (p.kind === 'array' && hasTypedObject(p.items))));
}
