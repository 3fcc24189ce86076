/**
 * Bicep expressions, with Bicep's precedence and its newline rules: a binary operator and its right operand
 * stay on the line of the left operand; line breaks are allowed before `?` and `:` of a ternary, after `=>`,
 * inside parentheses and argument lists, and between the items of objects and arrays.
 */
import type { TokenKind } from './lexer';
import type {
  ArrayItem,
  ArrayNode,
  BinaryOperator,
  BooleanNode,
  Decorator,
  ErrorNode,
  Expr,
  ForNode,
  IfNode,
  IntegerNode,
  Name,
  NullNode,
  ObjectItem,
  ObjectNode,
  ResourceDecl,
  StringNode,
} from './syntax';
import { TokenReader } from './token-reader';

/** Binding power of the binary operators (Bicep's table; all are left-associative). */
const PRECEDENCE: Partial<Record<TokenKind, number>> = {
  '??': 30,
  '||': 40,
  '&&': 50,
  '==': 70,
  '!=': 70,
  '=~': 70,
  '!~': 70,
  '<': 80,
  '<=': 80,
  '>': 80,
  '>=': 80,
  '+': 90,
  '-': 90,
  '*': 100,
  '/': 100,
  '%': 100,
};

function terminators(...kinds: TokenKind[]): ReadonlySet<TokenKind> {
  return new Set(kinds);
}

const OBJECT_ITEM_END = terminators('newline', '}', ',');
const ARRAY_ITEM_END = terminators('newline', ']', ',');
const ARGUMENT_END = terminators('newline', ')', ',');
const PAREN_END = terminators('newline', ')');
const INDEX_END = terminators('newline', ']');
const HOLE_END = terminators('string-middle', 'string-right', 'newline');
const LINE_END = terminators('newline');

export abstract class ExpressionParser extends TokenReader {
  /** A nested `resource` declaration inside a resource body (parsed by the statement parser). */
  protected abstract resourceDeclaration(decorators: readonly Decorator[]): ResourceDecl;

  expression(): Expr {
    return this.nest(() => {
      const t = this.token;
      if (t.kind === 'identifier' && this.peek(1).kind === '=>') return this.lambda([this.name(this.next())], t.start);
      if (t.kind === '(' && this.lambdaAhead()) {
        this.next();
        const params: Name[] = [];
        this.newLines();
        while (this.at('identifier')) {
          params.push(this.name(this.next()));
          this.newLines();
          if (!this.at(',')) break;
          this.next();
          this.newLines();
        }
        this.expect(')', "')'");
        return this.lambda(params, t.start);
      }
      return this.ternary();
    });
  }

  private lambda(params: Name[], start: number): Expr {
    this.expect('=>', "'=>'");
    this.newLines();
    const body = this.expression();
    return { kind: 'lambda', params, body, start, end: body.end };
  }

  /** Whether `(` starts a lambda's parameter list: `(a, b) =>` or `() =>`. */
  private lambdaAhead(): boolean {
    let j = this.i + 1;
    const kind = () => this.tokens[j].kind;
    const skipNewlines = () => {
      while (kind() === 'newline') j++;
    };
    skipNewlines();
    if (kind() === 'identifier') {
      for (;;) {
        j++;
        skipNewlines();
        if (kind() !== ',') break;
        j++;
        skipNewlines();
        if (kind() !== 'identifier') return false;
      }
    }
    return kind() === ')' && this.tokens[j + 1]?.kind === '=>';
  }

  private ternary(): Expr {
    const condition = this.binary(0);
    if (!this.newLinesBefore('?')) return condition;
    this.next();
    this.newLines();
    const whenTrue = this.expression();
    this.newLines();
    if (!this.at(':')) throw this.error("expected ':' of the conditional expression");
    this.next();
    this.newLines();
    const whenFalse = this.expression();
    return { kind: 'ternary', condition, whenTrue, whenFalse, start: condition.start, end: whenFalse.end };
  }

  private binary(minPrecedence: number): Expr {
    let left = this.unary();
    for (let length = 1; ; length++) {
      const op = this.token.kind;
      const precedence = PRECEDENCE[op];
      if (precedence === undefined || precedence <= minPrecedence) return left;
      this.checkChain(length);
      this.next();
      const right = this.nest(() => this.binary(precedence));
      left = { kind: 'binary', operator: op as BinaryOperator, left, right, start: left.start, end: right.end };
    }
  }

