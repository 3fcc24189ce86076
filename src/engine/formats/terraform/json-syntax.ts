/**
 * Terraform's JSON syntax (`.tf.json`, which CDK for Terraform and other generators write) read into the syntax tree
 * of `syntax.ts`, so that the evaluator reads it as it reads native syntax. The mapping is Terraform's ("JSON
 * Configuration Syntax" in the Terraform language documentation, and HCL's JSON specification):
 * - the root object's properties are block types; a block's labels are nested property names (`resource` → type →
 *   name → body), and where a JSON array stands for an object, each element is a block of its own;
 * - a body's properties are its arguments and nested blocks, which JSON cannot tell apart: Terraform asks the
 *   provider's schema. Here Terraform's own block types are known (`lifecycle`, `dynamic`, a variable's `validation`,
 *   …), `data/azurerm.json` says which azurerm arguments are blocks, and azapi's are `identity` and `timeouts`; any
 *   other property is an argument;
 * - in an argument, a string is a template (`"${var.location}"`; one that is a single interpolation is that value),
 *   an object's property names are templates too, and numbers, booleans, null and arrays are themselves;
 * - some arguments are not expressions: a variable's `default`, a module's `source` and `version`, a provider's
 *   `alias` and everything in the `terraform` block are literal values; a variable's `type` is a type expression
 *   written in a string; `provider`, `depends_on`, `providers` and `lifecycle` lists name references in strings;
 * - a property named `//` is a comment.
 *
 * A block's declaration is its last label and the brace that opens its body (`"sa": {`), or its type's for a block
 * without labels; ranges are relative to where it starts, so that blocks which share a type's object do not overlap.
 */
import { SourceText } from '../../model/span';
import { parseJsonc, type JsonNode } from '../arm/jsonc';
import type { SyntaxProblem } from '../syntax-problem';
import { templateExpr } from './convert';
import { azurermMapping, AZURERM, specs, type ArgumentTable } from './mapping/table';
import { forget, parseHcl } from './parse';
import { readExpression, readInterpolation } from './strict-parser';
import type { Attribute, Block, Body, Expr, Label, ObjectItem, TopItem } from './syntax';

export interface JsonConfiguration {
  readonly items: TopItem[];
  readonly problems: SyntaxProblem[];
}

/** How an argument's JSON value reads. */
type Reading = 'expression' | 'literal' | 'type' | 'reference' | 'references' | 'providers';

/** What a body's properties are: nested block types (with their labels and bodies) and how each argument reads. */
interface Schema {
  block(name: string): { readonly labels: number; readonly schema: Schema } | undefined;
  argument(name: string): Reading;
}

const COMMENT = '//';

function schema(blocks: Readonly<Record<string, { labels?: number; schema: () => Schema }>>, args: Readonly<Record<string, Reading>> = {}, otherwise: Reading = 'expression'): Schema {
  return {
    block: (name) => (Object.prototype.hasOwnProperty.call(blocks, name) ? { labels: blocks[name].labels ?? 0, schema: blocks[name].schema() } : undefined),
    argument: (name) => (Object.prototype.hasOwnProperty.call(args, name) ? args[name] : otherwise),
  };
}

const EXPRESSIONS: Schema = schema({});
const LITERALS: Schema = schema({}, {}, 'literal');
const CONDITIONS: Schema = schema({ precondition: { schema: () => EXPRESSIONS }, postcondition: { schema: () => EXPRESSIONS } }, { depends_on: 'references' });
const LIFECYCLE: Schema = schema(
  { precondition: { schema: () => EXPRESSIONS }, postcondition: { schema: () => EXPRESSIONS } },
  { ignore_changes: 'references', replace_triggered_by: 'references', create_before_destroy: 'literal', prevent_destroy: 'literal' },
);
const VARIABLE: Schema = schema({ validation: { schema: () => EXPRESSIONS } }, { type: 'type', default: 'literal', description: 'literal', sensitive: 'literal', nullable: 'literal', ephemeral: 'literal' });
const MODULE: Schema = schema({}, { source: 'literal', version: 'literal', providers: 'providers', depends_on: 'references' });
const PROVIDER: Schema = schema({ features: { schema: () => EXPRESSIONS } }, { alias: 'literal' });
const TERRAFORM: Schema = schema(
  { required_providers: { schema: () => LITERALS }, backend: { labels: 1, schema: () => LITERALS }, cloud: { schema: () => LITERALS }, provider_meta: { labels: 1, schema: () => LITERALS } },
  {},
  'literal',
);
const AZAPI_BLOCKS = new Set(['identity', 'timeouts']);

