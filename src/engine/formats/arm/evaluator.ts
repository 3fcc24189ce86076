/**
 * Evaluates ARM JSON values and template expressions into possibility sets.
 *
 * What it models: string, number, boolean and null literals; `parameters()` (default value, every
 * `allowedValues` entry, also of the parameter's type, its elements and properties (`types.ts`), values from
 * paired parameter files or from a nested deployment's caller);
 * `variables()` with object and array variables, property access and indexing; `copyIndex()` (the position
 * is unknown, so indexing with it selects every element); property copy loops; the shared template functions
 * (`concat`, `format`, `if` (one branch where the files decide the condition, `decided.ts`; else both), `coalesce`, `first`, `last`, `union`, `split`, `join`, `json`, `items`, …) and those
 * that take lambdas (`map`, `filter`, … with `lambda()` and `lambdaVariables()`); user-defined functions (the
 * template's `functions`); the location of a resource group the template declares, read as
 * `reference(…, 'full').location` or as `resourceGroup().location` in a template deployed into it. What it reports
 * as unknown, with the reason: deployment-context functions (`resourceGroup().location` otherwise,
 * `deployment().location`, `subscription()`…), functions Azure evaluates at deployment (`reference` otherwise,
 * `resourceId`, `uniqueString`, …) and anything else it does not know. It never throws.
 */
import { failureReason } from '../evaluation';
import type { SourceText, Span } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { callBuiltin, MAX_FUNCTION_CALLS, MAX_REPEATS, tooManyRepeats } from '../../eval/functions';
import { deploymentContext, resourceIdValue } from '../../eval/deployment-context';
import { callWithLambdas, type Lambda } from '../../eval/lambdas';
import { isExpression, parseArmExpression, unescapeLiteral, type ArmExpr } from './expression-parser';
import { entries, prop, stringValue, type JsonNode } from './jsonc';
import { typedParameterValue } from '../../eval/typed-values';
import { decidedCondition } from './decided';
import { permittedValues } from './types';

/** The values a parameter receives from outside the template: parameter files, or a nested deployment's caller. */
export type ParameterInputs = ReadonlyMap<string, Value>;

/**
 * What the caller of a template deployed as a module (a Bicep module call, a nested deployment) does with a parameter
 * (lower-case name): leaves it out, so that the template's default or null gives it; passes a value the files fix;
 * passes an object or array written out, whose size the files fix though its values may not be (`sized`: `empty()`
 * and `length()` of it are fixed); or undefined, when the value may change with the deployment or the files do not
 * show what is passed.
 */
export type CallerArgument = (name: string) => 'left-out' | 'fixed' | 'sized' | undefined;

const RESOURCE_GROUPS = 'microsoft.resources/resourcegroups';

/**
 * The names an expression inside a function body reads, by lower-case name: a user-defined function's parameters
 * (the only parameters it sees: it reads neither the template's parameters nor its variables), and the variables
 * of the lambdas around it.
 */
interface Bindings {
  readonly parameters?: ReadonlyMap<string, Value>;
  readonly lambdaVariables?: ReadonlyMap<string, Value>;
}

/**
 * One template's names: its parameters, variables and the resource groups it declares. A nested template with
 * `outer` expression scope has no names of its own and reads its enclosing scope's.
 */
