/**
 * The Bicep parser: tokens → statements, for `.bicep` files and for `.bicepparam` files (whose `using`,
 * `extends`, `extensionConfig` and untyped `param x = value` statements it reads in that mode).
 *
 * Every declaration ends at a line break. A line that does not parse is reported and skipped to its end, so a
 * half-typed line costs that line only; inside brackets the recovery stops at the next line break or closing
 * bracket. The parser never throws and always finishes: every loop reads at least one token per turn.
 */
import { lex, type LexProblem, type LexResult, type Token } from './lexer';
import { LINE_END, terminators } from './expression-parser';
import type {
  Decorator,
  Expr,
  FuncParam,
  ImportItem,
  Name,
  ObjectNode,
  Program,
  ResourceDecl,
  Statement,
  StringNode,
  TypeExpr,
} from './syntax';
import { TypeParser } from './type-parser';
import { ParseError } from './token-reader';

export type BicepMode = 'bicep' | 'bicepparam';

export interface ParseResult {
  readonly program: Program;
  /** Lexical and syntax problems, in document order. */
  readonly problems: readonly LexProblem[];
}

const IMPORT_ITEM_END = terminators('newline', '}', ',');

type DeclarationParser = (decorators: readonly Decorator[], keyword: Name) => Statement;

export function parseBicep(text: string, mode: BicepMode = 'bicep'): ParseResult {
  const { statements, problems } = parseTokens(text, mode, lex(text));
  return { program: { statements, start: 0, end: text.length }, problems };
}

/** The statements a text's tokens hold, and the problems, in document order, one per place. */
export interface TokensRead {
  readonly statements: Statement[];
  readonly problems: LexProblem[];
  /** The index of the token before which `stop` ended the reading, if it did. */
  readonly stoppedAt?: number;
  /** Whether the parser failed (a bug): its one problem says so, at the start of the file. */
  readonly failed?: boolean;
}

/**
 * Reads the statements of tokens lexed from the start of a line at the top level (the start of the file, or of a
 * statement: see `incremental.ts`). `stop`, asked before each statement, may end the reading there; the problems are
 * then those before that token.
 */
export function parseTokens(text: string, mode: BicepMode, lexed: LexResult, stop?: (tokens: readonly Token[], i: number) => boolean): TokensRead {
  const parser = new Parser(lexed.tokens, text, mode);
  let statements: Statement[];
  let failed = false;
  try {
    statements = parser.program(stop && ((i) => stop(lexed.tokens, i)));
  } catch (e) {
    // Recovery points catch parse errors; anything else is a bug that must still not escape.
    const message = e instanceof ParseError ? e.message : `the parser stopped: ${(e as Error)?.message ?? String(e)}`;
    parser.problems.push({ message, start: 0, end: 0 });
    statements = [];
    failed = true;
  }
  const stoppedAt = failed ? undefined : parser.stoppedAt;
  const end = stoppedAt === undefined ? Infinity : lexed.tokens[stoppedAt].start;
  // One problem per place: a character the lexer rejects need not be reported again by the parser.
  const problems = [...lexed.problems.filter((p) => p.start < end), ...parser.problems]
    .sort((a, b) => a.start - b.start)
    .filter((p, i, all) => i === 0 || all[i - 1].start !== p.start);
  return { statements, problems, stoppedAt, failed };
}

class Parser extends TypeParser {
  private readonly declarations: Record<string, DeclarationParser>;
  /** The token before which `program`'s `stop` ended the reading. */
  stoppedAt: number | undefined;

  constructor(tokens: ConstructorParameters<typeof TypeParser>[0], text: string, mode: BicepMode) {
    super(tokens, text);
    const common: Record<string, DeclarationParser> = {
      var: (d, k) => this.variable(d, k),
      type: (d, k) => this.typeDeclaration(d, k),
      import: (d, k) => this.importDeclaration(d, k),
      extension: (d, k) => this.extension(d, k),
    };
    this.declarations =
      mode === 'bicepparam'
        ? {
            ...common,
            using: (d, k) => this.using(d, k),
            extends: (d, k) => ({ kind: 'extends', decorators: d, keyword: k, path: this.stringLiteral('a file path'), start: k.start, end: this.prevEnd() }),
            param: (d, k) => this.parameterValue(d, k),
            extensionConfig: (d, k) => this.extensionConfig(d, k),
          }
        : {
            ...common,
            targetScope: (d, k) => ({ kind: 'targetScope', decorators: d, keyword: k, value: this.assignment(), start: k.start, end: this.prevEnd() }),
            metadata: (d, k) => this.named(d, k, 'metadata'),
            assert: (d, k) => this.named(d, k, 'assert'),
            param: (d, k) => this.parameter(d, k),
            func: (d, k) => this.func(d, k),
            resource: (d, k) => this.resource(d, k),
            module: (d, k) => this.moduleOrTest(d, k, 'module'),
            test: (d, k) => this.moduleOrTest(d, k, 'test'),
            output: (d, k) => this.output(d, k),
          };
  }

