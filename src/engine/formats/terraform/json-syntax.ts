/**
 * Terraform's JSON syntax (`.tf.json`, which CDK for Terraform and other generators write) read into the syntax tree
 * of `syntax.ts`, so that the evaluator reads it as it reads native syntax. The mapping is Terraform's ("JSON
 * Configuration Syntax" in the Terraform language documentation, and HCL's JSON specification):
 * - the root is an object whose properties are block types (or an array of such objects); a block's labels are
 *   nested property names (`resource` → type → name → body), and where a JSON array stands for an object, each
 *   element is a block of its own; `null` is no block;
 * - a body's properties are its arguments and nested blocks (`json-blocks.ts` says which, and how arguments read);
 * - in an argument, a string is a template (`"${var.location}"`; one that is a single interpolation is that value),
 *   an object's property names are templates too, and numbers, booleans, null and arrays are themselves;
 * - a property named `//` is a comment in a body, and a key like any other in an argument's value.
 *
 * A block's declaration is its last label and the brace that opens its body (`"sa": {`), its type for a block without
 * labels, or its own brace for one element of an array of blocks. Ranges are relative to where it starts.
 *
 * A file is read whole at every edit: no syntax node is kept across versions, so evaluation reuses nothing of the
 * previous version either (native files re-read only what an edit changed).
 */
import { SourceText } from '../../model/span';
import { parseJsonc, type JsonNode } from '../arm/jsonc';
import type { SyntaxProblem } from '../syntax-problem';
import { templateExpr } from './convert';
import { dynamicSchema, topBlock, type Reading, type Schema } from './json-blocks';
import { parseBudgetMs, parseHcl } from './parse';
import { readExpression, readTemplate } from './strict-parser';
import type { Attribute, Block, Body, Expr, Label, ObjectItem, TopItem } from './syntax';

export interface JsonConfiguration {
  readonly items: TopItem[];
  readonly problems: SyntaxProblem[];
}

const COMMENT = '//';

/** A `.tf.json` file's top-level blocks, and where it is not what Terraform reads. */
export function parseJsonConfiguration(source: SourceText): JsonConfiguration {
  const json = parseJsonc(source, true);
  const reader = new Reader(source, [...json.problems]);
  const root = json.root;
  const roots = root?.type === 'array' && root.children?.every((c) => c.type === 'object') ? root.children : root ? [root] : [];
  const items: TopItem[] = [];
  for (const object of roots) {
    if (object.type !== 'object') reader.problem(object, 'a Terraform JSON file is an object whose properties are block types');
    for (const [key, value] of properties(object)) {
      const type = String(key.value);
      const top = topBlock(type);
      reader.labelled(value, type, top.labels, [], key, (labels, body, start) => {
        reader.base = start.offset;
        items.push({ base: start.offset, node: reader.block(type, labels, start, body, top.schema(labels.map((l) => l.value))) });
      });
    }
  }
  items.sort((a, b) => a.base - b.base);
  return { items, problems: reader.problems };
}

interface JsonLabel {
  readonly value: string;
  readonly node: JsonNode;
}

/** An object's properties; `//` comments left out unless `comments` is false (an argument's value). */
function properties(node: JsonNode | undefined, comments = true): [JsonNode, JsonNode][] {
  if (node?.type !== 'object' || !node.children) return [];
  const out: [JsonNode, JsonNode][] = [];
  for (const p of node.children) {
    const pair = p.children;
    if (pair?.length === 2 && typeof pair[0].value === 'string' && !(comments && pair[0].value === COMMENT)) out.push(pair as [JsonNode, JsonNode]);
  }
  return out;
}

/** A JSON string's value, and for each of its characters (and its end) the document offset it was written at. */
interface Decoded {
  readonly node: JsonNode;
  readonly value: string;
  readonly at: (i: number) => number;
  /** False where the escapes cannot be followed (an invalid one): `at` is then not to be used. */
  readonly exact: boolean;
}

class Reader {
  /** The document offset the ranges of the block being read are relative to. */
  base = 0;
  /** Until when the Terraform grammar may read what the strict parser leaves, for the whole file. */
  private readonly deadline: number;
  private outOfTime = false;

  constructor(
    private readonly source: SourceText,
    readonly problems: SyntaxProblem[],
  ) {
    this.deadline = performance.now() + parseBudgetMs(source.text.length);
  }

  problem(node: JsonNode, message: string): void {
    this.problems.push({ message: `Terraform JSON: ${message}`, span: this.source.span(node.offset, node.offset + Math.max(1, node.length)) });
  }

