/**
 * Bicep declarations → resources: each `resource` (nested children and `parent:` children with their full type
 * and `parent/child` name; `existing` ones as references), and through each local `module` the resources of the
 * module file, evaluated with the values the caller passes. Registry and template-spec modules, missing module
 * files and modules that use themselves become `module-unresolved` notices.
 */
import { mapCombinations } from '../../eval/functions';
import type { Resource, ResourceLink } from '../../model/resource';
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import type { WorkspaceFiles } from '../../workspace/document';
import { inTemplateSpecCache, resolveUri } from '../../workspace/uri';
import { isArmDocument, type ArmDocument } from '../arm/adapter';
import { evaluateArmTemplate, type ArmEvaluation } from '../arm/template';
import type { JsonNode } from '../arm/jsonc';
import { MAX_MODULE_INSTANCES, TOO_MANY_MODULES, type Evaluation, type Notice } from '../evaluation';
import { linkKind } from '../resource-links';
import { outsideModule } from '../outside-module';
import { armCallerArgument } from './decided';
import { bodyObject, childResources, isBicepDocument, plainString, remoteTemplateKind, type BicepDocument } from './document';
import { restoredModule, templateSpecLink } from './registry-cache';
import { symbolReferences } from './links';
import { BicepScope, type Env, type EvaluationContext, type Instance, type ModuleResolver } from './scope';
import type { Expr, ModuleDecl, ObjectNode, ResourceDecl } from './syntax';

/** Body members that are not part of what is deployed. */
const NOT_BODY = new Set(['parent', 'dependsOn']);

const RESOURCE_GROUPS = 'microsoft.resources/resourcegroups';

interface ResourceInfo {
  readonly key: string;
  readonly type: string;
  readonly apiVersion: string | undefined;
  readonly name: Value;
  readonly body: Value;
  /** Declared in a for-loop: the symbol stands for a list of resources. */
  readonly loop: boolean;
  readonly parent: ResourceInfo | undefined;
  /** Where `parent:` names the parent, when it does. */
  readonly parentSpan: Span | undefined;
}

interface ModuleCall {
  readonly body: Value;
  /** A Bicep module, evaluated with the caller's values. */
  readonly scope: BicepScope | undefined;
  /** An ARM JSON module, evaluated with the caller's values. */
  readonly arm: ArmEvaluation | undefined;
  /** A module outside the workspace (a registry module, a template spec, a missing file): its path. */
  readonly outside?: string;
}

/** A new evaluation context over the workspace files. */
export function newContext(files: WorkspaceFiles): EvaluationContext {
  return { files, notices: [], imported: new Map(), depth: 0, functionCalls: 0, repeats: 0 };
}

/**
 * The resources a root template deploys. `inputs` are the values its `.bicepparam` files give, each anchored in
 * its file; they add to the defaults as further possibilities.
 */
export function evaluateBicep(root: BicepDocument, inputs: ReadonlyMap<string, Value>, files: WorkspaceFiles): Evaluation {
  const walker = new Walker(newContext(files));
  const instance: Instance = { id: '', via: [], chain: [root.uri], unsetReason: 'no .bicepparam file gives one' };
  walker.walk(new BicepScope(root, inputs, false, instance, walker.ctx, walker));
  return { resources: walker.resources, notices: walker.ctx.notices };
}

class Walker implements ModuleResolver {
  readonly resources: Resource[] = [];
  // Plain maps: they live as long as the walk, as do their keys, and a walk per unit is many thousand in a scan.
  private readonly infos = new Map<BicepScope, Map<ResourceDecl, ResourceInfo>>();
  private readonly calls = new Map<BicepScope, Map<ModuleDecl, ModuleCall>>();
  private readonly references = new Map<BicepScope, Map<ModuleDecl, Value>>();
  private readonly parents = new Map<BicepDocument, Map<ResourceDecl, ResourceDecl>>();
  private instances = 0;
  /** The declarations whose information is being computed, to cut `parent:` cycles. */
  private readonly computing = new Set<ResourceDecl>();

  constructor(readonly ctx: EvaluationContext) {}

  private get notices(): Notice[] {
    return this.ctx.notices;
  }