export class TemplateScope {
  private readonly params = new Map<string, JsonNode>();
  private readonly vars = new Map<string, { node: JsonNode; copyInput: boolean }>();
  private readonly paramCache = new Map<string, Value>();
  private readonly varCache = new Map<string, Value>();
  /** The parameters and variables being evaluated (`parameter x`, `variable x`), to stop one that reads itself. */
  private readonly evaluating = new Set<string>();
  /** The resource locations being evaluated through `reference()`, to stop one that reads itself. */
  private readonly locating = new Set<JsonNode>();
  /** The declared locations that `reference()` read, by the location's node. */
  private readonly locations = new Map<JsonNode, Value>();
  private resourceList?: { readonly nodes: readonly JsonNode[]; readonly symbols: ReadonlyMap<string, JsonNode> };
  /** The names of the template's resources, by lower-case type, and the types whose names are being read. */
  private readonly typedNames = new Map<string, readonly { readonly node: JsonNode; readonly names: readonly string[] }[]>();
  private readonly naming = new Set<string>();
  /** User-defined functions (languageVersion 2.0 and Bicep's compiled `func`s) by lower-case `namespace.name`. */
  private readonly functions = new Map<string, JsonNode>();
  /** The user-defined functions being called, to stop one that calls itself. */
  private readonly calling = new Set<string>();
  private functionCalls = 0;
  /** How many times lambdas of this template have been applied (`MAX_REPEATS`). */
  private repeats = 0;
  /** The types a languageVersion 2.0 template declares, which its parameters name with `$ref`. */
  private readonly definitions: JsonNode | undefined;

  constructor(
    readonly source: SourceText,
    /** The template object whose names these are (a linked template's, inside a template spec's file). */
    readonly template: JsonNode,
    private readonly inputs: ParameterInputs,
    /** Whether `inputs` replace the default (a nested deployment's arguments) or add to it (parameter files). */
    private readonly inputsReplaceDefault: boolean,
    /** The location of the resource group the template is deployed into, when the files decide it. */
    readonly resourceGroupLocation?: Value,
    /** For a template deployed as a module: what its caller passes (`decided.ts`). */
    readonly callerArgument?: CallerArgument,
  ) {
    for (const [k, v] of entries(prop(template, 'parameters'))) this.params.set(String(k.value).toLowerCase(), v);
    this.definitions = prop(template, 'definitions');
    for (const [k, v] of entries(prop(template, 'variables'))) {
      if (String(k.value).toLowerCase() === 'copy') continue;
      this.vars.set(String(k.value).toLowerCase(), { node: v, copyInput: false });
    }
    // Variable copy loops: `"copy": [{ "name": "x", "count": n, "input": {...} }]` defines variable x as an array.
    const copies = prop(prop(template, 'variables'), 'copy');
    for (const c of copies?.type === 'array' ? (copies.children ?? []) : []) {
      const name = stringValue(prop(c, 'name'));
      const input = prop(c, 'input');
      if (name && input) this.vars.set(name.toLowerCase(), { node: input, copyInput: true });
    }
    for (const ns of prop(template, 'functions')?.children ?? []) {
      const namespace = stringValue(prop(ns, 'namespace'));
      if (namespace === undefined) continue;
      for (const [k, member] of entries(prop(ns, 'members'))) this.functions.set(`${namespace}.${String(k.value)}`.toLowerCase(), member);
    }
  }

  span(node: { offset: number; length: number }): Span {
    return this.source.span(node.offset, node.offset + node.length);
  }

  /** A parameter's declaration, by lower-case name. */
  parameterDeclaration(key: string): JsonNode | undefined {
    return this.params.get(key);
  }

  parameter(name: string, use: Span): Value {
    const key = name.toLowerCase();
    let value = this.paramCache.get(key);
    if (!value) {
      // A default that reads its own parameter, directly or through others, would recurse without end.
      const marker = `parameter ${key}`;
      if (this.evaluating.has(marker)) return V.unknown(`parameter '${name}' refers to itself`, use);
      this.evaluating.add(marker);
      try {
        value = this.computeParameter(key, name);
      } finally {
        this.evaluating.delete(marker);
      }
      this.paramCache.set(key, value);
    }
    return V.via(value, use);
  }