  /**
   * Walks `count` levels of label properties down to each body object (an array at any level holds several), with
   * where its declaration starts: the property that names it last, or the body itself in an array of bodies.
   */
  labelled(node: JsonNode, type: string, count: number, labels: readonly JsonLabel[], start: JsonNode, found: (labels: readonly JsonLabel[], body: JsonNode, start: JsonNode) => void): void {
    if (node.type === 'array') {
      for (const item of node.children ?? []) this.labelled(item, type, count, labels, count ? start : item, found);
      return;
    }
    if (node.type === 'null') return;
    if (node.type !== 'object') {
      const named = `${type}${labels.map((l) => ` "${l.value}"`).join('')}`;
      this.problem(node, count ? `the labels of a ${type} block are nested properties whose values are objects, as under ${named}` : `the body of ${named} is an object`);
      return;
    }
    if (!count) {
      found(labels, node, start);
      return;
    }
    for (const [key, value] of properties(node)) this.labelled(value, type, count - 1, [...labels, { value: String(key.value), node: key }], key, found);
  }

  private rel(offset: number): number {
    return offset - this.base;
  }

  block(type: string, labels: readonly JsonLabel[], start: JsonNode, body: JsonNode, shape: Schema): Block {
    const out: Label[] = labels.map((l) => ({ value: l.value, s: this.rel(l.node.offset), e: this.rel(l.node.offset + l.node.length) }));
    const end = body.offset + body.length;
    return { k: 'block', type, labels: out, s: this.rel(start.offset), open: this.rel(body.offset + 1), close: this.rel(end - 1), e: this.rel(end), body: this.body(body, shape) };
  }

  private body(node: JsonNode, shape: Schema): Body {
    const items: (Attribute | Block)[] = [];
    for (const [key, value] of properties(node)) {
      const name = String(key.value);
      const nested = shape.block(name);
      if (!nested) {
        items.push({ k: 'attribute', name, s: this.rel(key.offset), nameEnd: this.rel(key.offset + key.length), e: this.rel(value.offset + value.length), value: this.value(value, shape.argument(name)) });
      } else if (value.type === 'object' || value.type === 'null' || (value.type === 'array' && value.children?.every((c) => c.type === 'object'))) {
        this.labelled(value, name, nested.labels, [], key, (labels, body, start) => {
          const inner = name === 'dynamic' && labels[0] ? dynamicSchema(shape, labels[0].value) : nested.schema;
          items.push(this.block(name, labels, start, body, inner));
        });
      } else {
        this.problem(value, `${name} is a block: its value is an object, or an array of objects for several`);
      }
    }
    return { items };
  }

  private value(node: JsonNode, reading: Reading): Expr {
    const s = this.rel(node.offset);
    const e = this.rel(node.offset + node.length);
    switch (node.type) {
      case 'string':
        if (reading === 'literal') return { k: 'str', value: String(node.value), s, e };
        if (reading === 'expression') return this.template(node);
        return this.written(node, reading === 'type' ? 'type' : 'reference') ?? { k: 'bad', reason: `the ${reading} in this string is not read`, s, e };
      case 'number':
      case 'boolean':
      case 'null':
        return { k: 'lit', value: node.value as number | boolean | null, s, e };
      case 'array': {
        const each = reading === 'references' ? 'reference' : reading;
        return { k: 'tuple', items: (node.children ?? []).map((c) => this.value(c, each)), s, e };
      }
      case 'object': {
        const items: ObjectItem[] = properties(node, false).map(([key, value]) => ({
          key: reading === 'expression' ? this.template(key) : reading === 'providers' ? (this.written(key, 'provider configuration') ?? this.name(key)) : this.name(key),
          value: this.value(value, reading === 'providers' ? 'reference' : reading),
        }));
        return { k: 'obj', items, s, e };
      }
      default:
        return { k: 'bad', reason: 'the JSON value is not complete', s, e };
    }
  }

  private name(key: JsonNode): Expr {
    return { k: 'lit', value: String(key.value), s: this.rel(key.offset), e: this.rel(key.offset + key.length) };
  }

  /** A string's text as one expression (a type, a reference); undefined, and a problem, where it does not parse. */
  private written(node: JsonNode, what: string): Expr | undefined {
    const text = decoded(this.source, node);
    const strict = readExpression(text.value);
    if (strict) return this.moved(strict, text, 0);
    const parsed = this.parsed(node, what, EXPRESSION_PREFIX, text.value);
    return parsed && this.moved(parsed, text, EXPRESSION_PREFIX.length);
  }

