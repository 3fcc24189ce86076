/**
 * Evaluates Terraform expressions into possibility sets, within one instance of a module.
 *
 * What it models: literals and string templates; `var.x` (a module argument or tfvars value, the default, and
 * the allowed set of a `validation { condition = contains(<list>, var.x) }`, the list written there or in a local);
 * `local.x`; a resource's arguments (`azurerm_resource_group.rg.location` is the value written in that block,
 * reached through one more hop), and a resource as a whole (its instance, or its instances by key or index, as a
 * chained `for_each` reads them); the outputs of local modules (`module.m.output`, and of a call with `count` or
 * `for_each` each instance's, `module.m[0].output`, `module.m["k"].output`); `each.key`/`each.value` over a known
 * `for_each` collection (each element a possibility) and `count.index`; `for` expressions, `dynamic` blocks (none
 * in a case whose collection is empty), conditionals (both branches unless the files decide the condition,
 * `decided.ts`), operators (`== null` of an object or list too), indexing and splats; the built-in functions of `functions.ts`. What it reports as unknown, with the reason:
 * data sources, attributes known only after apply (`id`, …), registry and git modules, `path.*`, functions it does
 * not evaluate. It never throws.
 */
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Possibility, Scalar, Value } from '../../model/value';
import { failureReason, MAX_MODULE_INSTANCES, TOO_MANY_MODULES, type Notice } from '../evaluation';
import { lazyProperty, mapCombinations, MAX_REPEATS, tooManyRepeats } from '../../eval/functions';
import { nullsAs, parameterValue } from '../../eval/parameters';
import { spanAt, type Site } from './document';
import { decidedCondition, decidedCount, decidedEmpty } from './decided';
import { asListIndex, asMapKey, byKey, callTerraformFunction } from './functions';
import { localModuleFolder, moduleSource, type Decl, type ModuleDecls } from './module';
import { staleInstall, type InstalledModule } from './installed-modules';
import { inToolFolder } from '../../workspace/uri';
import { attribute, blocks, type Attribute, type Block, type Body, type Expr, type Step } from './syntax';
import { typeDefaults, withTypeDefaults } from './type-defaults';

/** A block's `for_each` or `count`: the expression, where it is written and its value. */
interface Repeated {
  readonly expr: Expr;
  readonly span: Span;
  readonly value: Value;
}

interface Repetition {
  readonly forEach?: Repeated;
  readonly count?: Repeated;
}

/** What a module instance receives for its variables. */
export interface VariableInputs {
  /**
   * A module call's arguments: the caller's value is the value (else the default). Each is evaluated when first read,
   * since Terraform orders each argument and output apart: an argument may read an output of its own call (or of a
   * call that reads this one's) that does not depend on it.
   */
  readonly arguments?: ReadonlyMap<string, { readonly value: Value }>;
  /** A root module's `terraform.tfvars` and `*.auto.tfvars` values (or their `.json` forms): they replace the default. */
  readonly autoLoaded?: ReadonlyMap<string, Value>;
  /** A root module's other variable files: alternative runs, whose values add to the default. */
  readonly alternatives?: ReadonlyMap<string, Value>;
}

export const NO_INPUTS: VariableInputs = {};

const OVERRIDE_NOTICE =
  'Terraform merges the blocks of an override file into the blocks of the same name in the module; ITAR Guard reads this block in their place instead, so what only the block it overrides writes is not checked.';

/** What module instances need from the unit that evaluates them. */
export interface InstanceHost {
  /** The declarations of the module in a folder, or undefined when the folder has no Terraform files. */
  moduleDecls(folder: string): ModuleDecls | undefined;
  /** The modules `terraform init` installed, by the path of their call from the root (`storage.inner`); undefined without an install. */
  installedModules?(): ReadonlyMap<string, InstalledModule> | undefined;
  /** Whether the other tool's reading has the module in a folder this one reads nothing of (OpenTofu's `.tofu` files only): it is checked there. */
  readElsewhere?(folder: string): boolean;
  notice(n: Notice): void;
}

export interface Scope {
  readonly inst: ModuleInstance;
  readonly site: Site;
  /** Names bound by the enclosing construct: `each`, `count`, `for` variables, `dynamic` iterators. */
  readonly bindings?: ReadonlyMap<string, Value>;
  /**
   * In an argument of `try()` other than the last: a step that may fail (an attribute an object lacks, an index a map
   * or list may lack, an attribute or index of a null, a string or a list) keeps an `absent` possibility, which fails
   * what it is part of ({@link whole}), so that `try` reads the arguments after it too. (A variable's type makes the
   * optional attributes it declares null, not absent: `type-defaults.ts`.)
   */
  readonly tolerant?: boolean;
}

/** Block types inside a resource that are Terraform's own, not the resource's arguments. */
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'timeouts', 'precondition', 'postcondition']);
/** Module block arguments that are Terraform's own. */
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** A `count` is read as at most this many instances, which bounds the work a large or mistaken count causes. */
const MAX_INSTANCES = 256;
/** How many instances of module calls with `count` or `for_each` one evaluation makes, down the whole module tree. */
const MAX_KEYED_INSTANCES = 1024;

const UNKNOWN_ROOTS: Record<string, string> = {
  path: 'is a file-system path, decided where Terraform runs',
  terraform: 'is decided where Terraform runs',
  self: 'is only defined inside provisioners',
};

/** One instance of a module: the root module, or a local module as one `module` block calls it. */
export class ModuleInstance {
  private readonly variables = new Map<string, Value>();
  private readonly locals = new Map<string, Value>();
  private readonly raws = new Map<string, Value>();
  private readonly bindingCache = new Map<string, ReadonlyMap<string, Value>>();
  private readonly children = new Map<string, ModuleInstance | string>();
  private readonly keyedChildren = new Map<string, Map<unknown, ModuleInstance | string>>();
  private readonly moduleValues = new Map<string, Value>();
  /** Outputs by name, evaluated once: past the instance bound, every key of a call reads one instance's outputs. */
  private readonly outputs = new Map<string, Value>();
  /** Shared by every instance of one evaluation. */
  private readonly budget: { keyedInstances: number; instances: number; repeats: number };
  private readonly evaluating = new Set<string>();
  private readonly decidedExprs = new Map<Expr, boolean>();
  private readonly repetitions = new Map<Decl<Block>, Repetition>();
  private defaultSpans?: Span[];

  constructor(
    readonly host: InstanceHost,
    readonly decls: ModuleDecls,
    private readonly inputs: VariableInputs,
    /** The module calls that lead here, outermost first. */
    readonly via: readonly Span[],
    /** The Terraform address prefix of this instance: '' for the root, `module.a.` for a child. */
    readonly address: string,
    /** The folders of the instances on the way here, to stop module cycles. */
    private readonly ancestors: readonly string[],
    /** The instance and `module` block that call this one; none for a root. */
    readonly caller?: { readonly inst: ModuleInstance; readonly decl: Decl<Block> },
  ) {
    // In a module a tool installed, the notice names the calls that lead there, so that it can be shown in the user's code.
    for (const span of decls.overrides) {
      const related = inToolFolder(span.uri) ? via.map((call) => ({ span: call, message: 'the module is called through here' })) : undefined;
      host.notice({ ruleId: 'module-unresolved', span, message: OVERRIDE_NOTICE, ...(related ? { related } : {}) });
    }
    this.root = caller ? caller.inst.root : this;
    this.budget = caller ? caller.inst.budget : { keyedInstances: MAX_KEYED_INSTANCES, instances: MAX_MODULE_INSTANCES, repeats: MAX_REPEATS };
    this.mergedAddress = caller ? `${caller.inst.mergedAddress}module.${caller.decl.node.labels[0]?.value ?? ''}.` : '';
    this.repeated = !!caller && (caller.inst.repeated || repeats(caller.decl.node));
  }

