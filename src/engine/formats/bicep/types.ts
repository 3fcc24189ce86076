/**
 * The values a Bicep type admits when it is a finite set of literals: `'eastus' | 'westus'`, a nullable or
 * parenthesised one, or a named `type` (local, imported, or `ns.name` from `import * as ns`) that is one. Each
 * member is a possibility whose origin is the member's literal, wherever the type is declared.
 */
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import type { BicepScope } from './scope';
import type { TypeExpr } from './syntax';

/** The literal members of a type, or undefined when the type admits more than a list of literals. */
export function literalMembers(scope: BicepScope, type: TypeExpr, seen: Set<TypeExpr> = new Set()): Value[] | undefined {
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
    case 'nullable-type':
    case 'paren-type':
      return literalMembers(scope, type.inner, seen);
    case 'union-type': {
      const out: Value[] = [];
      for (const m of type.members) {
        const values = literalMembers(scope, m, seen);
        if (!values) return undefined;
        out.push(...values);
      }
      return out;
    }
    case 'type-ref':
      return type.args.length ? undefined : named(scope, type.name.text, seen);
    case 'type-access': {
      // `ns.name`: a type exported by a file imported with `import * as ns`.
      if (type.target.kind !== 'type-ref' || !('text' in type.member)) return undefined;
      const namespace = scope.doc.symbols.namespaces.get(type.target.name.text);
      const file = namespace?.from && scope.fileScope(namespace.from);
      return file ? named(file, type.member.text, seen) : undefined;
    }
    default:
      return undefined;
  }
}

/** A type declared by name in the scope's file, or imported into it. */
function named(scope: BicepScope, name: string, seen: Set<TypeExpr>): Value[] | undefined {
  const decl = scope.doc.symbols.types.get(name);
  if (decl) {
    if (seen.has(decl.type)) return undefined;
    seen.add(decl.type);
    return literalMembers(scope, decl.type, seen);
  }
  const imported = scope.importedScope(name);
  return imported && named(imported.scope, imported.name, seen);
}
