/**
 * ARM templates → resources: the top-level `resources` array, `languageVersion: "2.0"` resource objects keyed
 * by symbolic name, nested child `resources` (written relative to the parent or in full), copy loops, nested
 * `Microsoft.Resources/deployments` with an inline template in either expression scope, and linked templates
 * referenced by `templateLink.relativePath` when the file is in the workspace.
 */
import type { SourceText, Span } from '../../model/span';
import { spanKey } from '../../model/span';
import type { Resource } from '../../model/resource';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { inToolFolder } from '../../workspace/uri';
import { outsideModule } from '../outside-module';
import { mapCombinations } from '../../eval/functions';
import { MAX_MODULE_INSTANCES, TOO_MANY_MODULES, type Evaluation, type Notice } from '../evaluation';
import { decidedFalse, decidedZero, fixedValue } from './decided';
import { NodeProperty, splitType, TemplateScope, type CallerArgument, type ParameterInputs } from './evaluator';
import { entries, prop, stringValue, type JsonNode } from './jsonc';
import { linkReferences, type PendingReferences } from './links';

const DEPLOYMENTS = 'microsoft.resources/deployments';
/** Resource members that are not part of what is deployed, or that are walked on their own. */
const NOT_BODY = new Set(['resources', 'dependson', 'comments', 'copy', 'condition']);

export function isArmTemplate(root: JsonNode | undefined): boolean {
  const schema = stringValue(prop(root, '$schema'));
  return !!schema && /deploymentTemplate\.json/i.test(schema);
}

/** Whether text that may not parse looks like a template, so its syntax errors are worth reporting. */
export function looksLikeArmTemplate(text: string): boolean {
  return /"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json/i.test(text.slice(0, 4096));
}

/** A parsed template in the workspace that a `templateLink.relativePath` can name. */
export interface LinkedTemplate {
  readonly source: SourceText;
  readonly root: JsonNode;
}

/**
 * Finds the template a relative path names, from the template that names it: its file, and the template object (one
 * file of a template spec holds the main template and those it links to).
 */
export type TemplateResolver = (fromUri: string, relativePath: string, fromTemplate: JsonNode) => LinkedTemplate | undefined;

/**
 * The files a template links to, at any depth: literal `templateLink.relativePath` values, and the `.json`
 * literals of a `templateLink.uri` expression (`uri(parameters('_artifactsLocation'), 'nested/x.json')`). Used to
 * decide which templates are only deployed through others and what a unit reads; evaluation follows links exactly.
 */
export function relativeLinks(root: JsonNode | undefined, text: string): string[] {
  if (!root || !text.includes('templateLink')) return [];
  const out: string[] = [];
  const visit = (node: JsonNode | undefined, depth: number) => {
    if (!node || depth > 200) return;
    if (node.type === 'object') {
      const link = prop(node, 'templateLink');
      const path = stringValue(prop(link, 'relativePath'));
      if (path && !path.startsWith('[')) out.push(path);
      const uri = stringValue(prop(link, 'uri'));
      if (uri?.startsWith('[')) for (const m of uri.matchAll(/'([^'?]+\.json)'/g)) out.push(m[1]);
    }
    for (const child of node.children ?? []) visit(child, depth + 1);
  };
  visit(root, 0);
  return out;
}

interface Parent {
  readonly type: string;
  readonly name: Value;
  readonly key: string;
}

/**
 * How many templates deep deployments are followed: the walk recurses per level, and a chain of a thousand linked
 * templates overflowed the stack, which lost the whole file.
 */
const MAX_DEPLOYMENT_DEPTH = 200;

class Walker {
  readonly resources: Resource[] = [];
  readonly notices: Notice[] = [];
  readonly references: PendingReferences[] = [];
  /**
   * The templates being evaluated, outermost first, to stop a template that links itself: by node, since a template
   * spec holds its linked templates in the same file as its main template.
   */
  private readonly walking: JsonNode[] = [];
  /** How many nested and linked templates have been walked (`MAX_MODULE_INSTANCES`). */
  private deployed = 0;

  constructor(private readonly resolve: TemplateResolver) {}

  template(scope: TemplateScope, template: JsonNode, via: readonly Span[], pointer: string): void {
    this.walking.push(template);
    this.resourceList(scope, prop(template, 'resources'), undefined, via, `${pointer}/resources`);
    this.walking.pop();
  }

  private resourceList(scope: TemplateScope, list: JsonNode | undefined, parent: Parent | undefined, via: readonly Span[], pointer: string): void {
    if (!list) return;
    if (list.type === 'array') {
      (list.children ?? []).forEach((node, i) => this.resource(scope, node, undefined, parent, via, `${pointer}/${i}`));
    } else if (list.type === 'object') {
      for (const [k, node] of entries(list)) this.resource(scope, node, String(k.value), parent, via, `${pointer}/${String(k.value)}`);
    }
  }

