/**
 * tree-sitter's Terraform tree → the plain syntax tree of `syntax.ts`, in one pass with a tree cursor (the cheapest
 * way across the wasm boundary). Parts the grammar marks as errors are skipped; the attributes and blocks tree-sitter
 * recovered inside an error are kept.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import type { TerraformGrammar } from './grammar';
import { spansLine } from './recovery';
import type { Attribute, Block, Body, Expr, Label, ObjectItem, Step, TopItem } from './syntax';

/** Maps an offset in the parsed text to the document (they differ when recovery inserted characters). */
export type OffsetMap = (offset: number) => number;

const IDENTITY: OffsetMap = (i) => i;

export interface Converted {
  readonly items: TopItem[];
  /** The first quote of a string that runs past the end of its line, among the strings converted. */
  readonly runaway: number | undefined;
}

/**
 * The top-level items of a parsed file. `keep` may supply an item unchanged since the previous parse (by its range
 * in the parsed text), which is then not converted again.
 */
export function convertTopItems(grammar: TerraformGrammar, tree: Tree, text: string, map: OffsetMap = IDENTITY, keep?: (start: number, end: number) => TopItem | undefined): Converted {
  const cursor = tree.walk();
  try {
    const items: TopItem[] = [];
    const conv = new Converter(grammar, cursor, text, map);
    if (cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeTypeId === grammar.ids.body || cursor.nodeType === 'ERROR') conv.topLevel(items, keep);
      } while (cursor.gotoNextSibling());
    }
    return { items, runaway: conv.runaway };
  } finally {
    cursor.delete();
  }
}

/**
 * How deeply expressions may nest. Conversion recurses per level, and a file nested some five thousand levels deep
 * overflowed the stack, which lost the whole file; deeper expressions are read as bad, the rest of the file as usual.
 */
const MAX_NESTING = 1000;

class Converter {
  private readonly ids: TerraformGrammar['ids'];
  private base = 0;
  /** The first quote (parsed-text offset) of a string that runs past its line, seen while converting. */
  runaway: number | undefined;
  /** How many expressions enclose the one being converted. */
  private depth = 0;

  constructor(
    grammar: TerraformGrammar,
    private readonly c: TreeCursor,
    private readonly text: string,
    private readonly map: OffsetMap,
  ) {
    this.ids = grammar.ids;
  }

  /** Cursor on a body (or an error at the top): its items, each with its own base. */
  topLevel(out: TopItem[], keep?: (start: number, end: number) => TopItem | undefined): void {
    const c = this.c;
    if (!c.gotoFirstChild()) return;
    do {
      const id = c.nodeTypeId;
      if (id !== this.ids.attribute && id !== this.ids.block) {
        if (c.nodeType === 'ERROR') this.topLevel(out, keep);
        continue;
      }
      const start = c.startIndex;
      const end = c.endIndex;
      const kept = keep?.(start, end);
      if (kept) {
        out.push(kept);
        continue;
      }
      this.base = this.map(start);
      const node = id === this.ids.attribute ? this.attribute() : this.block();
      if (node) out.push({ base: this.base, node });
    } while (c.gotoNextSibling());
    c.gotoParent();
  }

  private noteString(start: number, end: number): void {
    if (spansLine(this.text, start, end)) this.noteRunaway(start);
  }

  private noteRunaway(start: number): void {
    if (this.runaway === undefined || start < this.runaway) this.runaway = start;
  }

  private rel(offset: number): number {
    return this.map(offset) - this.base;
  }

  private slice(): string {
    return this.text.slice(this.c.startIndex, this.c.endIndex);
  }

  /** Cursor on a body: its attributes and blocks. */
  private body(): Body {
    const items: (Attribute | Block)[] = [];
    this.collectItems(items);
    return { items };
  }

