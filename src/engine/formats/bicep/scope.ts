/**
 * Evaluates Bicep expressions into possibility sets, for one instantiation of one file: the root template with
 * its `.bicepparam` values, or a module with the values its caller passes.
 *
 * What it models: literals (a single-line string is a replaceable literal); parameters (default, each `@allowed`
 * entry, each member of a union literal type, directly or through a named or imported `type`, also as an array's
 * elements or an object's properties, the values given from outside); variables, typed or not, imported ones
 * included; objects and arrays with spread; property access
 * and indexing (`.?`, `[?…]`, `[^n]`, `!`); for-expressions (the loop variable is every element of the list);
 * both branches of a ternary; string interpolation when every part is known; `??`; user-defined functions; the
 * template functions shared with ARM, lambdas among their arguments. References to resources and module outputs
 * read what the files declare; what Azure decides at deployment (resource IDs, runtime properties,
 * `resourceGroup().location` …) is unknown with the reason. It never throws: whatever it cannot evaluate is unknown.
 */
import { failureReason, type Notice } from '../evaluation';
import { callBuiltin, mapCombinations, MAX_FUNCTION_CALLS, MAX_REPEATS, tooManyRepeats } from '../../eval/functions';
import { deploymentContext, resourceIdParts, resourceIdValue } from '../../eval/deployment-context';
import { callWithLambdas, type Lambda } from '../../eval/lambdas';
import type { SourceText, Span } from '../../model/span';
import * as V from '../../model/value';
import type { Scalar, Value } from '../../model/value';
import type { WorkspaceFiles } from '../../workspace/document';
import { perDocument } from '../../workspace/memo';
import { resolveUri } from '../../workspace/uri';
import { decided, leftOut } from './decided';
import { childResources, isBicepDocument, plainString, spanOf, type BicepDocument } from './document';
import type { BinaryOperator, CallNode, Decorator, Expr, ForNode, FuncDecl, ModuleDecl, ObjectNode, PropertyNode, ResourceDecl, StringNode, TypeExpr } from './syntax';
import { permittedValues } from './types';
import { nodeAtJsonPath, parseJsonc, type JsonNode } from '../arm/jsonc';
import { typedParameterValue } from '../../eval/typed-values';
import { plainJson } from '../json-values';

/** A loaded JSON file, parsed once per text: several templates, or many calls in one, may load the same file. */
const loadedJson = perDocument((source: SourceText) => parseJsonc(source));

/**
 * The value of a part of a loaded JSON file, made once per part of one reading: a value is the whole file's worth of
 * objects, and three hundred calls that load a 4 MB file ran out of memory.
 */
const loadedValues = new WeakMap<JsonNode, Value>();

/** Names bound by loops, lambdas and function parameters, innermost first. */
export interface Env {
  readonly names: ReadonlyMap<string, Value>;
  readonly parent: Env | undefined;
}

/** What every scope of one evaluation shares. */
export interface EvaluationContext {
  readonly files: WorkspaceFiles;
  readonly notices: Notice[];
  /** Scopes of files read through `import … from`, evaluated without inputs, by URI. */
  readonly imported: Map<string, BicepScope | null>;
  /** How deep evaluation has gone through names, for input that refers in long chains. */
  depth: number;
  /** How many calls of user-defined functions the evaluation has followed (`MAX_FUNCTION_CALLS`). */
  functionCalls: number;
  /** How many times lambdas have been applied (`MAX_REPEATS`). */
  repeats: number;
}

/** One instantiation of a file. */
export interface Instance {
  /** Unique within the evaluation; part of each resource's key. */
  readonly id: string;
  /** The module calls that lead here, outermost first. */
  readonly via: readonly Span[];
  /** The files of those calls, to stop a module that uses itself. */
  readonly chain: readonly string[];
  /** Why a parameter without a default has no value here (no `.bicepparam`, or the caller does not pass it). */
  readonly unsetReason: string;
  /** The location of the resource group a caller deploys this module into, when the caller declares it. */
  readonly resourceGroupLocation?: Value;
  /**
   * The module call that creates this instance: the caller's scope and loop names, and its `params` object as
   * written (`none` when it passes none, undefined when it is not an object literal), for `decided.ts`.
   */
  readonly caller?: { readonly scope: BicepScope; readonly env: Env | undefined; readonly params: ObjectNode | 'none' | undefined };
}

