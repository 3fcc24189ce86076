/**
 * The Bicep syntax tree. Every node carries the offsets it covers; names carry their own offsets, so spans of
 * declarations, keys and uses are exact. Missing or unreadable pieces are `error` nodes, so the tree keeps its
 * shape for any input.
 */
interface NodeBase {
  readonly start: number;
  readonly end: number;
}

/** A name as written: a declaration's name, a property key, a member name. */
export interface Name extends NodeBase {
  readonly text: string;
}

export interface ErrorNode extends NodeBase {
  readonly kind: 'error';
}

// ── Expressions ─────────────────────────────────────────────────────────────────────────────────────────────

export interface StringNode extends NodeBase {
  readonly kind: 'string';
  /** The decoded literal parts; one more than `holes`. */
  readonly parts: readonly string[];
  readonly holes: readonly Expr[];
  /** A `'''` string: no escapes, so it cannot be replaced by a plain single-quoted literal as written. */
  readonly multiline: boolean;
}

export interface IntegerNode extends NodeBase {
  readonly kind: 'integer';
  readonly value: number;
}

export interface BooleanNode extends NodeBase {
  readonly kind: 'boolean';
  readonly value: boolean;
}

export interface NullNode extends NodeBase {
  readonly kind: 'null';
}

export interface IdentifierNode extends NodeBase {
  readonly kind: 'identifier';
  readonly name: string;
}

export interface PropertyNode extends NodeBase {
  readonly kind: 'property';
  readonly decorators: readonly Decorator[];
  /** The key: a name, a quoted string, or `*` in object types. */
  readonly key: Name | StringNode;
  readonly value: Expr;
}

export interface SpreadNode extends NodeBase {
  readonly kind: 'spread';
  readonly expr: Expr;
}

export type ObjectItem = PropertyNode | SpreadNode | ResourceDecl | ErrorNode;

export interface ObjectNode extends NodeBase {
  readonly kind: 'object';
  readonly items: readonly ObjectItem[];
}

export type ArrayItem = Expr | SpreadNode;

export interface ArrayNode extends NodeBase {
  readonly kind: 'array';
  readonly items: readonly ArrayItem[];
}

/** `[for item in list: body]` or `[for (item, i) in list: body]`. */
export interface ForNode extends NodeBase {
  readonly kind: 'for';
  readonly item: Name | undefined;
  readonly index: Name | undefined;
  readonly iterable: Expr;
  readonly body: Expr;
}

/** `if (condition) { … }`: the value of a conditional resource or module. */
export interface IfNode extends NodeBase {
  readonly kind: 'if';
  readonly condition: Expr;
  readonly body: Expr;
}

export interface ParenNode extends NodeBase {
  readonly kind: 'paren';
  readonly expr: Expr;
}

/** `name(args)`, or `target.name(args)` (`az.resourceGroup()`, `sys.concat()`, `kv.getSecret('x')`). */
export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly target: Expr | undefined;
  readonly name: Name;
  readonly args: readonly Expr[];
}

export interface MemberNode extends NodeBase {
  readonly kind: 'member';
  readonly object: Expr;
  /** Undefined when the name is missing (`x.` while typing). */
  readonly name: Name | undefined;
  /** `.?`: safe dereference. */
  readonly safe: boolean;
}

export interface IndexNode extends NodeBase {
  readonly kind: 'index';
  readonly object: Expr;
  readonly index: Expr;
  /** `[?…]`: safe access. */
  readonly safe: boolean;
  /** `[^n]`: counted from the end. */
  readonly fromEnd: boolean;
}

/** `parent::child`: a nested resource. */
export interface NestedNode extends NodeBase {
  readonly kind: 'nested';
  readonly object: Expr;
  readonly name: Name | undefined;
}

/** `expr!`: the non-null assertion. */
export interface NonNullNode extends NodeBase {
  readonly kind: 'non-null';
  readonly expr: Expr;
}

export interface UnaryNode extends NodeBase {
  readonly kind: 'unary';
  readonly operator: '!' | '-';
  readonly operand: Expr;
}

