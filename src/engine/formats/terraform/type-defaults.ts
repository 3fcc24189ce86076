/**
 * The defaults of a variable's type constraint: `optional(type, default)` attributes of object types, at any depth
 * of lists, sets, maps and tuples (Terraform 1.3 and later).
 *
 * Terraform applies them to the value a variable is given and to its declared default alike, before converting the
 * value to the type, and never to a value that is null as a whole (`prepareFinalInputVariableValue` in Terraform's
 * eval_variable.go, `decodeVariableBlock` in its configs/named_values.go). An attribute that is missing or null takes
 * its default, itself completed by the defaults nested in its type (`Defaults.Apply` in hashicorp/hcl's
 * ext/typeexpr/defaults.go). So `type = object({ location = optional(string, "eastasia") })` puts a resource that
 * reads `var.site.location` in Hong Kong whenever the caller leaves the attribute out.
 */
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Possibility, Property, ScalarPossibility, Value } from '../../model/value';
import { nullsAs } from '../../eval/parameters';
import type { Expr } from './syntax';

/** The defaults within one level of a type. */
export interface TypeDefaults {
  /** How the children are keyed: an object's attributes by name, a collection's elements all alike (''), a tuple's by position. */
  readonly kind: 'object' | 'collection' | 'tuple';
  /** The defaults nested in the types of the attributes or elements. */
  readonly children: ReadonlyMap<string, TypeDefaults>;
  /** An object type's optional attributes, by lower-cased name. */
  readonly defaults: ReadonlyMap<string, AttributeDefault>;
}

export interface AttributeDefault {
  readonly name: string;
  /** The attribute's name in the type expression. */
  readonly nameSpan: Span;
  /**
   * The default, completed by its own type's defaults; none for `optional(type)`, which Terraform makes null where
   * the value leaves it out: it is then there, so that `try(var.x.attribute, …)` does not fail.
   */
  readonly value?: () => Value;
}

/** How the reader evaluates a default and places a node, in the variable block's scope. */
export interface TypeContext {
  evaluate(e: Expr): Value;
  span(e: Expr): Span;
}

const NONE: ReadonlyMap<string, AttributeDefault> = new Map();

/** The defaults a type expression declares, or undefined when it declares none (most types). */
export function typeDefaults(type: Expr, cx: TypeContext): TypeDefaults | undefined {
  if (type.k !== 'call' || type.args.length === 0) return undefined;
  const [arg] = type.args;
  switch (type.name) {
    case 'object':
      return arg.k === 'obj' ? objectDefaults(arg.items, cx) : undefined;
    case 'list':
    case 'set':
    case 'map': {
      const element = typeDefaults(arg, cx);
      return element && { kind: 'collection', children: new Map([['', element]]), defaults: NONE };
    }
    case 'tuple': {
      if (arg.k !== 'tuple') return undefined;
      const children = new Map<string, TypeDefaults>();
      arg.items.forEach((item, i) => {
        const element = typeDefaults(item, cx);
        if (element) children.set(String(i), element);
      });
      return children.size ? { kind: 'tuple', children, defaults: NONE } : undefined;
    }
    default:
      return undefined;
  }
}

function objectDefaults(items: readonly { key: Expr; value: Expr }[], cx: TypeContext): TypeDefaults | undefined {
  const children = new Map<string, TypeDefaults>();
  const defaults = new Map<string, AttributeDefault>();
  for (const { key, value } of items) {
    if (key.k !== 'lit' && key.k !== 'str') continue;
    const name = String(key.value);
    const optional = value.k === 'call' && value.name === 'optional' ? value : undefined;
    const child = typeDefaults(optional?.args[0] ?? value, cx);
    if (child) children.set(name.toLowerCase(), child);
    if (!optional) continue;
    const written = optional.args[1];
    if (!written) {
      defaults.set(name.toLowerCase(), { name, nameSpan: cx.span(key) });
      continue;
    }
    let computed: Value | undefined;
    const completed = () => {
      if (!constant(written)) return V.unknown('a default in a type constraint must be a constant: Terraform reads it without variables or functions', cx.span(written));
      const own = cx.evaluate(written);
      return child ? withTypeDefaults(own, child) : own;
    };
    defaults.set(name.toLowerCase(), { name, nameSpan: cx.span(key), value: () => (computed ??= completed()) });
  }
  return children.size || defaults.size ? { kind: 'object', children, defaults } : undefined;
}