  /** Counts one evaluation of a `for` expression's body: false past `MAX_REPEATS` in the whole evaluation. */
  repeat(): boolean {
    return this.budget.repeats-- > 0;
  }

  /** Whether a call on the way here has `count` or `for_each`: this instance stands for several. */
  readonly repeated: boolean;

  /**
   * The address of the instance that stands for every instance of the calls on the way here (`module.a.` for
   * `module.a["k"].`): the resources of the model are those of such instances.
   */
  private readonly mergedAddress: string;

  /** The root module's instance: its variables' defaults are values a deployment may still replace. */
  readonly root: ModuleInstance;

  /**
   * The key of a resource (or a module call's stand-in) declared in this instance, in the file `uri`: unique per
   * analysis, since a module's file may be instantiated by several roots and calls.
   */
  resourceKey(address: string, uri = this.decls.resources.get(address)?.doc.uri ?? this.decls.folder): string {
    return `${uri}#${this.mergedAddress ? `${this.root.decls.folder}|` : ''}${this.mergedAddress}${address}`;
  }

  scope(site: Site, bindings?: ReadonlyMap<string, Value>): Scope {
    return bindings ? { inst: this, site, bindings } : { inst: this, site };
  }

  /** Whether the module call that creates this instance passes this variable. */
  passed(name: string): boolean {
    return !!this.inputs.arguments?.has(name);
  }

  variable(name: string, use: Span): Value {
    let value = this.variables.get(name);
    if (!value) {
      const decl = this.decls.variables.get(name);
      const given = () => this.inputs.arguments?.get(name)?.value ?? this.inputs.alternatives?.get(name);
      if (decl) value = this.guard(`var.${name}`, use, () => this.computeVariable(name, decl, given()));
      else if (this.passed(name) || this.inputs.alternatives?.has(name)) value = given()!;
      // Each use of an undeclared variable is reported where it is, whichever use is read first.
      else return V.via(V.unknown(`variable '${name}' is not declared in this module`, use), use);
      this.variables.set(name, value);
    }
    return V.via(value, use);
  }

  private computeVariable(name: string, decl: Decl<Block>, given: Value | undefined): Value {
    const def = attribute(decl.node.body, 'default');
    const declared = def && (() => evaluate(def.value, this.scope(decl.site)));
    const auto = this.inputs.autoLoaded?.get(name);
    const nullable = attribute(decl.node.body, 'nullable');
    const nullTakesDefault = !!nullable && V.certainBoolean(evaluate(nullable.value, this.scope(decl.site))) === false;
    const type = attribute(decl.node.body, 'type');
    const defaults = type && typeDefaults(type.value, { evaluate: (e) => evaluate(e, this.scope(decl.site)), span: (e) => spanAt(decl.site, e) });
    const value = parameterValue({
      kind: 'variable',
      name,
      declaration: spanAt(decl.site, decl.node.labels[0] ?? decl.node),
      allowed: allowedValues(this.scope(decl.site), decl.node, name),
      input: given,
      inputReplacesDefault: !!this.inputs.arguments,
      nullTakesDefault,
      // `terraform.tfvars` replaces the declared default, except where it gives a null the variable refuses.
      defaultValue: auto ? () => (nullTakesDefault && declared ? nullsAs(auto, declared) : auto) : declared,
      unsetReason: this.inputs.arguments ? 'the module call does not pass it' : 'no tfvars file gives one',
    });
    return defaults ? withTypeDefaults(value, defaults) : value;
  }

  local(name: string, use: Span): Value {
    let value = this.locals.get(name);
    if (!value) {
      const decl = this.decls.locals.get(name);
      if (!decl) return V.unknown(`local value '${name}' is not declared in this module`, use);
      value = this.guard(`local.${name}`, use, () => evaluate(decl.node.value, this.scope(decl.site)));
      this.locals.set(name, value);
    }
    return V.via(value, use);
  }

  /** A managed resource's arguments and blocks as written (an object; blocks are lists of objects). */
  resourceArguments(address: string): Value | undefined {
    let value = this.raws.get(address);
    if (!value) {
      const decl = this.decls.resources.get(address);
      if (!decl) return undefined;
      const at = spanAt(decl.site, decl.node);
      value = this.guard(address, at, () => evaluateBody(decl.node.body, this.scope(decl.site, this.bindingsOf(address, decl)), at));
      this.raws.set(address, value);
    }
    return value;
  }

  /**
   * A resource as a whole, as another block reads it (`for_each = azurerm_resource_group.rg`): its instance, a list
   * of instances (`count`) or a map of them by key (`for_each`). An instance is the arguments as written, every
   * instance as one as elsewhere; the attributes Azure sets are undetermined.
   */
  resourceValue(address: string, use: Span): Value | undefined {
    const decl = this.decls.resources.get(address);
    const args = this.resourceArguments(address);
    if (!decl || !args) return undefined;
    const written = new Set<string>();
    for (const p of args.options) if (p.kind === 'object') for (const key of p.props.keys()) written.add(key);
    const computed = { reason: `the other attributes of ${address} are known only after Terraform applies the configuration`, span: use, via: [], lacks: written, resource: this.resourceKey(address) };
    const instance: Value = { options: args.options, unknowns: [...args.unknowns, computed] };
    const { forEach, count } = this.repetition(decl);
    if (count) {
      const none = isZero(count.value);
      return V.array(none ? [] : [instance], use, !none);
    }
    return forEach ? instancesByKey(forEach.value, use, () => instance) : instance;
  }

  /** `each` and `count` for a block with `for_each` or `count` (a resource or a module call). */
  bindingsOf(key: string, decl: Decl<Block>): ReadonlyMap<string, Value> | undefined {
    const cached = this.bindingCache.get(key);
    if (cached) return cached.size ? cached : undefined;
    const { forEach, count } = this.repetition(decl);
    if (!forEach && !count) return undefined;
    const bindings = new Map<string, Value>();
    if (forEach) bindings.set('each', iteratorValue(forEach.value, forEach.span));
    if (count) bindings.set('count', countValue(count.value, count.span));
    this.bindingCache.set(key, bindings);
    return bindings.size ? bindings : undefined;
  }

  /**
   * Whether a resource or module call has no instance in any case the files allow (`count = 0`, `for_each = {}`).
   * With `fixed`, not when the empty collection or zero is written in a root variable's default, which a deployment
   * may replace. (The collection's own origin tells; a condition's boolean, made by an operator, does not, hence
   * {@link decides}.)
   */
  noInstances(decl: Decl<Block>, fixed = false): boolean {
    const { forEach, count } = this.repetition(decl);
    const written = forEach ?? count;
    const empty = !!written && (forEach ? V.certainlyEmpty(forEach.value) : isZero(written.value));
    return empty && !(fixed && this.fromRootDefault(written.value));
  }

  /**
   * Whether a resource with `for_each` may have no instance under a key `index` may be, as a map may lack it
   * (`failingIndex`). Only "may": the keys may come from what a deployment replaces (a root variable's default), so
   * the instances stay possible too.
   */
  mayLackKey(address: string, index: Value, use: Span): boolean {
    const decl = this.decls.resources.get(address);
    const forEach = decl && this.repetition(decl).forEach;
    if (!forEach) return false;
    // A map's keys are its instances' (and an open key of the map is one of them: `V.ownOpenKeys`); a set's are its strings.
    const instances = forEach.value.options.every((p) => p.kind === 'object') ? forEach.value : instancesByKey(forEach.value, use, (key) => key);
    return !!failingIndex(instances, index);
  }

