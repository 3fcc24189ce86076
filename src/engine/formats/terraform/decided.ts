/**
 * Conditions the files alone decide, exactly: the evaluator takes one branch of these and both of any other.
 *
 * The evaluator's values are sets of possibilities, sound as sets but not always exact: functions it approximates,
 * attributes read from objects that may lack them, values a declared type would convert. So a condition counts as
 * decided only in the forms whose evaluation is exact: a literal boolean; `!`, `&&` and `||` of decided conditions;
 * a whole variable or local that holds one; `x == null` or `x != null` of a whole variable or local whose nullness
 * the files decide (an object, list or string written there is never null); `==` or `!=` between strings the files
 * fix (`lower(var.os_type) == "windows"`), and `contains()` of such a string in a list of them. A variable is decided by a module
 * call's argument (itself decided in the caller) or a called module's own default, never by a root module's
 * variable: a deployment may set that however its default or `terraform.tfvars` has it (`-var`, `-var-file`, a
 * workspace variable), and the rules judge every run, so a condition on it keeps both branches.
 */
import type { Site } from './document';
import type { ModuleInstance } from './evaluator';
import { attribute, type Expr } from './syntax';

type Check = (e: Expr, site: Site, inst: ModuleInstance, seen: Set<string>) => boolean;

export function decidedCondition(e: Expr, site: Site, inst: ModuleInstance): boolean {
  return condition(e, site, inst, new Set());
}

/** A `count` the files decide: a number, or a decided condition between numbers (`var.x != null ? 1 : 0`). */
export function decidedCount(e: Expr, site: Site, inst: ModuleInstance): boolean {
  if (e.k === 'lit') return typeof e.value === 'number';
  return e.k === 'cond' && decidedCondition(e.test, site, inst) && decidedCount(e.then, site, inst) && decidedCount(e.else, site, inst);
}

/**
 * A `for_each` collection the files decide is empty, which no deployment can change: `{}`, `[]`, `toset([])` and the
 * like, a decided condition between such, or a variable or local that holds one (by the rules of {@link whole}).
 */
export function decidedEmpty(e: Expr, site: Site, inst: ModuleInstance): boolean {
  return empty(e, site, inst, new Set());
}

const CONVERSIONS = new Set(['toset', 'tolist', 'tomap']);

function empty(e: Expr, site: Site, inst: ModuleInstance, seen: Set<string>): boolean {
  switch (e.k) {
    case 'obj':
    case 'tuple':
      return !e.items.length;
    case 'call':
      return CONVERSIONS.has(e.name) && e.args.length === 1 && !e.expand && empty(e.args[0], site, inst, seen);
    case 'cond':
      return condition(e.test, site, inst, seen) && empty(e.then, site, inst, seen) && empty(e.else, site, inst, seen);
    default:
      return wholeResource(e, inst, seen) || whole(e, inst, seen, empty);
  }
}

/** A resource read as a whole (a chained `for_each`) whose own `for_each` or `count` the files decide is empty. */
function wholeResource(e: Expr, inst: ModuleInstance, seen: Set<string>): boolean {
  if (e.k !== 'attr' || e.obj.k !== 'var') return false;
  const address = `${e.obj.name}.${e.name}`;
  const decl = inst.decls.resources.get(address);
  if (!decl || seen.has(address)) return false;
  seen.add(address);
  const forEach = attribute(decl.node.body, 'for_each');
  return forEach ? empty(forEach.value, decl.site, inst, seen) : inst.noInstancesDecided(decl);
}

function condition(e: Expr, site: Site, inst: ModuleInstance, seen: Set<string>): boolean {
  switch (e.k) {
    case 'lit':
      return typeof e.value === 'boolean';
    case 'un':
      return e.op === '!' && condition(e.arg, site, inst, seen);
    case 'call':
      return e.name === 'contains' && e.args.length === 2 && !e.expand && texts(e.args[0], site, inst, seen) && text(e.args[1], site, inst, seen);
    case 'bin': {
      if (e.op === '&&' || e.op === '||') return condition(e.left, site, inst, seen) && condition(e.right, site, inst, seen);
      if (e.op !== '==' && e.op !== '!=') return false;
      const other = isNull(e.right) ? e.left : isNull(e.left) ? e.right : undefined;
      if (other) return nullness(other, site, inst, seen);
      return text(e.left, site, inst, seen) && text(e.right, site, inst, seen);
    }
    default:
      return whole(e, inst, seen, condition);
  }
}