/** How many names deep evaluation may go (a chain of variables, functions calling functions). */
const MAX_DEPTH = 150;

const NAMESPACES = new Set(['az', 'sys']);

const ALLOWED = 'allowed';

/**
 * A property of an object literal, evaluated when first read. What cannot be evaluated (a structure that contains
 * itself, read too deep) becomes an unknown value with the reason, as an ARM property does.
 */
class LiteralProperty extends V.LazyProperty {
  constructor(
    name: string,
    private readonly scope: BicepScope,
    private readonly item: PropertyNode,
    private readonly env: Env | undefined,
  ) {
    super(name);
  }

  protected spanOfName(): Span {
    return this.scope.span(this.item.key);
  }

  protected evaluate(): Value {
    try {
      return this.scope.evaluate(this.item.value, this.env);
    } catch (e) {
      return V.unknown(failureReason(e), this.scope.span(this.item.value));
    }
  }
}

export class BicepScope {
  private readonly paramCache = new Map<string, Value>();
  private readonly varCache = new Map<string, Value>();
  private readonly decidedExprs = new Map<Expr, boolean>();
  private readonly resourceCache = new Map<ResourceDecl, Value>();
  private readonly evaluating = new Set<object>();

  constructor(
    readonly doc: BicepDocument,
    private readonly inputs: ReadonlyMap<string, Value>,
    private readonly inputsReplaceDefault: boolean,
    readonly instance: Instance,
    readonly ctx: EvaluationContext,
    /** How a module's value and its instance are found; set by the walker. */
    private readonly modules?: ModuleResolver,
  ) {}

  /** {@link decided}, once per expression outside loops and lambdas (whose names it depends on). */
  decides(e: Expr, env: Env | undefined): boolean {
    if (env) return decided(e, this, env);
    let known = this.decidedExprs.get(e);
    if (known === undefined) this.decidedExprs.set(e, (known = decided(e, this, undefined)));
    return known;
  }

  span(node: { start: number; end: number }): Span {
    return spanOf(this.doc, node);
  }

  /** Runs `fn` one name deeper, guarding against cycles and against chains too long to follow. */
  private guarded(key: object, what: string, use: Span, fn: () => Value): Value {
    if (this.evaluating.has(key)) return V.unknown(`${what} refers to itself`, use);
    if (this.ctx.depth >= MAX_DEPTH) return V.unknown(`${what} is reached through too many references to follow`, use);
    this.evaluating.add(key);
    this.ctx.depth++;
    try {
      return fn();
    } finally {
      this.ctx.depth--;
      this.evaluating.delete(key);
    }
  }

  parameter(name: string, use: Span): Value {
    let value = this.paramCache.get(name);
    if (!value) {
      const decl = this.doc.symbols.params.get(name);
      if (!decl) return this.inputs.get(name) ?? V.unknown(`parameter '${name}' is not declared`, use);
      value = this.guarded(decl, `parameter '${name}'`, use, () => {
        const allowed = this.allowedValues(decl.decorators, decl.type);
        return typedParameterValue({
          name,
          declaration: this.span(decl.name),
          allowed,
          input: this.inputs.get(name),
          inputReplacesDefault: this.inputsReplaceDefault,
          nullTakesDefault: true,
          defaultValue: decl.value && (() => this.evaluate(decl.value!, undefined)),
          unsetReason: this.instance.unsetReason,
          // Null only where the call certainly leaves it out: a spread or a `params` value may pass it.
          nullable: decl.type?.kind === 'nullable-type' && leftOut(this, name),
        });
      });
      this.paramCache.set(name, value);
    }
    return V.via(value, use);
  }

  /**
   * The `@allowed` entries (for an array parameter, its possible elements) and what the type permits: the members
   * of a literal union type, also as the elements of an array or the properties of an object (`types.ts`).
   */
  private allowedValues(decorators: readonly Decorator[], type: TypeExpr | undefined): Value[] {
    const list = decoratorArgument(decorators, ALLOWED);
    const entries = list?.kind === 'array' ? list.items.map((i) => (i.kind === 'spread' ? this.evaluate(i.expr, undefined) : this.evaluate(i, undefined))) : [];
    const permitted = type ? (permittedValues(this, type) ?? []) : [];
    if (list && entries.length && type && isArrayType(type)) return [V.array([V.union(...entries)], this.span(list), true), ...permitted];
    return [...entries, ...permitted];
  }