  private collectItems(items: (Attribute | Block)[]): void {
    const c = this.c;
    if (!c.gotoFirstChild()) return;
    do {
      const id = c.nodeTypeId;
      if (id === this.ids.attribute) {
        const a = this.attribute();
        if (a) items.push(a);
      } else if (id === this.ids.block) {
        const b = this.block();
        if (b) items.push(b);
      } else if (c.nodeType === 'ERROR') {
        this.collectItems(items);
      }
    } while (c.gotoNextSibling());
    c.gotoParent();
  }

  private attribute(): Attribute | undefined {
    const c = this.c;
    const s = this.rel(c.startIndex);
    const e = this.rel(c.endIndex);
    if (!c.gotoFirstChild()) return undefined;
    let name: string | undefined;
    let nameEnd = s;
    let value: Expr | undefined;
    do {
      const id = c.nodeTypeId;
      if (id === this.ids.identifier && name === undefined) {
        name = this.slice();
        nameEnd = this.rel(c.endIndex);
      } else if (id === this.ids.expression) value = this.expr();
    } while (c.gotoNextSibling());
    c.gotoParent();
    if (name === undefined) return undefined;
    return { k: 'attribute', name, nameEnd, value: value ?? { k: 'bad', reason: 'the attribute has no value', s: nameEnd, e }, s, e };
  }

  private block(): Block | undefined {
    const c = this.c;
    const s = this.rel(c.startIndex);
    const e = this.rel(c.endIndex);
    if (!c.gotoFirstChild()) return undefined;
    let type: string | undefined;
    const labels: Label[] = [];
    let open = e;
    let close = e;
    let body: Body = { items: [] };
    do {
      const id = c.nodeTypeId;
      if (id === this.ids.identifier) {
        if (type === undefined) type = this.slice();
        else labels.push({ value: this.slice(), s: this.rel(c.startIndex), e: this.rel(c.endIndex) });
      } else if (id === this.ids.string_lit) {
        const ls = c.startIndex;
        const le = c.endIndex;
        labels.push({ value: decodeQuoted(this.text.slice(ls + 1, le - 1)), s: this.rel(ls), e: this.rel(le) });
      } else if (id === this.ids.block_start) {
        open = this.rel(c.endIndex);
      } else if (id === this.ids.body) {
        body = this.body();
      } else if (id === this.ids.block_end) {
        close = this.rel(c.startIndex);
      }
    } while (c.gotoNextSibling());
    c.gotoParent();
    if (type === undefined) return undefined;
    return { k: 'block', type, labels, open, close, body, s, e };
  }

  /** Cursor on an expression or an expression term: it, or past {@link MAX_NESTING} levels a bad one in its place. */
  private expr(): Expr {
    if (this.depth >= MAX_NESTING) return { k: 'bad', reason: `the expression is nested more than ${MAX_NESTING} levels deep`, s: this.rel(this.c.startIndex), e: this.rel(this.c.endIndex) };
    this.depth++;
    try {
      return this.exprHere();
    } finally {
      this.depth--;
    }
  }

  private exprHere(): Expr {
    const c = this.c;
    const ids = this.ids;
    const id = c.nodeTypeId;
    const start = c.startIndex;
    const end = c.endIndex;
    const s = this.rel(start);
    const e = this.rel(end);
    if (id === ids.expression) {
      const atom = this.atom(start, end, s);
      if (atom) return atom;
    }
    switch (id) {
      case ids.expression:
      case ids.operation:
      case ids.binary_operation:
      case ids.unary_operation:
      case ids.collection_value:
      case ids.literal_value:
      case ids.template_expr:
      case ids.for_expr:
        return this.sequence(s, e);
      case ids.numeric_lit:
        return { k: 'lit', value: Number(this.slice()), s, e };
      case ids.bool_lit:
        return { k: 'lit', value: this.slice() === 'true', s, e };
      case ids.null_lit:
        return { k: 'lit', value: null, s, e };
      case ids.string_lit: {
        const start = c.startIndex;
        const end = c.endIndex;
        this.noteString(start, end);
        const value = decodeQuoted(this.text.slice(start + 1, Math.max(start + 1, end - 1)));
        // A string recovery closed is no literal a fix may replace: its end is not in the document.
        return this.map(end) - this.map(start) === end - start ? { k: 'str', value, s, e } : { k: 'lit', value, s, e };
      }
      case ids.variable_expr:
        return { k: 'var', name: this.slice(), s, e };
      case ids.quoted_template:
        return this.template(s, e, false);
      case ids.heredoc_template:
        return this.template(s, e, true);
      case ids.tuple:
        return { k: 'tuple', items: this.namedExprs(), s, e };
      case ids.object:
        return { k: 'obj', items: this.objectItems(), s, e };
      case ids.function_call:
        return this.call(s, e);
      case ids.conditional:
        return this.conditional(s, e);
      case ids.for_tuple_expr:
      case ids.for_object_expr:
        return this.forExpr(s, e, id === ids.for_object_expr);
      default:
        return { k: 'bad', reason: c.nodeType === 'ERROR' ? 'the expression does not parse' : `'${c.nodeType}' is not an expression`, s, e };
    }
  }

