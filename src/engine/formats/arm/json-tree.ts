/**
 * The tree jsonc-parser's `parseTree` builds, built directly for text that parses without a problem: the same nodes
 * with the same fields and values, children lists of their exact length, and no pass over the text before it.
 *
 * jsonc-parser reads through a visitor (a callback per token, a path kept per property) and its tolerant reading
 * needs the text prepared first (multi-line strings, nesting depth); templates compiled by Bicep run to megabytes,
 * and that reading was half the time of a scan of a repository of them. Anything this reader does not take as it
 * is (a syntax error, a raw line break in a string, a character jsonc-parser reads as unknown, nesting beyond the
 * limit, an empty text) makes it give up, and the caller reads the text the tolerant way, which says what is wrong
 * and where: the result is always what the tolerant reading would give.
 */
import type { Node as JsonNode } from 'jsonc-parser';

/** A node while it is read: its length, children and colon are known only after what it holds. */
type Building = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** Thrown inside the reader where the text needs the tolerant reading; never leaves this module. */
const GIVE_UP = Symbol('give up');

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** What jsonc-parser's scanner reads as part of a word (`true`, or an unknown symbol): all but whitespace and punctuation. */
function isWordCharacter(c: number): boolean {
  if (Number.isNaN(c)) return false;
  switch (c) {
    case SPACE:
    case TAB:
    case LF:
    case CR:
    case CLOSE_BRACE:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case OPEN_BRACKET:
    case QUOTE:
    case COLON:
    case COMMA:
    case SLASH:
      return false;
  }
  return true;
}

const WORDS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;

/** What a list or property holds until it is read whole; replaced then, never added to. */
const NOT_YET_READ: JsonNode[] = [];

const ESCAPED: Readonly<Record<number, string>> = { 34: '"', 92: '\\', 47: '/', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };

class Reader {
  pos = 0;
  /** Children of the lists being read, innermost last: each list takes its own as an array of the exact length. */
  private readonly pending: JsonNode[] = [];

  constructor(
    private readonly text: string,
    private readonly strict: boolean,
    private readonly maxDepth: number,
  ) {}