  variable(name: string, use: Span): Value {
    let value = this.varCache.get(name);
    if (!value) {
      const decl = this.doc.symbols.vars.get(name);
      if (!decl) return V.unknown(`variable '${name}' is not declared`, use);
      value = this.guarded(decl, `variable '${name}'`, use, () => this.evaluate(decl.value, undefined));
      this.varCache.set(name, value);
    }
    return V.via(value, use);
  }

  /** The value a resource symbol stands for: its declared name, type and body (an array for a loop). */
  resourceValue(decl: ResourceDecl, use: Span): Value {
    let value = this.resourceCache.get(decl);
    if (!value) {
      value = this.guarded(decl, `resource '${decl.name.text}'`, use, () => this.modules?.resourceReference(this, decl) ?? V.EMPTY);
      this.resourceCache.set(decl, value);
    }
    return value;
  }

  /** Evaluates an expression; `env` holds the names bound by enclosing loops, lambdas and functions. */
  evaluate(e: Expr, env: Env | undefined): Value {
    // The span is taken where the value is anchored at this node: most nodes pass their parts' values on.
    switch (e.kind) {
      case 'string':
        return this.string(e, env);
      case 'integer':
      case 'boolean':
        return V.scalar(e.value, this.span(e), 'bicep');
      case 'null':
        return V.scalar(null, this.span(e));
      case 'identifier':
        return this.identifier(e.name, this.span(e), env);
      case 'object':
        return this.object(e, env);
      case 'array': {
        if (!e.items.some((i) => i.kind === 'spread')) return V.array(e.items.map((i) => this.evaluate(i as Expr, env)), this.span(e));
        const segments = e.items.map((i) => (i.kind === 'spread' ? this.evaluate(i.expr, env) : V.array([this.evaluate(i, env)], this.span(i))));
        return callBuiltin('concat', segments, this.span(e))!;
      }
      case 'for':
        return V.array([this.evaluate(e.body, this.loop(e, env))], this.span(e), true);
      case 'if':
        return this.evaluate(e.body, env);
      case 'paren':
      case 'non-null':
        return this.evaluate(e.expr, env);
      case 'call':
        return this.call(e, this.span(e), env);
      case 'member': {
        if (!e.name) return V.unknown('the property name is missing', this.span(e));
        return this.absentAs(V.member(this.evaluate(e.object, env), e.name.text), e.object, e.safe, e, env);
      }
      case 'index': {
        const target = this.evaluate(e.object, env);
        let index = this.evaluate(e.index, env);
        if (e.fromEnd) index = mapCombinations('index', [index], this.span(e), ([n]) => (typeof n === 'number' ? -n : undefined));
        return this.absentAs(V.indexValue(target, index), e.object, e.safe, e, env);
      }
      case 'nested': {
        const decl = this.nestedResource(e, env);
        return decl ? this.resourceValue(decl, this.span(e)) : V.unknown('no such nested resource', this.span(e));
      }
      case 'unary':
        return mapCombinations(`operator ${e.operator}`, [this.evaluate(e.operand, env)], this.span(e), ([a]) =>
          e.operator === '!' ? (typeof a === 'boolean' ? !a : undefined) : typeof a === 'number' ? -a : undefined,
        );
      case 'binary':
        return this.binary(e.operator, this.evaluate(e.left, env), e.right, this.span(e), env);
      case 'ternary': {
        // Both branches, unless the files alone decide the condition (`decided.ts`).
        const taken = this.decides(e.condition, env) ? V.certainBoolean(this.evaluate(e.condition, env)) : undefined;
        if (taken !== undefined) return this.evaluate(taken ? e.whenTrue : e.whenFalse, env);
        return V.union(this.evaluate(e.whenTrue, env), this.evaluate(e.whenFalse, env));
      }
      case 'lambda':
        return V.unknown('a lambda is a function, not a value', this.span(e));
      case 'error':
        return V.unknown('the expression does not parse', this.span(e));
    }
  }