  /**
   * Most values are a plain string, a number, a boolean or a reference like `var.x` or `azurerm_x.y.name`: read
   * from the text of an expression tree-sitter parsed, those need no walk through their nodes.
   */
  private atom(start: number, end: number, s: number): Expr | undefined {
    const text = this.text.slice(start, end);
    if (end - start !== this.map(end) - this.map(start)) return undefined;
    if (ATOM_STRING.test(text)) {
      this.noteString(start, end);
      return { k: 'str', value: text.slice(1, -1), s, e: s + text.length };
    }
    if (ATOM_NUMBER.test(text)) return { k: 'lit', value: Number(text), s, e: s + text.length };
    if (text === 'true' || text === 'false') return { k: 'lit', value: text === 'true', s, e: s + text.length };
    if (text === 'null') return { k: 'lit', value: null, s, e: s + text.length };
    if (!ATOM_REFERENCE.test(text)) return undefined;
    const names = text.split('.');
    // `true.x` is an attribute of a literal, not of a variable named `true`.
    if (names[0] === 'true' || names[0] === 'false' || names[0] === 'null') return undefined;
    let at = s + names[0].length;
    let expr: Expr = { k: 'var', name: names[0], s, e: at };
    for (const name of names.slice(1)) {
      at += name.length + 1;
      expr = { k: 'attr', obj: expr, name, s, e: at };
    }
    return expr;
  }

  /**
   * Cursor on a node whose children form one expression: a term followed by attribute, index and splat steps, an
   * operator between two such terms, or a prefix operator.
   */
  private sequence(s: number, e: number): Expr {
    const c = this.c;
    const ids = this.ids;
    if (!c.gotoFirstChild()) return { k: 'bad', reason: 'empty expression', s, e };
    let acc: Expr | undefined;
    let left: Expr | undefined;
    let op: string | undefined;
    let prefix: string | undefined;
    do {
      const id = c.nodeTypeId;
      if (!c.nodeIsNamed) {
        const t = this.slice();
        if (t === '(' || t === ')' || t === '') continue;
        if (acc === undefined && left === undefined && op === undefined) prefix = t;
        else if (acc !== undefined) {
          left = acc;
          op = t;
          acc = undefined;
        }
        continue;
      }
      if (id === ids.comment) continue;
      if (id === ids.get_attr && acc) acc = this.getAttr(acc);
      else if (id === ids.index && acc) acc = this.index(acc);
      else if (id === ids.splat && acc) acc = this.splat(acc);
      else acc = this.expr();
    } while (c.gotoNextSibling());
    c.gotoParent();
    if (!acc) return { k: 'bad', reason: c.nodeType === 'ERROR' ? 'the expression does not parse' : 'incomplete expression', s, e };
    if (prefix !== undefined && left === undefined) return { k: 'un', op: prefix, arg: acc, s, e };
    if (left && op) return { k: 'bin', op, left, right: acc, s, e };
    return acc;
  }