  walk(scope: BicepScope): void {
    for (const s of scope.doc.program.statements) {
      if ((s.kind === 'resource' || s.kind === 'module') && this.deploysNoInstance(scope, s)) continue;
      if (s.kind === 'resource') this.emit(scope, s);
      else if (s.kind === 'module') {
        const call = this.moduleCall(scope, s);
        if (call.scope) this.walk(call.scope);
        if (call.arm) {
          this.resources.push(...call.arm.resources);
          this.notices.push(...call.arm.notices);
        }
        const outside = call.outside !== undefined && this.outsideModule(scope, s, call.body, call.outside);
        if (outside) this.resources.push(outside);
      }
    }
  }

  /** A declaration's condition where the files alone decide it (`decided.ts`): true, false, or undefined when they do not. */
  private decidedCondition(scope: BicepScope, condition: Expr): boolean | undefined {
    return scope.decides(condition, undefined) ? V.certainBoolean(scope.evaluate(condition, undefined)) : undefined;
  }

  /**
   * A declaration that deploys nothing: a condition the files decide is false, or a loop in a module over a
   * collection the files decide is empty (`decided.ts`: an optional `T[]?` the call leaves out, `?? []`; a template
   * deployed on its own, or a collection a caller passes from its own parameters, may be given items).
   */
  private deploysNoInstance(scope: BicepScope, decl: ResourceDecl | ModuleDecl): boolean {
    if (decl.value.kind === 'if') return this.decidedCondition(scope, decl.value.condition) === false;
    if (decl.value.kind !== 'for' || !scope.instance.via.length || !scope.decides(decl.value.iterable, undefined)) return false;
    return V.certainlyEmpty(scope.evaluate(decl.value.iterable, undefined));
  }

  private emit(scope: BicepScope, decl: ResourceDecl): void {
    const info = this.info(scope, decl);
    const links: ResourceLink[] = info.parent ? [{ kind: 'parent', target: info.parent.key, span: info.parentSpan }] : [];
    for (const ref of symbolReferences(scope.doc, decl.value)) {
      const target = ref.decl !== decl ? this.info(scope, ref.decl) : undefined;
      const kind = target && linkKind(target.type);
      if (kind) links.push({ kind, target: target.key, span: scope.span(ref.at) });
    }
    this.resources.push({
      key: info.key,
      type: info.type,
      apiVersion: info.apiVersion,
      symbolicName: decl.name.text,
      name: info.name,
      body: info.body,
      declaration: declarationLine(scope, decl),
      format: 'bicep',
      existing: decl.existing,
      via: scope.instance.via,
      links,
      ...(info.loop ? { repeated: true } : {}),
    });
    if (!decl.existing && info.type.toLowerCase() === 'microsoft.resources/deployments' && !deploysNothing(info.body)) {
      this.notices.push({
        ruleId: 'module-unresolved',
        span: declarationLine(scope, decl),
        message: `The deployment '${decl.name.text}' is a Microsoft.Resources/deployments resource, whose template is not evaluated in Bicep (a module's is), so the resources it deploys are not checked.`,
      });
      const link = V.strings(V.lookup(info.body, 'properties.templateLink.uri')).concat(V.strings(V.lookup(info.body, 'properties.templateLink.id')));
      const outside = outsideModule({
        key: `${info.key}/module`,
        source: link.length === 1 ? link[0].value : undefined,
        symbolicName: decl.name.text,
        location: V.dropAbsent(V.lookup(info.body, 'properties.parameters.location.value')),
        declaration: declarationLine(scope, decl),
        via: scope.instance.via,
        format: 'bicep',
      });
      if (outside) this.resources.push(outside);
    }
    for (const child of childResources(decl)) this.emit(scope, child);
  }

  private info(scope: BicepScope, decl: ResourceDecl): ResourceInfo {
    return cached(this.infos, scope, decl, () => {
      this.computing.add(decl);
      try {
        return this.computeInfo(scope, decl);
      } finally {
        this.computing.delete(decl);
      }
    });
  }

