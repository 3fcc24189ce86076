/**
 * Conditions and loops the files alone decide in ARM, as `formats/bicep/decided.ts` does for Bicep: a resource whose
 * `condition` no deployment can change, and which is false, is not deployed, nor is anything nested in it; nor is one
 * whose copy loop's `count` is fixed at zero (a compiled Bicep loop over `privateEndpoints ?? []` a module call leaves
 * out).
 *
 * An expression is fixed when no deployment can change its value: literals, `true()`, `false()` and `null()`, the
 * logical, comparison, conversion and collection functions of fixed parts, a variable holding one, and a parameter of
 * a template deployed as a module whose caller passes a fixed value, or passes none and the default is fixed (or the
 * parameter is nullable, and null). A template's own parameters never are, whatever their default or parameter files
 * say: a deployment may set them, and the rules judge every deployment.
 */
import { prop, type JsonNode } from './jsonc';
import * as V from '../../model/value';
import type { TemplateScope } from './evaluator';
import type { ArmExpr } from './expression-parser';

/**
 * Functions whose value depends only on their arguments, and which ITAR Guard evaluates as ARM does. (Not `string()`,
 * whose text for a boolean is not evaluated as ARM writes it.)
 */
const PURE = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'equals', 'if', 'bool', 'tolower', 'toupper', 'coalesce', 'empty', 'int', 'length', 'createarray', 'createobject', 'tryget']);

/** Whether the files alone make a resource's `condition` false. */
export function decidedFalse(scope: TemplateScope, condition: JsonNode): boolean {
  return fixedNode(scope, condition, new Set()) && V.certainBoolean(scope.evaluate(condition)) === false;
}

/** The value of a condition the files alone decide (the first argument of `if()`), else undefined. */
export function decidedCondition(scope: TemplateScope, condition: ArmExpr): boolean | undefined {
  return fixedExpr(scope, condition, new Set()) ? V.certainBoolean(scope.value(condition)) : undefined;
}

/** Whether the files alone make a copy loop's `count` zero. */
export function decidedZero(scope: TemplateScope, count: JsonNode): boolean {
  if (!fixedNode(scope, count, new Set())) return false;
  const value = scope.evaluate(count);
  return !value.unknowns.length && value.options.length > 0 && value.options.every((p) => p.kind === 'scalar' && p.value === 0);
}

/** Whether no deployment can change the value of a JSON node (an argument a deployment passes). */
export function fixedValue(scope: TemplateScope, node: JsonNode): boolean {
  return fixedNode(scope, node, new Set());
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
      if (name === 'parameters') return fixedParameter(scope, e.args, seen);
      if (name === 'empty' || name === 'length') return e.args.length === 1 && sized(scope, e.args[0], seen);
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

/**
 * Whether the files fix the size of a value (its number of elements, or whether it is null or empty) though maybe not
 * its elements: a fixed value, an object or array a module's caller writes out, `createArray()` of anything,
 * `createObject()` with fixed keys, and `coalesce()` of such values.
 */
function sized(scope: TemplateScope, e: ArmExpr, seen: Set<string>): boolean {
  if (fixedExpr(scope, e, seen)) return true;
  if (e.kind !== 'call') return false;
  switch (e.name.toLowerCase()) {
    case 'parameters':
      return fixedParameter(scope, e.args, seen, true);
    case 'createarray':
      return true;
    case 'createobject':
      return e.args.every((a, i) => i % 2 === 1 || fixedExpr(scope, a, seen));
    case 'coalesce':
      return e.args.every((a) => sized(scope, a, seen));
    default:
      return false;
  }
}

/**
 * A parameter of a template deployed as a module, which its caller fixes or leaves to a fixed default (or null); with
 * `size`, one whose caller writes out an object or array.
 */
function fixedParameter(scope: TemplateScope, args: readonly ArmExpr[], seen: Set<string>, size = false): boolean {
  const arg = args[0];
  if (args.length !== 1 || arg.kind !== 'string' || !scope.callerArgument) return false;
  const key = arg.value.toLowerCase();
  const decl = scope.parameterDeclaration(key);
  const passed = decl && scope.callerArgument(key);
  if (passed !== 'left-out') return passed === 'fixed' || (size && passed === 'sized');
  const defaultValue = prop(decl, 'defaultValue');
  if (!defaultValue) return prop(decl, 'nullable')?.value === true;
  const mark = `parameters:${key}`;
  if (seen.has(mark)) return false;
  seen.add(mark);
  const fixed = fixedNode(scope, defaultValue, seen);
  seen.delete(mark);
  return fixed;
}