  /**
   * A string as a template: its text, `$${` and `%%{` escapes, and `${ … }` interpolations. What the strict parser
   * leaves (a strip marker, a directive, a `\u` escape inside an interpolation's string) the Terraform grammar reads,
   * as a heredoc, whose text (like a JSON string's value) has no escapes but those two.
   */
  private template(node: JsonNode): Expr {
    const s = this.rel(node.offset);
    const e = this.rel(node.offset + node.length);
    const text = decoded(this.source, node);
    const parts = this.templateParts(node, text);
    if (!parts) return { k: 'bad', reason: 'the template in this string is not read', s, e };
    // A template that is one interpolation is that expression (Terraform takes its value as it is), so that what reads
    // the syntax (a validation's `contains`, a `provider` reference) finds it as native syntax writes it.
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0];
    return templateExpr(parts, false, false, s, e);
  }

  private templateParts(node: JsonNode, text: Decoded): (string | Expr)[] | undefined {
    const strict = readTemplate(text.value);
    if (strict) return strict.map((p) => (typeof p === 'string' ? p : this.moved(p, text, 0)));
    if (text.value.split('\n').some((line) => line.trim() === HEREDOC_MARK)) return undefined;
    const heredoc = this.parsed(node, 'template', HEREDOC_PREFIX, `${text.value}\n${HEREDOC_MARK}`);
    if (!heredoc || (heredoc.k !== 'tpl' && heredoc.k !== 'lit')) return undefined;
    const parts = heredoc.k === 'tpl' ? [...heredoc.parts] : [String(heredoc.value)];
    // The line break before the closing marker is the heredoc's, not the string's.
    const last = parts[parts.length - 1];
    if (typeof last === 'string') {
      if (last.endsWith('\n')) parts[parts.length - 1] = last.slice(0, -1);
      if (parts[parts.length - 1] === '') parts.pop();
    }
    return parts.map((p) => (typeof p === 'string' ? p : this.moved(p, text, HEREDOC_PREFIX.length)));
  }

  /**
   * The value of `x = <prefix><text>` as the Terraform parser reads it (the grammar where the strict parser gives
   * up), within the file's time; undefined, and a problem at the string, where it does not parse.
   */
  private parsed(node: JsonNode, what: string, prefix: string, text: string): Expr | undefined {
    if (this.outOfTime) return undefined;
    if (performance.now() > this.deadline) {
      this.outOfTime = true;
      this.problem(node, 'reading the expressions in this file’s strings takes too long, so from here on they are not checked');
      return undefined;
    }
    const parsed = parseHcl(new SourceText(SCRATCH, `${prefix}${text}\n`), false);
    const [item] = parsed.items;
    if (!parsed.problems.length && parsed.items.length === 1 && item.base === 0 && item.node.k === 'attribute') return item.node.value;
    this.problem(node, `the ${what} in this string does not parse${parsed.problems.length ? ` (${parsed.problems[0].message.replace(/\.$/, '')})` : ''}`);
    return undefined;
  }

  /**
   * An expression read from a string's decoded text (after `shift` characters of wrapping), its ranges moved onto the
   * document and its strings marked as escaped there. Where the string's escapes cannot be followed, every range is the
   * whole string and no string in it is a literal a fix may replace.
   */
  private moved(x: Expr, text: Decoded, shift: number): Expr {
    if (!text.exact) return remap(x, () => [this.rel(text.node.offset), this.rel(text.node.offset + text.node.length)], false);
    // The wrapping around the text is not in the document: a range into it ends at the text's nearest end.
    const at = (i: number) => this.rel(text.at(Math.min(Math.max(i - shift, 0), text.value.length)));
    return remap(x, (s, e) => [at(s), at(e)], true);
  }
}

function decoded(source: SourceText, node: JsonNode): Decoded {
  const start = node.offset + 1;
  const raw = source.text.slice(start, node.offset + node.length - 1);
  if (!raw.includes('\\')) return { node, value: raw, at: (i) => start + i, exact: true };
  const value = String(node.value);
  const offsets: number[] = [];
  let r = 0;
  for (let v = 0; v < value.length && r < raw.length; v++) {
    offsets.push(start + r);
    r += raw[r] !== '\\' ? 1 : raw[r + 1] === 'u' ? 6 : 2;
  }
  offsets.push(start + r);
  return { node, value, at: (i) => offsets[i], exact: offsets.length === value.length + 1 && r === raw.length };
}

const SCRATCH = 'itar-guard:terraform-json-expression';
const EXPRESSION_PREFIX = 'x = ';
const HEREDOC_MARK = 'ITAR_GUARD_TEMPLATE_END';
const HEREDOC_PREFIX = `x = <<${HEREDOC_MARK}\n`;

/**
 * A copy of a syntax node with every range mapped; its quoted strings marked `embedded` (replaceable, escaped for JSON),
 * or, with `literal` false, made plain values that no fix replaces.
 */
function remap<T>(node: T, range: (s: number, e: number) => [number, number], literal: boolean): T {
  if (Array.isArray(node)) return node.map((n: unknown) => remap(n, range, literal)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 's' && key !== 'e') out[key] = remap(value, range, literal);
  const { s, e } = node as { s?: unknown; e?: unknown };
  if (typeof s === 'number' && typeof e === 'number') [out.s, out.e] = range(s, e);
  if (out.k === 'str') {
    if (literal) out.embedded = true;
    else out.k = 'lit';
  }
  return out as T;
}
