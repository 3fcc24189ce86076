/**
 * The parser's footing: reading tokens, reporting problems and recovering the way Bicep's parser does.
 *
 * A parse function that meets a token it cannot use throws a {@link ParseError}; {@link TokenReader.recover}
 * catches it at the nearest recovery point, reports one problem, skips to the point's terminators (a newline, a
 * closing bracket, a comma) and hands back an `error` node, so the tree keeps its shape and the next line is
 * read as usual. Nothing escapes the parser: the entry point catches what the recovery points do not.
 */
import type { LexProblem, Token, TokenKind } from './lexer';
import type { ErrorNode, Name } from './syntax';

export class ParseError {
  constructor(
    readonly message: string,
    readonly token: Token,
  ) {}
}

/** How deeply brackets and expressions may nest before the parser gives up on the construct. */
const MAX_DEPTH = 200;

/** Words that start a declaration; at the start of a line inside brackets they mean a bracket was left open. */
const DECLARATION_KEYWORDS = new Set(['targetScope', 'metadata', 'param', 'var', 'type', 'func', 'resource', 'module', 'output', 'import', 'extension', 'assert', 'test', 'using', 'extends', 'extensionConfig']);

export abstract class TokenReader {
  protected i = 0;
  private depth = 0;
  readonly problems: LexProblem[] = [];

  constructor(
    protected readonly tokens: readonly Token[],
    protected readonly text: string,
  ) {}

  protected get token(): Token {
    return this.tokens[this.i];
  }