  private computeInfo(scope: BicepScope, decl: ResourceDecl): ResourceInfo {
    const object = bodyObject(decl.value);
    const env = bodyEnv(scope, decl.value, undefined);
    const [typeOnly, apiVersion] = (plainString(decl.type) ?? '').split('@');
    const lexicalParent = this.parentsOf(scope.doc).get(decl);
    const parentExpr = object && property(object, 'parent');
    const parentDecl = lexicalParent ?? (parentExpr && this.resourceNamed(scope, parentExpr));
    // Resources that name each other as parent (`a` in `b`, `b` in `a`): the cycle is cut where it closes.
    const parent = parentDecl && !this.computing.has(parentDecl) ? this.info(scope, parentDecl) : undefined;
    const relative = !!lexicalParent && !typeOnly.includes('/');
    const body = object ? scope.evaluate(withoutMembers(object, NOT_BODY), env) : V.unknown('the resource body does not parse', scope.span(decl.value));
    const nameExpr = object && property(object, 'name');
    const ownName = V.dropAbsent(V.member(body, 'name'));
    const nameSpan = scope.span(nameExpr ?? decl.name);
    const name = parent ? mapCombinations('name', [parent.name, ownName], nameSpan, ([a, b]) => `${String(a)}/${String(b)}`) : ownName;
    const path = parent ? `${parent.key.slice(parent.key.indexOf('#') + 1)}/${decl.name.text}` : `${scope.instance.id}/${decl.name.text}`;
    return {
      key: `${scope.doc.uri}#${path}`,
      type: relative && parent ? `${parent.type}/${typeOnly}` : typeOnly,
      apiVersion: apiVersion ?? (relative ? parent?.apiVersion : undefined),
      name: V.isPresent(name) ? name : V.unknown(`resource '${decl.name.text}' has no name`, nameSpan),
      body,
      loop: decl.value.kind === 'for' || !!parent?.loop,
      parent,
      parentSpan: !lexicalParent && parentExpr ? scope.span(parentExpr) : undefined,
    };
  }

  /** Which resource declaration encloses each nested one, per document. */
  private parentsOf(doc: BicepDocument): Map<ResourceDecl, ResourceDecl> {
    let map = this.parents.get(doc);
    if (!map) {
      map = new Map();
      const visit = (decl: ResourceDecl) => {
        for (const child of childResources(decl)) {
          map!.set(child, decl);
          visit(child);
        }
      };
      for (const s of doc.program.statements) if (s.kind === 'resource') visit(s);
      this.parents.set(doc, map);
    }
    return map;
  }

  resourceKey(scope: BicepScope, e: Expr): string | undefined {
    for (let at: Expr | undefined = e; at; at = at.kind === 'member' || at.kind === 'index' ? at.object : undefined) {
      const decl = this.resourceNamed(scope, at);
      // A resource whose body is being evaluated has no key yet; the reference is then to itself or a cycle.
      if (decl) return this.computing.has(decl) ? undefined : this.info(scope, decl).key;
    }
    return undefined;
  }

  resourceIdKey(scope: BicepScope, type: string, name: Expr): string | undefined {
    const text = writtenText(scope, name);
    for (const decl of scope.doc.symbols.resources.values()) {
      const object = bodyObject(decl.value);
      const nameExpr = object && property(object, 'name');
      if (!nameExpr || this.computing.has(decl) || (plainString(decl.type) ?? '').split('@')[0].toLowerCase() !== type.toLowerCase()) continue;
      // The same expression names the same resource: `secName` for the server named `secName`, a parameter the
      // files leave open.
      if (writtenText(scope, nameExpr) === text) return this.info(scope, decl).key;
    }
    return undefined;
  }

  /** The resource an expression names: `sym`, or `a::b` for a nested one. */
  private resourceNamed(scope: BicepScope, e: Expr): ResourceDecl | undefined {
    if (e.kind === 'identifier') return scope.doc.symbols.resources.get(e.name);
    if (e.kind === 'nested' && e.name) {
      const parent = this.resourceNamed(scope, e.object);
      const name = e.name.text;
      return parent && childResources(parent).find((c) => c.name.text === name);
    }
    // `rgs[i]`: an instance of a resource loop, every instance as one.
    if (e.kind === 'index') {
      const looped = e.object.kind === 'identifier' ? scope.doc.symbols.resources.get(e.object.name) : undefined;
      return looped?.value.kind === 'for' ? looped : undefined;
    }
    return e.kind === 'paren' || e.kind === 'non-null' ? this.resourceNamed(scope, e.expr) : undefined;
  }