  /** {@link mayHaveNoInstances} of a resource by its address. */
  mayLackInstances(address: string): boolean {
    const decl = this.decls.resources.get(address);
    return !!decl && this.mayHaveNoInstances(decl);
  }

  /** Whether some case the files allow leaves a block without instances (`count = var.on ? 1 : 0`, or a count they leave open). */
  mayHaveNoInstances(decl: Decl<Block>): boolean {
    const { forEach, count } = this.repetition(decl);
    const written = forEach ?? count;
    if (!written) return false;
    if (written.value.unknowns.length) return true;
    return forEach ? !!emptyCase(forEach.value) : V.scalars(written.value).some((p) => countOf(p.value) === 0);
  }

  /**
   * Whether the files alone leave a block without instances, whatever a deployment gives the root module's
   * variables: a `count` they decide is 0 ({@link decidedCount}), or a `for_each` they decide is empty.
   */
  noInstancesDecided(decl: Decl<Block>): boolean {
    const { forEach, count } = this.repetition(decl);
    if (forEach) return decidedEmpty(forEach.expr, decl.site, this) && V.certainlyEmpty(forEach.value);
    return !!count && decidedCount(count.expr, decl.site, this) && isZero(count.value);
  }

  /**
   * Whether a resource or module call has an instance in every case: no `for_each`, and no `count` or one the files
   * decide ({@link decidedCount}) that is at least 1.
   */
  alwaysDeployed(decl: Decl<Block>): boolean {
    const { forEach, count } = this.repetition(decl);
    if (forEach) return false;
    if (!count) return true;
    return decidedCount(count.expr, decl.site, this) && certainly(count.value, (p) => p.kind === 'scalar' && typeof p.value === 'number' && p.value >= 1);
  }

  /** A block's `for_each` and `count`, each evaluated once for this instance (bindings and instance counts read them). */
  private repetition(decl: Decl<Block>): Repetition {
    let r = this.repetitions.get(decl);
    if (!r) {
      // A for_each may read a resource as a whole, whose instances are its own for_each: a cycle ends as unknown.
      const read = (name: string) => {
        const a = attribute(decl.node.body, name);
        const span = a && spanAt(decl.site, a.value);
        return a && span && { expr: a.value, span, value: this.guard(`the ${name} of ${decl.node.labels.map((l) => l.value).join('.')}`, span, () => evaluate(a.value, this.scope(decl.site))) };
      };
      this.repetitions.set(decl, (r = { forEach: read('for_each'), count: read('count') }));
    }
    return r;
  }

  /** Whether a value comes from a root variable's default, which a deployment may replace. */
  fromRootDefault(value: Value): boolean {
    return value.options.some((p) => this.root.isDefault(p.origin));
  }

  /** Whether a span lies in the default of one of this (root) module's variables. */
  private isDefault(span: Span): boolean {
    if (!this.defaultSpans) {
      this.defaultSpans = [];
      for (const decl of this.decls.variables.values()) {
        const def = attribute(decl.node.body, 'default');
        if (def) this.defaultSpans.push(spanAt(decl.site, def.value));
      }
    }
    return this.defaultSpans.some((d) => d.uri === span.uri && d.start <= span.start && span.end <= d.end);
  }

  /** {@link decidedCondition}, once per expression of this instance. */
  decides(e: Expr, site: Site): boolean {
    let known = this.decidedExprs.get(e);
    if (known === undefined) this.decidedExprs.set(e, (known = decidedCondition(e, site, this)));
    return known;
  }

  /** The instance a `module` block creates, or the reason there is none (already reported as a notice). */
  child(name: string): ModuleInstance | string {
    let child = this.children.get(name);
    if (child === undefined) {
      child = this.createChild(name);
      this.children.set(name, child);
    }
    return child;
  }

  /**
   * The instance a `module` block creates: with `instance`, the one of a module with `count` or `for_each` whose
   * `count.index` or `each` it binds; without, every instance as one.
   */
  private createChild(name: string, instance?: { readonly key: string; readonly bindings: ReadonlyMap<string, Value> }): ModuleInstance | string {
    const decl = this.decls.modules.get(name);
    if (!decl) return `no module '${name}' is declared in this module`;
    const declaration = spanAt(decl.site, { s: decl.node.s, e: decl.node.open });
    const source = moduleSource(decl.node);
    // In a module `terraform init` installed, the notice names the calls that lead there, so that it can be shown in the user's code.
    const related = inToolFolder(declaration.uri) ? this.via.map((span) => ({ span, message: `module '${name}' is called through here` })) : undefined;
    const notice = (message: string, reason: string): string => {
      this.host.notice({ ruleId: 'module-unresolved', span: declaration, message, ...(related ? { related } : {}) });
      return reason;
    };
    if (source === undefined) return notice(`The source of module '${name}' is not a literal string, so the resources it deploys are not checked.`, `the source of module '${name}' is not known`);
    const local = localModuleFolder(this.decls.folder, source);
    const installs = local ? undefined : this.host.installedModules?.();
    const installed = installs?.get(this.callPath(name));
    const stale = installed && staleInstall(installed, source, decl.node);
    if (stale) return notice(`Module '${name}' ${stale}, so the resources it deploys are not checked; run \`terraform init\` again.`, `module '${name}' is not installed as it is called`);
    const folder = installed?.folder ?? local;
    if (!folder) {
      const hint = installs ? '; `terraform init` has not installed it since it was added' : '; after `terraform init` they are, from the copy it installs';
      return notice(`Module '${name}' comes from '${source}', which is not in the workspace, so the resources it deploys are not checked${hint}.`, `module '${name}' comes from '${source}', outside the workspace`);
    }
    if (folder === this.decls.folder || this.ancestors.includes(folder)) {
      return notice(`Module '${name}' calls '${source}', which is already being evaluated on this path (a module cycle); it is not evaluated again.`, `module '${name}' is part of a module cycle`);
    }
    const decls = this.host.moduleDecls(folder);
    if (!decls && installed) {
      return notice(
        `Module '${name}' comes from '${source}'; \`terraform init\` installed it in a folder that now has no Terraform files, so the resources it deploys are not checked; run \`terraform init\` again.`,
        `module '${name}' has no Terraform files where it was installed`,
      );
    }
    if (!decls && this.host.readElsewhere?.(folder)) return `module '${name}' has files only the other tool reads`;
    if (!decls) return notice(`Module '${name}' calls '${source}', which has no Terraform files, so the resources it deploys are not checked.`, `module '${name}' has no Terraform files`);
    if (this.budget.instances-- <= 0) return this.budget.instances === -1 ? notice(TOO_MANY_MODULES, TOO_MANY_MODULES) : TOO_MANY_MODULES;
    const bindings = instance ? instance.bindings : this.bindingsOf(`module.${name}`, decl);
    const args = new Map<string, CallArgument>();
    for (const item of decl.node.body.items) {
      if (item.k !== 'attribute' || MODULE_META.has(item.name)) continue;
      args.set(item.name, new CallArgument(item, this.scope(decl.site, bindings)));
    }
    const address = `${this.address}module.${name}${instance?.key ?? ''}.`;
    return new ModuleInstance(this.host, decls, { arguments: args }, [...this.via, declaration], address, [...this.ancestors, this.decls.folder], { inst: this, decl });
  }