  private string(e: StringNode, env: Env | undefined): Value {
    const span = this.span(e);
    if (!e.holes.length) return V.scalar(e.parts[0], span, e.multiline ? undefined : 'bicep');
    const holes = e.holes.map((h) => this.evaluate(h, env));
    return mapCombinations('string interpolation', holes, span, (values) => {
      let out = e.parts[0];
      for (let i = 0; i < values.length; i++) out += scalarText(values[i]) + e.parts[i + 1];
      return out;
    });
  }

  private identifier(name: string, span: Span, env: Env | undefined): Value {
    for (let scope = env; scope; scope = scope.parent) {
      const bound = scope.names.get(name);
      if (bound) return V.via(bound, span);
    }
    const symbols = this.doc.symbols;
    if (symbols.params.has(name)) return this.parameter(name, span);
    if (symbols.vars.has(name)) return this.variable(name, span);
    const resource = symbols.resources.get(name);
    if (resource) return this.resourceValue(resource, span);
    const module = symbols.modules.get(name);
    if (module) return this.modules?.moduleReference(this, module) ?? V.unknown(`module '${name}' is not evaluated`, span);
    const imported = this.importedScope(name);
    if (imported) return imported.scope.variable(imported.name, span);
    return V.unknown(`'${name}' is not declared`, span);
  }

  /** The scope of the file a name is imported from, and the name there. */
  importedScope(name: string): { scope: BicepScope; name: string } | undefined {
    const imported = this.doc.symbols.imports.get(name);
    if (!imported?.decl.from) return undefined;
    const scope = this.fileScope(imported.decl.from);
    return scope ? { scope, name: imported.item.name.text } : undefined;
  }

  /** The scope of a file named by an `import … from` path, evaluated without inputs. */
  fileScope(path: StringNode): BicepScope | undefined {
    const target = plainString(path);
    const uri = target && resolveUri(this.doc.uri, target);
    if (!uri) return undefined;
    let scope = this.ctx.imported.get(uri);
    if (scope === undefined) {
      const doc = this.ctx.files.get(uri);
      scope = isBicepDocument(doc)
        ? new BicepScope(doc, new Map(), false, { id: `${uri}#import`, via: [], chain: [uri], unsetReason: 'it is imported, not deployed' }, this.ctx, this.modules)
        : null;
      this.ctx.imported.set(uri, scope);
    }
    return scope ?? undefined;
  }

  /**
   * A missing property: on a resource or module, a value Azure sets at deployment (unknown, with the reason); on
   * a safe access, null; elsewhere, an error at deployment that yields no possibility.
   */
  private absentAs(value: Value, object: Expr, safe: boolean, node: Expr, env: Env | undefined): Value {
    if (!value.options.some((p) => p.kind === 'absent')) return value;
    const span = this.span(node);
    const present = V.dropAbsent(value);
    const root = this.referenceRoot(object, env);
    if (root) {
      const text = this.doc.source.slice(span);
      const reason = root.existing
        ? `'${text}' belongs to the existing resource '${root.name}', which the files do not describe`
        : `'${text}' is set by Azure when ${root.kind} '${root.name}' is deployed`;
      // Naming the resource lets a rule tell an ID of a resource the files deploy from one they do not (a partner server).
      const resource = root.kind === 'resource' ? this.modules?.resourceKey(this, object) : undefined;
      return V.union(present, { options: [], unknowns: [{ reason, span, via: [], ...(resource ? { resource } : {}) }] });
    }
    return safe ? V.union(present, V.scalar(null, span)) : present;
  }

  /** The resource or module a member chain starts from, unless a local name hides it. */
  private referenceRoot(e: Expr, env: Env | undefined): { kind: 'resource' | 'module'; name: string; existing: boolean } | undefined {
    let root = e;
    while (root.kind === 'member' || root.kind === 'index' || root.kind === 'non-null' || root.kind === 'nested' || root.kind === 'paren') {
      root = root.kind === 'member' || root.kind === 'index' || root.kind === 'nested' ? root.object : root.expr;
    }
    if (root.kind !== 'identifier' || bound(env, root.name)) return undefined;
    const resource = this.doc.symbols.resources.get(root.name);
    if (resource) return { kind: 'resource', name: root.name, existing: resource.existing };
    return this.doc.symbols.modules.has(root.name) ? { kind: 'module', name: root.name, existing: false } : undefined;
  }

