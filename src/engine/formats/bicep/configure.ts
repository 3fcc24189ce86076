/**
 * A {@link ResourceChange} written into a Bicep file: each ARM path set in the resource's body object (replacing
 * a value that is there, inserting what is missing — one property per line, or inline in a one-line object), and
 * each new input declared as a `param … string` with a `@description`, after the file's last parameter. A
 * parameter of the same name that the file declares already is reused.
 */
import type { NewInput, ResourceChange } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import type { SourceText } from '../../model/span';
import { applyChange, changeInputs, changeTree, renderChange, type ChangeNode, type ChangeSyntax, type ChangeTarget } from '../change-tree';
import { renderStringLiteral } from '../literals';
import { layoutOf, lineIndent, mergeTouching, type Layout } from '../text-layout';
import { bodyObject, nestedResources, plainString, type BicepDocument } from './document';
import type { Expr, ObjectNode, ResourceDecl, Statement } from './syntax';

interface Writer {
  readonly source: SourceText;
  readonly layout: Layout;
  readonly names: ReadonlyMap<NewInput, string>;
  /** Values and keys in Bicep, each input as the parameter it is written as. */
  readonly syntax: ChangeSyntax;
  readonly edits: TextEdit[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : renderStringLiteral('bicep', name);
}

function writer(source: SourceText, names: ReadonlyMap<NewInput, string>): Writer {
  const syntax: ChangeSyntax = {
    value: (v) => (v.kind === 'input' ? (names.get(v.input) ?? v.input.name) : typeof v.value === 'string' ? renderStringLiteral('bicep', v.value) : String(v.value)),
    key,
    assign: ': ',
    lineSeparator: '',
  };
  return { source, layout: layoutOf(source), names, syntax, edits: [] };
}

function render(w: Writer, node: ChangeNode, indent: string, inline: boolean): string {
  return renderChange(w.syntax, w.layout, node, indent, inline);
}

function keyText(item: ObjectNode['items'][number]): string | undefined {
  if (item.kind !== 'property') return undefined;
  return 'text' in item.key ? item.key.text : plainString(item.key);
}

/** Where a one-line object's next item goes: after a trailing comma, or after the last item with a comma. */
function inlineInsert(w: Writer, object: ObjectNode, text: string): void {
  const last = object.items[object.items.length - 1];
  const comma = /^\s*,/.exec(w.source.text.slice(last.end, object.end - 1));
  const at = comma ? last.end + comma[0].length : last.end;
  w.edits.push({ span: w.source.span(at, at), newText: `${comma ? ' ' : ', '}${text}` });
}

function insert(w: Writer, object: ObjectNode, missing: readonly { name: string; node: ChangeNode }[]): void {
  const { source } = w;
  const { eol, unit } = w.layout;
  const items = object.items;
  const objectIndent = lineIndent(source, object.start);
  const multiline = items.length > 0 && source.lineOf(items[0].start) !== source.lineOf(object.start);
  const indent = multiline ? lineIndent(source, items[0].start) : objectIndent + unit;
  const entries = (inline: boolean) => missing.map((m) => `${key(m.name)}: ${render(w, m.node, indent, inline)}`);
  if (!items.length) {
    w.edits.push({ span: source.span(object.start, object.end), newText: `{${eol}${entries(false).map((e) => indent + e).join(eol)}${eol}${objectIndent}}` });
    return;
  }
  if (!multiline) return inlineInsert(w, object, entries(true).join(', '));
  const last = items[items.length - 1];
  const lineEnd = source.lineEnd(source.lineOf(last.end));
  const rest = source.text.slice(last.end, lineEnd);
  const at = /^\s*(\/\/.*)?$/.test(rest) ? lineEnd : last.end;
  w.edits.push({ span: source.span(at, at), newText: entries(false).map((e) => `${eol}${indent}${e}`).join('') });
}

function target(w: Writer): ChangeTarget<Expr> {
  return {
    property: (object, name) => {
      const item = object.kind === 'object' ? object.items.find((i) => keyText(i)?.toLowerCase() === name.toLowerCase()) : undefined;
      return item?.kind === 'property' ? item.value : undefined;
    },
    shape: (node) => (node.kind === 'object' ? 'object' : node.kind === 'array' ? 'array' : 'other'),
    elements: (array) => (array.kind === 'array' ? array.items.filter((i): i is Expr => i.kind !== 'spread') : []),
    replace: (node, change) => {
      const inline = w.source.lineOf(node.start) === w.source.lineOf(node.end) && change.kind === 'value';
      w.edits.push({ span: w.source.span(node.start, node.end), newText: render(w, change, lineIndent(w.source, node.start), inline) });
    },
    insert: (object, missing) => {
      if (object.kind === 'object') insert(w, object, missing);
    },
  };
}

const DECLARATIONS = new WeakMap<BicepDocument, ReadonlyMap<number, ResourceDecl>>();

/** The resource declaration whose keyword starts at the declaration's offset, at any depth (indexed once per document). */
function declarationAt(doc: BicepDocument, start: number): ResourceDecl | undefined {
  let index = DECLARATIONS.get(doc);
  if (!index) {
    const all = doc.program.statements.flatMap((s) => (s.kind === 'resource' ? [s, ...nestedResources(s)] : []));
    DECLARATIONS.set(doc, (index = new Map(all.map((d) => [d.keyword.start, d]))));
  }
  return index.get(start);
}

const DECLARED: ReadonlySet<Statement['kind']> = new Set(['param', 'var', 'resource', 'module', 'output', 'func', 'type']);

/** The parameter declarations for the new inputs, after the last `param` or before the first declaration. */
function declareInputs(w: Writer, doc: BicepDocument, inputs: readonly NewInput[]): void {
  const { eol } = w.layout;
  const text = inputs.map((i) => `@description(${renderStringLiteral('bicep', i.description)})${eol}param ${w.names.get(i)} string`);
  const statements = doc.program.statements;
  let lastParam: Statement | undefined;
  for (let i = statements.length - 1; i >= 0 && !lastParam; i--) if (statements[i].kind === 'param') lastParam = statements[i];
  if (lastParam) {
    const at = w.source.lineEnd(w.source.lineOf(lastParam.end));
    w.edits.push({ span: w.source.span(at, at), newText: text.map((t) => `${eol}${t}`).join('') });
    return;
  }
  const first = statements.find((s) => DECLARED.has(s.kind));
  const at = first ? w.source.lineStart(w.source.lineOf(first.decorators[0]?.start ?? first.start)) : w.source.text.length;
  w.edits.push({ span: w.source.span(at, at), newText: `${text.join(eol)}${eol}${eol}` });
}

/** A name no other symbol of the file uses, for a new input. */
function freeName(doc: BicepDocument, name: string): string {
  const s = doc.symbols;
  const taken = (n: string) => [s.vars, s.resources, s.modules, s.outputs, s.funcs, s.types, s.imports].some((m) => m.has(n));
  let out = name;
  for (let i = 2; taken(out); i++) out = `${name}${i}`;
  return out;
}

export function configureBicepResource(doc: BicepDocument, resource: Resource, change: ResourceChange): TextEdit[] | undefined {
  const decl = declarationAt(doc, resource.declaration.start);
  const body = decl && bodyObject(decl.value);
  if (!body) return undefined;
  const inputs = changeInputs(change);
  // A module's new parameter would also have to be passed by every call of the module.
  if (inputs.length && resource.via.length) return undefined;
  const fresh = inputs.filter((i) => !doc.symbols.params.has(i.name));
  const names = new Map(inputs.map((i) => [i, doc.symbols.params.has(i.name) ? i.name : freeName(doc, i.name)]));
  const w = writer(doc.source, names);
  if (!applyChange(target(w), body, changeTree(change))) return undefined;
  if (fresh.length) declareInputs(w, doc, fresh);
  return mergeTouching(doc.source, w.edits);
}
