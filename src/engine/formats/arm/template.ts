/**
 * ARM templates → resources: the top-level `resources` array, `languageVersion: "2.0"` resource objects keyed
 * by symbolic name, nested child `resources` (full type and `parent/child` name), copy loops, and nested
 * `Microsoft.Resources/deployments` with an inline template in either expression scope.
 */
import type { SourceText, Span } from '../../model/span';
import type { Resource } from '../../model/resource';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { mapCombinations } from '../../eval/functions';
import type { Evaluation, Notice } from '../evaluation';
import { TemplateScope, type ParameterInputs } from './evaluator';
import { entries, prop, stringValue, type JsonNode } from './jsonc';
import { linkReferences, referencesOf, type Reference } from './links';

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

interface Parent {
  readonly type: string;
  readonly name: Value;
  readonly key: string;
}

class Walker {
  readonly resources: Resource[] = [];
  readonly notices: Notice[] = [];
  readonly references: { resource: Resource; refs: Reference[] }[] = [];
  constructor(private readonly source: SourceText) {}

  span(node: JsonNode): Span {
    return this.source.span(node.offset, node.offset + node.length);
  }

  template(scope: TemplateScope, template: JsonNode, via: readonly Span[], pointer: string): void {
    this.resourceList(scope, prop(template, 'resources'), undefined, via, `${pointer}/resources`);
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
    const [typeOnly, apiFromType] = typeText.split('@');
    const type = parent ? `${parent.type}/${typeOnly}` : typeOnly;
    const nameNode = prop(node, 'name');
    const ownName = nameNode ? scope.evaluate(nameNode) : V.unknown('the resource has no name', this.span(node));
    const name = parent
      ? mapCombinations('name', [parent.name, ownName], this.span(nameNode ?? node), ([a, b]) => `${String(a)}/${String(b)}`)
      : ownName;
    const typeProp = typeNode.parent ?? typeNode;
    const isDeployment = type.toLowerCase() === DEPLOYMENTS;
    const bodyProps: V.Property[] = [];
    const bodyNodes: JsonNode[] = [];
    for (const [k, v] of entries(node)) {
      const key = String(k.value);
      if (NOT_BODY.has(key.toLowerCase())) continue;
      if (isDeployment && key.toLowerCase() === 'properties') continue;
      bodyProps.push({ name: key, nameSpan: this.span(k), value: scope.evaluate(v) });
      bodyNodes.push(v);
    }
    const resource: Resource = {
      key: `${this.source.uri}#${pointer}`,
      type,
      apiVersion: stringValue(prop(node, 'apiVersion')) ?? apiFromType,
      symbolicName,
      name,
      body: V.object(bodyProps, this.span(node)),
      declaration: this.span(typeProp),
      format: 'arm',
      existing: prop(node, 'existing')?.value === true,
      via,
      links: parent ? [{ kind: 'parent', target: parent.key }] : [],
    };
    this.resources.push(resource);
    this.references.push({ resource, refs: referencesOf(scope, bodyNodes) });
    if (isDeployment) this.deployment(scope, node, resource, pointer);
    this.resourceList(scope, prop(node, 'resources'), { type, name, key: resource.key }, via, `${pointer}/resources`);
  }

  private deployment(scope: TemplateScope, node: JsonNode, resource: Resource, pointer: string): void {
    const props = prop(node, 'properties');
    const inner = prop(props, 'template');
    const via = [...resource.via, resource.declaration];
    if (inner?.type === 'object') {
      const scopeKind = stringValue(prop(prop(props, 'expressionEvaluationOptions'), 'scope'))?.toLowerCase();
      if (scopeKind === 'inner') {
        const inputs = new Map<string, Value>();
        for (const [k, v] of entries(prop(props, 'parameters'))) {
          const valueNode = prop(v, 'value');
          const entrySpan = this.span(k);
          inputs.set(String(k.value).toLowerCase(), valueNode ? V.via(scope.evaluate(valueNode), entrySpan) : V.unknown(`parameter '${String(k.value)}' is passed as a Key Vault reference`, this.span(v)));
        }
        this.template(new TemplateScope(this.source, inner, inputs, true), inner, via, `${pointer}/properties/template`);
      } else {
        // Outer scope: the nested template's expressions read the enclosing template's parameters and variables.
        this.template(scope, inner, via, `${pointer}/properties/template`);
      }
      return;
    }
    const link = prop(props, 'templateLink');
    if (link) {
      const target = stringValue(prop(link, 'relativePath')) ?? stringValue(prop(link, 'uri')) ?? stringValue(prop(link, 'id')) ?? 'a linked template';
      this.notices.push({
        ruleId: 'module-unresolved',
        span: this.span(link.parent ?? link),
        message: `The linked template ${quote(target)} is not in this file, so the resources it deploys are not checked.`,
      });
    }
  }
}

function quote(s: string): string {
  return s.startsWith('[') ? 'given by an expression' : `'${s}'`;
}

/**
 * The resources a template deploys. `inputs` are the values of its parameters from paired parameter files,
 * each anchored in its file; they add to the template's defaults as further possibilities.
 */
export function evaluateArmTemplate(source: SourceText, root: JsonNode, inputs: ParameterInputs): Evaluation {
  const walker = new Walker(source);
  walker.template(new TemplateScope(source, root, inputs, false), root, [], '');
  linkReferences(walker.references, walker.resources);
  return { resources: walker.resources, notices: walker.notices };
}