  /** Passes over whitespace and, unless strict, comments. */
  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === SPACE || c === TAB || c === LF || c === CR) {
        this.pos++;
      } else if (c === SLASH) {
        const next = t.charCodeAt(this.pos + 1);
        if (this.strict || (next !== SLASH && next !== STAR)) throw GIVE_UP;
        if (next === SLASH) {
          let p = this.pos + 2;
          for (let d = t.charCodeAt(p); p < t.length && d !== LF && d !== CR; d = t.charCodeAt(++p));
          this.pos = p;
        } else {
          const end = t.indexOf('*/', this.pos + 2);
          if (end < 0) throw GIVE_UP;
          this.pos = end + 2;
        }
      } else {
        return;
      }
    }
  }

  value(parent: JsonNode | undefined, depth: number): JsonNode {
    const t = this.text;
    const offset = this.pos;
    const c = t.charCodeAt(offset);
    if (c === OPEN_BRACE) return this.list('object', parent, depth + 1);
    if (c === OPEN_BRACKET) return this.list('array', parent, depth + 1);
    if (c === QUOTE) {
      const value = this.string();
      return { type: 'string', offset, length: this.pos - offset, parent, value };
    }
    if (c === MINUS || isDigit(c)) return this.number(parent);
    for (const [word, value] of WORDS) {
      if (t.startsWith(word, offset) && !isWordCharacter(t.charCodeAt(offset + word.length))) {
        this.pos = offset + word.length;
        return { type: value === null ? 'null' : 'boolean', offset, length: word.length, parent, value };
      }
    }
    throw GIVE_UP;
  }

  private number(parent: JsonNode | undefined): JsonNode {
    const t = this.text;
    const offset = this.pos;
    let p = offset;
    if (t.charCodeAt(p) === MINUS) p++;
    if (!isDigit(t.charCodeAt(p))) throw GIVE_UP;
    if (t.charCodeAt(p) === ZERO) p++;
    else while (isDigit(t.charCodeAt(p))) p++;
    if (t.charCodeAt(p) === DOT) {
      if (!isDigit(t.charCodeAt(++p))) throw GIVE_UP;
      while (isDigit(t.charCodeAt(p))) p++;
    }
    if (t.charCodeAt(p) === UPPER_E || t.charCodeAt(p) === LOWER_E) {
      p++;
      if (t.charCodeAt(p) === PLUS || t.charCodeAt(p) === MINUS) p++;
      if (!isDigit(t.charCodeAt(p))) throw GIVE_UP;
      while (isDigit(t.charCodeAt(p))) p++;
    }
    // jsonc-parser would read what follows as a token of its own (`01`, `1.5.2`, `1-2`): a syntax error.
    if (isWordCharacter(t.charCodeAt(p))) throw GIVE_UP;
    this.pos = p;
    return { type: 'number', offset, length: p - offset, parent, value: Number(t.slice(offset, p)) };
  }

  /** A string's value, from its opening quote; the position is left after the closing one. */
  string(): string {
    const t = this.text;
    let p = this.pos + 1;
    let from = p;
    let out = '';
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === QUOTE) break;
      // The end of the text, a line break or another control character: a problem for the tolerant reading to name.
      if (!(c >= SPACE)) throw GIVE_UP;
      if (c !== BACKSLASH) {
        p++;
        continue;
      }
      out += t.slice(from, p);
      const e = t.charCodeAt(p + 1);
      const escaped = ESCAPED[e];
      if (escaped !== undefined) {
        out += escaped;
        p += 2;
      } else if (e === 0x75 /* u */ && /^[0-9a-fA-F]{4}$/.test(t.slice(p + 2, p + 6))) {
        out += String.fromCharCode(parseInt(t.slice(p + 2, p + 6), 16));
        p += 6;
      } else {
        throw GIVE_UP;
      }
      from = p;
    }
    this.pos = p + 1;
    return out + t.slice(from, p);
  }

  /** An object or an array, from its opening bracket to just after its closing one. */
  private list(type: 'object' | 'array', parent: JsonNode | undefined, depth: number): JsonNode {
    if (depth > this.maxDepth) throw GIVE_UP;
    const close = type === 'object' ? CLOSE_BRACE : CLOSE_BRACKET;
    const node: Building = { type, offset: this.pos, length: -1, parent, children: NOT_YET_READ };
    const mark = this.pending.length;
    this.pos++;
    this.skip();
    if (this.text.charCodeAt(this.pos) !== close) {
      do this.pending.push(type === 'object' ? this.property(node, depth) : this.value(node, depth));
      while (!this.separator(close));
    }
    this.pos++;
    node.length = this.pos - node.offset;
    node.children = this.pending.slice(mark);
    this.pending.length = mark;
    return node;
  }

  private property(object: JsonNode, depth: number): JsonNode {
    const t = this.text;
    if (t.charCodeAt(this.pos) !== QUOTE) throw GIVE_UP;
    const offset = this.pos;
    const name = this.string();
    const property: Building = { type: 'property', offset, length: -1, parent: object, children: NOT_YET_READ, colonOffset: -1 };
    const key: JsonNode = { type: 'string', value: name, offset, length: this.pos - offset, parent: property };
    this.skip();
    if (t.charCodeAt(this.pos) !== COLON) throw GIVE_UP;
    property.colonOffset = this.pos++;
    this.skip();
    const value = this.value(property, depth);
    property.length = this.pos - offset;
    property.children = [key, value];
    return property;
  }

  /** After an item: true at the closing bracket (after a trailing comma where allowed), false after a comma. */
  private separator(close: number): boolean {
    this.skip();
    const c = this.text.charCodeAt(this.pos);
    if (c === close) return true;
    if (c !== COMMA) throw GIVE_UP;
    this.pos++;
    this.skip();
    if (this.text.charCodeAt(this.pos) !== close) return false;
    if (this.strict) throw GIVE_UP;
    return true;
  }
}

/**
 * The tree of a text that parses without a problem, as jsonc-parser's `parseTree` gives it (comments and trailing
 * commas allowed unless `strict`); undefined where the text needs the tolerant reading.
 */
export function wellFormedTree(text: string, strict: boolean, maxDepth: number): JsonNode | undefined {
  const reader = new Reader(text, strict, maxDepth);
  try {
    reader.skip();
    if (reader.pos >= text.length) return undefined;
    const root = reader.value(undefined, 0);
    reader.skip();
    if (reader.pos < text.length) return undefined;
    // jsonc-parser's root has no `parent` at all, not an undefined one.
    delete (root as { parent?: JsonNode }).parent;
    return root;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}