  private computeParameter(key: string, name: string): Value {
    const decl = this.params.get(key);
    const input = this.inputs.get(key);
    if (!decl) {
      return input ?? V.unknown(`parameter '${name}' is not declared`, this.source.span(0, 0));
    }
    const defNode = prop(decl, 'defaultValue');
    return typedParameterValue({
      name,
      declaration: this.span(decl.parent?.children?.[0] ?? decl),
      allowed: permittedValues(this, decl) ?? [],
      input,
      inputReplacesDefault: this.inputsReplaceDefault,
      nullTakesDefault: true,
      defaultValue: defNode && (() => this.evaluate(defNode)),
      unsetReason: 'no parameter file gives one',
      nullable: prop(decl, 'nullable')?.value === true,
    });
  }

  variable(name: string, use: Span): Value {
    const key = name.toLowerCase();
    let value = this.varCache.get(key);
    if (!value) {
      const v = this.vars.get(key);
      if (!v) return V.unknown(`variable '${name}' is not declared`, use);
      const marker = `variable ${key}`;
      if (this.evaluating.has(marker)) return V.unknown(`variable '${name}' refers to itself`, use);
      this.evaluating.add(marker);
      const inner = this.evaluate(v.node);
      value = v.copyInput ? V.array([inner], this.span(v.node), true) : inner;
      this.evaluating.delete(marker);
      this.varCache.set(key, value);
    }
    return V.via(value, use);
  }

  /** The value of a JSON node: literals, expressions, objects (with property copy loops) and arrays. */
  evaluate(node: JsonNode, bindings?: Bindings): Value {
    try {
      return evaluateNode(this, node, bindings);
    } catch (e) {
      return V.unknown(failureReason(e), this.span(node));
    }
  }

  /** The value of an expression written in a string node. */
  expression(node: JsonNode, raw: string, bindings?: Bindings): Value {
    return evaluateExpr(this, parseArmExpression(raw, offsetMap(this.source, node)), bindings);
  }

  /** Counts one application of a lambda: false past `MAX_REPEATS`. */
  repeat(): boolean {
    return ++this.repeats <= MAX_REPEATS;
  }

  /** A call of a user-defined function: its output value with its parameters bound to the arguments. */
  callUserFunction(name: string, args: readonly Value[], span: Span): Value {
    const key = name.toLowerCase();
    const member = this.functions.get(key);
    const output = prop(prop(member, 'output'), 'value');
    if (!output) return V.unknown(`user-defined function ${name}() is not declared in the template`, span);
    if (this.calling.has(key)) return V.unknown(`user-defined function ${name}() calls itself`, span);
    if (++this.functionCalls > MAX_FUNCTION_CALLS) return V.unknown(`user-defined functions are called more often than ITAR Guard follows`, span);
    const parameters = new Map<string, Value>();
    prop(member, 'parameters')?.children?.forEach((p, i) => {
      const param = stringValue(prop(p, 'name'));
      if (param) parameters.set(param.toLowerCase(), args[i] ?? V.unknown(`argument '${param}' of ${name}() is missing`, span));
    });
    this.calling.add(key);
    try {
      return this.evaluate(output, { parameters });
    } finally {
      this.calling.delete(key);
    }
  }

  /** The expression a string node holds, or undefined for a literal string (or any other node). */
  parsed(node: JsonNode): ArmExpr | undefined {
    const raw = node.type === 'string' ? String(node.value) : '';
    return isExpression(raw) ? parseArmExpression(raw, offsetMap(this.source, node)) : undefined;
  }

  /** The value of a parsed expression or of a part of one. */
  value(e: ArmExpr): Value {
    try {
      return evaluateExpr(this, e);
    } catch (err) {
      return V.unknown(failureReason(err), this.source.span(e.start, e.end));
    }
  }

  /** A type of the template's `definitions`. */
  definition(name: string): JsonNode | undefined {
    return prop(this.definitions, name);
  }

  /** The JSON node that defines a variable. */
  variableNode(name: string): JsonNode | undefined {
    return this.vars.get(name.toLowerCase())?.node;
  }

