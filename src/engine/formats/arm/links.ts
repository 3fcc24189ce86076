/**
 * Links between the resources of a template, from the references its expressions make: `resourceId(type,
 * names…)` (and its subscription, tenant and extension forms), `reference(name or id)` and `listKeys(…)`,
 * also when they sit in a variable the resource reads. A reference to one of the types `resource-links.ts` names (a
 * key vault, a key, a disk encryption set, a SQL server) becomes a link of that kind, anchored at the expression, so
 * that rules can follow a customer-managed key to the vault that holds it, or a failover group to its partner.
 */
import type { Resource } from '../../model/resource';
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { resourceIdNames, resourceIdParts } from '../../eval/deployment-context';
import { linkKind } from '../resource-links';
import type { ArmExpr } from './expression-parser';
import type { TemplateScope } from './evaluator';
import { entries, type JsonNode } from './jsonc';

/** A resource a template expression refers to: by type and name, or by name (or symbolic name) alone. */
export interface Reference {
  readonly type?: string;
  readonly name: Value;
  /** Where the resource that holds the expression makes the reference. */
  readonly span: Span;
  /** The name's expressions as written (`resourceId`'s name arguments), for a name the files leave open. */
  readonly written?: WrittenName;
}

const RESOURCE_ID = new Set(['resourceid', 'subscriptionresourceid', 'tenantresourceid', 'extensionresourceid']);
const BY_NAME = new Set(['reference', 'listkeys']);

function resourceIdReference(scope: TemplateScope, e: Extract<ArmExpr, { kind: 'call' }>, span: Span): Reference | undefined {
  const args = e.args.map((a) => scope.value(a));
  const parts = resourceIdParts(args);
  // Only references to the types `resource-links.ts` names become links.
  if (!parts || !linkKind(parts.type) || parts.at === args.length - 1) return undefined;
  const text = e.args.slice(parts.at + 1).map((a) => expressionText(scope, a)).join('/');
  return { type: parts.type, name: resourceIdNames(args, parts.at, span), span, written: { scope, text } };
}

/** An expression's text, compared without spaces and case: templates write one name the same way where they reuse it. */
function expressionText(scope: TemplateScope, e: ArmExpr): string {
  return scope.source.text.slice(e.start, e.end).replace(/\s+/g, '').toLowerCase();
}

/** The references in one expression; `span` is where the resource writes it (the variable's use, for a variable). */
function inExpression(scope: TemplateScope, e: ArmExpr, span: Span | undefined, out: Reference[], seen: Set<string>): void {
  const here = span ?? scope.source.span(e.start, e.end);
  switch (e.kind) {
    case 'member':
      inExpression(scope, e.object, span, out, seen);
      return;
    case 'index':
      inExpression(scope, e.object, span, out, seen);
      inExpression(scope, e.index, span, out, seen);
      return;
    case 'call': {
      const name = e.name.toLowerCase();
      if (RESOURCE_ID.has(name)) {
        const ref = resourceIdReference(scope, e, here);
        if (ref) out.push(ref);
      } else if (BY_NAME.has(name) && e.args[0] && !(e.args[0].kind === 'call' && RESOURCE_ID.has(e.args[0].name.toLowerCase()))) {
        out.push({ name: scope.value(e.args[0]), span: here });
      } else if (name === 'variables' && e.args[0]?.kind === 'string' && !seen.has(e.args[0].value.toLowerCase())) {
        const node = scope.variableNode(e.args[0].value);
        seen.add(e.args[0].value.toLowerCase());
        if (node) inNode(scope, node, here, out, seen);
      }
      for (const a of e.args) inExpression(scope, a, span, out, seen);
      return;
    }
    default:
      return;
  }
}

/** The functions an expression must call to refer to a resource: a string without their names is not parsed. */
const MAY_REFER = /resourceid|reference|listkeys|variables/i;

