/**
 * The Bicep lexer: text → tokens, the way Bicep's own lexer reads it.
 *
 * Newlines are tokens (statements and object items end at them); comments, whitespace and `#disable-next-line`
 * style pragmas are trivia. Strings are modal: a `${` inside a string opens a hole whose tokens are ordinary
 * tokens until the `}` that closes it, so the lexer keeps a stack of open strings. A single-line string, holes
 * included, never runs past the end of its line, so an open quote cannot swallow the rest of the file. The
 * lexer never throws; what it cannot read becomes an `unrecognized` token or a problem.
 */

export type TokenKind =
  | 'identifier'
  | 'integer'
  | 'true'
  | 'false'
  | 'null'
  /** a string without holes: `'…'`, `'''…'''` or `$'''…'''` */
  | 'string'
  /** `'…${` (or the start of a `$'''` string up to its first hole) */
  | 'string-left'
  /** `}…${` between two holes */
  | 'string-middle'
  /** `}…'` (or `}…'''`) after the last hole */
  | 'string-right'
  | 'newline'
  | 'eof'
  | 'unrecognized'
  | '@' | '{' | '}' | '(' | ')' | '[' | ']' | ',' | '.' | '?' | ':' | ';' | '=' | '+' | '-' | '*' | '/' | '%' | '!'
  | '<' | '>' | '^' | '|' | '<=' | '>=' | '==' | '!=' | '=~' | '!~' | '&&' | '||' | '??' | '::' | '=>' | '...';

export interface Token {
  readonly kind: TokenKind;
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** Identifier text, integer digits, or the decoded text of a string token or piece. */
  readonly value: string;
  /** For string tokens: a `'''` multi-line string (no escapes; it is not a plain replaceable literal). */
  readonly multiline: boolean;
}

export interface LexProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly problems: LexProblem[];
  /**
   * Where line breaks inside a hole of a multi-line string start: a line there does not start at the top level, which
   * an incremental parse must know to resume after one (`incremental.ts`).
   */
  readonly holeLines: number[];
  /** Where the lexing stopped, at the first line at the top level from `until` on, if it did (no `eof` then). */
  readonly stoppedAt?: number;
}

/** An open string whose hole the lexer is inside. */
interface Frame {
  readonly multiline: boolean;
  /** For `$$'''` strings: how many dollars open a hole. */
  readonly dollars: number;
  /** `{` opened inside the hole and not yet closed. */
  depth: number;
}

const PUNCTUATION3: Record<string, TokenKind> = { '...': '...' };
const PUNCTUATION2: Record<string, TokenKind> = {
  '<=': '<=', '>=': '>=', '==': '==', '!=': '!=', '=~': '=~', '!~': '!~', '&&': '&&', '||': '||', '??': '??', '::': '::', '=>': '=>',
};
const PUNCTUATION1: Record<string, TokenKind> = {
  '@': '@', '{': '{', '}': '}', '(': '(', ')': ')', '[': '[', ']': ']', ',': ',', '.': '.', '?': '?', ':': ':', ';': ';', '=': '=',
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '!': '!', '<': '<', '>': '>', '^': '^', '|': '|',
};

const MULTI_START = new Set(Object.keys(PUNCTUATION2).map((p) => p[0]));

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

/** Bicep limits identifiers to 255 characters. */
const MAX_IDENTIFIER = 255;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNewline(c: number): boolean {
  return c === 10 || c === 13;
}

/** Whether a character (followed by `next`) starts what is no token: blanks, line breaks, comments, pragmas. */
function isTrivia(c: number, next: number): boolean {
  return c === 32 || c === 9 || isNewline(c) || (c === 47 && (next === 47 || next === 42)) || c === 35;
}

/**
 * The tokens of a text, from `from` (the start of a line at the top level, outside any string or comment) to its end,
 * or to the first token at or after `until` that starts a line at the top level.
 */
