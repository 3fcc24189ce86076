/**
 * Conditions the files alone decide, exactly, in Bicep, as `formats/terraform/decided.ts` does for Terraform: the
 * evaluator takes one branch of these (and drops a resource or module whose `if` is false) and both of any other.
 *
 * An expression is fixed when no deployment can change its value: literals, and arrays and objects of fixed parts;
 * `!`, `&&`, `||`, `==`, `!=`, `??` and the conditional of fixed parts; `toLower`/`toUpper` of one; a variable holding one; and a parameter of a module whose
 * call passes a fixed argument, or passes none and the module's default is fixed (or the type admits null, which the
 * parameter then is). A template's own parameters never are, whatever their default or parameter files say: a
 * deployment may set them, and the rules judge every deployment.
 */
import type { CallerArgument } from '../arm/evaluator';
import { bound, type BicepScope, type Env, type Instance } from './scope';
import type { Expr, ObjectNode } from './syntax';

/** Whether the files alone fix an expression's value: a condition, or a loop's collection (`endpoints ?? []`). */
export function decided(e: Expr, scope: BicepScope, env: Env | undefined): boolean {
  return fixed(e, scope, env, new Set());
}

/** Whether a module's call leaves a parameter out and passes nothing it cannot read (no spread, a literal `params`). */
export function leftOut(scope: BicepScope, name: string): boolean {
  const params = scope.instance.caller?.params;
  return params === 'none' || (typeof params === 'object' && passed(params, name) === undefined);
}

const CASES = new Set(['tolower', 'toupper']);

function fixed(e: Expr, scope: BicepScope, env: Env | undefined, seen: Set<string>): boolean {
  switch (e.kind) {
    case 'string':
      return !e.holes.length;
    case 'integer':
    case 'boolean':
    case 'null':
      return true;
    case 'paren':
      return fixed(e.expr, scope, env, seen);
    case 'unary':
      return e.operator === '!' && fixed(e.operand, scope, env, seen);
    case 'binary':
      return ['==', '!=', '&&', '||', '??'].includes(e.operator) && fixed(e.left, scope, env, seen) && fixed(e.right, scope, env, seen);
    case 'array':
      return e.items.every((i) => i.kind !== 'spread' && fixed(i, scope, env, seen));
    case 'object':
      return e.items.every((i) => i.kind === 'property' && fixed(i.value, scope, env, seen));
    case 'ternary':
      return fixed(e.condition, scope, env, seen) && fixed(e.whenTrue, scope, env, seen) && fixed(e.whenFalse, scope, env, seen);
    case 'call': {
      const plain = !e.target || (e.target.kind === 'identifier' && e.target.name === 'sys');
      return plain && CASES.has(e.name.text.toLowerCase()) && e.args.length === 1 && !scope.doc.symbols.funcs.has(e.name.text) && fixed(e.args[0], scope, env, seen);
    }
    case 'identifier':
      return !bound(env, e.name) && symbol(e.name, scope, seen);
    default:
      return false;
  }
}

/** A variable or parameter, followed to what sets it; each is followed once (a second path or a cycle adds nothing). */
function symbol(name: string, scope: BicepScope, seen: Set<string>): boolean {
  const key = `${scope.instance.id}|${scope.doc.uri}|${name}`;
  if (seen.has(key)) return true;
  seen.add(key);
  const variable = scope.doc.symbols.vars.get(name);
  if (variable) return fixed(variable.value, scope, undefined, seen);
  const param = scope.doc.symbols.params.get(name);
  const caller = scope.instance.caller;
  if (!param || !caller) return false;
  if (caller.params === undefined) return false;
  const argument = caller.params === 'none' ? undefined : passed(caller.params, name);
  if (argument === null) return false;
  if (argument) return fixed(argument, caller.scope, caller.env, seen);
  if (param.value) return fixed(param.value, scope, undefined, seen);
  return param.type?.kind === 'nullable-type';
}

/**
 * The argument a `params` object passes for a name; null when a spread may pass it. `caseless` for an ARM template's
 * parameter (lower-case name), which ARM matches without regard to case.
 */
function passed(params: ObjectNode, name: string, caseless = false): Expr | undefined | null {
  let found: Expr | undefined;
  for (const item of params.items) {
    if (item.kind === 'spread') return null;
    if (item.kind !== 'property') continue;
    const key = 'text' in item.key ? item.key.text : item.key.holes.length ? undefined : item.key.parts[0];
    if ((caseless ? key?.toLowerCase() : key) === name) found = item.value;
  }
  return found;
}

/**
 * What a module call does with each parameter of the ARM template it deploys (`formats/arm/decided.ts`), when its
 * `params` are written out: leaves it out, passes a value the files fix, or an object or array written out.
 */
export function armCallerArgument(caller: NonNullable<Instance['caller']>): CallerArgument | undefined {
  const { params } = caller;
  if (params === undefined) return undefined;
  return (name) => {
    const argument = params === 'none' ? undefined : passed(params, name, true);
    // A null argument leaves the template's default in force, as leaving the parameter out does.
    if (argument === undefined || argument?.kind === 'null') return 'left-out';
    if (argument && fixed(argument, caller.scope, caller.env, new Set())) return 'fixed';
    return argument && writtenOut(argument) ? 'sized' : undefined;
  };
}

/** An object or array literal whose elements are all written out (literal keys, no spread, no loop): the files fix its size. */
function writtenOut(e: Expr): boolean {
  if (e.kind === 'array') return e.items.every((i) => i.kind !== 'spread');
  return e.kind === 'object' && e.items.every((i) => i.kind === 'property' && ('text' in i.key || !i.key.holes.length));
}