  /** A call's path from the root module, as `terraform init` keys what it installs: `storage.inner`. */
  private callPath(name: string): string {
    const names = [name];
    for (let call = this.caller; call; call = call.inst.caller) names.unshift(call.decl.node.labels[0]?.value ?? '');
    return names.join('.');
  }

  /**
   * `module.<name>` as Terraform reads it: its instance's outputs, a list of instances (`count`) or a map of them by
   * key (`for_each`). Each listed instance is evaluated with its own `count.index` or `each`, so a known index or key
   * reads that instance's outputs and an unknown one reads every instance's. A count the files leave open is any
   * number of instances, each as every one.
   */
  moduleValue(name: string, use: Span): Value {
    const merged = this.child(name);
    if (typeof merged === 'string') return V.unknown(`module.${name} is not known: ${merged}`, use);
    // Made once per module call: a module is read by many references, and each instance's outputs are many.
    let value = this.moduleValues.get(name);
    if (!value) this.moduleValues.set(name, (value = this.instancesValue(name, merged, use)));
    return value;
  }

  private instancesValue(name: string, merged: ModuleInstance, use: Span): Value {
    const decl = this.decls.modules.get(name)!;
    const { forEach, count } = this.repetition(decl);
    const outputs = (cacheKey: unknown, key: string, binding: [string, Value]) => this.outputsOf(merged, use, () => this.instanceOf(name, merged, cacheKey, key, binding));
    if (count) {
      const options: Possibility[] = [];
      for (const n of V.scalars(count.value)) {
        const number = countOf(n.value);
        if (number === undefined) {
          options.push(...V.array([this.outputsOf(merged, use)], use, true).options);
          continue;
        }
        const indexes = Array.from({ length: Math.max(0, Math.min(number, MAX_INSTANCES)) }, (_, i) => i);
        const index = (i: number) => V.object([{ name: 'index', nameSpan: count.span, value: V.scalar(i, n.origin) }], count.span);
        // Past the cap, the instances not listed are any number more, each as every one.
        const listed = indexes.map((i) => outputs(`${i}`, `[${i}]`, ['count', index(i)]));
        options.push(...V.array(number > MAX_INSTANCES ? [...listed, this.outputsOf(merged, use)] : listed, use, number > MAX_INSTANCES).options);
      }
      if (count.value.unknowns.length) options.push(...V.array([this.outputsOf(merged, use)], use, true).options);
      return { options, unknowns: [] };
    }
    if (!forEach) return this.outputsOf(merged, use);
    const each = (key: Value, value: Value) => V.object([{ name: 'key', nameSpan: forEach.span, value: key }, { name: 'value', nameSpan: forEach.span, value }], forEach.span);
    return instancesByKey(forEach.value, use, (key, value, id) => outputs(id, `[${JSON.stringify(V.strings(key)[0]?.value)}]`, ['each', each(key, value)]));
  }

  /**
   * The instance of a module call with `count` or `for_each` that one `count.index` or `each` binds, made once. The
   * instances one evaluation makes are bounded ({@link MAX_KEYED_INSTANCES}, shared down the module tree, where nested
   * counts multiply); past the bound an instance stands as every one (`merged`), which gives no fewer values.
   */
  private instanceOf(name: string, merged: ModuleInstance, cacheKey: unknown, key: string, binding: [string, Value]): ModuleInstance | string {
    let instances = this.keyedChildren.get(name);
    if (!instances) this.keyedChildren.set(name, (instances = new Map()));
    let made = instances.get(cacheKey);
    if (made === undefined) {
      made = this.budget.keyedInstances-- > 0 ? this.createChild(name, { key, bindings: new Map([binding]) }) : merged;
      instances.set(cacheKey, made);
    }
    return made;
  }

  /**
   * A module instance's outputs as an object, each evaluated when first read (a caller reads few of them); `of`
   * makes the instance when it is not `child`.
   */
  private outputsOf(child: ModuleInstance, use: Span, of?: () => ModuleInstance | string): Value {
    const props: V.Property[] = [];
    for (const [name, decl] of child.decls.outputs) {
      props.push(
        lazyProperty(name, spanAt(decl.site, decl.node.labels[0] ?? decl.node), () => {
          const inst = of ? of() : child;
          const value = attribute(decl.node.body, 'value');
          if (typeof inst === 'string') return V.unknown(inst, use);
          return value ? inst.output(name, use, value.value, decl.site) : V.unknown(`output '${name}' has no value`, use);
        }),
      );
    }
    return V.object(props, use);
  }

  private output(name: string, use: Span, expr: Expr, site: Site): Value {
    let value = this.outputs.get(name);
    if (!value) {
      value = this.guard(`output.${name}`, use, () => evaluate(expr, this.scope(site)));
      // A cycle's unknown names the place of use that met it: not kept.
      if (!this.evaluating.size) this.outputs.set(name, value);
    }
    return value;
  }

  /** Runs `fn` unless the same name is already being evaluated (a reference cycle), which is unknown. */
  private guard(name: string, use: Span, fn: () => Value): Value {
    if (this.evaluating.has(name)) return V.unknown(`${name} refers to itself`, use);
    this.evaluating.add(name);
    try {
      return fn();
    } finally {
      this.evaluating.delete(name);
    }
  }
}

/**
 * The entries of `validation { condition = contains(<list>, var.<name>) }` blocks: the values the variable may take.
 * The list is written in place or reached through a local value; each entry keeps its own origin, so that a
 * finding about it lands where it is written. A list the files do not determine bounds nothing.
 */
function allowedValues(scope: Scope, decl: Block, name: string): Value[] {
  const out: Value[] = [];
  for (const v of blocks(decl.body, 'validation')) {
    const cond = attribute(v.body, 'condition')?.value;
    if (cond?.k !== 'call' || cond.name !== 'contains' || cond.args.length !== 2) continue;
    const [list, subject] = cond.args;
    // Another variable's list is the deployer's to change, so only a written list or a local's bounds the variable.
    if (!refersToVariable(subject, name) || !(list.k === 'tuple' || isLocal(list))) continue;
    const entries = evaluate(list, scope);
    if (entries.unknowns.length) continue;
    for (const p of entries.options) if (p.kind === 'array') out.push(...p.items);
  }
  return out;
}

/** `var.<name>`, possibly through `lower()`/`upper()`/`trimspace()`. */
function isLocal(e: Expr): boolean {
  return e.k === 'attr' && e.obj.k === 'var' && e.obj.name === 'local';
}

function refersToVariable(e: Expr, name: string): boolean {
  if (e.k === 'call' && ['lower', 'upper', 'trimspace'].includes(e.name) && e.args.length === 1) return refersToVariable(e.args[0], name);
  return e.k === 'attr' && e.name === name && e.obj.k === 'var' && e.obj.name === 'var';
}

/**
 * The instances of a block with `for_each` as another block reads them: a map by key, each instance made by
 * `instance` from its key, its element and an object that stands for that element. A set's element is its own key;
 * an element the files leave open is a key they do not give.
 */
function instancesByKey(forEach: Value, use: Span, instance: (key: Value, value: Value, id: object) => Value): Value {
  const options: Possibility[] = [];
  const unknowns = [...V.elementGaps(forEach)];
  for (const p of forEach.options) {
    const props: V.Property[] = [];
    if (p.kind === 'object') {
      for (const prop of p.props.values()) props.push({ name: prop.name, nameSpan: prop.nameSpan, value: instance(V.keyValue(prop), prop.value, prop) });
      // The instances of entries whose keys are open are instances under keys that are open too.
      if (p.unnamed) {
        const key = openKey(p);
        const unnamed = p.unnamed.map((value) => instance(key, value, value));
        options.push(withUnnamed(props, unnamed, use, KEYS_NOT_KNOWN, unknowns));
        continue;
      }
    } else if (p.kind === 'array') {
      for (const item of p.items) {
        unknowns.push(...item.unknowns);
        for (const k of V.strings(item)) {
          const element: Value = { options: [k], unknowns: [] };
          props.push({ name: k.value, nameSpan: k.origin, value: instance(element, element, k) });
        }
      }
    } else continue;
    options.push(...V.object(props, use).options);
  }
  return { options, unknowns: V.unknownsOf([unknowns]) };
}

