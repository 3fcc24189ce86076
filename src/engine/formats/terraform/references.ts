/**
 * Which resources an expression refers to (`azurerm_key_vault.kv.id`, also through local values), for the links
 * between resources that the encryption rules follow.
 */
import type { ModuleDecls } from './module';
import type { Body, Expr, Range } from './syntax';
import { attribute, blocks } from './syntax';

export interface Reference {
  /** The resource address, `type.name`. */
  readonly address: string;
  /** Where the reference is written, relative to its top-level item. */
  readonly range: Range;
  /** Whether it is written in a local value (then `range` is relative to that local's item). */
  readonly viaLocal?: string;
}

/** The managed resources an expression refers to, directly or through `local.*`. */
export function referencedResources(e: Expr, decls: ModuleDecls, seen: Set<string> = new Set()): Reference[] {
  const out: Reference[] = [];
  visitExprs(e, (node) => {
    const chain = rootChain(node);
    if (!chain) return false;
    const [root, first] = chain.names;
    if (root === 'local' && first !== undefined && !seen.has(first)) {
      seen.add(first);
      const decl = decls.locals.get(first);
      if (decl) for (const r of referencedResources(decl.node.value, decls, seen)) out.push({ ...r, viaLocal: r.viaLocal ?? first });
      return true;
    }
    if (first !== undefined && decls.resources.has(`${root}.${first}`)) {
      out.push({ address: `${root}.${first}`, range: { s: chain.s, e: chain.e } });
      return true;
    }
    return false;
  });
  return out;
}

/** The attribute expressions at a path of argument names in a body (`customer_managed_key.key_vault_key_id`). */
export function argumentExprs(body: Body, path: readonly string[]): Expr[] {
  const [head, ...rest] = path;
  if (head === undefined) return [];
  if (!rest.length) {
    const a = attribute(body, head);
    return a ? [a.value] : [];
  }
  const nested = [...blocks(body, head), ...blocks(body, 'dynamic').filter((d) => d.labels[0]?.value === head).flatMap((d) => blocks(d.body, 'content'))];
  return nested.flatMap((b) => argumentExprs(b.body, rest));
}

/** For `a.b.c[0].d`: the names up to the first index, and the range of `a.b`. */
function rootChain(e: Expr): { names: string[]; s: number; e: number } | undefined {
  const names: string[] = [];
  let node: Expr = e;
  let end = e.e;
  for (;;) {
    if (node.k === 'attr') {
      names.unshift(node.name);
      end = node.e;
      node = node.obj;
    } else if (node.k === 'index' || node.k === 'splat') {
      names.length = 0;
      node = node.obj;
    } else break;
  }
  if (node.k !== 'var') return undefined;
  names.unshift(node.name);
  return { names, s: node.s, e: end };
}

/** Visits every expression (but the indexes within splat steps); `fn` returns true to skip the node's children. */
export function visitExprs(e: Expr, fn: (e: Expr) => boolean): void {
  if (fn(e)) return;
  switch (e.k) {
    case 'tpl':
      for (const p of e.parts) if (typeof p !== 'string') visitExprs(p, fn);
      break;
    case 'attr':
      visitExprs(e.obj, fn);
      break;
    case 'index':
      visitExprs(e.obj, fn);
      visitExprs(e.index, fn);
      break;
    case 'splat':
      visitExprs(e.obj, fn);
      break;
    case 'tuple':
      for (const i of e.items) visitExprs(i, fn);
      break;
    case 'obj':
      for (const i of e.items) {
        visitExprs(i.key, fn);
        visitExprs(i.value, fn);
      }
      break;
    case 'call':
      for (const a of e.args) visitExprs(a, fn);
      break;
    case 'cond':
      visitExprs(e.test, fn);
      visitExprs(e.then, fn);
      visitExprs(e.else, fn);
      break;
    case 'bin':
      visitExprs(e.left, fn);
      visitExprs(e.right, fn);
      break;
    case 'un':
      visitExprs(e.arg, fn);
      break;
    case 'for':
      visitExprs(e.coll, fn);
      if (e.key) visitExprs(e.key, fn);
      visitExprs(e.value, fn);
      if (e.cond) visitExprs(e.cond, fn);
      break;
    default:
      break;
  }
}