  /**
   * The location of the resource group `name` names, when this template declares it; undefined when it names none
   * that the template declares. The declared location is the group's in every deployment that succeeds, as a
   * group's location cannot be changed once created (Microsoft.Resources/resourceGroups template reference). Where
   * `name` may also be another group, that group's location is undetermined.
   */
  declaredGroupLocation(name: Value): Value | undefined {
    const groups = this.namesOfType(RESOURCE_GROUPS);
    if (!groups.length) return undefined;
    const names = V.strings(name);
    const found = names.map((s) => groups.filter((g) => g.names.includes(s.value.toLowerCase())));
    if (found.every((groups) => !groups.length)) return undefined;
    return V.union(
      ...found.map((groups, i) =>
        groups.length
          ? V.union(...groups.map((g) => this.groupLocation(g.node)))
          : V.unknown(`resource group '${names[i].value}' is not declared in the template, so its location is decided at deployment`, names[i].origin),
      ),
      { ...V.EMPTY, unknowns: name.unknowns },
    );
  }

  /**
   * The location of a resource this template declares and deploys once, under a symbolic name (`languageVersion` 2.0),
   * by its name in a template without symbolic names (`reference('<name>', …)`, also of a name a parameter or a
   * variable gives), or by type and name (`resourceId(type, name)` of one whose name the files give): where it is.
   * Not one of a copy loop (which instance is not said), nor an `existing` one (Azure's).
   */
  declaredLocation(target: { readonly named: Value } | { readonly type: string; readonly name: Value }): Value | undefined {
    const symbols = this.declaredResources().symbols;
    const written = 'named' in target ? V.strings(target.named).map((s) => s.value.toLowerCase()) : [];
    const declared =
      'named' in target
        ? symbols.size
          ? written.length === 1 && !target.named.unknowns.length ? symbols.get(written[0]) : undefined
          : !written.length || target.named.unknowns.length || written.some((n) => n.includes('/'))
            ? undefined
            : this.declaredNamed('', written)
        : this.declaredByName(target.type, target.name);
    if (!declared || prop(declared, 'copy') || prop(declared, 'existing')?.value === true) return undefined;
    const location = prop(declared, 'location');
    if (!location) return undefined;
    const known = this.locations.get(location);
    if (known) return known;
    // Locations that read each other (`a` in `b`'s, `b` in `a`'s) decide nothing; Azure refuses the template.
    if (this.locating.has(location)) return V.unknown('the location refers to itself through reference()', this.span(location));
    this.locating.add(location);
    try {
      const value = this.evaluate(location);
      // Kept, as every resource of a compiled Bicep template that reads `hub.location` asks again; not while names
      // are being read, when a name that reads a location of its own type is not yet known.
      if (!this.naming.size) this.locations.set(location, value);
      return value;
    } finally {
      this.locating.delete(location);
    }
  }

  /** The one top-level resource of the type whose name is every name `name` may have. */
  private declaredByName(type: string, name: Value): JsonNode | undefined {
    const names = V.strings(name).map((s) => s.value.toLowerCase());
    return names.length && !name.unknowns.length ? this.declaredNamed(type.toLowerCase(), names) : undefined;
  }

  /** The one top-level resource of a lower-case type (any, for '') whose name is every one of lower-case `names`. */
  private declaredNamed(type: string, names: readonly string[]): JsonNode | undefined {
    const matches = this.namesOfType(type).filter((d) => names.every((n) => d.names.includes(n)));
    return matches.length === 1 ? matches[0].node : undefined;
  }

  /** The template's top-level resources, and those of a languageVersion 2.0 template by lower-case symbolic name. */
  private declaredResources(): { readonly nodes: readonly JsonNode[]; readonly symbols: ReadonlyMap<string, JsonNode> } {
    if (!this.resourceList) {
      const resources = prop(this.template, 'resources');
      const pairs = resources?.type === 'object' ? entries(resources) : [];
      this.resourceList = {
        nodes: resources?.type === 'object' ? pairs.map(([, v]) => v) : (resources?.children ?? []),
        symbols: new Map(pairs.map(([k, v]) => [String(k.value).toLowerCase(), v])),
      };
    }
    return this.resourceList;
  }

