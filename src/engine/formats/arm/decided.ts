/**
 * Conditions the files alone decide in ARM, as `formats/bicep/decided.ts` does for Bicep: a resource whose
 * `condition` no deployment can change, and which is false, is not deployed, nor is anything nested in it.
 *
 * An expression is fixed when no deployment can change its value: literals, `true()` and `false()`, the logical,
 * comparison and conversion functions of fixed parts, and a variable holding one. A template's parameters never are,
 * whatever their default or parameter files say: a deployment may set them, and the rules judge every deployment.
 */
import type { JsonNode } from './jsonc';
import * as V from '../../model/value';
import type { TemplateScope } from './evaluator';
import type { ArmExpr } from './expression-parser';

/** Functions whose value depends only on their arguments. */
const PURE = new Set(['true', 'false', 'not', 'and', 'or', 'equals', 'if', 'bool', 'tolower', 'toupper', 'coalesce', 'empty', 'string', 'int']);

/** Whether the files alone make a resource's `condition` false. */
export function decidedFalse(scope: TemplateScope, condition: JsonNode): boolean {
  return fixedNode(scope, condition, new Set()) && V.certainBoolean(scope.evaluate(condition)) === false;
}

function fixedNode(scope: TemplateScope, node: JsonNode, seen: Set<string>): boolean {
  switch (node.type) {
    case 'boolean':
    case 'number':
    case 'null':
      return true;
    case 'string': {
      const e = scope.parsed(node);
      return !e || fixedExpr(scope, e, seen);
    }
    case 'array':
      return (node.children ?? []).every((c) => fixedNode(scope, c, seen));
    case 'object':
      return (node.children ?? []).every((p) => !p.children?.[1] || fixedNode(scope, p.children[1], seen));
    default:
      return false;
  }
}

function fixedExpr(scope: TemplateScope, e: ArmExpr, seen: Set<string>): boolean {
  switch (e.kind) {
    case 'string':
    case 'number':
    case 'literal':
      return true;
    case 'member':
      return fixedExpr(scope, e.object, seen);
    case 'index':
      return fixedExpr(scope, e.object, seen) && fixedExpr(scope, e.index, seen);
    case 'call': {
      const name = e.name.toLowerCase();
      if (name === 'variables') return fixedVariable(scope, e.args, seen);
      return PURE.has(name) && e.args.every((a) => fixedExpr(scope, a, seen));
    }
    default:
      return false;
  }
}

function fixedVariable(scope: TemplateScope, args: readonly ArmExpr[], seen: Set<string>): boolean {
  const arg = args[0];
  if (args.length !== 1 || arg.kind !== 'string') return false;
  const key = arg.value.toLowerCase();
  const node = scope.variableNode(key);
  // A variable that reads itself is no fixed value.
  if (!node || seen.has(key)) return false;
  seen.add(key);
  const fixed = fixedNode(scope, node, seen);
  seen.delete(key);
  return fixed;
}
