/**
 * Bicep type expressions: names (`string`, `myType`, `resourceInput<'T@v'>.properties`), literal types, unions
 * (a line break may come before each `|`), nullable `?`, arrays `T[]`, object and tuple types, and the parts of a
 * type (`.name`, `.*`, `[*]`, `[0]`).
 */
import { ExpressionParser, OBJECT_ITEM_END, terminators } from './expression-parser';
import type { Expr, Name, ObjectTypeNode, StringNode, TupleItemNode, TupleTypeNode, TypeExpr, TypePropertyNode } from './syntax';

const TUPLE_ITEM_END = terminators('newline', ']', ',');

export abstract class TypeParser extends ExpressionParser {
  typeExpression(): TypeExpr {
    return this.nest(() => {
      const start = this.token.start;
      const leading = this.newLinesBefore('|');
      if (leading) this.next();
      const members = [this.typeUnary()];
      while (this.newLinesBefore('|')) {
        this.next();
        members.push(this.typeUnary());
      }
      if (members.length === 1) return members[0];
      return { kind: 'union-type', members, start, end: members[members.length - 1].end };
    });
  }

  private typeUnary(): TypeExpr {
    let type = this.typeBase();
    for (;;) {
      const t = this.token;
      if (t.kind === '?') type = { kind: 'nullable-type', inner: type, start: type.start, end: this.next().end };
      else if (t.kind === '!') type = { kind: 'unary-type', operator: 'non-null', inner: type, start: type.start, end: this.next().end };
      else return type;
    }
  }

  private typeBase(): TypeExpr {
    const t = this.token;
    if (t.kind !== '!' && t.kind !== '-') return this.typeMember();
    this.next();
    const inner = this.nest(() => this.typeBase());
    return { kind: 'unary-type', operator: t.kind, inner, start: t.start, end: inner.end };
  }

  private typeMember(): TypeExpr {
    let type = this.typePrimary();
    for (;;) {
      if (this.at('[')) {
        this.next();
        if (this.at(']')) {
          type = { kind: 'array-type', item: type, start: type.start, end: this.next().end };
          continue;
        }
        let member: Name | Expr;
        if (this.at('*') && this.peek(1).kind === ']') {
          const star = this.next();
          member = { text: '*', start: star.start, end: star.end };
        } else member = this.expression();
        const close = this.expect(']', "']'");
        type = { kind: 'type-access', target: type, member, args: [], start: type.start, end: close.end };
      } else if (this.at('.')) {
        this.next();
        let member: Name;
        if (this.at('*')) {
          const star = this.next();
          member = { text: '*', start: star.start, end: star.end };
        } else if (this.atName()) member = this.name(this.next());
        else throw this.error('expected a property name or *');
        const args = this.at('<') ? this.typeArguments() : [];
        type = { kind: 'type-access', target: type, member, args, start: type.start, end: this.prevEnd() };
      } else return type;
    }
  }

  private typePrimary(): TypeExpr {
    const literal = this.literal();
    if (literal) return literal;
    const t = this.token;
    switch (t.kind) {
      case 'string':
      case 'string-left':
        return this.string();
      case '{':
        return this.objectType();
      case '[':
        return this.tupleType();
      case '(': {
        this.next();
        this.newLines();
        const inner = this.typeExpression();
        this.newLines();
        const close = this.expect(')', "')'");
        return { kind: 'paren-type', inner, start: t.start, end: close.end };
      }
      case 'identifier': {
        const name = this.name(this.next());
        const args = this.at('<') ? this.typeArguments() : [];
        return { kind: 'type-ref', name, args, start: t.start, end: this.prevEnd() };
      }
      default:
        throw this.error('expected a type');
    }
  }

  /** `<T, U>` after a parameterised type name. */
  private typeArguments(): TypeExpr[] {
    this.next();
    const args: TypeExpr[] = [];
    for (;;) {
      this.newLines();
      args.push(this.typeExpression());
      this.newLines();
      if (!this.at(',')) break;
      this.next();
    }
    this.expect('>', "'>'");
    return args;
  }

  private objectType(): ObjectTypeNode {
    const property = (): TypePropertyNode => {
      const start = this.token.start;
      const decorators = this.decorators();
      let key: Name | StringNode;
      if (this.at('*')) {
        const star = this.next();
        key = { text: '*', start: star.start, end: star.end };
      } else key = this.propertyKey();
      this.expect(':', "':' after the property name");
      const type = this.recover(() => this.typeExpression(), OBJECT_ITEM_END);
      return { kind: 'type-property', decorators, key, type, start, end: type.end };
    };
    const { items, start, end } = this.list('}', property, OBJECT_ITEM_END);
    return { kind: 'object-type', props: items, start, end };
  }

  private tupleType(): TupleTypeNode {
    const item = (): TupleItemNode => {
      const start = this.token.start;
      const decorators = this.decorators();
      const type = this.typeExpression();
      return { kind: 'tuple-item', decorators, type, start, end: type.end };
    };
    const { items, start, end } = this.list(']', item, TUPLE_ITEM_END);
    return { kind: 'tuple-type', items, start, end };
  }
}