/** The key of an entry a map leaves unnamed: open, and known to be one of that map's own (`V.ownOpenKeys`). */
function openKey(map: V.ObjectPossibility): Value {
  return { options: [], unknowns: [V.openKeysGap(KEYS_NOT_KNOWN, map as V.ObjectPossibility & { readonly unnamed: readonly Value[] })] };
}

/** `each` over a `for_each` value: `each.key` and `each.value` are every key and every element. */
export function iteratorValue(collection: Value, at: Span): Value {
  const keys: Value[] = [];
  const values: Value[] = [];
  for (const p of collection.options) {
    if (p.kind === 'array') {
      for (const item of p.items) {
        keys.push(item);
        values.push(item);
      }
    } else if (p.kind === 'object') {
      for (const prop of p.props.values()) {
        keys.push(V.keyValue(prop));
        values.push(prop.value);
      }
      if (p.unnamed) values.push(...p.unnamed);
    }
  }
  return V.object(
    [
      { name: 'key', nameSpan: at, value: V.union({ options: [], unknowns: collection.unknowns }, ...keys) },
      { name: 'value', nameSpan: at, value: V.union({ options: [], unknowns: V.elementGaps(collection) }, ...values) },
    ],
    at,
  );
}

/** `count.index`: 0 … n-1 for every known count. */
function countValue(count: Value, at: Span): Value {
  const indexes: Value[] = [{ options: [], unknowns: count.unknowns }];
  for (const p of V.scalars(count)) {
    const n = countOf(p.value);
    if (n !== undefined) for (let i = 0; i < Math.min(n, MAX_INSTANCES); i++) indexes.push(V.scalar(i, p.origin));
  }
  return V.object([{ name: 'index', nameSpan: at, value: V.union(...indexes) }], at);
}

/**
 * A block body as written: each attribute's value, and each nested block type as a list of objects (`dynamic`
 * blocks add an element that stands for every element of their `for_each`).
 */
export function evaluateBody(body: Body, scope: Scope, origin: Span): Value {
  const props: V.Property[] = [];
  // `none`: a case in which every block of the type is a `dynamic` one over an empty collection.
  const groups = new Map<string, { nameSpan: Span; items: Value[]; open: boolean; written: boolean; none?: Possibility }>();
  const group = (type: string, nameSpan: Span) => {
    let g = groups.get(type);
    if (!g) groups.set(type, (g = { nameSpan, items: [], open: false, written: false }));
    return g;
  };
  for (const item of body.items) {
    if (item.k === 'attribute') {
      props.push(new LazyArgument(item, scope));
      continue;
    }
    if (META_BLOCKS.has(item.type)) continue;
    const span = spanAt(scope.site, item);
    if (item.type === 'dynamic') {
      const label = item.labels[0];
      const content = blocks(item.body, 'content')[0];
      if (!label || !content) continue;
      const forEach = attribute(item.body, 'for_each');
      const iterator = attribute(item.body, 'iterator');
      const iterName = iterator?.value.k === 'var' ? iterator.value.name : label.value;
      const collection = forEach && evaluate(forEach.value, scope);
      if (collection && V.certainlyEmpty(collection)) continue;
      const each = collection ? iteratorValue(collection, spanAt(scope.site, forEach!.value)) : V.unknown('the dynamic block has no for_each', span);
      const bindings = new Map(scope.bindings ?? []);
      bindings.set(iterName, each);
      const g = group(label.value, spanAt(scope.site, label));
      g.items.push(evaluateBody(content.body, { ...scope, bindings }, span));
      g.open = true;
      // A collection that is empty in some case generates no block in that case (both branches of a condition).
      g.none ??= collection && emptyCase(collection);
      continue;
    }
    const g = group(item.type, spanAt(scope.site, { s: item.s, e: item.s + item.type.length }));
    g.items.push(evaluateBody(item.body, scope, span));
    g.written = true;
  }
  for (const [name, g] of groups) {
    const blocks = V.array(g.items, g.nameSpan, g.open);
    props.push({ name, nameSpan: g.nameSpan, value: g.none && !g.written ? V.union(blocks, V.array([], g.none.origin)) : blocks });
  }
  return V.object(props, origin);
}

/**
 * An argument whose value (and name span) is evaluated when first read: the mapping reads only the arguments it
 * knows, and most arguments (names, tags, network rules) are never read. Reading it again while it is being
 * evaluated is a reference cycle.
 */
class LazyArgument extends V.LazyProperty {
  protected override readonly kind = 'argument';

  constructor(
    private readonly item: Attribute,
    private readonly scope: Scope,
  ) {
    super(item.name);
  }

  protected spanOfName(): Span {
    return spanAt(this.scope.site, { s: this.item.s, e: this.item.nameEnd });
  }

  protected evaluate(): Value {
    return evaluate(this.item.value, this.scope);
  }
}

/** A module call's argument, as the module's variable reads it: through the argument's name. */
class CallArgument extends LazyArgument {
  protected override evaluate(): Value {
    return V.via(super.evaluate(), this.nameSpan);
  }
}

/** The value of an expression. */
export function evaluate(e: Expr, scope: Scope): Value {
  try {
    return evaluateExpr(e, scope);
  } catch (err) {
    return V.unknown(failureReason(err), spanAt(scope.site, e));
  }
}

function evaluateExpr(e: Expr, scope: Scope): Value {
  const span = spanAt(scope.site, e);
  switch (e.k) {
    case 'lit':
      // Numbers and booleans can be rewritten in place; a string here was recovered from broken text.
      return typeof e.value === 'number' || typeof e.value === 'boolean' ? V.scalar(e.value, span, 'hcl') : V.scalar(e.value, span);
    case 'str':
      return V.scalar(e.value, span, e.embedded ? 'hcl-in-json' : 'hcl');
    case 'tpl':
      return whole(scope, (part) => template(e.parts, scope, span, part));
    case 'var':
    case 'attr':
    case 'index':
    case 'splat':
      return traversal(e, scope);
    case 'tuple':
      return whole(scope, (part) => V.array(e.items.map((i) => part(evaluate(i, scope))), span));
    case 'obj':
      return whole(scope, (part) => objectValue(e.items, scope, span, part));
    case 'call':
      return whole(scope, (part) => {
        const args = e.args.map((a, i) => (e.name === 'try' && i < e.args.length - 1 ? evaluate(a, { ...scope, tolerant: true }) : part(evaluate(a, scope), !takesNull(e.name, i))));
        return emptyFrom(callTerraformFunction(e.name, args, span, e.expand, !!scope.tolerant), args, scope.inst);
      });
    case 'cond': {
      // Both branches, unless the files alone decide the condition: it usually depends on inputs that differ
      // between runs, and a root variable's default is only the value of a run that sets nothing.
      // A `for` iterator named `var` or `local` hides what decided.ts reads. The test is evaluated only when decided.
      const shadowed = scope.bindings?.has('var') || scope.bindings?.has('local');
      if (!shadowed && scope.inst.decides(e.test, scope.site)) {
        const taken = V.certainBoolean(evaluate(e.test, scope));
        if (taken !== undefined) return evaluate(taken ? e.then : e.else, scope);
      }
      if (!scope.tolerant) return V.union(evaluate(e.then, scope), evaluate(e.else, scope));
      // Under try(), a test that may fail or be null fails the whole; a branch is read without its failures, since the test
      // usually guards it (`s.custom ? s.location : var.location`), which the evaluator cannot follow.
      return whole(scope, (part) => {
        part(evaluate(e.test, scope), true);
        return V.union(V.dropAbsent(evaluate(e.then, scope)), V.dropAbsent(evaluate(e.else, scope)));
      });
    }
    case 'bin':
      return whole(scope, (part) => binary(e.op, part(evaluate(e.left, scope)), part(evaluate(e.right, scope)), span));
    case 'un':
      return whole(scope, (part) =>
        mapCombinations(e.op, [part(evaluate(e.arg, scope))], span, ([a]) => (e.op === '!' ? (typeof a === 'boolean' ? !a : undefined) : typeof a === 'number' ? -a : undefined)),
      );
    case 'for':
      return whole(scope, (part) => forExpression(e, scope, span, part));
    case 'bad':
      return V.unknown(e.reason, span);
  }
}