/** The blocks of a resource or data source of `type`, nested blocks of the azurerm table among them. */
function resourceSchema(type: string, table?: ArgumentTable): Schema {
  const own = table ?? (type.startsWith('azurerm_') ? { ...AZURERM.common, ...(azurermMapping(type)?.arguments ?? {}) } : {});
  const meta = !table;
  return {
    block(name) {
      if (meta) {
        if (name === 'lifecycle') return { labels: 0, schema: LIFECYCLE };
        if (name === 'provisioner') return { labels: 1, schema: schema({ connection: { schema: () => EXPRESSIONS } }) };
        if (name === 'connection' || name === 'timeouts') return { labels: 0, schema: EXPRESSIONS };
        if (type.startsWith('azapi_') && AZAPI_BLOCKS.has(name)) return { labels: 0, schema: EXPRESSIONS };
      }
      if (name === 'dynamic') return { labels: 1, schema: EXPRESSIONS };
      const spec = Object.prototype.hasOwnProperty.call(own, name) ? own[name] : undefined;
      const nested = spec && specs(spec).find((s) => s.block)?.block;
      return nested ? { labels: 0, schema: resourceSchema(type, nested) } : undefined;
    },
    argument: (name) => (meta && name === 'provider' ? 'reference' : meta && name === 'depends_on' ? 'references' : 'expression'),
  };
}

/** The top-level block types, their labels and what their bodies hold (by the resource type for `resource` and `data`). */
const TOP: Readonly<Record<string, { readonly labels: number; readonly schema: (labels: readonly string[]) => Schema }>> = {
  resource: { labels: 2, schema: ([type]) => resourceSchema(type) },
  data: { labels: 2, schema: ([type]) => resourceSchema(type) },
  ephemeral: { labels: 2, schema: ([type]) => resourceSchema(type) },
  module: { labels: 1, schema: () => MODULE },
  provider: { labels: 1, schema: () => PROVIDER },
  variable: { labels: 1, schema: () => VARIABLE },
  output: { labels: 1, schema: () => CONDITIONS },
  check: { labels: 1, schema: () => schema({ assert: { schema: () => EXPRESSIONS } }) },
  locals: { labels: 0, schema: () => EXPRESSIONS },
  terraform: { labels: 0, schema: () => TERRAFORM },
};

/** A `.tf.json` file's top-level blocks, and where it is not what Terraform reads. */
export function parseJsonConfiguration(source: SourceText): JsonConfiguration {
  const json = parseJsonc(source, true);
  const reader = new Reader(source, [...json.problems]);
  const root = json.root;
  if (root && root.type !== 'object') reader.problem(root, 'a Terraform JSON file is an object whose properties are block types');
  const items: TopItem[] = [];
  for (const [key, value] of properties(root)) {
    const type = String(key.value);
    const top = Object.prototype.hasOwnProperty.call(TOP, type) ? TOP[type] : { labels: 0, schema: () => EXPRESSIONS };
    reader.labelled(value, type, top.labels, [], (labels, body) => {
      const first = labels[labels.length - 1]?.node ?? key;
      reader.base = first.offset;
      const block = reader.block(type, labels, first, body, top.schema(labels.map((l) => l.value)));
      items.push({ base: first.offset, node: block });
    });
  }
  items.sort((a, b) => a.base - b.base);
  return { items, problems: reader.problems };
}

