/**
 * A hand-written parser for well-formed HCL, giving the syntax tree that tree-sitter's parse gives once converted by
 * `convert.ts`, many times faster: a 5,000-line file takes tree-sitter over 30 ms, this parser under 2.
 *
 * It reads only what it is sure of. A syntax error, a template directive, an escape the grammar's scanner treats
 * oddly, a string that runs over its line, any character outside the usual set: it gives up there, and `parse.ts`
 * hands that stretch of the file to tree-sitter, which recovers from errors and reports them. So tree-sitter still
 * decides everything that is not plainly well formed, and this parser needs no error recovery of its own.
 *
 * Where the grammar reads HCL loosely, this parser reads it the same way (line breaks count as spaces, as the
 * grammar's do), so that a file gives the same tree whichever parser read it; `strict-parser.test.ts` compares the two.
 */
import { decodeHeredocChunk, decodeQuoted, templateExpr } from './convert';
import type { Attribute, Block, Body, Expr, Label, ObjectItem, Step, TopItem } from './syntax';

/**
 * The top-level items read from an offset: up to the end, up to a position where `stop` said to stop, or up to
 * where the text stops being plainly well formed.
 */
export interface StrictRead {
  readonly items: TopItem[];
  /** Where reading stopped early (the start of a top-level item), if it did. */
  readonly stoppedAt?: number;
  /** Where the strict parser gave up: the start of the item it was reading, or of the space before it. */
  readonly failedAt?: number;
  /**
   * With `failedAt`, the end of the text read before giving up (the end of the text for an unclosed brace, comment
   * or heredoc): an edit before it may change whether and where the strict parser gives up.
   */
  readonly reach?: number;
}

/**
 * How far past the start of the next item (after the comments and blank lines between) the strict parser may look
 * (`[*]`, `...`, `for `) to decide where an item ends.
 */
export const STRICT_LOOKAHEAD = 4;

/**
 * The top-level items of `text` from offset `from`, which must be where an item, or the space before one, may
 * start. `stop` is asked at each later item start whether to stop there.
 */
export function readStrict(text: string, from = 0, stop?: (at: number) => boolean): StrictRead {
  return new StrictParser(text).items(from, stop);
}

/**
 * The whole of `text` as one expression (spaces around it allowed); undefined where it is not plainly well-formed HCL.
 * Terraform's JSON syntax writes expressions inside strings (`json-syntax.ts`).
 */
export function readExpression(text: string): Expr | undefined {
  return new StrictParser(text).wholeExpression();
}

/**
 * The whole of `text` as a template's parts, read as a heredoc's lines are (no escapes but `$${` and `%%{`), which is
 * how Terraform reads a string of its JSON syntax once JSON has decoded it; undefined where the strict parser gives up.
 */
export function readTemplate(text: string): (string | Expr)[] | undefined {
  return new StrictParser(text).bareTemplate();
}

const GIVE_UP = new Error('not plainly well-formed HCL');

/** Nesting past this depth is left to tree-sitter, well before the stack would overflow. */
const MAX_DEPTH = 256;