function inNode(scope: TemplateScope, node: JsonNode, span: Span | undefined, out: Reference[], seen: Set<string>): void {
  const expr = node.type === 'string' && MAY_REFER.test(String(node.value)) ? scope.parsed(node) : undefined;
  if (expr) inExpression(scope, expr, span, out, seen);
  else if (node.type === 'array') for (const c of node.children ?? []) inNode(scope, c, span, out, seen);
  else if (node.type === 'object') for (const [, v] of entries(node)) inNode(scope, v, span, out, seen);
}

/** The references a resource's body makes (its `properties`, `sku`, …; not its child resources). */
function referencesOf(scope: TemplateScope, body: readonly JsonNode[]): Reference[] {
  const out: Reference[] = [];
  try {
    for (const node of body) inNode(scope, node, undefined, out, new Set());
  } catch (e) {
    // Variables that read each other thousands deep exhaust the stack, as they do the evaluator (which says so at the
    // value): the references found before that still count.
    if (!(e instanceof RangeError)) throw e;
  }
  return out;
}

function refersTo(ref: Reference, target: Resource, written: WrittenName | undefined): boolean {
  if (ref.type && ref.type.toLowerCase() !== target.type.toLowerCase()) return false;
  const names = new Set(V.strings(ref.name).map((s) => s.value.toLowerCase()));
  if (!ref.type && target.symbolicName && names.has(target.symbolicName.toLowerCase())) return true;
  if (V.strings(target.name).some((s) => names.has(s.value.toLowerCase()))) return true;
  // A name the files leave open (a parameter without a default, `uniqueString(…)`) is the same name where the same
  // template writes the same expression: `resourceId(type, parameters('name'))` for the resource named
  // `[parameters('name')]`, as templates commonly refer to what they deploy.
  return !!written && ref.written?.scope === written.scope && ref.written.text === written.text;
}

/** A top-level resource's name expression as its template writes it, for names the files leave open. */
interface WrittenName {
  readonly scope: TemplateScope;
  readonly text: string;
}

function writtenName(scope: TemplateScope, node: JsonNode | undefined): WrittenName | undefined {
  const e = node && scope.parsed(node);
  return e ? { scope, text: expressionText(scope, e) } : undefined;
}

/** A resource body whose references are read once the template is known to declare something they could name. */
export interface PendingReferences {
  readonly resource: Resource;
  readonly scope: TemplateScope;
  readonly body: readonly JsonNode[];
  /** The `name` of a resource declared at the top level (a child's full name joins its parent's). */
  readonly nameNode?: JsonNode;
}

/** Adds the links that a template's references make to the resources of the types `resource-links.ts` names that it declares. */
export function linkReferences(pending: readonly PendingReferences[], resources: readonly Resource[]): void {
  const byName = new Map<string, Resource[]>();
  const index = (name: string, r: Resource) => byName.set(name.toLowerCase(), [...(byName.get(name.toLowerCase()) ?? []), r]);
  /** Those whose name the files leave open, which only a reference by type and the same written name can mean. */
  const unnamed = new Map<Resource, WrittenName>();
  const declared = new Map(pending.map((p) => [p.resource, p]));
  for (const r of resources) {
    if (!linkKind(r.type)) continue;
    for (const s of V.strings(r.name)) index(s.value, r);
    if (r.symbolicName) index(r.symbolicName, r);
    const own = declared.get(r);
    const written = !r.name.options.length && own ? writtenName(own.scope, own.nameNode) : undefined;
    if (written) unnamed.set(r, written);
  }
  if (!byName.size && !unnamed.size) return;
  for (const { resource, scope, body } of pending) {
    for (const ref of referencesOf(scope, body)) {
      const candidates = new Set(V.strings(ref.name).flatMap((s) => byName.get(s.value.toLowerCase()) ?? []));
      if (ref.written && !ref.name.options.length) for (const r of unnamed.keys()) candidates.add(r);
      for (const target of candidates) {
        const kind = target !== resource && refersTo(ref, target, unnamed.get(target)) ? linkKind(target.type) : undefined;
        if (kind && !resource.links.some((l) => l.kind === kind && l.target === target.key && l.span === ref.span)) resource.links.push({ kind, target: target.key, span: ref.span });
      }
    }
  }
}