  /** The declaration `a::b::c` names. */
  private nestedResource(e: Expr, env: Env | undefined): ResourceDecl | undefined {
    if (e.kind === 'identifier') return bound(env, e.name) ? undefined : this.doc.symbols.resources.get(e.name);
    if (e.kind !== 'nested' || !e.name) return undefined;
    const parent = this.nestedResource(e.object, env);
    const name = e.name.text;
    return parent && childResources(parent).find((c) => c.name.text === name);
  }

  private object(e: ObjectNode, env: Env | undefined): Value {
    const span = this.span(e);
    const segments: Value[] = [];
    let props: V.Property[] = [];
    for (const item of e.items) {
      if (item.kind === 'property') {
        const name = 'text' in item.key ? item.key.text : this.keyText(item.key, env);
        if (name !== undefined) props.push(new LiteralProperty(name, this, item, env));
      } else if (item.kind === 'spread') {
        if (props.length) segments.push(V.object(props, span));
        props = [];
        segments.push(this.evaluate(item.expr, env));
      }
    }
    if (!segments.length) return V.object(props, span);
    if (props.length) segments.push(V.object(props, span));
    return callBuiltin('union', segments, span)!;
  }

  /** A quoted property name, when it is one known string. */
  private keyText(key: StringNode, env: Env | undefined): string | undefined {
    const value = this.string(key, env);
    const names = V.strings(value);
    return names.length === 1 && !value.unknowns.length ? names[0].value : undefined;
  }

  /** The names a for-expression binds: the item is every element of the list; the index is not fixed. */
  loop(e: ForNode, env: Env | undefined): Env {
    const names = new Map<string, Value>();
    if (e.item) names.set(e.item.text, V.element(this.evaluate(e.iterable, env), undefined));
    if (e.index) names.set(e.index.text, V.unknown('the loop index is the position in the loop, which the files do not fix', this.span(e.index)));
    return { names, parent: env };
  }

  private binary(op: BinaryOperator, left: Value, rightExpr: Expr, span: Span, env: Env | undefined): Value {
    const right = this.evaluate(rightExpr, env);
    if (op === '??') return callBuiltin('coalesce', [left, right], span)!;
    const fn = BINARY[op];
    return mapCombinations(`operator ${op}`, [left, right], span, ([a, b]) => fn(a, b));
  }

  private call(e: CallNode, span: Span, env: Env | undefined): Value {
    const name = e.name.text;
    const target = e.target;
    const args = () => e.args.map((a) => this.evaluate(a, env));
    const builtin = () => this.builtin(name, e.args, args, span, env);
    if (target) {
      if (target.kind === 'identifier' && !bound(env, target.name)) {
        const symbols = this.doc.symbols;
        const namespace = symbols.namespaces.get(target.name);
        if (namespace?.from) {
          const scope = this.fileScope(namespace.from);
          const func = scope?.doc.symbols.funcs.get(name);
          return func && scope ? scope.callFunction(func, args(), span) : V.unknown(`${target.name}.${name}() is not found`, span);
        }
        const isSymbol = symbols.params.has(target.name) || symbols.vars.has(target.name) || symbols.resources.has(target.name) || symbols.modules.has(target.name);
        if (NAMESPACES.has(target.name) && !isSymbol) return name === 'nameof' && target.name === 'sys' ? nameOf(e.args[0], span) : builtin();
      }
      // A method of a resource (`kv.getSecret('x')`, `sa.listKeys()`) is answered by Azure.
      return V.unknown(`${this.doc.source.slice(this.span(e.name))}() is evaluated by Azure at deployment`, span);
    }
    const func = this.doc.symbols.funcs.get(name);
    if (func && !bound(env, name)) return this.callFunction(func, args(), span);
    if (name === 'nameof' && !bound(env, name)) return nameOf(e.args[0], span);
    const imported = this.importedScope(name);
    const importedFunc = imported?.scope.doc.symbols.funcs.get(imported.name);
    if (imported && importedFunc) return imported.scope.callFunction(importedFunc, args(), span);
    return builtin();
  }

