/**
 * How a resource that changes another one joins its values to the target's: a separate configuration resource, an
 * azurerm companion, an `azapi_update_resource`.
 *
 * An `azapi_update_resource` writes its body over the target's (azapi reads the resource, merges the body in and
 * writes it back), so its values replace the target's, but only where that is certain:
 * - it is deployed in every case, names exactly one resource (`resource_id = azapi_resource.x.id`) of its own type
 *   that has no `count` or `for_each`, and nothing else in the module may update that resource;
 * - at a property the target writes itself, only where the target's `lifecycle.ignore_changes` covers it: otherwise
 *   the next apply writes the target's value back, so both values are possible;
 * - never with a value that is undetermined, null, missing or a list (azapi merges lists of the same length element
 *   by element), which may leave the target's value in place.
 * Everywhere else, and for an azurerm companion, the values join the target's, each staying possible.
 */
import { sameType } from '../../model/resource';
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Possibility, Value } from '../../model/value';
import { BUILTINS } from '../../eval/functions';
import type { ModuleInstance } from './evaluator';
import type { Decl } from './module';
import { referencedResources } from './references';
import type { Draft } from './resources';
import { attribute, blocks, type Block, type Expr } from './syntax';

/** Separate configuration resources: the target links to them, and their ARM values join the target's body. */
export function applyMerges(drafts: Map<string, Draft>, inst: ModuleInstance): void {
  for (const draft of drafts.values()) {
    for (const { address, span } of draft.configures) drafts.get(address)?.links.push({ kind: 'encryption-config', target: draft.key, span });
    for (const { address } of draft.mergeInto) {
      const target = drafts.get(address);
      if (!target || target === draft) continue;
      const update = V.without(draft.body, 'location');
      const at = target.declaration;
      if (replaces(draft, target, inst)) target.body = overlaid(target.body, update, { at, ignored: ignoredChanges(target.decl) }, '');
      // Where some case deploys no instance of it (`count = var.cmk ? 1 : 0`), the target as written stays possible.
      else target.body = inst.mayHaveNoInstances(draft.decl) ? V.union(target.body, joined(target.body, update, at)) : joined(target.body, update, at);
    }
  }
}

function replaces(update: Draft, target: Draft, inst: ModuleInstance): boolean {
  if (update.sourceType !== 'azapi_update_resource' || !sameType(update.type, target.type)) return false;
  const named = resourceNamed(update.decl);
  if (named !== target.address || attribute(target.decl.node.body, 'count') || attribute(target.decl.node.body, 'for_each')) return false;
  return inst.alwaysDeployed(update.decl) && onlyUpdate(update, target, inst);
}

/** The address an update's `resource_id` reads as it stands (`azapi_resource.x.id`), if that is all it is. */
function resourceNamed(decl: Decl<Block>): string | undefined {
  const id = attribute(decl.node.body, 'resource_id')?.value;
  return id?.k === 'attr' && id.name === 'id' && id.obj.k === 'attr' && id.obj.obj.k === 'var' ? `${id.obj.obj.name}.${id.obj.name}` : undefined;
}

/**
 * Whether no other update may write the target too, so that this one is certainly last: no other update in the
 * module (whatever it names, as the model may not resolve it), and no local module given anything that reads the
 * target with an update that may write what it is given. (What a module outside the workspace does is not modelled
 * at all; it is reported as `module-unresolved`.)
 */
function onlyUpdate(update: Draft, target: Draft, inst: ModuleInstance): boolean {
  for (const [address, decl] of inst.decls.resources) {
    if (address !== update.address && decl.node.labels[0]?.value === 'azapi_update_resource') return false;
  }
  for (const [name, decl] of inst.decls.modules) {
    const reads = decl.node.body.items.some((item) => item.k === 'attribute' && referencedResources(item.value, inst.decls).some((r) => r.address === target.address));
    if (reads && mayUpdateGiven(inst, name)) return false;
  }
  return true;
}