export type BinaryOperator = '??' | '||' | '&&' | '==' | '!=' | '=~' | '!~' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryNode extends NodeBase {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

export interface TernaryNode extends NodeBase {
  readonly kind: 'ternary';
  readonly condition: Expr;
  readonly whenTrue: Expr;
  readonly whenFalse: Expr;
}

export interface LambdaNode extends NodeBase {
  readonly kind: 'lambda';
  readonly params: readonly Name[];
  readonly body: Expr;
}

export type Expr =
  | StringNode
  | IntegerNode
  | BooleanNode
  | NullNode
  | IdentifierNode
  | ObjectNode
  | ArrayNode
  | ForNode
  | IfNode
  | ParenNode
  | CallNode
  | MemberNode
  | IndexNode
  | NestedNode
  | NonNullNode
  | UnaryNode
  | BinaryNode
  | TernaryNode
  | LambdaNode
  | ErrorNode;

// ── Types ───────────────────────────────────────────────────────────────────────────────────────────────────

/** A type name, possibly qualified and parameterised: `string`, `myType`, `ns.t`, `resourceInput<'T@v'>`. */
export interface TypeRefNode extends NodeBase {
  readonly kind: 'type-ref';
  readonly name: Name;
  readonly args: readonly TypeExpr[];
}

/** `'a' | 'b' | 'c'` */
export interface UnionTypeNode extends NodeBase {
  readonly kind: 'union-type';
  readonly members: readonly TypeExpr[];
}

/** `T?` */
export interface NullableTypeNode extends NodeBase {
  readonly kind: 'nullable-type';
  readonly inner: TypeExpr;
}

/** `T!`, `-1`, `!true` */
export interface UnaryTypeNode extends NodeBase {
  readonly kind: 'unary-type';
  readonly operator: '!' | '-' | 'non-null';
  readonly inner: TypeExpr;
}

/** `T[]` */
export interface ArrayTypeNode extends NodeBase {
  readonly kind: 'array-type';
  readonly item: TypeExpr;
}

/** `T.name`, `T.*`, `T[*]`, `T[0]`: parts of another type. */
export interface TypeAccessNode extends NodeBase {
  readonly kind: 'type-access';
  readonly target: TypeExpr;
  /** A property name, `*` for additional properties or array items, or an index expression. */
  readonly member: Name | Expr;
  readonly args: readonly TypeExpr[];
}

export interface ObjectTypeNode extends NodeBase {
  readonly kind: 'object-type';
  readonly props: readonly (TypePropertyNode | ErrorNode)[];
}

export interface TypePropertyNode extends NodeBase {
  readonly kind: 'type-property';
  readonly decorators: readonly Decorator[];
  readonly key: Name | StringNode;
  readonly type: TypeExpr;
}

export interface TupleTypeNode extends NodeBase {
  readonly kind: 'tuple-type';
  readonly items: readonly (TupleItemNode | ErrorNode)[];
}

export interface TupleItemNode extends NodeBase {
  readonly kind: 'tuple-item';
  readonly decorators: readonly Decorator[];
  readonly type: TypeExpr;
}

/** `resource 'T@v'` as a parameter or output type. */
export interface ResourceTypeNode extends NodeBase {
  readonly kind: 'resource-type';
  readonly type: StringNode | undefined;
}

export interface ParenTypeNode extends NodeBase {
  readonly kind: 'paren-type';
  readonly inner: TypeExpr;
}

/** A literal type: a string, an integer, `true`, `false` or `null`. */
export type LiteralTypeNode = StringNode | IntegerNode | BooleanNode | NullNode;

export type TypeExpr =
  | TypeRefNode
  | UnionTypeNode
  | NullableTypeNode
  | UnaryTypeNode
  | ArrayTypeNode
  | TypeAccessNode
  | ObjectTypeNode
  | TupleTypeNode
  | ResourceTypeNode
  | ParenTypeNode
  | LiteralTypeNode
  | ErrorNode;

// ── Statements ──────────────────────────────────────────────────────────────────────────────────────────────

/** `@name(args)` or `@ns.name(args)`. */
export interface Decorator extends NodeBase {
  readonly kind: 'decorator';
  readonly expr: Expr;
}

interface DeclarationBase extends NodeBase {
  readonly decorators: readonly Decorator[];
  /** The keyword token (`param`, `resource`, …). */
  readonly keyword: Name;
}

export interface TargetScopeDecl extends DeclarationBase {
  readonly kind: 'targetScope';
  readonly value: Expr;
}

export interface MetadataDecl extends DeclarationBase {
  readonly kind: 'metadata';
  readonly name: Name;
  readonly value: Expr;
}

export interface ParamDecl extends DeclarationBase {
  readonly kind: 'param';
  readonly name: Name;
  /** Absent in `.bicepparam` files, where `param x = value` assigns a value. */
  readonly type: TypeExpr | undefined;
  readonly value: Expr | undefined;
}

export interface VarDecl extends DeclarationBase {
  readonly kind: 'var';
  readonly name: Name;
  readonly type: TypeExpr | undefined;
  readonly value: Expr;
}

export interface TypeDecl extends DeclarationBase {
  readonly kind: 'type';
  readonly name: Name;
  readonly type: TypeExpr;
}

export interface FuncParam extends NodeBase {
  readonly name: Name;
  readonly type: TypeExpr;
}

export interface FuncDecl extends DeclarationBase {
  readonly kind: 'func';
  readonly name: Name;
  readonly params: readonly FuncParam[];
  readonly returnType: TypeExpr;
  readonly body: Expr;
}

export interface ResourceDecl extends DeclarationBase {
  readonly kind: 'resource';
  readonly name: Name;
  readonly type: StringNode;
  readonly existing: boolean;
  /** An object, `if (…) {…}`, or `[for … : …]`. */
  readonly value: Expr;
  /** Where the keyword's line ends: the end of its last token (the body's `{`, usually). */
  readonly headerEnd: number;
}

/** A `module` or `test`: a name, the path of the file it runs, and its body. */
interface FileCallDecl extends DeclarationBase {
  readonly name: Name;
  readonly path: StringNode;
  /** An object, `if (…) {…}`, or `[for … : …]`. */
  readonly value: Expr;
  /** Where the keyword's line ends: the end of its last token (the body's `{`, usually). */
  readonly headerEnd: number;
}

export interface ModuleDecl extends FileCallDecl {
  readonly kind: 'module';
}

export interface TestDecl extends FileCallDecl {
  readonly kind: 'test';
}

export interface OutputDecl extends DeclarationBase {
  readonly kind: 'output';
  readonly name: Name;
  readonly type: TypeExpr;
  readonly value: Expr;
}

export interface AssertDecl extends DeclarationBase {
  readonly kind: 'assert';
  readonly name: Name;
  readonly value: Expr;
}

export interface ImportItem extends NodeBase {
  /** The exported name (an identifier or a quoted string). */
  readonly name: Name;
  readonly alias: Name | undefined;
}

/** `import {a, b as c} from 'x'`, `import * as ns from 'x'`, or the older `import 'az@1.0' with {…} as x`. */
export interface ImportDecl extends DeclarationBase {
  readonly kind: 'import';
  readonly items: readonly ImportItem[];
  /** `* as ns` */
  readonly wildcard: Name | undefined;
  readonly from: StringNode | undefined;
  readonly config: ObjectNode | undefined;
  readonly alias: Name | undefined;
}

export interface ExtensionDecl extends DeclarationBase {
  readonly kind: 'extension';
  readonly target: Name | StringNode;
  readonly config: ObjectNode | undefined;
  readonly alias: Name | undefined;
}

/** `.bicepparam`: `using './main.bicep'` (or `using none`), optionally `with {…}`. */
export interface UsingDecl extends DeclarationBase {
  readonly kind: 'using';
  /** Undefined for `using none`. */
  readonly path: StringNode | undefined;
  readonly config: ObjectNode | undefined;
}

/** `.bicepparam`: `extends './base.bicepparam'`. */
export interface ExtendsDecl extends DeclarationBase {
  readonly kind: 'extends';
  readonly path: StringNode;
}

/** `.bicepparam`: `extensionConfig name with {…}`. */
export interface ExtensionConfigDecl extends DeclarationBase {
  readonly kind: 'extensionConfig';
  readonly name: Name;
  readonly config: ObjectNode;
}

/** Decorators with no declaration after them, or a line that is no declaration. */
export interface InvalidStatement extends NodeBase {
  readonly kind: 'invalid';
  readonly decorators: readonly Decorator[];
}

export type Statement =
  | TargetScopeDecl
  | MetadataDecl
  | ParamDecl
  | VarDecl
  | TypeDecl
  | FuncDecl
  | ResourceDecl
  | ModuleDecl
  | TestDecl
  | OutputDecl
  | AssertDecl
  | ImportDecl
  | ExtensionDecl
  | UsingDecl
  | ExtendsDecl
  | ExtensionConfigDecl
  | InvalidStatement;

export interface Program extends NodeBase {
  readonly statements: readonly Statement[];
}