  resourceReference(scope: BicepScope, decl: ResourceDecl): Value {
    const info = this.info(scope, decl);
    const span = scope.span(decl.name);
    const props: V.Property[] = [
      { name: 'name', nameSpan: span, value: decl.existing ? info.name : readFrom(info.name, info.key) },
      { name: 'type', nameSpan: span, value: V.scalar(info.type, scope.span(decl.type)) },
    ];
    if (info.apiVersion) props.push({ name: 'apiVersion', nameSpan: span, value: V.scalar(info.apiVersion, scope.span(decl.type)) });
    if (!decl.existing) {
      for (const p of info.body.options) {
        if (p.kind !== 'object') continue;
        for (const [key, prop] of p.props) if (key !== 'name') props.push(prop);
      }
    }
    const value = V.object(props, span);
    return info.loop ? V.array([value], span, true) : value;
  }

  moduleReference(scope: BicepScope, decl: ModuleDecl): Value {
    // Evaluated once per call; EMPTY answers a module body that refers to its own outputs.
    return cached(this.references, scope, decl, () => this.computeReference(scope, decl), V.EMPTY);
  }

  private computeReference(scope: BicepScope, decl: ModuleDecl): Value {
    const call = this.moduleCall(scope, decl);
    const span = scope.span(decl.name);
    const props: V.Property[] = [{ name: 'name', nameSpan: span, value: V.dropAbsent(V.member(call.body, 'name')) }];
    const target = call.scope;
    if (target) {
      const outputs = [...target.doc.symbols.outputs.values()].map((o) => ({
        name: o.name.text,
        nameSpan: target.span(o.name),
        value: V.via(target.evaluate(o.value, undefined), target.span(o.name)),
      }));
      props.push({ name: 'outputs', nameSpan: span, value: V.object(outputs, span) });
    } else if (call.arm) props.push({ name: 'outputs', nameSpan: span, value: call.arm.outputs() });
    const value = V.object(props, span);
    return decl.value.kind === 'for' ? V.array([value], span, true) : value;
  }

  private moduleCall(scope: BicepScope, decl: ModuleDecl): ModuleCall {
    // A placeholder while evaluating, so a module body that refers to its own outputs ends.
    return cached(this.calls, scope, decl, () => this.computeCall(scope, decl), { body: V.EMPTY, scope: undefined, arm: undefined });
  }

  private computeCall(scope: BicepScope, decl: ModuleDecl): ModuleCall {
    const object = bodyObject(decl.value);
    const env = bodyEnv(scope, decl.value, undefined);
    const body = object ? scope.evaluate(withoutMembers(object, NOT_BODY), env) : V.EMPTY;
    const target = this.moduleTarget(scope, decl);
    if (typeof target === 'string') return { body, scope: undefined, arm: undefined, outside: target };
    if (!target) return { body, scope: undefined, arm: undefined };
    const inputs = new Map<string, Value>();
    for (const p of V.member(body, 'params').options) {
      if (p.kind !== 'object') continue;
      for (const prop of p.props.values()) {
        // ARM reads parameter names without regard to case.
        const name = target.format === 'arm' ? prop.name.toLowerCase() : prop.name;
        const value = V.via(prop.value, prop.nameSpan);
        const prev = inputs.get(name);
        inputs.set(name, prev ? V.union(prev, value) : value);
      }
    }
    const via = [...scope.instance.via, declarationLine(scope, decl)];
    const resourceGroupLocation = this.resourceGroupLocation(scope, object);
    if (target.format === 'arm') {
      const argument = armCallerArgument({ scope, env, params: callParams(object) });
      return { body, scope: undefined, arm: evaluateArmTemplate(target.source, target.root!, inputs, this.linkedTemplate, via, resourceGroupLocation, argument) };
    }
    const instance: Instance = {
      id: `${scope.instance.id}/${decl.name.text}>`,
      via,
      chain: [...scope.instance.chain, target.uri],
      unsetReason: `the module call '${decl.name.text}' does not pass it`,
      caller: { scope, env, params: callParams(object) },
      resourceGroupLocation,
    };
    return { body, scope: new BicepScope(target, inputs, true, instance, this.ctx, this), arm: undefined };
  }