  private getAttr(obj: Expr): Expr {
    const c = this.c;
    const e = this.rel(c.endIndex);
    let name = '';
    if (c.gotoFirstChild()) {
      do if (c.nodeTypeId === this.ids.identifier) name = this.slice();
      while (c.gotoNextSibling());
      c.gotoParent();
    }
    return { k: 'attr', obj, name, s: obj.s, e };
  }

  private index(obj: Expr): Expr {
    const c = this.c;
    const e = this.rel(c.endIndex);
    let index: Expr = { k: 'bad', reason: 'missing index', s: obj.e, e };
    if (c.gotoFirstChild()) {
      if (c.nodeTypeId === this.ids.legacy_index) {
        const t = this.slice();
        index = { k: 'lit', value: Number(t.slice(1)), s: this.rel(c.startIndex) + 1, e: this.rel(c.endIndex) };
      } else if (c.gotoFirstChild()) {
        do if (c.nodeTypeId === this.ids.expression) index = this.expr();
        while (c.gotoNextSibling());
        c.gotoParent();
      }
      c.gotoParent();
    }
    return { k: 'index', obj, index, s: obj.s, e };
  }

  private splat(obj: Expr): Expr {
    const c = this.c;
    const e = this.rel(c.endIndex);
    const steps: Step[] = [];
    let legacy = false;
    if (c.gotoFirstChild()) {
      legacy = c.nodeTypeId === this.ids.attr_splat;
      if (c.gotoFirstChild()) {
        do {
          const id = c.nodeTypeId;
          if (id === this.ids.get_attr) {
            const a = this.getAttr(obj);
            if (a.k === 'attr') steps.push({ name: a.name });
          } else if (id === this.ids.index) {
            const i = this.index(obj);
            if (i.k === 'index') steps.push({ index: i.index });
          }
        } while (c.gotoNextSibling());
        c.gotoParent();
      }
      c.gotoParent();
    }
    return legacy ? { k: 'splat', obj, steps, s: obj.s, e, legacy } : { k: 'splat', obj, steps, s: obj.s, e };
  }

  /**
   * Cursor on a conditional. The grammar reads `a ? b : c ? d : e` as `(a ? b : c) ? d : e`, where HCL reads
   * `a ? b : (c ? d : e)`: a chain is read operand by operand and rebuilt from the right.
   */
  private conditional(s: number, e: number): Expr {
    const operands: { x: Expr; s: number }[] = [];
    this.conditionalOperands(operands);
    const missing = (at: number) => ({ x: { k: 'bad', reason: 'incomplete conditional', s: at, e: at } as Expr, s: at });
    if (operands.length === 0) operands.push(missing(s));
    while (operands.length < 3 || operands.length % 2 === 0) operands.push(missing(e));
    let acc = operands[operands.length - 1].x;
    for (let i = operands.length - 3; i >= 0; i -= 2) acc = { k: 'cond', test: operands[i].x, then: operands[i + 1].x, else: acc, s: operands[i].s, e };
    return acc;
  }

  /** Cursor on a conditional: its operands, with those of a conditional written unparenthesised as its test. */
  private conditionalOperands(out: { x: Expr; s: number }[]): void {
    const c = this.c;
    if (!c.gotoFirstChild()) return;
    let first = true;
    do {
      if (c.nodeTypeId !== this.ids.expression) continue;
      const start = this.rel(c.startIndex);
      if (first && c.gotoFirstChild()) {
        const chained = c.nodeTypeId === this.ids.conditional;
        if (chained) this.conditionalOperands(out);
        c.gotoParent();
        if (!chained) out.push({ x: this.expr(), s: start });
      } else {
        out.push({ x: this.expr(), s: start });
      }
      first = false;
    } while (c.gotoNextSibling());
    c.gotoParent();
  }

  /** The expressions among the current node's children. */
  private namedExprs(): Expr[] {
    const c = this.c;
    const out: Expr[] = [];
    if (!c.gotoFirstChild()) return out;
    do if (c.nodeTypeId === this.ids.expression) out.push(this.expr());
    while (c.gotoNextSibling());
    c.gotoParent();
    return out;
  }