/** Whether a local module, or one it calls, has an update that may write a resource it is given, not its child. */
function mayUpdateGiven(inst: ModuleInstance, moduleName: string): boolean {
  const child = inst.child(moduleName);
  if (typeof child === 'string') return false;
  for (const decl of child.decls.resources.values()) {
    if (decl.node.labels[0]?.value === 'azapi_update_resource' && !namesChild(attribute(decl.node.body, 'resource_id')?.value)) return true;
  }
  return [...child.decls.modules.keys()].some((name) => mayUpdateGiven(child, name));
}

/** `"${var.id}/queueServices/default"`: an ID with a path after it names a child resource. */
function namesChild(id: Expr | undefined): boolean {
  if (id?.k !== 'tpl' || id.parts.length < 2) return false;
  const last = id.parts[id.parts.length - 1];
  return typeof last === 'string' && last.startsWith('/');
}

interface Overlay {
  readonly at: Span;
  /** The body paths (lower case, without `body.`) the target's `lifecycle.ignore_changes` covers, or all. */
  readonly ignored: ReadonlySet<string> | 'all';
}

/** The target's `lifecycle { ignore_changes = [body.a.b, …] }` as body paths; `all` covers every one. */
function ignoredChanges(decl: Decl<Block>): Overlay['ignored'] {
  const paths = new Set<string>();
  for (const lifecycle of blocks(decl.node.body, 'lifecycle')) {
    const list = attribute(lifecycle.body, 'ignore_changes')?.value;
    if (list?.k === 'var' && list.name === 'all') return 'all';
    if (list?.k !== 'tuple') continue;
    for (const item of list.items) {
      const path = bodyPath(item);
      if (path !== undefined) paths.add(path);
    }
  }
  return paths;
}

/** `body.a.b` as `a.b` (`body` alone as ''); any other reference, or one with an index, covers no path we read. */
function bodyPath(e: Expr): string | undefined {
  const names: string[] = [];
  let n: Expr = e;
  while (n.k === 'attr') {
    names.unshift(n.name.toLowerCase());
    n = n.obj;
  }
  return n.k === 'var' && n.name === 'body' ? names.join('.') : undefined;
}

function covered(cx: Overlay, path: string): boolean {
  if (cx.ignored === 'all') return true;
  for (const p of cx.ignored) if (p === '' || path === p || path.startsWith(`${p}.`)) return true;
  return false;
}

/** The value with an update's written over it, at `path` in the body (see the file's comment for when). */
function overlaid(base: Value, over: Value, cx: Overlay, path: string): Value {
  const settled = !over.unknowns.length && over.options.every((o) => o.kind === 'object' || (o.kind === 'scalar' && o.value !== null));
  if (!settled) return joined(base, over, cx.at);
  if (!over.options.some((o) => o.kind === 'object')) return covered(cx, path) ? over : joined(base, over, cx.at);
  const objects = base.options.filter((p): p is V.ObjectPossibility => p.kind === 'object');
  const options: Possibility[] = [];
  for (const o of over.options) {
    if (o.kind !== 'object') {
      options.push(...(covered(cx, path) ? [o] : joined(base, { options: [o], unknowns: [] }, cx.at).options));
      continue;
    }
    for (const b of objects) options.push({ ...b, props: overlaidProps(b.props, o.props, cx, path) });
    // Where nothing (or no object) was there, the object written is the whole value.
    if (objects.length < base.options.length || !objects.length) options.push(o);
  }
  return { options, unknowns: base.unknowns };
}

function overlaidProps(base: ReadonlyMap<string, V.Property>, over: ReadonlyMap<string, V.Property>, cx: Overlay, path: string): Map<string, V.Property> {
  const props = new Map(base);
  for (const [key, p] of over) {
    const earlier = base.get(key);
    const at = path ? `${path}.${key}` : key;
    props.set(key, earlier ? { name: p.name, nameSpan: p.nameSpan, value: overlaid(earlier.value, p.value, cx, at) } : p);
  }
  return props;
}

/** Both values joined, objects as ARM's `union` joins them: each value written stays possible. */
function joined(base: Value, added: Value, at: Span): Value {
  const composite = (v: Value) => v.options.some((p) => p.kind === 'object' || p.kind === 'array');
  return composite(base) || composite(added) ? BUILTINS.get('union')!([base, added], at) : V.union(base, added);
}