function template(parts: readonly (string | Expr)[], scope: Scope, span: Span, part: Part): Value {
  if (parts.length === 1 && typeof parts[0] !== 'string') return evaluate(parts[0], scope);
  const values = parts.map((p) => (typeof p === 'string' ? V.scalar(p, span) : part(evaluate(p, scope), true)));
  // Terraform refuses to interpolate a null: that case yields nothing.
  return mapCombinations('string template', values, span, (xs) => (xs.includes(null) ? undefined : xs.map(String).join('')));
}

/** A part of a whole that fails where the part fails, and where it is null if `nullFails`: {@link whole}. */
type Part = (v: Value, nullFails?: boolean) => Value;

/**
 * Under `try()`, a failure in any part of a list, object, template, call, operation, `for` or a condition's test (an
 * attribute its object lacks; a null interpolated, or given to a function that refuses one) fails the whole: the
 * parts are read without those cases, and the whole keeps an `absent` one, so that `try` reads its next argument
 * too. Elsewhere the parts are as they are.
 */
function whole(scope: Scope, make: (part: Part) => Value): Value {
  if (!scope.tolerant) return make((v) => v);
  let failure: Value | undefined;
  // A part that fails in every case fails the whole in every case.
  let always = false;
  const result = make((v, nullFails) => {
    const fails = (p: V.Possibility) => p.kind === 'absent' || (!!nullFails && p.kind === 'scalar' && p.value === null);
    const failing = v.options.find(fails);
    if (!failing) return v;
    failure ??= V.absent(failing.origin);
    const rest = { options: v.options.filter((p) => !fails(p)), unknowns: v.unknowns };
    always ||= !rest.options.length && !rest.unknowns.length;
    return rest;
  });
  if (!failure) return result;
  return always ? failure : V.union(result, failure);
}

/**
 * The arguments that may be null (the `AllowNull` parameters of Terraform's functions and go-cty's standard library):
 * every argument of the conversions, encodings, `coalesce`, `merge` and `try`, `lookup`'s default and the variables of
 * a template; every other argument fails on a null, which `try()` catches (`format` fails for all but `%v`, here
 * for all).
 */
const TAKES_NULL: Readonly<Record<string, true | number>> = {
  coalesce: true,
  coalescelist: true,
  merge: true,
  try: true,
  can: true,
  jsonencode: true,
  yamlencode: true,
  tostring: true,
  tonumber: true,
  tobool: true,
  tolist: true,
  toset: true,
  tomap: true,
  sensitive: true,
  nonsensitive: true,
  issensitive: true,
  type: true,
  lookup: 2,
  templatefile: 1,
  templatestring: 1,
};

function takesNull(name: string, argument: number): boolean {
  const taken = TAKES_NULL[name];
  return taken === true || taken === argument;
}

function objectValue(items: readonly { key: Expr; value: Expr }[], scope: Scope, span: Span, part: Part): Value {
  const props: V.Property[] = [];
  const unnamed: Value[] = [];
  for (const item of items) {
    const key = part(evaluate(item.key, scope));
    const names = V.scalars(key);
    if (names.length !== 1 || key.unknowns.length) unnamed.push(part(evaluate(item.value, scope)));
    else props.push(keyedProperty(names[0], spanAt(scope.site, item.key), part(evaluate(item.value, scope))));
  }
  const unknowns: V.Unknown[] = [];
  return { options: [withUnnamed(props, unnamed, span, 'an object key is not a known string', unknowns)], unknowns };
}

const BINARY: Record<string, (a: V.Scalar, b: V.Scalar) => V.Scalar | undefined> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '&&': (a, b) => (typeof a === 'boolean' && typeof b === 'boolean' ? a && b : undefined),
  '||': (a, b) => (typeof a === 'boolean' && typeof b === 'boolean' ? a || b : undefined),
  '+': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a + b : undefined),
  '-': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : undefined),
  '*': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a * b : undefined),
  '/': (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : undefined),
  '%': (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? a % b : undefined),
  '<': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a < b : undefined),
  '<=': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a <= b : undefined),
  '>': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a > b : undefined),
  '>=': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a >= b : undefined),
};

function binary(op: string, left: Value, right: Value, span: Span): Value {
  const fn = BINARY[op];
  if (!fn) return V.unknown(`operator '${op}' is not evaluated`, span);
  if (op === '==' || op === '!=') {
    const other = isNull(right) ? left : isNull(left) ? right : undefined;
    if (other) return nullComparison(other, op === '==');
  }
  return mapCombinations(op, [left, right], span, ([a, b]) => fn(a, b));
}

function isNull(v: Value): boolean {
  return certainly(v, (p) => p.kind === 'scalar' && p.value === null);
}

/** `x == null` or `x != null`, where `x` may be an object or a list too: those are never null. */
function nullComparison(other: Value, equal: boolean): Value {
  const options: Possibility[] = [];
  for (const p of other.options) {
    if (p.kind === 'absent') continue;
    const isNullValue = p.kind === 'scalar' && p.value === null;
    options.push({ kind: 'scalar', value: isNullValue === equal, origin: p.origin, via: p.via });
  }
  return { options, unknowns: other.unknowns };
}