  private unary(): Expr {
    const t = this.token;
    if (t.kind === '!' || t.kind === '-') {
      this.next();
      const operand = this.nest(() => this.unary());
      return { kind: 'unary', operator: t.kind, operand, start: t.start, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private postfix(expr: Expr): Expr {
    for (let length = 1; ; length++) {
      const t = this.token;
      if (t.kind === '[' || t.kind === '.' || t.kind === '::' || t.kind === '!') this.checkChain(length);
      if (t.kind === '[') {
        this.next();
        const safe = this.at('?') && !!this.next();
        const fromEnd = this.at('^') && !!this.next();
        const index: Expr = this.at(']')
          ? this.missing("expected an index expression")
          : this.recover(() => this.expression(), INDEX_END);
        const close = this.expect(']', "']'");
        expr = { kind: 'index', object: expr, index, safe, fromEnd, start: expr.start, end: close.end };
      } else if (t.kind === '.') {
        this.next();
        const safe = this.at('?') && !!this.next();
        if (!this.atName()) {
          // `x.` while typing: keep the expression, report the missing name.
          this.reportError(this.error('expected a property name'));
          expr = { kind: 'member', object: expr, name: undefined, safe, start: expr.start, end: this.prevEnd() };
          continue;
        }
        const name = this.name(this.next());
        if (this.at('(') && !safe) {
          const { args, end } = this.arguments();
          expr = { kind: 'call', target: expr, name, args, start: expr.start, end };
        } else expr = { kind: 'member', object: expr, name, safe, start: expr.start, end: name.end };
      } else if (t.kind === '::') {
        this.next();
        const name = this.at('identifier') ? this.name(this.next()) : undefined;
        if (!name) this.reportError(this.error('expected a nested resource name'));
        expr = { kind: 'nested', object: expr, name, start: expr.start, end: this.prevEnd() };
      } else if (t.kind === '!') {
        this.next();
        expr = { kind: 'non-null', expr, start: expr.start, end: t.end };
      } else return expr;
    }
  }

  /** An error node for a missing piece at the current token, with its problem reported. */
  private missing(message: string): ErrorNode {
    this.reportError(this.error(message));
    return { kind: 'error', start: this.prevEnd(), end: this.prevEnd() };
  }

  /** An integer, `true`, `false` or `null` (as a value or as a literal type), or undefined. */
  protected literal(): IntegerNode | BooleanNode | NullNode | undefined {
    const t = this.token;
    switch (t.kind) {
      case 'integer':
        this.next();
        return { kind: 'integer', value: Number(t.value), start: t.start, end: t.end };
      case 'true':
      case 'false':
        this.next();
        return { kind: 'boolean', value: t.kind === 'true', start: t.start, end: t.end };
      case 'null':
        this.next();
        return { kind: 'null', start: t.start, end: t.end };
      default:
        return undefined;
    }
  }

  private primary(): Expr {
    const literal = this.literal();
    if (literal) return literal;
    const t = this.token;
    switch (t.kind) {
      case 'string':
      case 'string-left':
        return this.string();
      case '{':
        return this.object();
      case '[':
        return this.forAhead() ? this.forExpression() : this.array();
      case '(': {
        this.next();
        this.newLines();
        const inner = this.recover(() => this.expression(), PAREN_END);
        this.newLines();
        const close = this.expect(')', "')'");
        return { kind: 'paren', expr: inner, start: t.start, end: close.end };
      }
      case 'identifier': {
        this.next();
        const name = this.name(t);
        if (this.at('(')) {
          const { args, end } = this.arguments();
          return { kind: 'call', target: undefined, name, args, start: t.start, end };
        }
        return { kind: 'identifier', name: t.value, start: t.start, end: t.end };
      }
      default:
        throw this.error('expected an expression');
    }
  }

  /** `(args)`: line breaks are allowed around arguments. */
  protected arguments(): { args: Expr[]; end: number } {
    const open = this.expect('(', "'('");
    const args: Expr[] = [];
    for (;;) {
      this.newLines();
      if (this.at(')')) break;
      if (this.atUnclosedEnd()) {
        this.unclosed(open, ')');
        return { args, end: this.prevEnd() };
      }
      const before = this.i;
      args.push(this.recover(() => this.expression(), ARGUMENT_END));
      this.newLines();
      if (this.at(',')) this.next();
      else if (!this.at(')') && !this.atUnclosedEnd()) {
        this.reportError(this.error("expected ',' or ')'"));
        this.skipTo(ARGUMENT_END);
        if (this.i === before) this.next();
      }
    }
    return { args, end: this.next().end };
  }

  /** A string, with its interpolation holes. */
  protected string(): StringNode {
    const first = this.next();
    const parts = [first.value];
    const holes: Expr[] = [];
    const multiline = first.multiline;
    if (first.kind === 'string') return { kind: 'string', parts, holes, multiline, start: first.start, end: first.end };
    for (;;) {
      holes.push(this.recover(() => this.expression(), HOLE_END));
      const piece = this.token;
      if (piece.kind === 'string-middle' || piece.kind === 'string-right') {
        this.next();
        parts.push(piece.value);
        if (piece.kind === 'string-right') return { kind: 'string', parts, holes, multiline, start: first.start, end: piece.end };
        continue;
      }
      // The lexer always closes a string; reaching here means the hole held something the parser skipped.
      this.reportError(this.error("expected '}' to close the interpolation"));
      parts.push('');
      return { kind: 'string', parts, holes, multiline, start: first.start, end: this.prevEnd() };
    }
  }

  protected object(): ObjectNode {
    if (!this.at('{')) throw this.error("expected '{'");
    return { kind: 'object', ...this.list('}', () => this.objectItem(), OBJECT_ITEM_END) };
  }

  private objectItem(): ObjectItem {
    const t = this.token;
    if (t.kind === '...') {
      this.next();
      const expr = this.expression();
      return { kind: 'spread', expr, start: t.start, end: expr.end };
    }
    const decorators = this.decorators();
    if (this.atKeyword('resource') && this.peek(1).kind === 'identifier') return this.resourceDeclaration(decorators);
    if (decorators.length) throw this.error('expected a nested resource after the decorators');
    const key = this.propertyKey();
    this.expect(':', "':' after the property name");
    const value = this.recover(() => this.expression(), OBJECT_ITEM_END);
    return { kind: 'property', decorators, key, value, start: key.start, end: value.end };
  }

  /** A property name: an identifier (keywords included) or a string. */
  protected propertyKey(): Name | StringNode {
    if (this.atName()) return this.name(this.next());
    if (this.at('string') || this.at('string-left')) return this.string();
    throw this.error('expected a property name');
  }

  protected array(): ArrayNode {
    return { kind: 'array', ...this.list(']', () => this.arrayItem(), ARRAY_ITEM_END) };
  }

  private arrayItem(): ArrayItem {
    const t = this.token;
    if (t.kind !== '...') return this.expression();
    this.next();
    const expr = this.expression();
    return { kind: 'spread', expr, start: t.start, end: expr.end };
  }

  /** Whether `[` starts a for-expression: `[ for x in` or `[ for (x, i) in`. */
  private forAhead(): boolean {
    let j = this.i + 1;
    while (this.tokens[j].kind === 'newline') j++;
    const t = this.tokens[j];
    const after = this.tokens[j + 1]?.kind;
    return t.kind === 'identifier' && t.value === 'for' && (after === 'identifier' || after === '(');
  }

  private forExpression(): ForNode {
    const open = this.next();
    return this.nest(() => {
      this.newLines();
      this.expectKeyword('for');
      let item: Name | undefined;
      let index: Name | undefined;
      if (this.at('(')) {
        this.next();
        item = this.expectName('the loop item name');
        this.expect(',', "','");
        index = this.expectName('the loop index name');
        this.expect(')', "')'");
      } else item = this.expectName('the loop item name');
      this.expectKeyword('in');
      const iterable = this.expression();
      this.expect(':', "':' after the loop's collection");
      const body = this.recover(() => this.forBody(), INDEX_END);
      this.newLines();
      if (!this.at(']')) {
        this.unclosed(open, ']');
        return { kind: 'for', item, index, iterable, body, start: open.start, end: this.prevEnd() };
      }
      return { kind: 'for', item, index, iterable, body, start: open.start, end: this.next().end };
    });
  }

  private forBody(): Expr {
    this.newLines();
    return this.atKeyword('if') && this.peek(1).kind === '(' ? this.ifCondition() : this.expression();
  }

  /** `if (condition) { … }` */
  protected ifCondition(): IfNode {
    const keyword = this.expectKeyword('if');
    this.expect('(', "'(' after 'if'");
    this.newLines();
    const condition = this.recover(() => this.expression(), PAREN_END);
    this.newLines();
    this.expect(')', "')'");
    if (!this.at('{')) throw this.error("expected '{' after the condition");
    const body = this.object();
    return { kind: 'if', condition, body, start: keyword.start, end: body.end };
  }

  /** Decorators before a declaration, a nested resource, an object type property or a tuple item. */
  protected decorators(): Decorator[] {
    const out: Decorator[] = [];
    while (this.at('@')) {
      const at = this.next();
      const expr = this.recover(() => this.decoratorExpression(), LINE_END);
      out.push({ kind: 'decorator', expr, start: at.start, end: expr.end > at.start ? expr.end : at.end });
      if (!this.at('newline')) this.reportError(this.error('expected a new line after the decorator'));
      this.newLines();
    }
    return out;
  }

  /** `name`, `name(args)`, `ns.name(args)`. */
  private decoratorExpression(): Expr {
    const first = this.expectName('a decorator name');
    let expr: Expr = { kind: 'identifier', name: first.text, start: first.start, end: first.end };
    if (this.at('(')) {
      const { args, end } = this.arguments();
      expr = { kind: 'call', target: undefined, name: first, args, start: first.start, end };
    }
    while (this.at('.')) {
      this.next();
      const name = this.expectName('a decorator name');
      if (this.at('(')) {
        const { args, end } = this.arguments();
        expr = { kind: 'call', target: expr, name, args, start: expr.start, end };
      } else expr = { kind: 'member', object: expr, name, safe: false, start: expr.start, end: name.end };
    }
    return expr;
  }

}

export { LINE_END, OBJECT_ITEM_END, terminators };