  private objectItems(): ObjectItem[] {
    const c = this.c;
    const out: ObjectItem[] = [];
    if (!c.gotoFirstChild()) return out;
    do {
      if (c.nodeTypeId !== this.ids.object_elem) continue;
      const keyStart = this.rel(c.startIndex);
      const [key, value] = this.namedExprs();
      if (!key || !value) continue;
      // A bare name as a key is the name itself, not a reference; `(name)` is a reference.
      const literalKey = key.k === 'var' && key.s === keyStart;
      out.push({ key: literalKey ? { k: 'lit', value: key.name, s: key.s, e: key.e } : key, value });
    } while (c.gotoNextSibling());
    c.gotoParent();
    return out;
  }

  private call(s: number, e: number): Expr {
    const c = this.c;
    let name = '';
    let args: Expr[] = [];
    let expand = false;
    if (c.gotoFirstChild()) {
      do {
        const id = c.nodeTypeId;
        if (id === this.ids.identifier) name = this.slice();
        else if (id === this.ids.function_arguments) {
          args = this.namedExprs();
          if (c.gotoFirstChild()) {
            do if (c.nodeTypeId === this.ids.ellipsis) expand = true;
            while (c.gotoNextSibling());
            c.gotoParent();
          }
        }
      } while (c.gotoNextSibling());
      c.gotoParent();
    }
    return { k: 'call', name, args, expand, s, e };
  }

  private forExpr(s: number, e: number, isObject: boolean): Expr {
    const c = this.c;
    const names: string[] = [];
    let coll: Expr | undefined;
    const exprs: Expr[] = [];
    let cond: Expr | undefined;
    let group = false;
    if (c.gotoFirstChild()) {
      do {
        const id = c.nodeTypeId;
        if (id === this.ids.for_intro) {
          if (c.gotoFirstChild()) {
            do {
              if (c.nodeTypeId === this.ids.identifier) names.push(this.slice());
              else if (c.nodeTypeId === this.ids.expression) coll = this.expr();
            } while (c.gotoNextSibling());
            c.gotoParent();
          }
        } else if (id === this.ids.expression) exprs.push(this.expr());
        else if (id === this.ids.for_cond) cond = this.namedExprs()[0];
        else if (id === this.ids.ellipsis) group = true;
      } while (c.gotoNextSibling());
      c.gotoParent();
    }
    const valueVar = names.length > 1 ? names[1] : names[0];
    if (!coll || !valueVar || exprs.length < (isObject ? 2 : 1)) return { k: 'bad', reason: 'incomplete for expression', s, e };
    const keyVar = names.length > 1 ? names[0] : undefined;
    const [first, second] = exprs;
    return isObject
      ? { k: 'for', keyVar, valueVar, coll, key: first, value: second, cond, group, s, e }
      : { k: 'for', keyVar, valueVar, coll, value: first, cond, group, s, e };
  }

