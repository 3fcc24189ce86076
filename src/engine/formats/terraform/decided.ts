/**
 * Whether the files alone decide a value: a condition the evaluator may then take one branch of. (Whether a block
 * in a called module deploys nothing is read from where its empty collection or zero is written instead, in
 * `ModuleInstance.noInstances`: a collection keeps its origin, where a condition's boolean, made by an operator,
 * does not.)
 *
 * A value is decided when it reads only literals, locals, local modules' outputs and variables set by something the
 * files fix: a module call's argument (itself decided in the caller), a called module's own default, an auto-loaded
 * tfvars file. A root variable's default is not: a deployment may replace it (`-var`, a variable file elsewhere),
 * and the rules judge every run, so what depends on it keeps every case. Nor is anything known only elsewhere or
 * per element: other resources, data sources, `each`, `count`.
 */
import type { Site } from './document';
import type { ModuleInstance } from './evaluator';
import { attribute, type Expr } from './syntax';

interface Walk {
  readonly seen: Set<string>;
  /** Names a `for` expression binds to the elements of a decided collection. */
  readonly bound: ReadonlySet<string>;
}

export function decidedByFiles(e: Expr, site: Site, inst: ModuleInstance): boolean {
  return decided(e, site, inst, { seen: new Set(), bound: new Set() });
}

function decided(e: Expr, site: Site, inst: ModuleInstance, w: Walk): boolean {
  const all = (es: readonly Expr[], walk = w) => es.every((x) => decided(x, site, inst, walk));
  switch (e.k) {
    case 'lit':
    case 'str':
      return true;
    case 'tpl':
      return e.parts.every((p) => typeof p === 'string' || decided(p, site, inst, w));
    case 'tuple':
      return all(e.items);
    case 'obj':
      return e.items.every((i) => decided(i.key, site, inst, w) && decided(i.value, site, inst, w));
    case 'call':
      return all(e.args);
    case 'cond':
      return all([e.test, e.then, e.else]);
    case 'bin': {
      // `x != null` needs only whether x is null, which an object the caller writes decides whatever it holds.
      const other = e.op === '==' || e.op === '!=' ? (isNullLiteral(e.right) ? e.left : isNullLiteral(e.left) ? e.right : undefined) : undefined;
      return other ? nullness(other, site, inst, w) : all([e.left, e.right]);
    }
    case 'un':
      return decided(e.arg, site, inst, w);
    case 'for': {
      if (!decided(e.coll, site, inst, w)) return false;
      const bound = new Set([...w.bound, e.valueVar, ...(e.keyVar ? [e.keyVar] : [])]);
      const inner = { seen: w.seen, bound };
      return all([e.value, ...(e.key ? [e.key] : []), ...(e.cond ? [e.cond] : [])], inner);
    }
    case 'splat':
      return decided(e.obj, site, inst, w) && e.steps.every((s) => !('index' in s) || decided(s.index, site, inst, w));
    case 'attr':
    case 'index':
    case 'var':
      return reference(e, site, inst, w);
    default:
      return false;
  }
}

function isNullLiteral(e: Expr): boolean {
  return e.k === 'lit' && e.value === null;
}

/** Whether the files decide if a value is null: a written object, list or string never is. */
function nullness(e: Expr, site: Site, inst: ModuleInstance, w: Walk): boolean {
  switch (e.k) {
    case 'lit':
    case 'str':
    case 'tpl':
    case 'tuple':
    case 'obj':
    case 'for':
      return true;
    case 'cond':
      return decided(e.test, site, inst, w) && nullness(e.then, site, inst, w) && nullness(e.else, site, inst, w);
    case 'attr': {
      if (e.obj.k !== 'var') return decided(e, site, inst, w);
      if (e.obj.name === 'var') return variable(e.name, inst, w, nullness);
      if (e.obj.name === 'local') return local(e.name, inst, w, nullness);
      return decided(e, site, inst, w);
    }
    default:
      return decided(e, site, inst, w);
  }
}

type Check = (e: Expr, site: Site, inst: ModuleInstance, w: Walk) => boolean;

/** A traversal: `var.x…`, `local.x…`, `module.m.out…` or a `for` variable, with any indexes decided too. */
function reference(e: Expr, site: Site, inst: ModuleInstance, w: Walk): boolean {
  const names: string[] = [];
  let root: Expr = e;
  while (root.k === 'attr' || root.k === 'index') {
    if (root.k === 'index' && !decided(root.index, site, inst, w)) return false;
    if (root.k === 'attr') names.unshift(root.name);
    root = root.obj;
  }
  if (root.k !== 'var') return decided(root, site, inst, w);
  if (w.bound.has(root.name)) return true;
  const [first, second] = names;
  if (first === undefined) return false;
  if (root.name === 'var') return variable(first, inst, w);
  if (root.name === 'local') return local(first, inst, w);
  return root.name === 'module' && second !== undefined && output(first, second, inst, w);
}

/** Each name is followed once per instance: a cycle, or a second path to it, adds nothing. */
function once(key: string, w: Walk, follow: () => boolean): boolean {
  if (w.seen.has(key)) return true;
  w.seen.add(key);
  return follow();
}

function variable(name: string, inst: ModuleInstance, w: Walk, check: Check = decided): boolean {
  const input = inst.inputOf(name);
  if (!inst.caller) return input === 'auto-loaded';
  if (input !== 'argument') return true;
  const caller = inst.caller;
  const argument = attribute(caller.decl.node.body, name);
  return !!argument && once(`${check === nullness ? 'null' : 'value'}:${inst.address}var.${name}`, w, () => check(argument.value, caller.decl.site, caller.inst, { seen: w.seen, bound: new Set() }));
}

function local(name: string, inst: ModuleInstance, w: Walk, check: Check = decided): boolean {
  const decl = inst.decls.locals.get(name);
  return !!decl && once(`${check === nullness ? 'null' : 'value'}:${inst.address}local.${name}`, w, () => check(decl.node.value, decl.site, inst, { seen: w.seen, bound: new Set() }));
}

function output(moduleName: string, outputName: string, inst: ModuleInstance, w: Walk): boolean {
  const child = inst.child(moduleName);
  if (typeof child === 'string') return false;
  const decl = child.decls.outputs.get(outputName);
  const value = decl && attribute(decl.node.body, 'value');
  return !!decl && !!value && once(`value:${child.address}output.${outputName}`, w, () => decided(value.value, decl.site, child, { seen: w.seen, bound: new Set() }));
}