  private builtin(name: string, nodes: readonly Expr[], args: () => Value[], span: Span, env: Env | undefined): Value {
    const lower = name.toLowerCase();
    const context = deploymentContext(name, span, { resourceGroupLocation: this.instance.resourceGroupLocation });
    if (context) return lower === 'resourceid' ? this.declaredResourceId(context, nodes, args(), span, env !== undefined) : context;
    if (lower === 'any') return args()[0] ?? V.EMPTY;
    if (lower === 'readenvironmentvariable' || lower === 'readenvvar') return environmentVariable(name, args(), span);
    if (lower === 'loadjsoncontent' || lower === 'loadtextcontent') return this.loaded(name, args(), span);
    const value = nodes.some((n) => n.kind === 'lambda') ? this.withLambdas(name, nodes, span, env) : callBuiltin(name, args(), span);
    return value ?? V.unknown(`function ${name}() is not evaluated by ITAR Guard`, span);
  }

  /**
   * `resourceId(…, type, name)`: the ID Azure gives, with its type and names where the files give them
   * (`resourceIdValue`); where they leave the name open, the resource of this file whose name is written the same
   * way. Inside a loop or lambda the same text may be a local that hides that symbol, so it is not compared there.
   */
  private declaredResourceId(context: Value, nodes: readonly Expr[], args: readonly Value[], span: Span, bound: boolean): Value {
    const id = resourceIdValue(context, args, span);
    const parts = resourceIdParts(args);
    if (bound || !parts || nodes.length !== parts.at + 2 || id.unknowns.length !== 1 || id.unknowns[0].id) return id;
    const resource = this.modules?.resourceIdKey(this, parts.type, nodes[parts.at + 1]);
    return resource ? { options: id.options, unknowns: [{ ...id.unknowns[0], resource }] } : id;
  }

  /**
   * `loadJsonContent(path, jsonPath?)` and `loadTextContent(path)`: the file's content, which Bicep reads when it
   * compiles. A JSON file's values are anchored where it writes them, so a finding names the line to change there.
   */
  private loaded(name: string, args: readonly Value[], span: Span): Value {
    const [path, jsonPath] = args.map((a) => (a.unknowns.length ? undefined : V.strings(a)));
    const uri = path?.length === 1 ? resolveUri(this.doc.uri, path[0].value) : undefined;
    const source = uri === undefined ? undefined : this.ctx.files.text?.(uri);
    if (!source) return V.unknown(`the file that ${name}() reads is not in the workspace`, span);
    if (name.toLowerCase() === 'loadtextcontent') return V.scalar(source.text, span);
    const { root } = loadedJson(source);
    const node = root && (args.length < 2 ? root : jsonPath?.length === 1 ? nodeAtJsonPath(root, jsonPath[0].value) : undefined);
    if (!node) return V.unknown(`${name}() selects a part of the file that ITAR Guard does not follow`, span);
    let value = loadedValues.get(node);
    if (!value) loadedValues.set(node, (value = plainJson(source, node)));
    return value;
  }

  /** A call of a function that takes lambdas (`map(list, x => …)`): each lambda's body with its parameters bound. */
  private withLambdas(name: string, nodes: readonly Expr[], span: Span, env: Env | undefined): Value | undefined {
    const values: Value[] = [];
    const lambdas: Lambda[] = [];
    for (const node of nodes) {
      if (node.kind !== 'lambda') values.push(this.evaluate(node, env));
      else {
        lambdas.push((args) => {
          if (++this.ctx.repeats > MAX_REPEATS) return tooManyRepeats(this.span(node));
          const names = new Map(node.params.map((p, i) => [p.text, args[i] ?? V.unknown(`the lambda's parameter '${p.text}' is not given a value`, this.span(p))]));
          return this.evaluate(node.body, { names, parent: env });
        });
      }
    }
    return callWithLambdas(name, values, lambdas, span);
  }