  private resource(scope: TemplateScope, node: JsonNode, symbolicName: string | undefined, parent: Parent | undefined, via: readonly Span[], pointer: string): void {
    if (node.type !== 'object') return;
    const typeNode = prop(node, 'type');
    const typeText = stringValue(typeNode);
    if (!typeNode || !typeText) return;
    const condition = prop(node, 'condition');
    if (condition && decidedFalse(scope, condition)) return;
    const count = prop(prop(node, 'copy'), 'count');
    if (count && decidedZero(scope, count)) return;
    const [typeOnly, apiFromType] = splitType(typeText);
    const relativeTo = parent && !sameNamespace(parent.type, typeOnly) ? parent : undefined;
    const type = relativeTo ? `${relativeTo.type}/${typeOnly}` : typeOnly;
    const nameNode = prop(node, 'name');
    const ownName = nameNode ? scope.evaluate(nameNode) : V.unknown('the resource has no name', scope.span(node));
    const name = relativeTo
      ? mapCombinations('name', [relativeTo.name, ownName], scope.span(nameNode ?? node), ([a, b]) => `${String(a)}/${String(b)}`)
      : ownName;
    const leafName = name.options.length ? undefined : relativeTo ? ownName : nameNode && formattedLeaf(scope, nameNode);
    const isDeployment = type.toLowerCase() === DEPLOYMENTS;
    const bodyProps: V.Property[] = [];
    const bodyNodes: JsonNode[] = [];
    for (const [k, v] of entries(node)) {
      const key = String(k.value);
      if (NOT_BODY.has(key.toLowerCase())) continue;
      if (isDeployment && key.toLowerCase() === 'properties') continue;
      bodyProps.push(new NodeProperty(key, scope, k, v));
      bodyNodes.push(v);
    }
    const resource: Resource = {
      // One declaration instantiated through several deployments is several resources.
      key: `${scope.source.uri}#${pointer}${via.length ? `@${via.map(spanKey).join('>')}` : ''}`,
      type,
      apiVersion: stringValue(prop(node, 'apiVersion')) ?? apiFromType,
      symbolicName,
      name,
      body: V.object(bodyProps, scope.span(node)),
      declaration: scope.span(typeNode.parent ?? typeNode),
      format: 'arm',
      existing: prop(node, 'existing')?.value === true,
      via,
      links: parent ? [{ kind: 'parent', target: parent.key }] : [],
      ...(prop(node, 'copy') ? { repeated: true } : {}),
      ...(leafName?.options.length ? { leafName } : {}),
    };
    this.resources.push(resource);
    this.references.push({ resource, scope, body: bodyNodes, ...(relativeTo ? {} : { nameNode }) });
    if (isDeployment) this.deployment(scope, node, resource, pointer);
    this.resourceList(scope, prop(node, 'resources'), { type, name, key: resource.key }, via, `${pointer}/resources`);
  }