  /** The ARM template a `templateLink.relativePath` of an ARM module names. */
  private readonly linkedTemplate = (from: string, path: string, fromTemplate: JsonNode) => {
    if (inTemplateSpecCache(from)) return templateSpecLink(this.ctx.files, from, path, fromTemplate);
    const uri = resolveUri(from, path);
    const doc = uri ? this.ctx.files.get(uri) : undefined;
    return isArmDocument(doc) && doc.kind === 'template' && doc.root ? { source: doc.source, root: doc.root } : undefined;
  };

  /**
   * The Bicep file or ARM template a module declaration uses, or (with a notice) the path of one outside the
   * workspace, or undefined when it cannot be evaluated otherwise.
   */
  private moduleTarget(scope: BicepScope, decl: ModuleDecl): BicepDocument | ArmDocument | string | undefined {
    const path = plainString(decl.path);
    const span = scope.span(decl.path);
    const notice = (message: string) => this.notices.push({ ruleId: 'module-unresolved', span, message });
    if (path === undefined) return undefined;
    const remote = remoteTemplateKind(path);
    const restored = remote && restoredModule(this.ctx.files, scope.doc.uri, path);
    if (remote && !restored?.template) {
      notice(`The ${remote} '${path}' is not in the workspace, so the resources it deploys are not checked${restored?.missing ? `: ${restored.missing}` : ''}.`);
      return path;
    }
    const uri = restored ? restored.template!.uri : resolveUri(scope.doc.uri, path);
    // A template spec's template is a part of the file Bicep cached, which the restored module gives.
    const doc = restored ? restored.template : uri ? this.ctx.files.get(uri) : undefined;
    const usable = (isBicepDocument(doc) && doc.kind === 'bicep') || (isArmDocument(doc) && doc.kind === 'template' && !!doc.root);
    if (!uri || !usable) {
      notice(`The module '${path}' is not a Bicep file or ARM template in the workspace, so the resources it deploys are not checked.`);
      return path;
    }
    const chain = scope.instance.chain;
    if (chain.includes(uri)) {
      const names = [...chain.slice(chain.indexOf(uri)), uri].map((u) => u.slice(u.lastIndexOf('/') + 1));
      notice(`The module '${path}' uses itself (${names.join(' → ')}), so this call is not evaluated again.`);
      return undefined;
    }
    if (++this.instances > MAX_MODULE_INSTANCES) {
      if (this.instances === MAX_MODULE_INSTANCES + 1) notice(TOO_MANY_MODULES);
      return undefined;
    }
    return doc;
  }

  /** A module outside the workspace: its resources are where its `location` parameter says (`outside-module.ts`). */
  private outsideModule(scope: BicepScope, decl: ModuleDecl, body: Value, source: string): Resource | undefined {
    const location = V.dropAbsent(V.member(V.member(body, 'params'), 'location'));
    return outsideModule({
      key: `${scope.doc.uri}#${scope.instance.id}/module:${decl.name.text}`,
      source,
      symbolicName: decl.name.text,
      location,
      declaration: declarationLine(scope, decl),
      via: scope.instance.via,
      format: 'bicep',
    });
  }

  /**
   * `scope: resourceGroup('rg-itar')` naming the one resource group this file declares under that name (a group
   * keeps the location it was created in). Not with a subscription ID: the group may be in another subscription.
   */
  private groupByName(scope: BicepScope, target: Expr): ResourceDecl | undefined {
    if (target.kind !== 'call' || target.name.text.toLowerCase() !== 'resourcegroup' || target.args.length !== 1) return undefined;
    if (target.target && !(target.target.kind === 'identifier' && (target.target.name === 'az' || target.target.name === 'sys'))) return undefined;
    const names = V.strings(scope.evaluate(target.args[0], undefined));
    if (names.length !== 1) return undefined;
    const wanted = names[0].value.toLowerCase();
    const matches = [...scope.doc.symbols.resources.values()].filter((d) => {
      const info = this.info(scope, d);
      return info.type.toLowerCase() === RESOURCE_GROUPS && V.strings(info.name).some((n) => n.value.toLowerCase() === wanted);
    });
    return matches.length === 1 ? matches[0] : undefined;
  }