  /** The top-level resources of a lower-case type (all, for '') with the lower-case names each may have, evaluated once. */
  private namesOfType(type: string): readonly { readonly node: JsonNode; readonly names: readonly string[] }[] {
    const known = this.typedNames.get(type);
    if (known) return known;
    // A name that reads a location through reference() of its own type comes back here while the list is made: it
    // finds none.
    if (this.naming.has(type)) return [];
    this.naming.add(type);
    try {
      const list = this.declaredResources().nodes.flatMap((node) => {
        const nameNode = prop(node, 'name');
        if (!nameNode || (type && splitType(stringValue(prop(node, 'type')) ?? '')[0].toLowerCase() !== type)) return [];
        return [{ node, names: V.strings(this.evaluate(nameNode)).map((s) => s.value.toLowerCase()) }];
      });
      this.typedNames.set(type, list);
      return list;
    } finally {
      this.naming.delete(type);
    }
  }

  private groupLocation(group: JsonNode): Value {
    const location = prop(group, 'location');
    return location ? this.evaluate(location) : V.unknown('the resource group has no location', this.span(group));
  }
}

/**
 * The type and API version of a resource's `type`. ARM accepts a trailing slash (`Microsoft.Storage/storageAccounts/`),
 * which the Bicep decompiler drops (Azure/bicep#2162).
 */
export function splitType(text: string): [type: string, apiVersion: string | undefined] {
  const [type, apiVersion] = text.split('@');
  return [type.replace(/\/+$/, ''), apiVersion];
}

/** A property of a JSON object in a template, evaluated when first read. */
export class NodeProperty extends V.LazyProperty {
  constructor(
    name: string,
    protected readonly scope: TemplateScope,
    private readonly key: JsonNode,
    protected readonly node: JsonNode,
  ) {
    super(name);
  }

  protected spanOfName(): Span {
    return this.scope.span(this.key);
  }

  protected evaluate(): Value {
    return this.scope.evaluate(this.node);
  }
}

/** A property of an object inside a function body. A class of its own, so the properties of templates stay one field smaller. */
class BoundNodeProperty extends NodeProperty {
  constructor(
    name: string,
    scope: TemplateScope,
    key: JsonNode,
    node: JsonNode,
    private readonly bindings: Bindings,
  ) {
    super(name, scope, key, node);
  }

  protected override evaluate(): Value {
    return this.scope.evaluate(this.node, this.bindings);
  }
}

function evaluateNode(scope: TemplateScope, node: JsonNode, bindings: Bindings | undefined): Value {
  switch (node.type) {
    case 'string': {
      const raw = String(node.value);
      // An expression's values carry the spans of its parts; only a literal is anchored at the whole node.
      if (isExpression(raw)) return scope.expression(node, raw, bindings);
      return V.scalar(unescapeLiteral(raw), scope.span(node), 'json');
    }
    case 'number':
    case 'boolean':
    case 'null':
      return V.scalar(node.value ?? null, scope.span(node), 'json');
    case 'array':
      return V.array((node.children ?? []).map((c) => scope.evaluate(c, bindings)), scope.span(node));
    case 'object': {
      const props: V.Property[] = [];
      for (const [k, v] of entries(node)) {
        const name = String(k.value);
        if (v.type === 'array' && name.toLowerCase() === 'copy') {
          // Property copy loop: each entry defines an array property built from `input`.
          for (const c of v.children ?? []) {
            const loopName = prop(c, 'name');
            const input = prop(c, 'input');
            const n = stringValue(loopName);
            if (n && loopName && input) props.push({ name: n, nameSpan: scope.span(loopName), value: V.array([scope.evaluate(input, bindings)], scope.span(c), true) });
          }
          continue;
        }
        props.push(bindings ? new BoundNodeProperty(name, scope, k, v, bindings) : new NodeProperty(name, scope, k, v));
      }
      return V.object(props, scope.span(node));
    }
    default:
      return V.unknown('not a JSON value', scope.span(node));
  }
}