  private deployment(scope: TemplateScope, node: JsonNode, resource: Resource, pointer: string): void {
    const props = prop(node, 'properties');
    const inner = prop(props, 'template');
    const via = [...resource.via, resource.declaration];
    if (inner?.type === 'object' || prop(props, 'templateLink')) {
      if (++this.deployed > MAX_MODULE_INSTANCES) {
        if (this.deployed === MAX_MODULE_INSTANCES + 1) this.notices.push({ ruleId: 'module-unresolved', span: resource.declaration, message: TOO_MANY_MODULES });
        return;
      }
      if (this.walking.length >= MAX_DEPLOYMENT_DEPTH) {
        this.notices.push({ ruleId: 'module-unresolved', span: resource.declaration, message: `This deployment is nested more than ${MAX_DEPLOYMENT_DEPTH} deployments deep, so the resources it deploys are not checked.` });
        return;
      }
    }
    if (inner?.type === 'object') {
      const scopeKind = stringValue(prop(prop(props, 'expressionEvaluationOptions'), 'scope'))?.toLowerCase();
      if (scopeKind === 'inner') {
        const passed = this.passedParameters(scope, props);
        const innerScope = new TemplateScope(scope.source, inner, passed.inputs, passed.complete, targetGroupLocation(scope, node), passed.argument);
        this.template(innerScope, inner, via, `${pointer}/properties/template`);
      } else {
        // Outer scope: the nested template's expressions read the enclosing template's parameters, variables and
        // resource group.
        this.template(scope, inner, via, `${pointer}/properties/template`);
      }
      return;
    }
    const link = prop(props, 'templateLink');
    if (!link) return;
    const relativePath = stringValue(prop(link, 'relativePath')) ?? workspaceUri(scope, prop(link, 'uri'));
    const linked = relativePath && !relativePath.startsWith('[') ? this.resolve(scope.source.uri, relativePath, scope.template) : undefined;
    if (linked && !this.walking.includes(linked.root)) {
      // A linked template always has its own scope: it sees only the parameters the deployment passes.
      const passed = this.passedParameters(scope, props);
      this.template(new TemplateScope(linked.source, linked.root, passed.inputs, passed.complete, targetGroupLocation(scope, node), passed.argument), linked.root, via, '');
      return;
    }
    const target = relativePath ?? stringValue(prop(link, 'uri')) ?? stringValue(prop(link, 'id')) ?? 'a linked template';
    const why = linked ? 'links back to a template that is already being deployed (a cycle)' : 'is not in the workspace';
    // In a module a tool restored, the notice names the calls that lead there, so that it can be shown in the user's code.
    const related = inToolFolder(scope.source.uri) ? via.map((span) => ({ span, message: 'the linked template is deployed through here' })) : undefined;
    this.notices.push({
      ruleId: 'module-unresolved',
      span: scope.span(link.parent ?? link),
      message: `The linked template ${quote(target)} ${why}, so the resources it deploys are not checked.`,
      ...(related ? { related } : {}),
    });
    if (linked) return;
    const outside = outsideModule({
      key: `${resource.key}/module`,
      source: target.startsWith('[') ? undefined : target,
      symbolicName: resource.symbolicName ?? singleName(resource.name),
      location: this.passedParameters(scope, props).inputs.get('location') ?? V.EMPTY,
      declaration: resource.declaration,
      via,
      format: 'arm',
    });
    if (outside) this.resources.push(outside);
  }

  /**
   * The values a deployment passes to its template, evaluated in the caller's scope (the caller's literals stay the
   * origins); `complete` unless an expression gives the whole `parameters` object, or a `parametersLink` gives
   * values, whose names the files do not show (then the values add to the template's defaults, as a deployment's own
   * inputs do), and then what the deployment does with each parameter (`decided.ts`).
   */
  private passedParameters(scope: TemplateScope, props: JsonNode | undefined): { inputs: Map<string, Value>; complete: boolean; argument?: CallerArgument } {
    const inputs = new Map<string, Value>();
    const written = prop(props, 'parameters');
    // Values from a parameter file the deployment links may set any parameter.
    if ((written && written.type !== 'object') || prop(props, 'parametersLink')) return { inputs, complete: false };
    const nodes = new Map<string, JsonNode | undefined>();
    for (const [k, v] of entries(written)) {
      const name = String(k.value);
      // Bicep compiles a conditional argument as an expression that gives the whole `{ "value": … }` object.
      const whole = v.type === 'string' && scope.parsed(v) !== undefined;
      const valueNode = whole ? v : prop(v, 'value');
      nodes.set(name.toLowerCase(), valueNode);
      const reference = V.unknown(`parameter '${name}' is passed as a Key Vault reference`, scope.span(v));
      const value = whole ? wholeArgument(scope.evaluate(v), reference) : valueNode ? scope.evaluate(valueNode) : reference;
      inputs.set(name.toLowerCase(), V.via(value, scope.span(k)));
    }
    const argument: CallerArgument = (name) => {
      const node = nodes.get(name);
      // A null argument leaves the default in force, as leaving the parameter out does.
      if (!nodes.has(name) || node?.type === 'null' || (node && /^\[\s*null\(\s*\)\s*\]$/i.test(String(node.value)))) return 'left-out';
      return node && fixedValue(scope, node) ? 'fixed' : node?.type === 'object' || node?.type === 'array' ? 'sized' : undefined;
    };
    return { inputs, complete: true, argument };
  }
}

/**
 * The location of the resource group a deployment deploys into, when the files decide it: the group its
 * `resourceGroup` names, if the deploying template declares it, or else the deploying template's own group, when
 * the deployment names no other scope. An inner-scope or linked template's `resourceGroup()` is that group (Microsoft
 * Learn, "ARM template functions in deployment scopes", Function resolution in scopes).
 */
function targetGroupLocation(scope: TemplateScope, deployment: JsonNode): Value | undefined {
  if (prop(deployment, 'subscriptionId') || prop(deployment, 'scope')) return undefined;
  const group = prop(deployment, 'resourceGroup');
  if (!group) return scope.resourceGroupLocation;
  const location = scope.declaredGroupLocation(scope.evaluate(group));
  return location && V.via(location, scope.span(group));
}

/**
 * A `templateLink.uri` that evaluates to one file in the workspace (`uri(deployment().properties.templateLink.uri,
 * 'nested/x.json')`), without its query string (a SAS token); undefined otherwise.
 */