const CASES = new Set(['lower', 'upper']);

/**
 * A string the files fix, so that comparing two of them is exact: a quoted string, `lower()` or `upper()` of one, or
 * a whole variable (declared a string, or untyped) or local that holds one. Other types are left out, since Terraform
 * converts between them before comparing.
 */
function text(e: Expr, site: Site, inst: ModuleInstance, seen: Set<string>): boolean {
  if (e.k === 'str') return true;
  if (e.k === 'call') return CASES.has(e.name) && e.args.length === 1 && !e.expand && text(e.args[0], site, inst, seen);
  if (e.k === 'attr' && e.obj.k === 'var' && e.obj.name === 'var') {
    const decl = inst.decls.variables.get(e.name);
    const type = decl && attribute(decl.node.body, 'type')?.value;
    if (type && !(type.k === 'var' && type.name === 'string')) return false;
    // A default the caller leaves must be a quoted string too: Terraform converts `1` to "1" for a string variable.
    const fallback = decl && attribute(decl.node.body, 'default')?.value;
    if (inst.caller && !inst.passed(e.name)) return !!fallback && fallback.k === 'str';
  }
  return whole(e, inst, seen, text);
}

/** A list of strings the files fix: a list of such strings written out, or a whole variable or local that holds one. */
function texts(e: Expr, site: Site, inst: ModuleInstance, seen: Set<string>): boolean {
  if (e.k === 'tuple') return e.items.every((i) => text(i, site, inst, seen));
  if (e.k === 'attr' && e.obj.k === 'var' && e.obj.name === 'var' && inst.caller && !inst.passed(e.name)) {
    const decl = inst.decls.variables.get(e.name);
    const fallback = decl && attribute(decl.node.body, 'default')?.value;
    return fallback?.k === 'tuple' && fallback.items.every((i) => i.k === 'str');
  }
  return whole(e, inst, seen, texts);
}

function isNull(e: Expr): boolean {
  return e.k === 'lit' && e.value === null;
}

/** Whether the files decide if a value is null: an object, list or string written there never is. */
function nullness(e: Expr, site: Site, inst: ModuleInstance, seen: Set<string>): boolean {
  switch (e.k) {
    case 'lit':
    case 'str':
    case 'tuple':
    case 'obj':
    case 'for':
      return true;
    case 'tpl': {
      // A template of one interpolation is that value itself, which may be null.
      const [only] = e.parts;
      return e.parts.length !== 1 || typeof only === 'string' || nullness(only, site, inst, seen);
    }
    case 'cond':
      return condition(e.test, site, inst, seen) && nullness(e.then, site, inst, seen) && nullness(e.else, site, inst, seen);
    default:
      return whole(e, inst, seen, nullness);
  }
}

/** What each check is called in the names it has followed. */
const CHECKS = new Map<Check, string>([
  [condition, 'condition'],
  [nullness, 'null'],
  [empty, 'empty'],
  [text, 'text'],
  [texts, 'texts'],
]);

/**
 * `var.x` or `local.x` as a whole, followed to what sets it, which must pass `check` in turn. Each is followed once:
 * every check combines its parts with "and", so a second path to a name, or a cycle, adds nothing.
 */
function whole(e: Expr, inst: ModuleInstance, seen: Set<string>, check: Check): boolean {
  if (e.k !== 'attr' || e.obj.k !== 'var' || (e.obj.name !== 'var' && e.obj.name !== 'local')) return false;
  const key = `${CHECKS.get(check)} ${inst.address}${e.obj.name}.${e.name}`;
  if (seen.has(key)) return true;
  seen.add(key);
  if (e.obj.name === 'local') {
    const decl = inst.decls.locals.get(e.name);
    return !!decl && check(decl.node.value, decl.site, inst, seen);
  }
  if (!inst.caller) return false;
  if (!inst.passed(e.name)) return true;
  const argument = attribute(inst.caller.decl.node.body, e.name);
  return !!argument && check(argument.value, inst.caller.decl.site, inst.caller.inst, seen);
}
