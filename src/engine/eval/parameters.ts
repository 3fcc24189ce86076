/**
 * The value of a template parameter, for ARM, Bicep and Terraform (whose variables are parameters) alike.
 *
 * For a template deployed on its own, whoever deploys it chooses: every allowed value (an `allowedValues` or
 * `@allowed` entry, a member of a union type) is possible, and so are the default and the values of parameter
 * files (alternatives that add to the default). For a module or nested-deployment instance, the caller chooses:
 * its argument is the value, or else the default; the allowed list only bounds a default that only Azure knows.
 * A parameter with none of these is unknown, with an {@link InputRef} so that a fix can restrict it; so is an
 * unknown default.
 *
 * A `null` input counts as no input where the format says so: ARM treats a null parameter value as not supplied,
 * so the default applies (the Bicep maintainers' account in Azure/bicep#11532, behind AVM's `location: cfg.?location`);
 * Terraform does the same only for a variable declared `nullable = false` (its "Disallowing null input values").
 * Without a default, the null stays; and a parameter whose type admits null, which a caller does not pass, is null.
 */
import type { Span } from '../model/span';
import * as V from '../model/value';
import type { InputRef, Possibility, Value } from '../model/value';

export interface ParameterParts {
  /** What the format calls it (a Terraform `variable`); `parameter` by default. */
  readonly kind?: InputRef['kind'];
  readonly name: string;
  /** The parameter's name where it is declared. */
  readonly declaration: Span;
  readonly allowed: readonly Value[];
  /** The value given from outside, if any. */
  readonly input: Value | undefined;
  readonly inputReplacesDefault: boolean;
  /** A `null` input leaves the default in force. */
  readonly nullTakesDefault: boolean;
  /** The default value, evaluated only when it counts. */
  readonly defaultValue: (() => Value) | undefined;
  /** Why nothing gives the parameter a value, for the message (`no parameter file gives one`). */
  readonly unsetReason: string;
  /** Its type admits null (Bicep `string?`, ARM `"nullable": true`): without a default, a caller that passes nothing makes it null. */
  readonly nullable?: boolean;
}

export function parameterValue(p: ParameterParts): Value {
  const nullsUnset = p.nullTakesDefault && !!p.defaultValue;
  if (p.inputReplacesDefault) {
    if (!p.input && !p.defaultValue && p.nullable) return V.scalar(null, p.declaration);
    const value = p.input ? (nullsUnset ? nullsAs(p.input, () => unset(p)) : p.input) : unset(p);
    // A caller's argument is the value as the caller gives it.
    if (p.input && value === p.input) return value;
    return combined(p, value ? [value] : []);
  }
  const parts: Value[] = [];
  if (p.input) parts.push(nullsUnset ? withoutNulls(p.input) : p.input);
  parts.push(...p.allowed);
  const def = p.defaultValue?.();
  if (def) parts.push(p.allowed.length ? { options: def.options, unknowns: [] } : def);
  return combined(p, parts);
}

/** What stands when nothing is given: the default, bounded by the allowed list when only Azure knows it. */
function unset(p: ParameterParts): Value | undefined {
  const def = p.defaultValue?.();
  return def?.unknowns.length && p.allowed.length ? V.union({ options: def.options, unknowns: [] }, ...p.allowed) : def;
}

/** The parts as one value, whose gaps name the parameter; none at all is a parameter nothing gives a value. */
function combined(p: ParameterParts, parts: readonly Value[]): Value {
  const kind = p.kind ?? 'parameter';
  const input: InputRef = { kind, name: p.name, declaration: p.declaration };
  if (!parts.length) return V.unknown(`${kind} '${p.name}' has no default value and ${p.unsetReason}`, p.declaration, input);
  const value = V.union(...parts);
  if (!value.unknowns.length) return value;
  return { options: value.options, unknowns: value.unknowns.map((u) => (u.input ? u : { ...u, input })) };
}

/**
 * A value whose `null` possibilities leave `fallback` (the default) in force; the path to it passes through where the
 * null came from. Without a fallback the null stays.
 */
export function nullsAs(value: Value, fallback: () => Value | undefined): Value {
  const first = value.options.find(isNull);
  if (!first) return value;
  const instead = fallback();
  return instead ? V.union(withoutNulls(value), V.via(instead, V.useSite(first))) : value;
}

function withoutNulls(value: Value): Value {
  return value.options.some(isNull) ? { options: value.options.filter((o) => !isNull(o)), unknowns: value.unknowns } : value;
}

function isNull(p: Possibility): boolean {
  return p.kind === 'scalar' && p.value === null;
}

/** The values of several parameter files for one template: each file is an alternative, so every value counts. */
export function mergeAlternatives(files: readonly ReadonlyMap<string, Value>[]): Map<string, Value> {
  const merged = new Map<string, Value>();
  for (const values of files) {
    for (const [name, value] of values) {
      const prev = merged.get(name);
      merged.set(name, prev ? V.union(prev, value) : value);
    }
  }
  return merged;
}