function workspaceUri(scope: TemplateScope, node: JsonNode | undefined): string | undefined {
  if (!node) return undefined;
  const targets = [...new Set(V.strings(scope.evaluate(node)).map((p) => p.value.replace(/[?#].*$/, '')))];
  return targets.length === 1 && targets[0].startsWith('file:') ? targets[0] : undefined;
}

/**
 * Whether a child's type starts with its parent's namespace, so that it is written in full (`Microsoft.Web/sites/config`,
 * name `app1/web`) rather than relative to the parent (`config`, `web`). ARM accepts both inside the parent's
 * `resources`; the Bicep decompiler tells them apart the same way (`TemplateHelpers.FlattenAndNormalizeResource`).
 */
function sameNamespace(parentType: string, childType: string): boolean {
  return parentType.split('/')[0].toLowerCase() === childType.split('/')[0].toLowerCase();
}

/** An argument given as an expression for its whole `{ "value": … }` object: the value, or where a branch gives a Key Vault reference instead, that gap. */
function wholeArgument(whole: Value, reference: Value): Value {
  const value = V.member(whole, 'value');
  const options = value.options.filter((p) => p.kind !== 'absent');
  return options.length === value.options.length ? value : V.union({ options, unknowns: value.unknowns }, reference);
}

/** The last segment of a name written `format('…/{n}', …)`, as Bicep compiles a child's name: the value of argument n. */
function formattedLeaf(scope: TemplateScope, nameNode: JsonNode): Value | undefined {
  const e = scope.parsed(nameNode);
  if (e?.kind !== 'call' || e.name.toLowerCase() !== 'format' || e.args[0]?.kind !== 'string') return undefined;
  const last = /\/\{(\d+)\}$/.exec(e.args[0].value);
  const arg = last ? e.args[Number(last[1]) + 1] : undefined;
  return arg && scope.value(arg);
}

/** A name the files fix to one string (a deployment's literal name), else undefined. */
function singleName(name: Value): string | undefined {
  const names = V.strings(name);
  return names.length === 1 && !name.unknowns.length ? names[0].value : undefined;
}

function quote(s: string): string {
  return s.startsWith('[') ? 'given by an expression' : `'${s}'`;
}

/**
 * The resources a template deploys. `inputs` are the values of its parameters from paired parameter files,
 * each anchored in its file; they add to the template's defaults as further possibilities. A template deployed
 * by a caller in another file (a Bicep module) gets `via`, the calls that lead to it, outermost first; its
 * `inputs` are then the caller's arguments, which replace the defaults, `resourceGroupLocation` the location
 * of the resource group the caller declares and deploys it into, and `callerArgument` what the call does with each
 * parameter, when its arguments are written out.
 */
export function evaluateArmTemplate(
  source: SourceText,
  root: JsonNode,
  inputs: ParameterInputs,
  resolve: TemplateResolver = () => undefined,
  via: readonly Span[] = [],
  resourceGroupLocation?: Value,
  callerArgument?: CallerArgument,
): ArmEvaluation {
  const walker = new Walker(resolve);
  const scope = new TemplateScope(source, root, inputs, via.length > 0, resourceGroupLocation, callerArgument);
  walker.template(scope, root, via, '');
  linkReferences(walker.references, walker.resources);
  return { resources: walker.resources, notices: walker.notices, outputs: () => templateOutputs(scope, root) };
}

/** A template's evaluation, with its outputs as a caller reads them (`mod.outputs.x`), evaluated when asked for. */
export interface ArmEvaluation extends Evaluation {
  readonly outputs: () => Value;
}

/**
 * The `value` of each output, anchored at its name (a `copy` output, whose value is a loop's, is left out). An output
 * whose `condition` is false is not returned, which a caller reads as null (`mod.outputs.?x ?? fallback`); one whose
 * condition the files leave open may be either.
 */
function templateOutputs(scope: TemplateScope, root: JsonNode): Value {
  const props: V.Property[] = [];
  for (const [k, node] of entries(prop(root, 'outputs'))) {
    const value = prop(node, 'value');
    if (!value || prop(node, 'copy')) continue;
    const span = scope.span(k);
    const condition = prop(node, 'condition');
    const returned = () => V.via(scope.evaluate(value), span);
    const output =
      !condition || (fixedValue(scope, condition) && V.certainBoolean(scope.evaluate(condition)) === true)
        ? returned()
        : decidedFalse(scope, condition)
          ? V.scalar(null, span)
          : V.union(returned(), V.scalar(null, span));
    props.push({ name: String(k.value), nameSpan: span, value: output });
  }
  return V.object(props, scope.span(root));
}