/** Binary operators by precedence, as the grammar ranks them. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  '*': 6, '/': 6, '%': 6, '+': 5, '-': 5, '>': 4, '>=': 4, '<': 4, '<=': 4, '==': 3, '!=': 3, '&&': 2, '||': 1,
};

/** What the grammar's scanner skips as space (iswspace) besides the line break: other than these, heredocs give up. */
const HEREDOC_SPACE = /[\t\v\f\r \u0085\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/;

/**
 * Identifier characters from here on are left to tree-sitter: its tables are of an older Unicode version than the
 * runtime's, and the scripts added since are above this point.
 */
const UNICODE_LIMIT = 0x800;
const UNICODE_ID_START = /\p{ID_Start}/u;
const UNICODE_ID_CONTINUE = /\p{ID_Continue}/u;

class StrictParser {
  private i = 0;
  /** The document offset that ranges are relative to: the start of the current top-level item. */
  private base = 0;
  private depth = 0;
  /** The furthest offset a search reached (an unterminated comment's search reaches the end of the text). */
  private far = 0;
  /** The syntactic extent (parentheses included) of the expression last read. */
  private ss = 0;
  private se = 0;

  constructor(private readonly t: string) {}

  items(from: number, stop?: (at: number) => boolean): StrictRead {
    const t = this.t;
    const items: TopItem[] = [];
    this.i = from;
    let at = from;
    try {
      for (;;) {
        at = this.i;
        this.trivia();
        if (this.i >= t.length) return { items };
        if (stop && this.i > from && stop(this.i)) return { items, stoppedAt: this.i };
        at = this.base = this.i;
        items.push({ base: this.base, node: this.item() });
      }
    } catch (e) {
      if (e === GIVE_UP || e instanceof RangeError) return { items, failedAt: at, reach: Math.min(t.length, Math.max(this.i, this.far) + STRICT_LOOKAHEAD) };
      throw e;
    }
  }

  wholeExpression(): Expr | undefined {
    return this.attempt(() => {
      this.trivia();
      const x = this.expression();
      this.trivia();
      return this.i === this.t.length ? x : undefined;
    });
  }

  bareTemplate(): (string | Expr)[] | undefined {
    return this.attempt(() => {
      const t = this.t;
      const parts: (string | Expr)[] = [];
      let from = 0;
      while (this.i < t.length) {
        const c = t.charCodeAt(this.i);
        if (c === 0x24 || c === 0x25) from = this.templateMark(c, parts, from, decodeHeredocChunk);
        else if (this.oddInHeredoc(c)) throw GIVE_UP;
        else this.i++;
      }
      if (t.length > from) parts.push(decodeHeredocChunk(t.slice(from)));
      return parts;
    });
  }

  /** What `read` reads from the start of the text; undefined where the parser gives up. */
  private attempt<T>(read: () => T | undefined): T | undefined {
    this.i = 0;
    this.base = 0;
    try {
      return read();
    } catch (e) {
      if (e === GIVE_UP || e instanceof RangeError) return undefined;
      throw e;
    }
  }

  // ---- lexical ----

  /** Skips spaces, line breaks and comments. */
  private trivia(): void {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) this.i++;
      else if (c === 0x23 /* # */) this.lineComment();
      else if (c === 0x2f /* / */) {
        const d = t.charCodeAt(this.i + 1);
        if (d === 0x2f) this.lineComment();
        else if (d === 0x2a) {
          const end = t.indexOf('*/', this.i + 2);
          if (end < 0) this.far = t.length;
          if (end < 0 || this.hasNul(this.i, end)) throw GIVE_UP;
          this.i = end + 2;
        } else return;
      } else return;
    }
  }

  private lineComment(): void {
    const end = this.t.indexOf('\n', this.i);
    if (this.hasNul(this.i, end < 0 ? this.t.length : end)) throw GIVE_UP;
    this.i = end < 0 ? this.t.length : end;
  }

  /** Whether a comment's text holds a NUL character, where the grammar's comments stop. */
  private hasNul(from: number, to: number): boolean {
    for (let j = from; j < to; j++) if (this.t.charCodeAt(j) === 0) return true;
    return false;
  }

  private rel(offset: number): number {
    return offset - this.base;
  }

  private isIdStart(at: number): boolean {
    const c = this.t.charCodeAt(at);
    if (Number.isNaN(c)) return false;
    if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
    if (c >= UNICODE_LIMIT) throw GIVE_UP;
    return UNICODE_ID_START.test(String.fromCodePoint(this.t.codePointAt(at)!));
  }

  /** An identifier at the current offset (HCL's: `-` and `::` may continue it), or give up. */
  private identifier(): string {
    const t = this.t;
    const start = this.i;
    if (!this.isIdStart(start)) throw GIVE_UP;
    let i = start + (t.codePointAt(start)! > 0xffff ? 2 : 1);
    for (;;) {
      const c = t.charCodeAt(i);
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d) i++;
      else if (c === 0x3a && t.charCodeAt(i + 1) === 0x3a) i += 2;
      else if (c >= 0x80) {
        const cp = t.codePointAt(i)!;
        if (cp >= UNICODE_LIMIT) throw GIVE_UP;
        if (!UNICODE_ID_CONTINUE.test(String.fromCodePoint(cp))) break;
        i += cp > 0xffff ? 2 : 1;
      } else break;
    }
    this.i = i;
    return t.slice(start, i);
  }

  private expect(ch: number): void {
    this.trivia();
    if (this.t.charCodeAt(this.i) !== ch) throw GIVE_UP;
    this.i++;
  }

  /** Whether the identifier at the current offset is exactly `word` (not the start of a longer one). */
  private atWord(word: string): boolean {
    if (!this.t.startsWith(word, this.i)) return false;
    const after = this.i + word.length;
    const c = this.t.charCodeAt(after);
    if (Number.isNaN(c)) return true;
    if (c < 0x80) return !(/[\w-]/.test(this.t[after]) || this.t.startsWith('::', after));
    return !UNICODE_ID_CONTINUE.test(String.fromCodePoint(this.t.codePointAt(after)!));
  }

  // ---- structure ----

  private item(): Attribute | Block {
    const start = this.i;
    const name = this.identifier();
    const nameEnd = this.i;
    this.trivia();
    const c = this.t.charCodeAt(this.i);
    if (c === 0x3d /* = */) {
      const d = this.t.charCodeAt(this.i + 1);
      if (d === 0x3d || d === 0x3e) throw GIVE_UP;
      this.i++;
      const value = this.expression();
      return { k: 'attribute', name, nameEnd: this.rel(nameEnd), value, s: this.rel(start), e: this.rel(this.se) };
    }
    return this.block(start, name);
  }

  private block(start: number, type: string): Block {
    const t = this.t;
    const labels: Label[] = [];
    for (;;) {
      this.trivia();
      const c = t.charCodeAt(this.i);
      if (c === 0x7b /* { */) break;
      const s = this.i;
      if (c === 0x22 /* " */) {
        const x = this.quoted();
        if (x.k !== 'str') throw GIVE_UP;
        labels.push({ value: x.value, s: this.rel(s), e: this.rel(this.i) });
      } else {
        const value = this.identifier();
        labels.push({ value, s: this.rel(s), e: this.rel(this.i) });
      }
    }
    this.i++;
    const open = this.rel(this.i);
    const body = this.body();
    const close = this.rel(this.i);
    this.i++;
    return { k: 'block', type, labels, open, close, body, s: this.rel(start), e: this.rel(this.i) };
  }

  /** A block's body, up to (not past) its closing brace. */
  private body(): Body {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const items: (Attribute | Block)[] = [];
    for (;;) {
      this.trivia();
      const c = this.t.charCodeAt(this.i);
      if (c === 0x7d /* } */) break;
      if (Number.isNaN(c)) throw GIVE_UP;
      items.push(this.item());
    }
    this.depth--;
    return { items };
  }

  // ---- expressions ----

  /** An expression, conditionals included (`a ? b : c ? d : e` is `a ? b : (c ? d : e)`). */
  private expression(): Expr {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const test = this.binary(0);
    const s = this.ss;
    this.trivia();
    let x = test;
    if (this.t.charCodeAt(this.i) === 0x3f /* ? */) {
      this.i++;
      const then = this.expression();
      this.expect(0x3a /* : */);
      const otherwise = this.expression();
      x = { k: 'cond', test, then, else: otherwise, s: this.rel(s), e: this.rel(this.se) };
      this.ss = s;
    }
    this.depth--;
    return x;
  }

  private binary(min: number): Expr {
    let left = this.unary();
    const s = this.ss;
    for (;;) {
      this.trivia();
      const op = this.operator();
      if (op === undefined || PRECEDENCE[op] < min) break;
      this.i += op.length;
      const right = this.binary(PRECEDENCE[op] + 1);
      left = { k: 'bin', op, left, right, s: this.rel(s), e: this.rel(this.se) };
    }
    this.ss = s;
    return left;
  }

  /** The binary operator at the current offset, if one is. */
  private operator(): string | undefined {
    const t = this.t;
    const c = t[this.i];
    const d = t[this.i + 1];
    switch (c) {
      case '*':
      case '/':
      case '%':
      case '+':
      case '-':
        return c;
      case '>':
      case '<':
        if (d === c) throw GIVE_UP;
        return d === '=' ? c + d : c;
      case '=':
        return d === '=' ? '==' : undefined;
      case '!':
        return d === '=' ? '!=' : undefined;
      case '&':
        if (d !== '&') throw GIVE_UP;
        return '&&';
      case '|':
        if (d !== '|') throw GIVE_UP;
        return '||';
      default:
        return undefined;
    }
  }

  private unary(): Expr {
    this.trivia();
    const c = this.t.charCodeAt(this.i);
    if (c === 0x2d /* - */ || c === 0x21 /* ! */) {
      const s = this.i;
      if (this.t.charCodeAt(s + 1) === 0x3d) throw GIVE_UP;
      this.i++;
      if (++this.depth > MAX_DEPTH) throw GIVE_UP;
      const arg = this.unary();
      this.depth--;
      this.ss = s;
      return { k: 'un', op: c === 0x2d ? '-' : '!', arg, s: this.rel(s), e: this.rel(this.se) };
    }
    return this.postfix(this.primary());
  }

  /** Attribute access, indexes and splats after a term. */
  private postfix(term: Expr): Expr {
    const t = this.t;
    const s = this.ss;
    let x = term;
    for (;;) {
      const before = this.i;
      this.trivia();
      const c = t.charCodeAt(this.i);
      if (c === 0x2e /* . */ && t.charCodeAt(this.i + 1) !== 0x2e /* an ellipsis */) {
        const d = t.charCodeAt(this.i + 1);
        if (d === 0x2a /* * */) {
          this.i += 2;
          x = this.splat(x, true);
        } else if (d >= 0x30 && d <= 0x39) {
          x = { k: 'index', obj: x, index: this.legacyIndex(), s: x.s, e: this.rel(this.i) };
        } else {
          this.i++;
          const name = this.identifier();
          x = { k: 'attr', obj: x, name, s: x.s, e: this.rel(this.i) };
        }
      } else if (c === 0x5b /* [ */) {
        if (t.startsWith('[*]', this.i)) {
          this.i += 3;
          x = this.splat(x);
        } else {
          x = { k: 'index', obj: x, index: this.newIndex(), s: x.s, e: this.rel(this.i) };
        }
      } else {
        this.i = before;
        break;
      }
    }
    this.ss = s;
    this.se = this.i;
    return x;
  }

  /** `.0` (the digits as a number, ranged without the dot). */
  private legacyIndex(): Expr {
    const start = ++this.i;
    while (this.t.charCodeAt(this.i) >= 0x30 && this.t.charCodeAt(this.i) <= 0x39) this.i++;
    return { k: 'lit', value: Number(this.t.slice(start, this.i)), s: this.rel(start), e: this.rel(this.i) };
  }

  /** `[expr]`, from its opening bracket. */
  private newIndex(): Expr {
    this.i++;
    const index = this.expression();
    this.expect(0x5d /* ] */);
    return index;
  }

  /** After `.*` or `[*]`: every attribute and index step that follows belongs to the splat. */
  private splat(obj: Expr, legacy = false): Expr {
    const t = this.t;
    const steps: Step[] = [];
    for (;;) {
      const before = this.i;
      this.trivia();
      const c = t.charCodeAt(this.i);
      const d = t.charCodeAt(this.i + 1);
      if (c === 0x2e && d >= 0x30 && d <= 0x39) steps.push({ index: this.legacyIndex() });
      else if (c === 0x2e && d !== 0x2a && d !== 0x2e) {
        this.i++;
        steps.push({ name: this.identifier() });
      } else if (c === 0x5b && !t.startsWith('[*]', this.i)) steps.push({ index: this.newIndex() });
      else {
        this.i = before;
        break;
      }
    }
    const e = this.rel(this.i);
    return legacy ? { k: 'splat', obj, steps, s: obj.s, e, legacy } : { k: 'splat', obj, steps, s: obj.s, e };
  }

  /** A term; sets its syntactic extent. */
  private primary(): Expr {
    const t = this.t;
    const s = this.i;
    const c = t.charCodeAt(s);
    let x: Expr;
    if (c === 0x22 /* " */) x = this.quoted();
    else if (c >= 0x30 && c <= 0x39) x = this.number();
    else if (c === 0x5b /* [ */) x = this.tuple();
    else if (c === 0x7b /* { */) x = this.object();
    else if (c === 0x3c /* < */ && t.charCodeAt(s + 1) === 0x3c) x = this.heredoc();
    else if (c === 0x28 /* ( */) {
      this.i++;
      x = this.expression();
      this.expect(0x29 /* ) */);
    } else x = this.named();
    this.ss = s;
    this.se = this.i;
    return x;
  }

  private number(): Expr {
    const t = this.t;
    const s = this.i;
    const m = /0x[0-9a-zA-Z]+|[0-9]+(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?)?/y;
    m.lastIndex = s;
    const found = m.exec(t);
    if (!found) throw GIVE_UP;
    this.i = s + found[0].length;
    return { k: 'lit', value: Number(found[0]), s: this.rel(s), e: this.rel(this.i) };
  }

  /** A name: a literal keyword, a function call or a variable. */
  private named(): Expr {
    const s = this.i;
    const name = this.identifier();
    const e = this.i;
    if (name === 'true' || name === 'false') return { k: 'lit', value: name === 'true', s: this.rel(s), e: this.rel(e) };
    if (name === 'null') return { k: 'lit', value: null, s: this.rel(s), e: this.rel(e) };
    if (name === 'for' || name === 'in' || name === 'if') throw GIVE_UP;
    this.trivia();
    if (this.t.charCodeAt(this.i) !== 0x28 /* ( */) {
      this.i = e;
      return { k: 'var', name, s: this.rel(s), e: this.rel(e) };
    }
    this.i++;
    const args: Expr[] = [];
    let expand = false;
    this.trivia();
    if (this.t.charCodeAt(this.i) !== 0x29) {
      for (;;) {
        args.push(this.expression());
        this.trivia();
        if (this.t.startsWith('...', this.i)) {
          this.i += 3;
          expand = true;
          this.trivia();
          break;
        }
        if (this.t.charCodeAt(this.i) !== 0x2c /* , */) break;
        this.i++;
        this.trivia();
        if (this.t.charCodeAt(this.i) === 0x29) break;
      }
    }
    this.expect(0x29 /* ) */);
    return { k: 'call', name, args, expand, s: this.rel(s), e: this.rel(this.i) };
  }

  private tuple(): Expr {
    const s = this.i++;
    this.trivia();
    if (this.atWord('for')) return this.forExpr(s, false);
    const items: Expr[] = [];
    if (this.t.charCodeAt(this.i) !== 0x5d) {
      for (;;) {
        items.push(this.expression());
        this.trivia();
        if (this.t.charCodeAt(this.i) !== 0x2c) break;
        this.i++;
        this.trivia();
        if (this.t.charCodeAt(this.i) === 0x5d) break;
      }
    }
    this.expect(0x5d /* ] */);
    return { k: 'tuple', items, s: this.rel(s), e: this.rel(this.i) };
  }

  private object(): Expr {
    const s = this.i++;
    this.trivia();
    if (this.atWord('for')) return this.forExpr(s, true);
    const items: ObjectItem[] = [];
    for (;;) {
      this.trivia();
      if (this.t.charCodeAt(this.i) === 0x7d) break;
      const keyStart = this.i;
      const key = this.expression();
      this.trivia();
      const c = this.t.charCodeAt(this.i);
      const d = this.t.charCodeAt(this.i + 1);
      if (!((c === 0x3d && d !== 0x3d && d !== 0x3e) || c === 0x3a)) throw GIVE_UP;
      this.i++;
      const value = this.expression();
      // A bare name as a key is the name itself, not a reference; `(name)` is a reference.
      const literalKey = key.k === 'var' && key.s === this.rel(keyStart);
      items.push({ key: literalKey ? { k: 'lit', value: key.name, s: key.s, e: key.e } : key, value });
      this.trivia();
      if (this.t.charCodeAt(this.i) === 0x2c) this.i++;
    }
    this.i++;
    return { k: 'obj', items, s: this.rel(s), e: this.rel(this.i) };
  }

  /** `[for …]` or `{for …}`, after the opening bracket. */
  private forExpr(s: number, isObject: boolean): Expr {
    this.i += 3;
    this.trivia();
    const first = this.identifier();
    this.trivia();
    let second: string | undefined;
    if (this.t.charCodeAt(this.i) === 0x2c) {
      this.i++;
      this.trivia();
      second = this.identifier();
      this.trivia();
    }
    if (!this.atWord('in')) throw GIVE_UP;
    this.i += 2;
    const coll = this.expression();
    this.expect(0x3a /* : */);
    const keyOrValue = this.expression();
    let value: Expr | undefined;
    let group = false;
    if (isObject) {
      this.trivia();
      if (!this.t.startsWith('=>', this.i)) throw GIVE_UP;
      this.i += 2;
      value = this.expression();
      this.trivia();
      if (this.t.startsWith('...', this.i)) {
        this.i += 3;
        group = true;
      }
    }
    this.trivia();
    let cond: Expr | undefined;
    if (this.atWord('if')) {
      this.i += 2;
      cond = this.expression();
    }
    this.expect(isObject ? 0x7d : 0x5d);
    const keyVar = second === undefined ? undefined : first;
    const valueVar = second ?? first;
    const e = this.rel(this.i);
    return isObject
      ? { k: 'for', keyVar, valueVar, coll, key: keyOrValue, value: value!, cond, group, s: this.rel(s), e }
      : { k: 'for', keyVar, valueVar, coll, value: keyOrValue, cond, group, s: this.rel(s), e };
  }

  // ---- templates ----

  /** A quoted string or template, from its opening quote. */
  private quoted(): Expr {
    const t = this.t;
    const s = this.i++;
    const parts: (string | Expr)[] = [];
    let from = this.i;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 0x22 /* " */) break;
      if (c === 0x0a || c === 0x0d || c === 0 || Number.isNaN(c)) throw GIVE_UP;
      if (c === 0x5c /* \ */) {
        // The grammar's scanner mishandles \u and \U escapes; tree-sitter decides strings that have them.
        if (!'nrt"\\'.includes(t[this.i + 1])) throw GIVE_UP;
        this.i += 2;
      } else if (c === 0x24 /* $ */ || c === 0x25 /* % */) {
        from = this.templateMark(c, parts, from, decodeQuoted);
      } else this.i++;
    }
    const end = this.i;
    this.i++;
    // Only interpolations add parts before the end.
    if (!parts.length) return { k: 'str', value: decodeQuoted(t.slice(s + 1, end)), s: this.rel(s), e: this.rel(this.i) };
    if (end > from) parts.push(decodeQuoted(t.slice(from, end)));
    return templateExpr(parts, false, false, this.rel(s), this.rel(this.i));
  }

  /**
   * At a `$` or `%` in a template's text: steps over an escape (`$${`, or `$$` and `%%`, which the grammar's
   * scanner takes as one chunk, so that `$$${x}` is `$$` and an interpolation) or a lone character; at `${`, adds
   * the text before it and the interpolation to `parts`. Returns where the template's next text starts.
   */
  private templateMark(c: number, parts: (string | Expr)[], from: number, decode: (raw: string) => string): number {
    const t = this.t;
    const d = t.charCodeAt(this.i + 1);
    if (d === c) {
      this.i += t.charCodeAt(this.i + 2) === 0x7b ? 3 : 2;
      return from;
    }
    if (d !== 0x7b) {
      this.i++;
      return from;
    }
    if (c === 0x25) throw GIVE_UP;
    if (this.i > from) parts.push(decode(t.slice(from, this.i)));
    parts.push(this.interpolation());
    return this.i;
  }

  /** `${ expr }`, from its `$`. */
  private interpolation(): Expr {
    this.i += 2;
    this.trivia();
    if (this.t.charCodeAt(this.i) === 0x7e /* ~ */ || this.t.charCodeAt(this.i) === 0x7d) throw GIVE_UP;
    const x = this.expression();
    this.expect(0x7d /* } */);
    return x;
  }

  /** `<<ID` or `<<-ID`, its lines, and the line with `ID` alone that closes it. */
  private heredoc(): Expr {
    const t = this.t;
    const s = this.i;
    this.i += 2;
    const strip = t.charCodeAt(this.i) === 0x2d;
    if (strip) this.i++;
    const m = /[A-Za-z0-9_-]+(?=\r?\n)/y;
    m.lastIndex = this.i;
    const id = m.exec(t)?.[0];
    if (!id) throw GIVE_UP;
    this.i += id.length;
    const parts: (string | Expr)[] = [];
    let from = this.i;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (Number.isNaN(c)) throw GIVE_UP;
      if (c === 0x0a) {
        const lineStart = ++this.i;
        if (this.closesHeredoc(id)) {
          if (lineStart > from) parts.push(decodeHeredocChunk(t.slice(from, lineStart)));
          break;
        }
      } else if (c === 0x24 || c === 0x25) {
        from = this.templateMark(c, parts, from, decodeHeredocChunk);
      } else if (this.oddInHeredoc(c)) {
        throw GIVE_UP;
      } else this.i++;
    }
    return templateExpr(parts, true, strip, this.rel(s), this.rel(this.i));
  }

  /** A character in a heredoc's text that the grammar's scanner treats as space (or NUL): tree-sitter decides those. */
  private oddInHeredoc(c: number): boolean {
    return c === 0 || c === 0x0b || c === 0x0c || (c >= 0x85 && HEREDOC_SPACE.test(this.t[this.i]));
  }

  /**
   * Whether the closing marker is at the current offset (after a line's indentation): the marker, then spaces to a
   * line break. When it is, the offset moves past the marker.
   */
  private closesHeredoc(id: string): boolean {
    const t = this.t;
    let j = this.i;
    while (t.charCodeAt(j) === 0x20 || t.charCodeAt(j) === 0x09 || t.charCodeAt(j) === 0x0d) j++;
    if (!t.startsWith(id, j)) return false;
    let k = j + id.length;
    while (t.charCodeAt(k) === 0x20 || t.charCodeAt(k) === 0x09 || t.charCodeAt(k) === 0x0d) k++;
    if (t.charCodeAt(k) === 0x0a) {
      this.i = j + id.length;
      return true;
    }
    // The scanner takes the marker, its spaces and the next character as text: `EOT ${x}` has no interpolation.
    if (k < t.length && t.charCodeAt(k) !== 0 && !HEREDOC_SPACE.test(t[k])) this.i = k + 1;
    return false;
  }
}