  program(stop?: (i: number) => boolean): Statement[] {
    const statements: Statement[] = [];
    while (!this.at('eof')) {
      if (this.at('newline')) {
        this.next();
        continue;
      }
      if (stop?.(this.i)) {
        this.stoppedAt = this.i;
        break;
      }
      const before = this.i;
      statements.push(this.statement());
      if (!this.at('newline') && !this.at('eof') && !this.atLineStart()) {
        this.reportError(this.error('expected a new line after the declaration'));
        this.skipTo(LINE_END);
      }
      if (this.i === before) this.next();
    }
    return statements;
  }

  private statement(): Statement {
    const start = this.token.start;
    const decorators = this.decorators();
    const t = this.token;
    const parse = t.kind === 'identifier' && Object.hasOwn(this.declarations, t.value) ? this.declarations[t.value] : undefined;
    if (!parse) {
      if (decorators.length) {
        const last = decorators[decorators.length - 1];
        this.report(`expected a declaration after the decorator${decorators.length > 1 ? 's' : ''}`, last.start, last.end);
      } else this.reportError(this.error('expected a declaration (param, var, resource, module, output, …)'));
      this.skipTo(LINE_END);
      return { kind: 'invalid', decorators, start, end: Math.max(start, this.prevEnd()) };
    }
    const result = this.recover(() => parse(decorators, this.name(this.next())), LINE_END);
    return result.kind === 'error' ? { kind: 'invalid', decorators, start, end: result.end } : result;
  }

  /** `= expression` */
  private assignment(): Expr {
    this.expect('=', "'='");
    return this.expression();
  }

  private named(decorators: readonly Decorator[], keyword: Name, kind: 'metadata' | 'assert'): Statement {
    const name = this.expectName(`the ${kind} name`);
    const value = this.assignment();
    return { kind, decorators, keyword, name, value, start: keyword.start, end: value.end };
  }

  private stringLiteral(what: string): StringNode {
    if (!this.at('string') && !this.at('string-left')) throw this.error(`expected ${what}`);
    return this.string();
  }

  private parameter(decorators: readonly Decorator[], keyword: Name): Statement {
    const name = this.expectName('the parameter name');
    const type = this.atKeyword('resource') && this.peek(1).kind !== '<' ? this.resourceType(true) : this.typeExpression();
    const value = this.at('=') ? this.assignment() : undefined;
    return { kind: 'param', decorators, keyword, name, type, value, start: keyword.start, end: this.prevEnd() };
  }

  /** `.bicepparam`: `param name = value`. */
  private parameterValue(decorators: readonly Decorator[], keyword: Name): Statement {
    const name = this.expectName('the parameter name');
    const value = this.assignment();
    return { kind: 'param', decorators, keyword, name, type: undefined, value, start: keyword.start, end: value.end };
  }

  /** `resource 'T@v'` as a type; the type string is optional on outputs. */
  private resourceType(required: boolean): TypeExpr {
    const keyword = this.next();
    const type = required || this.at('string') ? this.stringLiteral('a resource type string') : undefined;
    return { kind: 'resource-type', type, start: keyword.start, end: this.prevEnd() };
  }

  private variable(decorators: readonly Decorator[], keyword: Name): Statement {
    const name = this.expectName('the variable name');
    const type = this.at('=') ? undefined : this.typeExpression();
    const value = this.assignment();
    return { kind: 'var', decorators, keyword, name, type, value, start: keyword.start, end: value.end };
  }

  private typeDeclaration(decorators: readonly Decorator[], keyword: Name): Statement {
    const name = this.expectName('the type name');
    this.expect('=', "'='");
    this.newLines();
    const type = this.typeExpression();
    return { kind: 'type', decorators, keyword, name, type, start: keyword.start, end: type.end };
  }

  /** `func name(a string, b int) string => body` */
  private func(decorators: readonly Decorator[], keyword: Name): Statement {
    const name = this.expectName('the function name');
    this.expect('(', "'('");
    const params: FuncParam[] = [];
    this.newLines();
    while (this.at('identifier')) {
      const paramName = this.name(this.next());
      const type = this.typeExpression();
      params.push({ name: paramName, type, start: paramName.start, end: type.end });
      this.newLines();
      if (!this.at(',')) break;
      this.next();
      this.newLines();
    }
    this.expect(')', "')'");
    const returnType = this.typeExpression();
    this.expect('=>', "'=>'");
    this.newLines();
    const body = this.expression();
    return { kind: 'func', decorators, keyword, name, params, returnType, body, start: keyword.start, end: body.end };
  }