  protected peek(k: number): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }

  protected at(kind: TokenKind): boolean {
    return this.tokens[this.i].kind === kind;
  }

  protected atKeyword(word: string): boolean {
    const t = this.tokens[this.i];
    return t.kind === 'identifier' && t.value === word;
  }

  /** The end of the last token on the line of the token just read (a declaration's keyword). */
  protected lineEnd(): number {
    let j = Math.max(0, this.i - 1);
    while (j + 1 < this.tokens.length && this.tokens[j + 1].kind !== 'newline' && this.tokens[j + 1].kind !== 'eof') j++;
    return this.tokens[j].end;
  }

  protected next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  protected expect(kind: TokenKind, what: string): Token {
    if (this.at(kind)) return this.next();
    throw this.error(`expected ${what}`);
  }

  protected expectKeyword(word: string): Token {
    if (this.atKeyword(word)) return this.next();
    throw this.error(`expected '${word}'`);
  }

  /** An identifier as a name; true, false and null count where a name is wanted after a dot or as a key. */
  protected atName(): boolean {
    const k = this.token.kind;
    return k === 'identifier' || k === 'true' || k === 'false' || k === 'null';
  }

  protected expectName(what: string): Name {
    if (!this.at('identifier')) throw this.error(`expected ${what}`);
    return this.name(this.next());
  }

  protected name(t: Token): Name {
    return { text: t.value, start: t.start, end: t.end };
  }

  protected error(message: string, token: Token = this.token): ParseError {
    return new ParseError(`${message}${found(token)}`, token);
  }

  /** Reports a problem; a second problem at the same place adds nothing (Bicep suppresses such cascades). */
  protected report(message: string, start: number, end: number): void {
    const last = this.problems[this.problems.length - 1];
    if (last && last.start === start) return;
    this.problems.push({ message, start, end });
  }

  protected reportError(e: ParseError): void {
    const t = e.token;
    // A problem at a line break or at the end shows at the end of what came before.
    if (t.kind === 'newline' || t.kind === 'eof') this.report(e.message, this.prevEnd(), this.prevEnd());
    else this.report(e.message, t.start, t.end);
  }

  /** Whether the last token read was a line break (an inner construct may have read it). */
  protected atLineStart(): boolean {
    return this.i > 0 && this.tokens[this.i - 1].kind === 'newline';
  }

  /** The end of the last token read. */
  protected prevEnd(): number {
    return this.i > 0 ? this.tokens[this.i - 1].end : 0;
  }

  protected newLines(): void {
    while (this.tokens[this.i].kind === 'newline') this.i++;
  }

  /** When the next token after any line breaks is `kind`, reads the line breaks and says so. */
  protected newLinesBefore(kind: TokenKind): boolean {
    let j = this.i;
    while (this.tokens[j].kind === 'newline') j++;
    if (this.tokens[j].kind !== kind) return false;
    this.i = j;
    return true;
  }

  /** Runs a parse function; on a parse error reports it, skips to a terminator and returns an error node. */
  protected recover<T>(fn: () => T, terminators: ReadonlySet<TokenKind>): T | ErrorNode {
    const from = this.i;
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.reportError(e);
      this.skipTo(terminators);
      const start = this.tokens[from].start;
      return { kind: 'error', start, end: Math.max(start, this.prevEnd()) };
    }
  }

  /** Parses a construct one level deeper; input nested beyond reason is an error rather than a stack overflow. */
  protected nest<T>(fn: () => T): T {
    if (this.depth >= MAX_DEPTH) throw this.error('nesting too deep');
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** A chain of operators or accessors deepens the tree as nesting does; it is bounded the same way. */
  protected checkChain(length: number): void {
    if (this.depth + length >= MAX_DEPTH) throw this.error('expression too long: nesting too deep');
  }

  /**
   * Whether an open bracket must end here: at the end of the file, or at a declaration that starts a line in
   * column 0, decorators included (a bracket left open while typing must not swallow the declarations after it).
   */
  protected atUnclosedEnd(): boolean {
    return this.token.kind === 'eof' || this.declarationAt(this.afterDecorators(this.i));
  }

  private inColumnZero(t: Token): boolean {
    const before = t.start === 0 ? 10 : this.text.charCodeAt(t.start - 1);
    return before === 10 || before === 13;
  }

  /** The first token after the decorators that start lines in column 0 from token `j` (`j` when there are none). */
  private afterDecorators(j: number): number {
    const tokens = this.tokens;
    let k = j;
    for (let budget = 1000; tokens[k].kind === '@' && this.inColumnZero(tokens[k]) && budget > 0; ) {
      let depth = 0;
      while (tokens[k].kind !== 'eof' && budget-- > 0) {
        const kind = tokens[k].kind;
        if (kind === '(' || kind === '[' || kind === '{') depth++;
        else if (kind === ')' || kind === ']' || kind === '}') depth--;
        else if (kind === 'newline' && depth <= 0) break;
        k++;
      }
      while (tokens[k].kind === 'newline') k++;
    }
    return tokens[k].kind === '@' ? j : k;
  }

  private declarationAt(j: number): boolean {
    const t = this.tokens[j];
    if (t.kind !== 'identifier' || !DECLARATION_KEYWORDS.has(t.value) || !this.inColumnZero(t)) return false;
    const after = this.tokens[Math.min(j + 1, this.tokens.length - 1)].kind;
    if (t.value === 'resource') {
      // Nested resources are object items, and some are written in column 0; those have a child type
      // ('subnets@…'), while a top-level declaration names its full type ('Microsoft.Network/…').
      const type = this.tokens[Math.min(j + 2, this.tokens.length - 1)];
      return after === 'identifier' && (type.kind === 'string' || type.kind === 'string-left') && type.value.includes('/');
    }
    return after === 'identifier' || (t.value === 'targetScope' && after === '=') || (t.value === 'import' && (after === '{' || after === '*'));
  }

  /** Reports an unclosed bracket at its opening token. */
  protected unclosed(open: Token, close: string): void {
    this.report(`'${this.text.slice(open.start, open.end)}' is not closed: expected '${close}'`, open.start, open.end);
  }

  /**
   * After an item of a bracketed list: a comma or line breaks separate items; the closing bracket ends the list.
   * Anything else is reported and skipped to the end of the line.
   */
  protected separator(close: TokenKind): void {
    if (this.at(close) || this.at('newline') || this.atLineStart()) return;
    if (this.at(',')) {
      const comma = this.next();
      if (this.at('newline')) this.report('unexpected new line after a comma: separate items by a comma or by new lines', comma.start, comma.end);
      return;
    }
    this.reportError(this.error(`expected a new line, a comma or '${close}'`));
    while (!this.at('newline') && !this.at(close) && !this.at(',') && !this.at('eof')) this.i++;
  }

  /** Reads tokens up to (not including) one of `kinds` or the end. */
  protected skipTo(kinds: ReadonlySet<TokenKind>): void {
    while (!kinds.has(this.token.kind) && !this.at('eof')) this.i++;
  }

  /**
   * A bracketed list (object, array, object type, tuple type) from its opening token to `close`: items separated
   * by commas or line breaks, each read with recovery up to `ends`. An unclosed list ends where
   * {@link atUnclosedEnd} says, with a problem at its opening bracket.
   */
  protected list<T>(close: '}' | ']', item: () => T, ends: ReadonlySet<TokenKind>): { items: (T | ErrorNode)[]; start: number; end: number } {
    const open = this.next();
    const items: (T | ErrorNode)[] = [];
    return this.nest(() => {
      for (;;) {
        this.newLines();
        if (this.at(close)) return { items, start: open.start, end: this.next().end };
        if (this.atUnclosedEnd()) {
          this.unclosed(open, close);
          return { items, start: open.start, end: this.prevEnd() };
        }
        const before = this.i;
        items.push(this.recover(item, ends));
        this.separator(close);
        if (this.i === before) this.next();
      }
    });
  }
}

function found(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return ' at the end of the file';
    case 'newline':
      return ' before the end of the line';
    case 'identifier':
    case 'integer':
      return ` but found '${t.value}'`;
    case 'string':
    case 'string-left':
      return ' but found a string';
    default:
      if (t.kind === 'unrecognized') return ' but found an unrecognized character';
      return t.end > t.start ? ` but found '${t.kind}'` : '';
  }
}
