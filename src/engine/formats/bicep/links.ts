/**
 * The resources a Bicep resource body names by symbol — `kv.properties.vaultUri`, `key.properties.keyUri`,
 * `des.id`, `vault::key` — directly or through a variable, with the place the body names them. The walker turns
 * those of the types `resource-links.ts` names into links, so that rules can follow a customer-managed key to its vault
 * or a replication to its partner.
 */
import type { BicepDocument } from './document';
import { childResources } from './document';
import type { Expr, ResourceDecl } from './syntax';

export interface SymbolReference {
  readonly decl: ResourceDecl;
  /** Where the body names it: the symbol, or the variable that holds the reference. */
  readonly at: { readonly start: number; readonly end: number };
}

/**
 * Pushes the syntax nodes below a node (object properties, call arguments, operands…), without nested resource
 * declarations, last first. Read field by field without building lists: it runs over every node of every resource
 * body.
 */
function pushChildren(node: object, onto: Expr[]): number {
  const from = onto.length;
  for (const key in node) {
    const v: unknown = (node as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isChild(c)) onto.push(c);
    } else if (isChild(v)) onto.push(v);
  }
  if (onto.length > from + 1) reverseFrom(onto, from);
  return onto.length - from;
}

function reverseFrom(list: Expr[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) [list[i], list[j]] = [list[j], list[i]];
}

function isChild(c: unknown): c is Expr {
  return !!c && typeof c === 'object' && 'kind' in c && c.kind !== 'resource';
}

function named(doc: BicepDocument, e: Expr): ResourceDecl | undefined {
  if (e.kind === 'identifier') return doc.symbols.resources.get(e.name);
  if (e.kind !== 'nested' || !e.name) return undefined;
  const parent = named(doc, e.object);
  const name = e.name.text;
  return parent && childResources(parent).find((c) => c.name.text === name);
}

/**
 * The references of a body, read once per declaration of a document: they depend on the syntax only, and a module's
 * bodies are emitted again for each caller. The document is part of the key: the next version of a file shares the
 * syntax of the statements an edit left alone (`incremental.ts`), whose names may now lead elsewhere.
 */
const REFERENCES = new WeakMap<Expr, { readonly doc: BicepDocument; readonly refs: readonly SymbolReference[] }>();

export function symbolReferences(doc: BicepDocument, body: Expr): readonly SymbolReference[] {
  const known = REFERENCES.get(body);
  if (known?.doc === doc) return known.refs;
  const refs = readReferences(doc, body);
  REFERENCES.set(body, { doc, refs });
  return refs;
}

function readReferences(doc: BicepDocument, body: Expr): SymbolReference[] {
  const out: SymbolReference[] = [];
  const seenVars = new Set<string>();
  // Stacks of their own, not recursion: a chain of variables that each name the one before is as deep as it is long.
  // Two side by side (a node, and the use it was reached through) rather than an object per node visited.
  const nodes: Expr[] = [body];
  const uses: (SymbolReference['at'] | undefined)[] = [undefined];
  while (nodes.length) {
    const e = nodes.pop()!;
    const use = uses.pop();
    const decl = named(doc, e);
    if (decl) {
      out.push({ decl, at: use ?? e });
      continue;
    }
    const variable = e.kind === 'identifier' ? doc.symbols.vars.get(e.name) : undefined;
    if (variable && !seenVars.has(variable.name.text)) {
      seenVars.add(variable.name.text);
      nodes.push(variable.value);
      uses.push(use ?? e);
      continue;
    }
    // Pushed last child first, so that references are found in the order the body writes them.
    for (let n = pushChildren(e, nodes); n > 0; n--) uses.push(use);
  }
  return out;
}