  protected resourceDeclaration(decorators: readonly Decorator[]): ResourceDecl {
    return this.resource(decorators, this.name(this.next()));
  }

  private resource(decorators: readonly Decorator[], keyword: Name): ResourceDecl {
    const headerEnd = this.lineEnd();
    const name = this.expectName('the resource name');
    const type = this.stringLiteral("the resource type ('Provider/type@version')");
    const existing = this.atKeyword('existing') && !!this.next();
    this.expect('=', "'='");
    const value = this.resourceValue();
    return { kind: 'resource', decorators, keyword, name, type, existing, value, headerEnd, start: keyword.start, end: value.end };
  }

  /** An object, `if (…) {…}` or `[for …]` — after an optional line break. */
  private resourceValue(): Expr {
    this.newLines();
    if (this.atKeyword('if') && this.peek(1).kind === '(') return this.ifCondition();
    if (this.at('{')) return this.object();
    if (this.at('[')) return this.expression();
    throw this.error("expected '{', 'if' or 'for'");
  }

  private moduleOrTest(decorators: readonly Decorator[], keyword: Name, kind: 'module' | 'test'): Statement {
    const headerEnd = this.lineEnd();
    const name = this.expectName(`the ${kind} name`);
    const path = this.stringLiteral(`the ${kind} path`);
    this.expect('=', "'='");
    const value = this.resourceValue();
    return { kind, decorators, keyword, name, path, value, headerEnd, start: keyword.start, end: value.end };
  }

  private output(decorators: readonly Decorator[], keyword: Name): Statement {
    const name = this.expectName('the output name');
    const type = this.atKeyword('resource') && this.peek(1).kind !== '<' ? this.resourceType(false) : this.typeExpression();
    const value = this.assignment();
    return { kind: 'output', decorators, keyword, name, type, value, start: keyword.start, end: value.end };
  }

  /** `import {a, b as c} from 'x'`, `import * as ns from 'x'`, or `import 'ext@v' with {…} as name`. */
  private importDeclaration(decorators: readonly Decorator[], keyword: Name): Statement {
    let items: ImportItem[] = [];
    let wildcard: Name | undefined;
    if (this.at('{')) {
      const list = this.list('}', () => this.importItem(), IMPORT_ITEM_END);
      items = list.items.filter((x): x is ImportItem => !('kind' in x));
    } else if (this.at('*')) {
      this.next();
      this.expectKeyword('as');
      wildcard = this.expectName('the namespace name');
    } else {
      const from = this.stringLiteral("'{', '*' or an extension name");
      const { config, alias } = this.withAs();
      return { kind: 'import', decorators, keyword, items, wildcard, from, config, alias, start: keyword.start, end: this.prevEnd() };
    }
    this.expectKeyword('from');
    const from = this.stringLiteral('the file or registry reference to import from');
    return { kind: 'import', decorators, keyword, items, wildcard, from, config: undefined, alias: undefined, start: keyword.start, end: from.end };
  }

  private importItem(): ImportItem {
    const start = this.token.start;
    let name: Name;
    if (this.at('identifier')) name = this.name(this.next());
    else {
      const s = this.stringLiteral('a name to import');
      name = { text: s.parts.join(''), start: s.start, end: s.end };
    }
    let alias: Name | undefined;
    if (this.atKeyword('as')) {
      this.next();
      alias = this.expectName('the alias');
    }
    return { name, alias, start, end: this.prevEnd() };
  }

  /** `with {…}` and `as name`, both optional. */
  private withAs(): { config: ObjectNode | undefined; alias: Name | undefined } {
    let config: ObjectNode | undefined;
    let alias: Name | undefined;
    if (this.atKeyword('with')) {
      this.next();
      config = this.object();
    }
    if (this.atKeyword('as')) {
      this.next();
      alias = this.expectName('the alias');
    }
    return { config, alias };
  }

  private extension(decorators: readonly Decorator[], keyword: Name): Statement {
    const target = this.at('identifier') ? this.name(this.next()) : this.stringLiteral('an extension name');
    const { config, alias } = this.withAs();
    return { kind: 'extension', decorators, keyword, target, config, alias, start: keyword.start, end: this.prevEnd() };
  }

  private using(decorators: readonly Decorator[], keyword: Name): Statement {
    let path: StringNode | undefined;
    if (this.atKeyword('none')) this.next();
    else path = this.stringLiteral("the template path or 'none'");
    const { config } = this.withAs();
    return { kind: 'using', decorators, keyword, path, config, start: keyword.start, end: this.prevEnd() };
  }

  private extensionConfig(decorators: readonly Decorator[], keyword: Name): Statement {
    const name = this.expectName('the extension name');
    this.expectKeyword('with');
    const config = this.object();
    return { kind: 'extensionConfig', decorators, keyword, name, config, start: keyword.start, end: config.end };
  }
}