/**
 * Maps indexes in a JSON string's decoded value to document offsets, so expression positions stay exact
 * when the string contains escapes.
 */
function offsetMap(source: SourceText, node: JsonNode): (i: number) => number {
  const rawStart = node.offset + 1;
  const raw = source.text.slice(rawStart, node.offset + node.length - 1);
  if (!raw.includes('\\')) return (i) => rawStart + Math.min(i, raw.length);
  const map: number[] = [];
  for (let r = 0; r < raw.length; ) {
    map.push(rawStart + r);
    if (raw[r] !== '\\') r++;
    else if (raw[r + 1] === 'u') r += 6;
    else r += 2;
  }
  map.push(rawStart + raw.length);
  return (i) => map[Math.min(i, map.length - 1)];
}

function evaluateExpr(scope: TemplateScope, e: ArmExpr, bindings?: Bindings): Value {
  const span = scope.source.span(e.start, e.end);
  switch (e.kind) {
    case 'string':
      return V.scalar(e.value, span, 'arm-expression');
    case 'number':
    case 'literal':
      return V.scalar(e.value, span);
    case 'error':
      return V.unknown(`expression: ${e.message}`, span);
    case 'member':
      return V.dropAbsent(V.member(evaluateExpr(scope, e.object, bindings), e.name));
    case 'index': {
      const target = evaluateExpr(scope, e.object, bindings);
      const index = evaluateExpr(scope, e.index, bindings);
      return V.indexValue(target, index);
    }
    case 'call':
      return callFunction(scope, e, span, bindings);
  }
}

type CallExpr = Extract<ArmExpr, { kind: 'call' }>;

const NAMED = new Set(['parameters', 'variables', 'lambdavariables']);

function callFunction(scope: TemplateScope, e: CallExpr, span: Span, bindings: Bindings | undefined): Value {
  const name = e.name.toLowerCase();
  if (NAMED.has(name)) return namedValue(scope, e, span, bindings);
  if (name === 'copyindex') return V.unknown('copyIndex() is the position in a copy loop, which the files do not fix', span);
  if (name === 'reference') {
    const declared = declaredReference(scope, e, span);
    if (declared) return declared;
  }
  const context = deploymentContext(e.name, span, { templateUri: scope.source.uri, resourceGroupLocation: scope.resourceGroupLocation });
  if (context) return name === 'resourceid' ? resourceIdValue(context, e.args.map((a) => evaluateExpr(scope, a, bindings)), span) : context;
  // Inside a user-defined function, `parameters()` names the function's own: what decides a branch is not known there.
  if (name === 'if' && e.args.length === 3 && !bindings?.parameters) {
    const taken = decidedCondition(scope, e.args[0]);
    if (taken !== undefined) return evaluateExpr(scope, e.args[taken ? 1 : 2], bindings);
  }
  const args: Value[] = [];
  const lambdas: Lambda[] = [];
  for (const a of e.args) {
    if (a.kind === 'call' && a.name.toLowerCase() === 'lambda') lambdas.push(lambdaOf(scope, a, bindings));
    else args.push(evaluateExpr(scope, a, bindings));
  }
  if (e.name.includes('.')) return scope.callUserFunction(e.name, args, span);
  const value = lambdas.length ? callWithLambdas(e.name, args, lambdas, span) : callBuiltin(e.name, args, span);
  return value ?? V.unknown(`function ${e.name}() is not evaluated by ITAR Guard`, span);
}