interface JsonLabel {
  readonly value: string;
  readonly node: JsonNode;
}

/**
 * An object's properties; in a block body or between labels, comments left out. In an argument's value `//` is a key
 * like any other, as Terraform reads it.
 */
function properties(node: JsonNode | undefined, comments = true): [JsonNode, JsonNode][] {
  if (node?.type !== 'object' || !node.children) return [];
  const out: [JsonNode, JsonNode][] = [];
  for (const p of node.children) {
    const pair = p.children;
    if (pair?.length === 2 && typeof pair[0].value === 'string' && !(comments && pair[0].value === COMMENT)) out.push(pair as [JsonNode, JsonNode]);
  }
  return out;
}

class Reader {
  /** The document offset the ranges of the block being read are relative to. */
  base = 0;

  constructor(
    private readonly source: SourceText,
    readonly problems: SyntaxProblem[],
  ) {}

  problem(node: JsonNode, message: string): void {
    this.problems.push({ message: `Terraform JSON: ${message}`, span: this.source.span(node.offset, node.offset + Math.max(1, node.length)) });
  }

  /** Walks `count` levels of label properties down to each body object (an array at any level holds several). */
  labelled(node: JsonNode, type: string, count: number, labels: readonly JsonLabel[], found: (labels: readonly JsonLabel[], body: JsonNode) => void): void {
    if (node.type === 'array') {
      for (const item of node.children ?? []) this.labelled(item, type, count, labels, found);
      return;
    }
    if (node.type !== 'object') {
      const named = `${type}${labels.map((l) => ` "${l.value}"`).join('')}`;
      this.problem(node, count ? `the labels of a ${type} block are nested properties whose values are objects, as under ${named}` : `the body of ${named} is an object`);
      return;
    }
    if (!count) {
      found(labels, node);
      return;
    }
    for (const [key, value] of properties(node)) this.labelled(value, type, count - 1, [...labels, { value: String(key.value), node: key }], found);
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
      // A null block is no block; anything but an object or a list of objects is not one.
      if (nested && value.type === 'null') continue;
      if (nested && value.type !== 'object' && !(value.type === 'array' && value.children?.every((c) => c.type === 'object'))) {
        this.problem(value, `${name} is a block: its value is an object, or an array of objects for several`);
        continue;
      }
      if (nested) {
        this.labelled(value, name, nested.labels, [], (labels, body) => {
          // A dynamic block's content is a block of the type it generates.
          const inner = name === 'dynamic' && labels[0] ? schema({ content: { schema: () => shape.block(labels[0].value)?.schema ?? EXPRESSIONS } }, { iterator: 'reference' }) : nested.schema;
          items.push(this.block(name, labels, labels[0]?.node ?? key, body, inner));
        });
        continue;
      }
      items.push({ k: 'attribute', name, s: this.rel(key.offset), nameEnd: this.rel(key.offset + key.length), e: this.rel(value.offset + value.length), value: this.value(value, shape.argument(name)) });
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
        return this.written(node) ?? { k: 'str', value: String(node.value), s, e };
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
          key: reading === 'expression' && String(key.value).includes('${') ? this.template(key) : reading === 'providers' ? (this.written(key) ?? this.name(key)) : this.name(key),
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

  /** A string's text as one expression (a type, a reference); undefined where it is not one. */
  private written(node: JsonNode): Expr | undefined {
    const text = decoded(this.source, node);
    const x = readExpression(text.value, 0, text.value.length) ?? parsedHcl(EXPRESSION_PREFIX, text.value);
    return x && this.moved(x, text, EXPRESSION_PREFIX.length);
  }

  /**
   * A string as a template: its text, `$${` and `%%{` escapes, and `${ … }` interpolations. What the strict parser
   * leaves (a strip marker, a directive, a `\u` escape inside an interpolation's string) is read by tree-sitter.
   */
  private template(node: JsonNode): Expr {
    const s = this.rel(node.offset);
    const e = this.rel(node.offset + node.length);
    const text = decoded(this.source, node);
    const parts = this.templateParts(text) ?? this.parsedTemplateParts(text);
    if (!parts) return { k: 'bad', reason: 'the template in this string is not read', s, e };
    // A template that is one interpolation is that expression (Terraform takes its value as it is), so that what reads
    // the syntax (a validation's `contains`, a `provider` reference) finds it as native syntax writes it.
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0];
    return templateExpr(parts, false, false, s, e);
  }

