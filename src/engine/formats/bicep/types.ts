/**
 * The values a Bicep type permits, as far as it lists them: each member of a literal union (`'eastus' | 'westus'`,
 * parenthesised, or nullable, which adds null), and the arrays and objects whose elements and properties are such unions
 * (`('eastus' | 'westus')[]`, `{ location: 'eastus' | 'westus' }`, a discriminated union of object types), directly
 * or through a named `type` (local, imported, or `ns.name` from `import * as ns`). Each member is a possibility
 * whose origin is the member's literal, wherever the type is declared, so a permitted value read from an element
 * or a property (`regions[i]`, a loop item, `site.location`) is anchored at the member.
 */
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { NamedTypes, permittedObject, type Permitted } from '../../eval/typed-values';
import { plainString } from './document';
import type { BicepScope } from './scope';
import type { ObjectTypeNode, TypeExpr } from './syntax';

const declared = new NamedTypes<BicepScope, TypeExpr>();

/** The values a type permits, or undefined when it lists none (it admits more than a list of literals). */
export function permittedValues(scope: BicepScope, type: TypeExpr): Permitted {
  const span = scope.span(type);
  switch (type.kind) {
    case 'string':
      return type.holes.length ? undefined : [V.scalar(type.parts[0], span, type.multiline ? undefined : 'bicep')];
    case 'integer':
    case 'boolean':
      return [V.scalar(type.value, span)];
    case 'null':
      return [V.scalar(null, span)];
    case 'unary-type':
      return type.operator === '-' && type.inner.kind === 'integer' ? [V.scalar(-type.inner.value, span)] : undefined;
    case 'nullable-type': {
      // A nullable type admits null too: a `??` or `.?` after it must keep its fallback.
      const inner = permittedValues(scope, type.inner);
      return inner && [...inner, V.scalar(null, span)];
    }
    case 'paren-type':
      return permittedValues(scope, type.inner);
    case 'union-type': {
      const out: Value[] = [];
      for (const m of type.members) {
        const values = permittedValues(scope, m);
        if (!values) return undefined;
        out.push(...values);
      }
      return out;
    }
    case 'array-type': {
      const items = permittedValues(scope, type.item);
      // Each element is one of the item type's values; how many there are is the deployer's choice.
      return items && [V.array([V.union(...items)], span, true)];
    }
    case 'object-type':
      return objectValues(scope, type);
    case 'type-ref':
      return type.args.length ? undefined : named(scope, type.name.text);
    case 'type-access': {
      // `ns.name`: a type exported by a file imported with `import * as ns`.
      if (type.target.kind !== 'type-ref' || !('text' in type.member)) return undefined;
      const namespace = scope.doc.symbols.namespaces.get(type.target.name.text);
      const file = namespace?.from && scope.fileScope(namespace.from);
      return file ? named(file, type.member.text) : undefined;
    }
    default:
      return undefined;
  }
}

function objectValues(scope: BicepScope, type: ObjectTypeNode): Permitted {
  const props = type.props.flatMap((p) => {
    if (p.kind !== 'type-property') return [];
    // `*: T` types the properties the type does not name.
    const name = 'text' in p.key ? (p.key.text === '*' ? undefined : p.key.text) : plainString(p.key);
    return name === undefined ? [] : [{ name, nameSpan: scope.span(p.key), values: permittedValues(scope, p.type) }];
  });
  return permittedObject(props, scope.span(type));
}

/** A type declared by name in the scope's file, or imported into it. */
function named(scope: BicepScope, name: string): Permitted {
  const decl = scope.doc.symbols.types.get(name);
  if (!decl) {
    const imported = scope.importedScope(name);
    return imported && named(imported.scope, imported.name);
  }
  return declared.permitted(scope, decl.type, () => permittedValues(scope, decl.type));
}