  /**
   * Where `resourceGroup()` is inside a module: the location of the resource group the caller declares and
   * deploys the module into (`scope: rg`), or the caller's own when the module stays in its resource group.
   */
  private resourceGroupLocation(scope: BicepScope, object: ObjectNode | undefined): Value | undefined {
    const target = object && property(object, 'scope');
    if (!target) return scope.instance.resourceGroupLocation;
    const rg = this.resourceNamed(scope, target) ?? this.groupByName(scope, target);
    // A group created only in some deployments may, in the others, be one that exists anywhere.
    if (!rg || rg.existing || (rg.value.kind === 'if' && this.decidedCondition(scope, rg.value.condition) !== true)) return undefined;
    const info = this.info(scope, rg);
    if (info.type.toLowerCase() !== RESOURCE_GROUPS) return undefined;
    const location = V.dropAbsent(V.member(info.body, 'location'));
    return V.isPresent(location) ? location : undefined;
  }
}

/** A value computed once per scope and declaration; `pending` answers while it is being computed. */
function cached<K, T>(store: Map<BicepScope, Map<K, T>>, scope: BicepScope, key: K, compute: () => T, pending?: T): T {
  let byKey = store.get(scope);
  if (!byKey) store.set(scope, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) {
    if (pending !== undefined) byKey.set(key, pending);
    value = compute();
    byKey.set(key, value);
  }
  return value;
}

/** The names the loops around a resource or module body bind. */
function bodyEnv(scope: BicepScope, value: Expr, env: Env | undefined): Env | undefined {
  if (value.kind === 'for') return bodyEnv(scope, value.body, scope.loop(value, env));
  if (value.kind === 'if') return bodyEnv(scope, value.body, env);
  return env;
}

/**
 * A deployed resource's name as others read it (`dst.name`): where the files leave it open, the gap names the
 * resource, so that an `existing` declaration, or a replication partner, given that name is known to be this one.
 */
function readFrom(name: Value, key: string): Value {
  return name.unknowns.length ? { options: name.options, unknowns: name.unknowns.map((u) => (u.resource ? u : { ...u, resource: key })) } : name;
}

/** An expression's text, compared without spaces: a template writes one name the same way where it reuses it. */
function writtenText(scope: BicepScope, e: Expr): string {
  return scope.doc.source.slice(scope.span(e)).replace(/\s+/g, '');
}

/** The value of a property written with a plain name. */
function property(object: ObjectNode, name: string): Expr | undefined {
  for (const item of object.items) if (item.kind === 'property' && 'text' in item.key && item.key.text === name) return item.value;
  return undefined;
}

function withoutMembers(object: ObjectNode, names: ReadonlySet<string>): ObjectNode {
  const items = object.items.filter((i) => !(i.kind === 'property' && 'text' in i.key && names.has(i.key.text)));
  return items.length === object.items.length ? object : { ...object, items };
}

/** The declaration line: from the keyword to the last token on its line (the `{` of the body, usually). */
export function declarationLine(scope: BicepScope, decl: ResourceDecl | ModuleDecl): Span {
  return scope.doc.source.span(decl.keyword.start, Math.max(decl.keyword.start, decl.headerEnd));
}

/** An inline template whose resources are certainly none (the telemetry deployment every verified module declares). */
function deploysNothing(body: Value): boolean {
  return V.certainlyEmpty(V.lookup(body, 'properties.template.resources'));
}

/** A module call's `params` as written: `none` when it passes none, undefined when it is not an object literal. */
function callParams(object: ObjectNode | undefined): ObjectNode | 'none' | undefined {
  const params = object && property(object, 'params');
  return !params ? 'none' : params.kind === 'object' ? params : undefined;
}