/** Whether an expression is a literal value, as a type's default must be (Terraform evaluates it with no context). */
function constant(e: Expr): boolean {
  switch (e.k) {
    case 'lit':
    case 'str':
      return true;
    case 'tpl':
      return e.parts.every((p) => typeof p === 'string');
    case 'un':
      return constant(e.arg);
    case 'tuple':
      return e.items.every(constant);
    case 'obj':
      return e.items.every((i) => (i.key.k === 'lit' || i.key.k === 'str') && constant(i.value));
    default:
      return false;
  }
}

/** The value with the type's defaults applied to each possibility; a null possibility stays null. */
export function withTypeDefaults(value: Value, d: TypeDefaults): Value {
  let changed = false;
  const entries = new Map<readonly Value[], readonly Value[]>();
  const options = value.options.map((p) => {
    const q = possibilityWith(p, d);
    changed ||= q !== p;
    if (p.kind === 'object' && q.kind === 'object' && p.unnamed && q.unnamed !== p.unnamed) entries.set(p.unnamed, q.unnamed!);
    return q;
  });
  if (!changed) return value;
  // The gap for the keys of a map's unnamed entries names the entries with their defaults.
  const unknowns = entries.size ? value.unknowns.map((u) => (u.openKeys && entries.has(u.openKeys) ? { ...u, openKeys: entries.get(u.openKeys) } : u)) : value.unknowns;
  return { options, unknowns };
}

function possibilityWith(p: Possibility, d: TypeDefaults): Possibility {
  if (p.kind === 'array') {
    // An open list's items stand for any number of elements: they have no positions for a tuple's defaults.
    if (d.kind === 'object' || (d.kind === 'tuple' && p.open)) return p;
    const items = p.items.map((item, i) => {
      const child = d.children.get(d.kind === 'tuple' ? String(i) : '');
      return child ? withTypeDefaults(item, child) : item;
    });
    return { ...p, items };
  }
  if (p.kind !== 'object' || d.kind === 'tuple') return p;
  const props = new Map<string, Property>();
  for (const [key, prop] of p.props) {
    const child = d.children.get(d.kind === 'collection' ? '' : key);
    const attribute = d.kind === 'object' ? d.defaults.get(key) : undefined;
    props.set(key, child || attribute ? new DefaultedProperty(prop, child, attribute) : prop);
  }
  for (const [key, attribute] of d.defaults) {
    if (!props.has(key)) props.set(key, new MissingAttribute(attribute, p.origin));
  }
  // The entries of a map whose keys are open are its elements too.
  const element = d.kind === 'collection' && p.unnamed && d.children.get('');
  return element ? { ...p, props, unnamed: p.unnamed!.map((v) => withTypeDefaults(v, element)) } : { ...p, props };
}

/** A given attribute or element, completed by its type's defaults, with a null taking the attribute's default. */
class DefaultedProperty extends V.LazyProperty {
  constructor(
    private readonly given: Property,
    private readonly child: TypeDefaults | undefined,
    private readonly attribute: AttributeDefault | undefined,
  ) {
    super(given.name);
  }

  get computedKey(): ScalarPossibility | undefined {
    return this.given.computedKey;
  }

  protected spanOfName(): Span {
    return this.given.nameSpan;
  }

  protected evaluate(): Value {
    const completed = this.child ? withTypeDefaults(this.given.value, this.child) : this.given.value;
    return this.attribute?.value ? nullsAs(completed, this.attribute.value) : completed;
  }
}

/** An optional attribute the object leaves out: its default, reached through the object that omits it, or null there. */
class MissingAttribute extends V.LazyProperty {
  constructor(
    private readonly attribute: AttributeDefault,
    private readonly omittedBy: Span,
  ) {
    super(attribute.name);
  }

  protected spanOfName(): Span {
    return this.attribute.nameSpan;
  }

  protected evaluate(): Value {
    return this.attribute.value ? V.via(this.attribute.value(), this.omittedBy) : V.scalar(null, this.omittedBy);
  }
}