function forExpression(e: Extract<Expr, { k: 'for' }>, scope: Scope, span: Span, part: Part): Value {
  const coll = part(evaluate(e.coll, scope));
  const options: Possibility[] = [];
  const unknowns = [...V.elementGaps(coll)];
  for (const p of coll.options) {
    const elements: { key: Value; value: Value }[] = [];
    if (p.kind === 'array') p.items.forEach((item, i) => elements.push({ key: V.scalar(i, span), value: item }));
    else if (p.kind === 'object') {
      for (const prop of byKey(p)) elements.push({ key: V.keyValue(prop), value: prop.value });
      if (p.unnamed) for (const value of p.unnamed) elements.push({ key: openKey(p), value });
    } else continue;
    const results: { key?: Value; value: Value }[] = [];
    let filtered = false;
    for (const el of elements) {
      if (!scope.inst.repeat()) return tooManyRepeats(span);
      const bindings = new Map(scope.bindings ?? []);
      bindings.set(e.valueVar, el.value);
      if (e.keyVar) bindings.set(e.keyVar, el.key);
      const inner: Scope = { ...scope, bindings };
      const kept = e.cond ? V.certainBoolean(part(evaluate(e.cond, inner))) : true;
      if (kept === false) continue;
      filtered ||= kept === undefined;
      results.push({ key: e.key && part(evaluate(e.key, inner)), value: part(evaluate(e.value, inner)) });
    }
    // Entries under keys the files leave open may share a key, and so make fewer elements; a filter the files do not
    // decide may drop any element, so no element has a certain place.
    const open = p.kind === 'array' ? !!p.open || filtered : !!p.unnamed?.length;
    // An empty result keeps its collection's origin: where the emptiness comes from (a root variable's default, which
    // a deployment may replace) is what `noInstances` reads.
    const origin = results.length ? span : p.origin;
    if (!e.key) {
      options.push(...V.array(results.map((r) => r.value), origin, open).options);
      continue;
    }
    const named: { key: V.ScalarPossibility; value: Value }[] = [];
    const unnamed: Value[] = [];
    for (const r of results) {
      // Terraform turns a number or bool key into its string.
      const names = V.scalars(r.key ?? V.EMPTY).filter((k) => k.value !== null);
      if (names.length !== 1 || r.key?.unknowns.length) unnamed.push(r.value);
      else named.push({ key: names[0], value: r.value });
    }
    if (!e.group) options.push(withUnnamed(named.map((n) => keyedProperty(n.key, n.key.origin, n.value)), unnamed, origin, KEYS_NOT_KNOWN, unknowns));
    else options.push(withUnnamed(grouped(named, span), unnamed.length ? [V.array(unnamed, span, true)] : [], origin, KEYS_NOT_KNOWN, unknowns));
  }
  return { options, unknowns };
}

/**
 * The grouping mode (`k => v...`): each key's values as a list. The values whose keys are open make one list of open
 * length, since any of them may share a key.
 */
function grouped(named: readonly { key: V.ScalarPossibility; value: Value }[], span: Span): V.Property[] {
  const groups = new Map<string, { key: V.ScalarPossibility; values: Value[] }>();
  for (const n of named) {
    const name = String(n.key.value);
    const group = groups.get(name);
    if (group) group.values.push(n.value);
    else groups.set(name, { key: n.key, values: [n.value] });
  }
  return [...groups.values()].map((g) => keyedProperty(g.key, g.key.origin, V.array(g.values, span)));
}

const KEYS_NOT_KNOWN = 'a for expression builds an object whose keys are not known';

/** A property under a key an expression gives: the key keeps its origin and hops where they are not its name's. */
function keyedProperty(key: V.ScalarPossibility, nameSpan: Span, value: Value): V.Property {
  const name = String(key.value);
  const own = !key.via.length && key.origin.uri === nameSpan.uri && key.origin.start === nameSpan.start && key.origin.end === nameSpan.end;
  return own ? { name, nameSpan, value } : { name, nameSpan, value, computedKey: key };
}

/**
 * An object of these properties and of entries whose keys are open: the values stay known where the keys are not (a
 * map keyed by resource IDs that hold the subscription ID), and the gap for those keys joins `unknowns`.
 */
function withUnnamed(props: readonly V.Property[], unnamed: readonly Value[], origin: Span, reason: string, unknowns: V.Unknown[]): V.ObjectPossibility {
  const [object] = V.object(props, origin).options as [V.ObjectPossibility];
  if (!unnamed.length) return object;
  const open = { ...object, unnamed };
  unknowns.push(V.openKeysGap(reason, open));
  return open;
}

/**
 * An empty result of a function (`merge(var.x, {})`) keeps the origin of an argument that is empty because of a root
 * variable's default: `noInstances` reads from the origin that a deployment may fill it.
 */
function emptyFrom(result: Value, args: readonly Value[], inst: ModuleInstance): Value {
  if (!V.certainlyEmpty(result)) return result;
  const from = args.flatMap((a) => a.options).find((p) => (p.kind === 'object' || p.kind === 'array') && inst.fromRootDefault({ options: [p], unknowns: [] }));
  return from ? { options: result.options.map((p) => ({ ...p, origin: from.origin })), unknowns: result.unknowns } : result;
}

/** A `count` as Terraform reads it: a number, or a string of digits, which it converts. */
function countOf(value: Scalar): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** A case of a collection with no element. */
function emptyCase(collection: Value): Possibility | undefined {
  return collection.options.find(V.isEmptyCase);
}

/** Every possibility the files allow passes the test, and there is at least one. */
function certainly(v: Value, test: (p: Possibility) => boolean): boolean {
  return v.unknowns.length === 0 && v.options.length > 0 && v.options.every(test);
}

/** A `count` that is 0 in every case. */
function isZero(v: Value): boolean {
  return certainly(v, (p) => p.kind === 'scalar' && countOf(p.value) === 0);
}

type TStep = (Step & { readonly end: number }) | { readonly splat: readonly Step[]; readonly end: number };

/**
 * A splat as traversal steps: the splat, and after it, for the legacy `.*`, the steps from its first index on, which
 * HCL applies to the list the attribute steps make (`x.*.id[0]` is the first element's `id`).
 */
function splatSteps(splat: Extract<Expr, { k: 'splat' }>): TStep[] {
  const outer = splat.legacy ? splat.steps.findIndex((s) => 'index' in s) : -1;
  if (outer < 0) return [{ splat: splat.steps, end: splat.e }];
  return [{ splat: splat.steps.slice(0, outer), end: splat.e }, ...splat.steps.slice(outer).map((s) => ({ ...s, end: splat.e }))];
}

/** A reference such as `var.x`, `azurerm_resource_group.rg.location` or `each.value.name`. */
function traversal(e: Expr, scope: Scope): Value {
  const steps: TStep[] = [];
  let root: Expr = e;
  for (;;) {
    if (root.k === 'attr') steps.unshift({ name: root.name, end: root.e });
    else if (root.k === 'index') steps.unshift({ index: root.index, end: root.e });
    else if (root.k === 'splat') steps.unshift(...splatSteps(root));
    else break;
    root = root.obj;
  }
  if (root.k !== 'var') return applySteps(evaluate(root, scope), steps, scope);
  const use = (n: number): Span => spanAt(scope.site, { s: root.s, e: n === 0 ? root.e : steps[n - 1].end });
  const nameAt = (i: number): string | undefined => {
    const st = steps[i];
    return st && 'name' in st ? st.name : undefined;
  };
  const bound = scope.bindings?.get(root.name);
  if (bound) {
    const member = nameAt(0);
    if (member !== undefined) return applySteps(V.via(memberStep(bound, member, scope), use(1)), steps.slice(1), scope);
    return applySteps(V.via(bound, use(0)), steps, scope);
  }
  const inst = scope.inst;
  const first = nameAt(0);
  switch (root.name) {
    case 'var':
      return first === undefined ? V.unknown("'var' needs a variable name", use(0)) : applySteps(inst.variable(first, use(1)), steps.slice(1), scope);
    case 'local':
      return first === undefined ? V.unknown("'local' needs a name", use(0)) : applySteps(inst.local(first, use(1)), steps.slice(1), scope);
    case 'each':
    case 'count':
      return V.unknown(`'${root.name}' is only defined in a block with ${root.name === 'each' ? 'for_each' : 'count'}`, use(0));
    case 'module':
      if (first === undefined) return V.unknown("'module' needs a module name", use(0));
      // The whole reference is the hop: the output's value came through it.
      return V.via(applySteps(inst.moduleValue(first, use(1)), steps.slice(1), scope), use(steps.length));
    case 'data': {
      const name = nameAt(1);
      const address = `data.${first ?? '?'}.${name ?? '?'}`;
      return V.unknown(`${address} is read from Azure when Terraform plans; its values are not in the files`, use(Math.min(steps.length, 3)));
    }
  }
  if (UNKNOWN_ROOTS[root.name]) return V.unknown(`${root.name}.${first ?? ''} ${UNKNOWN_ROOTS[root.name]}`, use(Math.min(steps.length, 1)));
  if (first !== undefined) return resourceReference(scope, root.name, first, steps, use);
  return V.unknown(`'${root.name}' is not a name Terraform knows here`, use(0));
}