/** `parameters('x')`, `variables('x')` and `lambdaVariables('x')`: what the name is bound to where it is read. */
function namedValue(scope: TemplateScope, e: CallExpr, span: Span, bindings: Bindings | undefined): Value {
  const arg = e.args[0] ? evaluateExpr(scope, e.args[0], bindings) : V.EMPTY;
  const names = V.strings(arg);
  if (names.length !== 1 || arg.unknowns.length) return V.unknown(`${e.name}() with a name that is not a literal`, span);
  const name = names[0].value;
  const kind = e.name.toLowerCase();
  if (kind === 'lambdavariables') return bound(bindings?.lambdaVariables, name, span) ?? V.unknown(`'${name}' is not a variable of an enclosing lambda`, span);
  if (bindings?.parameters) {
    if (kind === 'variables') return V.unknown(`a user-defined function cannot read variable '${name}'`, span);
    return bound(bindings.parameters, name, span) ?? V.unknown(`'${name}' is not a parameter of the function`, span);
  }
  return kind === 'parameters' ? scope.parameter(name, span) : scope.variable(name, span);
}

function bound(names: ReadonlyMap<string, Value> | undefined, name: string, use: Span): Value | undefined {
  const value = names?.get(name.toLowerCase());
  return value && V.via(value, use);
}

/** `lambda('a', 'b', body)`: the body with the lambda's variables bound, beside those of the lambdas around it. */
function lambdaOf(scope: TemplateScope, e: CallExpr, bindings: Bindings | undefined): Lambda {
  const body = e.args[e.args.length - 1];
  const variables = e.args.slice(0, -1).map((a) => (a.kind === 'string' ? a.value : ''));
  return (values) => {
    if (!body) return V.unknown('the lambda has no body', scope.source.span(e.start, e.end));
    if (!scope.repeat()) return tooManyRepeats(scope.source.span(e.start, e.end));
    const lambdaVariables = new Map(bindings?.lambdaVariables);
    variables.forEach((v, i) => lambdaVariables.set(v.toLowerCase(), values[i] ?? V.unknown(`the lambda's variable '${v}' is not given a value`, scope.source.span(e.start, e.end))));
    return evaluateExpr(scope, body, { ...bindings, lambdaVariables });
  };
}

/**
 * `x.location` as Bicep compiles it for a resource the template declares (a module's `output location string =
 * workspace.location`): `reference('x', apiVersion, 'full')` with symbolic names, `reference(resourceId(type, name),
 * apiVersion, 'full')`, or for a resource group `reference(subscriptionResourceId('Microsoft.Resources/resourceGroups',
 * name), …)`; and, as templates written by hand have it, `reference('<name>', apiVersion, 'full')` of a resource the
 * template names so (also through a parameter or a variable). The full resource's location is the declared one; the
 * rest of it is Azure's. Without 'full', reference() gives the resource's `properties`, which hold no location.
 */
function declaredReference(scope: TemplateScope, e: Extract<ArmExpr, { kind: 'call' }>, span: Span): Value | undefined {
  const [target, , full] = e.args;
  if (e.args.length !== 3 || full.kind !== 'string' || full.value.toLowerCase() !== 'full') return undefined;
  const location = referencedLocation(scope, target);
  if (!location) return undefined;
  const rest = V.without(V.unknown(`${e.name}() is evaluated by Azure at deployment`, span), 'location');
  return V.union(V.object([{ name: 'location', nameSpan: span, value: V.via(location, span) }], span), rest);
}

/** The declared location of the resource reference() reads: by an ID the template computes, or by name. */
function referencedLocation(scope: TemplateScope, target: ArmExpr): Value | undefined {
  const call = target.kind === 'call' ? target.name.toLowerCase() : undefined;
  if (target.kind !== 'call' || (call !== 'resourceid' && call !== 'subscriptionresourceid')) return scope.declaredLocation({ named: scope.value(target) });
  const [type, name] = target.args;
  if (target.args.length !== 2 || type.kind !== 'string') return undefined;
  if (call === 'resourceid') return scope.declaredLocation({ type: type.value, name: scope.value(name) });
  return type.value.toLowerCase() === RESOURCE_GROUPS ? scope.declaredGroupLocation(scope.value(name)) : undefined;
}