  /** A user-defined function: its body with the parameters bound to the arguments. */
  callFunction(func: FuncDecl, args: readonly Value[], span: Span): Value {
    if (++this.ctx.functionCalls > MAX_FUNCTION_CALLS) return V.unknown('user-defined functions are called more often than ITAR Guard follows', span);
    return this.guarded(func, `function '${func.name.text}'`, span, () => {
      const names = new Map<string, Value>();
      func.params.forEach((p, i) => names.set(p.name.text, args[i] ?? V.unknown(`argument '${p.name.text}' is missing`, span)));
      return this.evaluate(func.body, { names, parent: undefined });
    });
  }
}

/** How resource and module symbols become values; the walker provides it, as it owns resources and modules. */
export interface ModuleResolver {
  resourceReference(scope: BicepScope, decl: ResourceDecl): Value;
  moduleReference(scope: BicepScope, decl: ModuleDecl): Value;
  /** The key of the resource a member chain reads (`server.id`, `a::b.properties`). */
  resourceKey(scope: BicepScope, e: Expr): string | undefined;
  /** The key of the resource of this file whose name `resourceId(type, name)` writes the same way. */
  resourceIdKey(scope: BicepScope, type: string, name: Expr): string | undefined;
}

/**
 * `readEnvironmentVariable('NAME', 'fallback')` in a `.bicepparam` (`readEnvVar` in newer Bicep): the variable is
 * read where the parameters are built, which the files do not say; when it is unset, the fallback is the value.
 */
function environmentVariable(fn: string, [name, fallback]: readonly Value[], span: Span): Value {
  const names = V.strings(name ?? V.EMPTY);
  const which = names.length === 1 ? ` '${names[0].value}'` : '';
  const unknown = V.unknown(`${fn}() reads the environment variable${which} where the parameters are built, which the files do not say`, span);
  return fallback ? V.union(unknown, fallback) : unknown;
}

/**
 * `nameof(x)`: the name its argument is written with, which the compiler writes into the template: a symbol's, a
 * property's (`cfg.westus`, `rg::sub`) or a literal index's (`cfg['westus']`). It reads the syntax, not the value.
 */
function nameOf(arg: Expr | undefined, span: Span): Value {
  const written =
    arg?.kind === 'identifier' ? arg.name
    : (arg?.kind === 'member' || arg?.kind === 'nested') && arg.name ? arg.name.text
    : arg?.kind === 'index' && arg.index.kind === 'string' && !arg.index.holes.length ? arg.index.parts.join('')
    : undefined;
  return written === undefined ? V.unknown('nameof() needs a symbol, a property or a literal index', span) : V.scalar(written, span);
}

export function bound(env: Env | undefined, name: string): boolean {
  for (let scope = env; scope; scope = scope.parent) if (scope.names.has(name)) return true;
  return false;
}

/** The single argument of a decorator such as `@allowed([…])` or `@sys.allowed([…])`. */
export function decoratorArgument(decorators: readonly Decorator[], name: string): Expr | undefined {
  for (const d of decorators) {
    const e = d.expr;
    if (e.kind !== 'call' || e.name.text !== name) continue;
    if (e.target && !(e.target.kind === 'identifier' && e.target.name === 'sys')) continue;
    return e.args[0];
  }
  return undefined;
}

function isArrayType(type: TypeExpr): boolean {
  if (type.kind === 'nullable-type' || type.kind === 'paren-type') return isArrayType(type.inner);
  return type.kind === 'array-type' || type.kind === 'tuple-type' || (type.kind === 'type-ref' && type.name.text === 'array');
}

function scalarText(s: Scalar): string {
  return s === null ? '' : typeof s === 'string' ? s : String(s);
}

const BINARY: Record<Exclude<BinaryOperator, '??'>, (a: Scalar, b: Scalar) => Scalar | undefined> = {
  '||': (a, b) => (typeof a === 'boolean' && typeof b === 'boolean' ? a || b : undefined),
  '&&': (a, b) => (typeof a === 'boolean' && typeof b === 'boolean' ? a && b : undefined),
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '=~': (a, b) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : undefined),
  '!~': (a, b) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() !== b.toLowerCase() : undefined),
  '<': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a < b : undefined),
  '<=': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a <= b : undefined),
  '>': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a > b : undefined),
  '>=': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a >= b : undefined),
  '+': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a + b : undefined),
  '-': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : undefined),
  '*': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a * b : undefined),
  '/': (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? Math.trunc(a / b) : undefined),
  '%': (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? a % b : undefined),
};