/** Whether a resource or module block has `count` or `for_each`. */
export function repeats(block: Block): boolean {
  return attribute(block.body, 'count') !== undefined || attribute(block.body, 'for_each') !== undefined;
}

/** An attribute the provider sets (an ID): unknown, naming its resource, which a reference through modules links to. */
function computedAttribute(inst: ModuleInstance, address: string, attr: string, use: Span): Value {
  return { options: [], unknowns: [{ reason: `${address}.${attr} is known only after Terraform applies the configuration`, span: use, via: [], resource: inst.resourceKey(address) }] };
}

/** `type.name[...].attribute…`: the argument as written in the resource block, one hop further. */
function resourceReference(scope: Scope, type: string, name: string, asWritten: TStep[], useWritten: (n: number) => Span): Value {
  const value = resourceSteps(scope, type, name, asWritten, useWritten);
  // Under try(), an instance of a resource that may have none (`azurerm_x.y[0]` with `count = var.on ? 1 : 0`) may fail,
  // and so may one under a key its `for_each` may not have (`azurerm_x.y["hub"]`, as the map's index does);
  // one read by the reader's own `count.index` is taken to exist, as a reader counted alike (the usual idiom) has it.
  const step = asWritten[1];
  if (!scope.tolerant || !(step && 'index' in step) || ownCountIndex(step.index, scope)) return value;
  const address = `${type}.${name}`;
  if (!scope.inst.mayLackInstances(address) && !scope.inst.mayLackKey(address, evaluate(step.index, scope), useWritten(1))) return value;
  return V.union(value, V.absent(useWritten(1)));
}

function resourceSteps(scope: Scope, type: string, name: string, asWritten: TStep[], useWritten: (n: number) => Span): Value {
  const address = `${type}.${name}`;
  const args = scope.inst.resourceArguments(address);
  if (!args) return V.unknown(`no resource ${address} is declared in this module`, useWritten(1));
  let i = 1;
  let spread = false;
  let steps = asWritten;
  let use = useWritten;
  let splatLength = 0;
  // Every instance of a resource with count or for_each is evaluated as one; an index selects any of them.
  if (steps[i] && 'index' in steps[i]) i++;
  else if (steps[i] && 'splat' in steps[i]) {
    spread = true;
    const inner = (steps[i] as { splat: readonly Step[] }).splat;
    splatLength = inner.length;
    steps = [...steps.slice(0, i), ...inner.map((s) => ({ ...s, end: asWritten[i].end })), ...steps.slice(i + 1)];
    // A span up to a step the splat's steps stand in for ends with the splat; one past them, at the written step.
    const at = i;
    use = (n) => useWritten(n <= at ? n : n <= at + inner.length ? at + 1 : n - inner.length + 1);
  }
  const attr = steps[i] && 'name' in steps[i] ? (steps[i] as { name: string }).name : undefined;
  if (attr === undefined) return applySteps(V.via(scope.inst.resourceValue(address, use(1))!, use(1)), spread ? steps.slice(i) : steps.slice(1), scope);
  const written = V.member(args, attr);
  const value = written.options.some((p) => p.kind === 'absent') ? computedAttribute(scope.inst, address, attr, use(i + 1)) : V.via(written, use(i + 1));
  if (!spread) return applySteps(value, steps.slice(i + 1), scope);
  // The splat's own steps apply to every instance; those after it, to the list they make.
  const inner = i + splatLength;
  return applySteps(V.array([applySteps(value, steps.slice(i + 1, inner), scope)], use(inner), true), steps.slice(inner), scope);
}

/**
 * `x[i]`; under `try()`, a key a map may lack (one the files do not give, unless it is one of the map's own) or an
 * element a list may lack (`azurerm_x.y[0]` with a `count` that may be 0) leaves an `absent` possibility.
 */
function indexStep(target: Value, index: Value, scope: Scope): Value {
  const value = indexValue(target, index);
  const origin = scope.tolerant ? failingIndex(target, index) : undefined;
  return origin ? V.union(value, V.absent(origin)) : value;
}

/** `x[i]` as Terraform converts the index: to a string for a map, to a number for a list. */
function indexValue(target: Value, index: Value): Value {
  const maps = target.options.some((p) => p.kind === 'object');
  const lists = target.options.some((p) => p.kind === 'array');
  if (!lists) return V.indexValue(target, maps ? asMapKey(index) : index);
  if (!maps) return V.indexValue(target, asListIndex(index));
  const others = { options: target.options.filter((p) => p.kind !== 'array'), unknowns: target.unknowns };
  return V.union(V.indexValue(others, asMapKey(index)), V.indexValue({ options: target.options.filter((p) => p.kind === 'array'), unknowns: [] }, asListIndex(index)));
}

/** Where `target[index]` may fail (a key a map may lack, an element a list may lack, an index of a scalar), if it may. */
function failingIndex(target: Value, index: Value): Span | undefined {
  const objects: Value = { options: target.options.filter((p) => p.kind === 'object'), unknowns: [] };
  const keys = V.strings(asMapKey(index));
  const numbers = V.scalars(asListIndex(index)).flatMap((n) => (typeof n.value === 'number' ? [n.value] : []));
  const mapMayLack =
    objects.options.length > 0 &&
    ((index.unknowns.length > 0 ? !V.ownOpenKeys(index, objects) : !keys.length) || keys.some((k) => V.member(objects, k.value).options.some((p) => p.kind === 'absent')));
  const listMayLack = target.options.some((p) => p.kind === 'array' && (p.open || index.unknowns.length > 0 || !numbers.length || numbers.some((n) => !Number.isInteger(n) || n < 0 || n >= p.items.length)));
  const scalar = target.options.find((p) => p.kind === 'scalar');
  return mapMayLack || listMayLack || scalar ? (scalar?.origin ?? target.options[0]?.origin) : undefined;
}

/**
 * `x.name`; under `try()`, an attribute the object lacks, an earlier step that may have missed, or an attribute of
 * what has none (a null, a string, a list) stays possible as a failure.
 */
function memberStep(target: Value, name: string, scope: Scope): Value {
  const value = V.member(target, name);
  if (!scope.tolerant) return V.dropAbsent(value);
  const plain = target.options.find((p) => p.kind === 'scalar' || p.kind === 'array');
  return plain ? V.union(value, V.absent(plain.origin)) : value;
}

/** `count.index` in a block counted by `count`. */
function ownCountIndex(e: Expr, scope: Scope): boolean {
  return e.k === 'attr' && e.name === 'index' && e.obj.k === 'var' && e.obj.name === 'count' && !!scope.bindings?.has('count');
}

/** Attribute, index and splat steps applied to a value. */
function applySteps(value: Value, steps: readonly TStep[] | readonly Step[], scope: Scope): Value {
  let current = value;
  for (const step of steps) {
    if ('name' in step) current = memberStep(current, step.name, scope);
    else if ('index' in step) current = indexStep(current, evaluate(step.index, scope), scope);
    else {
      const items = V.element(current, undefined);
      current = whole(scope, (part) => V.array([part(applySteps(items, step.splat, scope))], spanAt(scope.site, { s: step.end, e: step.end }), true));
    }
  }
  return current;
}