  /**
   * Cursor on a quoted template or a heredoc: literal text and interpolations. The literal parts are read from the
   * text between the delimiters and interpolations, not from the grammar's literal nodes, which leave out the
   * whitespace at their ends (`"${a} ${b}"` would read as `ab`).
   */
  private template(s: number, e: number, heredoc: boolean): Expr {
    const c = this.c;
    const parts: (string | Expr)[] = [];
    let strip = false;
    let from = -1;
    let to = c.endIndex;
    const quote = c.startIndex;
    const literal = (end: number): void => {
      if (from >= 0 && end > from) {
        const raw = this.text.slice(from, end);
        // A line break inside an interpolation is allowed, one in the literal text is not.
        if (!heredoc && raw.includes('\n')) this.noteRunaway(quote);
        parts.push(heredoc ? decodeHeredocChunk(raw) : decodeQuoted(raw));
      }
    };
    if (c.gotoFirstChild()) {
      do {
        const id = c.nodeTypeId;
        if (id === this.ids.template_interpolation || id === this.ids.template_directive) {
          literal(c.startIndex);
          from = c.endIndex;
          if (id === this.ids.template_directive) {
            parts.push({ k: 'bad', reason: 'template directives (%{ … }) are not evaluated', s: this.rel(c.startIndex), e: this.rel(c.endIndex) });
          } else {
            const inner = this.namedExprs()[0];
            parts.push(inner ?? { k: 'bad', reason: 'empty interpolation', s: this.rel(c.startIndex), e: this.rel(c.endIndex) });
          }
        } else if (id === this.ids.heredoc_start) {
          strip = this.slice() === '<<-';
        } else if (id === this.ids.quoted_template_start || (id === this.ids.heredoc_identifier && from < 0)) {
          from = c.endIndex;
        } else if (id === this.ids.quoted_template_end || id === this.ids.heredoc_identifier) {
          // A heredoc's text ends with the line break before its closing marker's line.
          to = heredoc ? this.text.lastIndexOf('\n', c.startIndex - 1) + 1 : c.startIndex;
        }
      } while (c.gotoNextSibling());
      c.gotoParent();
    }
    literal(Math.max(from, to));
    return templateExpr(parts, heredoc, strip, s, e);
  }
}

/** The expression for a template's parts: a single literal part is a plain string. */
export function templateExpr(parts: (string | Expr)[], heredoc: boolean, strip: boolean, s: number, e: number): Expr {
  const cleaned = heredoc ? heredocParts(parts, strip) : parts;
  if (cleaned.length === 0) return { k: 'lit', value: '', s, e };
  if (cleaned.length === 1 && typeof cleaned[0] === 'string') return heredoc ? { k: 'lit', value: cleaned[0], s, e } : { k: 'str', value: cleaned[0], s, e };
  return { k: 'tpl', parts: cleaned, s, e };
}

/** A quoted string with nothing to decode: no escapes, interpolations or line breaks. */
const ATOM_STRING = /^"[^"\\$%\n\r]*"$/;
const ATOM_NUMBER = /^\d+(?:\.\d+)?$/;
/** `name(.name)*` with HCL identifiers (a `-` inside a name, as Terraform allows). */
const ATOM_REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The value of the text between a quoted string's quotes: HCL escapes, `$${` and `%%{`. */
export function decodeQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
    if (!esc) return m.slice(1);
    if (esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return ESCAPES[esc] ?? esc;
  });
}

/** Heredocs take backslashes literally; only `$${` and `%%{` are escapes. */
export function decodeHeredocChunk(raw: string): string {
  return raw.replace(/\$\$\{|%%\{/g, (m) => m.slice(1));
}

/**
 * A heredoc's content without the line break after its opening marker; with `<<-`, every line loses the
 * indentation the least indented non-blank line has (an interpolation counts as text).
 */
function heredocParts(parts: (string | Expr)[], strip: boolean): (string | Expr)[] {
  const out = [...parts];
  if (typeof out[0] === 'string') out[0] = out[0].replace(/^\r?\n/, '');
  if (strip) {
    const lines = out.map((p) => (typeof p === 'string' ? p : '\u0000')).join('').split('\n').filter((l) => l.trim() !== '');
    const indent = Math.min(...lines.map((l) => /^[ \t]*/.exec(l)![0].length));
    if (Number.isFinite(indent) && indent > 0) {
      const dedent = (l: string) => l.slice(Math.min(indent, /^[ \t]*/.exec(l)![0].length));
      // The text after an interpolation continues its line, so only the lines after its first break start one.
      for (let i = 0; i < out.length; i++) {
        const p = out[i];
        if (typeof p === 'string') out[i] = p.split('\n').map((l, j) => (j === 0 && i > 0 && typeof out[i - 1] !== 'string' ? l : dedent(l))).join('\n');
      }
    }
  }
  return out.filter((p) => p !== '');
}