  /** The parts of a template the strict parser reads whole; undefined where it gives up. */
  private templateParts(text: Decoded): (string | Expr)[] | undefined {
    const t = text.value;
    const parts: (string | Expr)[] = [];
    let literal = '';
    for (let i = 0; i < t.length; ) {
      const c = t[i];
      if ((c === '$' || c === '%') && t[i + 1] === c && t[i + 2] === '{') {
        literal += `${c}{`;
        i += 3;
      } else if (c === '%' && t[i + 1] === '{') {
        return undefined;
      } else if (c === '$' && t[i + 1] === '{') {
        const read = readInterpolation(t, i);
        if (!read) return undefined;
        if (literal) parts.push(literal);
        literal = '';
        parts.push(this.moved(read.expr, text));
        i = read.end;
      } else {
        literal += c;
        i++;
      }
    }
    if (literal) parts.push(literal);
    return parts;
  }

  /** The parts of a template as tree-sitter reads it, written as a heredoc (whose text, like a JSON string's value, has no escapes but `$${` and `%%{`). */
  private parsedTemplateParts(text: Decoded): (string | Expr)[] | undefined {
    if (text.value.split('\n').some((line) => line.trim() === HEREDOC_MARK)) return undefined;
    const value = parsedHcl(HEREDOC_PREFIX, `${text.value}\n${HEREDOC_MARK}`);
    if (!value || (value.k !== 'tpl' && value.k !== 'lit')) return undefined;
    const parts = value.k === 'tpl' ? [...value.parts] : [String(value.value)];
    // The line break before the closing marker is the heredoc's, not the string's.
    const last = parts[parts.length - 1];
    if (typeof last === 'string') {
      if (last.endsWith('\n')) parts[parts.length - 1] = last.slice(0, -1);
      if (parts[parts.length - 1] === '') parts.pop();
    }
    return parts.map((p) => (typeof p === 'string' ? p : this.moved(p, text, HEREDOC_PREFIX.length)));
  }

  /**
   * An expression read from a string's decoded text (after `shift` characters of wrapping), its ranges moved onto the
   * document and its strings marked as escaped there. Where the string's escapes cannot be followed, every range is the
   * whole string and no string in it is a literal a fix may replace.
   */
  private moved(x: Expr, text: Decoded, shift = 0): Expr {
    const inside = (i: number) => Math.min(Math.max(i - shift, 0), text.value.length);
    if (text.exact) return remap(x, (s, e) => [this.rel(text.at(inside(s))), this.rel(text.at(inside(e)))], true);
    return remap(x, () => [this.rel(text.node.offset), this.rel(text.node.offset + text.node.length)], false);
  }
}

/** A JSON string's value, and for each of its characters (and its end) the document offset it was written at. */
interface Decoded {
  readonly node: JsonNode;
  readonly value: string;
  readonly at: (i: number) => number;
  /** False where the escapes cannot be followed (an invalid one): `at` is then not to be used. */
  readonly exact: boolean;
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

/** The value of `x = <text>` as the Terraform parser reads it (tree-sitter where the strict parser gives up); undefined where it does not parse. */
function parsedHcl(prefix: string, text: string): Expr | undefined {
  const parsed = parseHcl(new SourceText(SCRATCH, `${prefix}${text}\n`));
  forget(SCRATCH);
  const [item] = parsed.items;
  return !parsed.problems.length && parsed.items.length === 1 && item.base === 0 && item.node.k === 'attribute' ? item.node.value : undefined;
}

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
