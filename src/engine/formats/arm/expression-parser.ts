/**
 * The ARM template expression language: `[concat(parameters('a'), variables('b')[0].c)]`.
 *
 * The parser works on the decoded text of a JSON string and reports document offsets through a mapping, so
 * escapes in the JSON string do not shift positions. It never throws: what it cannot read becomes an `error`
 * node carrying the message.
 */

export type ArmExpr =
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'literal'; readonly value: boolean | null; readonly start: number; readonly end: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ArmExpr[]; readonly start: number; readonly end: number }
  | { readonly kind: 'member'; readonly object: ArmExpr; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'index'; readonly object: ArmExpr; readonly index: ArmExpr; readonly start: number; readonly end: number }
  | { readonly kind: 'error'; readonly message: string; readonly start: number; readonly end: number };

/** Whether a JSON string value is an expression (`[...]`, but not the `[[` escape for a literal bracket). */
export function isExpression(value: string): boolean {
  return value.length >= 2 && value[0] === '[' && value[1] !== '[' && value.trimEnd().endsWith(']');
}

/** The literal value of a string that starts with the `[[` escape. */
export function unescapeLiteral(value: string): string {
  return value.startsWith('[[') ? value.slice(1) : value;
}

/**
 * Parses the expression inside `[` … `]`. `text` is the whole decoded string; `toOffset(i)` maps an index in it
 * to a document offset.
 */
export function parseArmExpression(text: string, toOffset: (i: number) => number): ArmExpr {
  const close = text.trimEnd().length - 1;
  const p = new Parser(text.slice(0, close), toOffset);
  p.pos = 1;
  const expr = p.expression();
  p.skipWs();
  if (p.pos < p.text.length) {
    return { kind: 'error', message: `unexpected '${p.text[p.pos]}' in expression`, start: toOffset(p.pos), end: toOffset(p.text.length) };
  }
  return expr;
}

class Parser {
  pos = 0;
  depth = 0;
  constructor(
    readonly text: string,
    private readonly at: (i: number) => number,
  ) {}

  skipWs(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private error(message: string, from: number): ArmExpr {
    const end = Math.max(this.pos, from + 1);
    return { kind: 'error', message, start: this.at(from), end: this.at(Math.min(end, this.text.length)) };
  }

  expression(): ArmExpr {
    if (++this.depth > 200) {
      this.depth--;
      const from = this.pos;
      this.pos = this.text.length;
      return this.error('expression nested too deeply', from);
    }
    try {
      this.skipWs();
      let expr = this.primary();
      for (;;) {
        this.skipWs();
        const c = this.text[this.pos];
        if (c === '.') {
          this.pos++;
          this.skipWs();
          const from = this.pos;
          const name = this.identifier();
          if (!name) return this.error("expected a property name after '.'", from);
          expr = { kind: 'member', object: expr, name, start: expr.start, end: this.at(this.pos) };
        } else if (c === '[') {
          this.pos++;
          const index = this.expression();
          this.skipWs();
          if (this.text[this.pos] !== ']') return this.error("expected ']'", this.pos);
          this.pos++;
          expr = { kind: 'index', object: expr, index, start: expr.start, end: this.at(this.pos) };
        } else {
          return expr;
        }
      }
    } finally {
      this.depth--;
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!m) return '';
    this.pos += m[0].length;
    return m[0];
  }

  private primary(): ArmExpr {
    const from = this.pos;
    const c = this.text[this.pos];
    if (c === undefined) return this.error('expected an expression', from);
    if (c === "'") return this.string();
    if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(this.text.slice(this.pos));
      if (!m) {
        this.pos++;
        return this.error(`unexpected '${c}'`, from);
      }
      this.pos += m[0].length;
      return { kind: 'number', value: Number(m[0]), start: this.at(from), end: this.at(this.pos) };
    }
    let name = this.identifier();
    if (!name) {
      this.pos++;
      return this.error(`unexpected '${c}' in expression`, from);
    }
    // User-defined functions are called as namespace.function(...).
    while (this.text[this.pos] === '.' && /[A-Za-z_]/.test(this.text[this.pos + 1] ?? '')) {
      const save = this.pos;
      this.pos++;
      const part = this.identifier();
      this.skipWs();
      if (this.text[this.pos] === '(') {
        name = `${name}.${part}`;
        break;
      }
      this.pos = save;
      break;
    }
    this.skipWs();
    if (this.text[this.pos] !== '(') {
      const lower = name.toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true', start: this.at(from), end: this.at(this.pos) };
      if (lower === 'null') return { kind: 'literal', value: null, start: this.at(from), end: this.at(this.pos) };
      return this.error(`expected '(' after '${name}'`, from);
    }
    this.pos++;
    const args: ArmExpr[] = [];
    this.skipWs();
    if (this.text[this.pos] === ')') {
      this.pos++;
    } else {
      for (;;) {
        args.push(this.expression());
        this.skipWs();
        const d = this.text[this.pos];
        if (d === ',') {
          this.pos++;
          continue;
        }
        if (d === ')') {
          this.pos++;
          break;
        }
        return this.error(`expected ',' or ')' in the arguments of '${name}'`, this.pos);
      }
    }
    return { kind: 'call', name, args, start: this.at(from), end: this.at(this.pos) };
  }

  private string(): ArmExpr {
    const from = this.pos;
    this.pos++;
    let value = '';
    for (;;) {
      const i = this.text.indexOf("'", this.pos);
      if (i < 0) {
        this.pos = this.text.length;
        return this.error('unterminated string in expression', from);
      }
      value += this.text.slice(this.pos, i);
      if (this.text[i + 1] === "'") {
        value += "'";
        this.pos = i + 2;
        continue;
      }
      this.pos = i + 1;
      return { kind: 'string', value, start: this.at(from), end: this.at(this.pos) };
    }
  }
}