export function lex(text: string, from = 0, until = Infinity): LexResult {
  return new Lexer(text, from, until).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private readonly problems: LexProblem[] = [];
  private readonly holeLines: number[] = [];
  private readonly frames: Frame[] = [];

  constructor(
    private readonly text: string,
    private pos: number,
    private readonly until: number,
  ) {}

  run(): LexResult {
    const text = this.text;
    const n = text.length;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (this.pos >= this.until && this.atTopLevelLineStart() && !isTrivia(c, text.charCodeAt(this.pos + 1))) {
        return { tokens: this.tokens, problems: this.problems, holeLines: this.holeLines, stoppedAt: this.pos };
      }
      if (c === 32 || c === 9) {
        this.pos++;
      } else if (isNewline(c)) {
        this.newline();
      } else if (c === 47 /* / */ && text.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < n && !isNewline(text.charCodeAt(this.pos))) this.pos++;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42 /* * */) {
        const close = text.indexOf('*/', this.pos + 2);
        if (close < 0) {
          this.problem('unterminated multi-line comment', this.pos, n);
          this.pos = n;
        } else this.pos = close + 2;
      } else if (c === 35 /* # */ && this.onlyWhitespaceBefore(this.pos)) {
        // A pragma such as `#disable-next-line BCP081`: trivia that runs to the end of the line.
        while (this.pos < n && !isNewline(text.charCodeAt(this.pos))) this.pos++;
      } else if (isIdentStart(c)) {
        this.identifier();
      } else if (isDigit(c)) {
        const start = this.pos;
        while (this.pos < n && isDigit(text.charCodeAt(this.pos))) this.pos++;
        this.push('integer', start, this.pos, text.slice(start, this.pos));
      } else if (c === 39 /* ' */) {
        if (text.startsWith("'''", this.pos)) this.multilineString(this.pos, this.pos + 3, 0, false);
        else this.singleLineString(this.pos, this.pos + 1, false);
      } else if (c === 36 /* $ */) {
        this.dollar();
      } else if (c === 123 /* { */) {
        const top = this.frames[this.frames.length - 1];
        if (top) top.depth++;
        this.push('{', this.pos, ++this.pos);
      } else if (c === 125 /* } */) {
        const top = this.frames[this.frames.length - 1];
        if (top && top.depth === 0) {
          // The `}` that closes a hole: the string goes on.
          this.frames.pop();
          if (top.multiline) this.multilineString(this.pos, this.pos + 1, top.dollars, true);
          else this.singleLineString(this.pos, this.pos + 1, true);
        } else {
          if (top) top.depth--;
          this.push('}', this.pos, ++this.pos);
        }
      } else {
        this.punctuation();
      }
    }
    if (this.frames.length) this.unterminatedHole(n);
    this.push('eof', n, n);
    return { tokens: this.tokens, problems: this.problems, holeLines: this.holeLines };
  }

  /** Whether the last token is a line break outside any string. */
  private atTopLevelLineStart(): boolean {
    return !this.frames.length && this.tokens[this.tokens.length - 1]?.kind === 'newline';
  }

  /** Every token has the same fields, so that the parser's reads of them see one shape. */
  private push(kind: TokenKind, start: number, end: number, value = '', multiline = false): void {
    this.tokens.push({ kind, start, end, value, multiline });
  }

  private problem(message: string, start: number, end: number): void {
    this.problems.push({ message, start, end });
  }

  private onlyWhitespaceBefore(at: number): boolean {
    for (let i = at - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (isNewline(c)) return true;
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  private newline(): void {
    const top = this.frames[this.frames.length - 1];
    if (top && !top.multiline) this.unterminatedHole(this.pos);
    else if (top) this.holeLines.push(this.pos);
    const start = this.pos;
    while (this.pos < this.text.length && isNewline(this.text.charCodeAt(this.pos))) this.pos++;
    this.push('newline', start, this.pos);
  }

  /** A line break or the end of the file inside a single-line hole ends the string: close it with an empty piece. */
  private unterminatedHole(at: number): void {
    this.problem('unterminated string: a string and its ${…} holes must end on the line they start', at, at);
    this.frames.length = 0;
    this.push('string-right', at, at);
  }

  private identifier(): void {
    const start = this.pos;
    const text = this.text;
    while (this.pos < text.length && isIdentPart(text.charCodeAt(this.pos))) this.pos++;
    const value = text.slice(start, this.pos);
    if (value.length > MAX_IDENTIFIER) this.problem(`identifier longer than ${MAX_IDENTIFIER} characters`, start, this.pos);
    const kind: TokenKind = value === 'true' ? 'true' : value === 'false' ? 'false' : value === 'null' ? 'null' : 'identifier';
    this.push(kind, start, this.pos, value);
  }

  private dollar(): void {
    const start = this.pos;
    let i = start;
    while (this.text.charCodeAt(i) === 36) i++;
    if (this.text.startsWith("'''", i)) {
      this.multilineString(start, i + 3, i - start, false);
      return;
    }
    this.problem("unexpected '$': only a multi-line string ($''' … ''') starts with it", start, start + 1);
    this.push('unrecognized', start, ++this.pos);
  }

  private punctuation(): void {
    const text = this.text;
    const start = this.pos;
    const ch = text[start];
    // Most punctuation is one character; only these can start a longer one.
    const three = ch === '.' ? PUNCTUATION3[text.substr(start, 3)] : undefined;
    const two = !three && MULTI_START.has(ch) ? PUNCTUATION2[text.substr(start, 2)] : undefined;
    const kind = three ?? two ?? PUNCTUATION1[ch];
    if (kind) {
      this.pos += three ? 3 : two ? 2 : 1;
      this.push(kind, start, this.pos);
      return;
    }
    // Surrogate pairs stay one token, so offsets never split a character.
    const width = (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    const message =
      ch === '"' ? 'strings use single quotes in Bicep' : ch === '&' ? "unexpected '&': the logical and is '&&'" : `unexpected character '${text.slice(start, start + width)}'`;
    this.problem(message, start, start + width);
    this.pos += width;
    this.push('unrecognized', start, this.pos);
  }

  /**
   * A single-line string or its continuation after a hole. `from` is where the token starts (the quote or the
   * `}`), `at` where its text starts.
   */
  private singleLineString(from: number, at: number, continuation: boolean): void {
    const text = this.text;
    const n = text.length;
    let value = '';
    let run = at;
    let i = at;
    const done = (kind: TokenKind, end: number) => {
      this.pos = end;
      this.push(kind, from, end, value);
    };
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 39) {
        value += text.slice(run, i);
        return done(continuation ? 'string-right' : 'string', i + 1);
      }
      if (c === 36 && text.charCodeAt(i + 1) === 123) {
        value += text.slice(run, i);
        this.frames.push({ multiline: false, dollars: 1, depth: 0 });
        return done(continuation ? 'string-middle' : 'string-left', i + 2);
      }
      if (isNewline(c)) break;
      if (c === 92 /* \ */) {
        value += text.slice(run, i);
        i = this.escape(i, (s) => (value += s));
        run = i;
        continue;
      }
      i++;
    }
    value += text.slice(run, i);
    this.problem('unterminated string: it must end on the line it starts', from, i);
    done(continuation ? 'string-right' : 'string', i);
  }

  /** Reads the escape at `i` (a backslash), hands its text to `out` and returns the offset after it. */
  private escape(i: number, out: (s: string) => void): number {
    const text = this.text;
    const next = text[i + 1];
    if (next === undefined || isNewline(text.charCodeAt(i + 1))) {
      this.problem('incomplete escape sequence', i, i + 1);
      return i + 1;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out(simple);
      return i + 2;
    }
    if (next === 'u' && text[i + 2] === '{') {
      const close = text.indexOf('}', i + 3);
      const hex = close < 0 ? '' : text.slice(i + 3, close);
      const code = /^[0-9a-fA-F]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (code <= 0x10ffff) {
        out(String.fromCodePoint(code));
        return close + 1;
      }
      this.problem('invalid unicode escape: write \\u{…} with at most 10FFFF', i, close < 0 ? i + 2 : close + 1);
      return close < 0 ? i + 2 : close + 1;
    }
    this.problem(`unknown escape sequence '\\${next}': use \\n, \\r, \\t, \\\\, \\', \\$ or \\u{…}`, i, i + 2);
    out(next);
    return i + 2;
  }

  /**
   * A multi-line string (`'''…'''`, or `$'''…'''` with holes opened by `${`, `$$'''…'''` by `$${`…), or its
   * continuation after a hole. It ends at the first run of three or more quotes; it has no escapes.
   */
  private multilineString(from: number, at: number, dollars: number, continuation: boolean): void {
    const text = this.text;
    const n = text.length;
    let i = at;
    // A line break right after the opening quotes is not part of the value.
    if (!continuation) {
      if (text.startsWith('\r\n', i)) i += 2;
      else if (text[i] === '\n') i++;
    }
    let value = '';
    const run = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 39 && text.startsWith("'''", i)) {
        let end = i + 3;
        while (text.charCodeAt(end) === 39) end++;
        value += text.slice(run, end - 3);
        this.pos = end;
        this.push(continuation ? 'string-right' : 'string', from, end, value, true);
        return;
      }
      if (c === 36 && dollars > 0) {
        let j = i;
        while (text.charCodeAt(j) === 36) j++;
        if (j - i >= dollars && text.charCodeAt(j) === 123) {
          value += text.slice(run, j - dollars);
          this.pos = j + 1;
          this.frames.push({ multiline: true, dollars, depth: 0 });
          this.push(continuation ? 'string-middle' : 'string-left', from, j + 1, value, true);
          return;
        }
        i = j;
        continue;
      }
      i++;
    }
    value += text.slice(run, n);
    this.problem("unterminated multi-line string: close it with '''", from, n);
    this.pos = n;
    this.push(continuation ? 'string-right' : 'string', from, n, value, true);
  }
}
