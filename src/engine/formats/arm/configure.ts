/**
 * A {@link ResourceChange} written into an ARM template: each ARM path set in the resource object (replacing a
 * value that is there, inserting what is missing), and each new input declared as a template parameter of type
 * string without a default, referred to as `[parameters('name')]`. A parameter of the same name that the
 * template declares already is reused, so applying the fix to several resources asks for the key once.
 */
import { findNodeAtOffset } from 'jsonc-parser';
import type { NewInput, ResourceChange } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import type { SourceText } from '../../model/span';
import { applyChange, changeInputs, changeTree, renderChange, type ChangeNode, type ChangeSyntax, type ChangeTarget } from '../change-tree';
import { entries, prop, stringValue, type JsonNode } from './jsonc';
import { layoutOf, lineIndent, mergeTouching, type Layout } from '../text-layout';
import { insertProperties, type NewProperty } from './layout';

interface Writer {
  readonly source: SourceText;
  readonly layout: Layout;
  /** Values and keys in JSON, each input as a reference to the parameter it is written as. */
  readonly syntax: ChangeSyntax;
  readonly edits: TextEdit[];
}

function writer(source: SourceText, names: ReadonlyMap<NewInput, string>): Writer {
  const syntax: ChangeSyntax = {
    value: (v) => JSON.stringify(v.kind === 'scalar' ? v.value : `[parameters('${names.get(v.input) ?? v.input.name}')]`),
    key: (name) => JSON.stringify(name),
    assign: ': ',
    lineSeparator: ',',
  };
  return { source, layout: layoutOf(source), syntax, edits: [] };
}

/** The resource object whose `type` property starts at the declaration's offset. */
function resourceNode(root: JsonNode, declarationStart: number): JsonNode | undefined {
  let n: JsonNode | undefined = findNodeAtOffset(root, declarationStart);
  while (n && !(n.type === 'property' && n.offset === declarationStart)) n = n.parent;
  return n?.parent?.type === 'object' ? n.parent : undefined;
}

function keyOf(property: JsonNode | undefined): string | undefined {
  return property?.type === 'property' ? stringValue(property.children?.[0])?.toLowerCase() : undefined;
}

/** The template whose parameters the resource's expressions read, and whether that is an inner-scope nested one. */
function templateOf(root: JsonNode, resource: JsonNode): { template: JsonNode; inner: boolean } {
  for (let n = resource.parent; n; n = n.parent) {
    if (n.type !== 'object' || keyOf(n.parent) !== 'template') continue;
    const scope = stringValue(prop(prop(n.parent?.parent, 'expressionEvaluationOptions'), 'scope'));
    if (scope?.toLowerCase() === 'inner') return { template: n, inner: true };
  }
  return { template: root, inner: false };
}

function render(w: Writer, node: ChangeNode, indent: string, inline: boolean): string {
  return renderChange(w.syntax, w.layout, node, indent, inline);
}

/** The ARM side of {@link applyChange}; `before` places the properties an object lacks (a template's `parameters`). */
function target(w: Writer, before?: (object: JsonNode) => JsonNode | undefined): ChangeTarget<JsonNode> {
  return {
    property: (object, name) => prop(object, name),
    shape: (node) => (node.type === 'object' ? 'object' : node.type === 'array' ? 'array' : 'other'),
    elements: (array) => array.children ?? [],
    replace: (node, change) => {
      const inline = w.source.lineOf(node.offset) === w.source.lineOf(node.offset + node.length) && change.kind === 'value';
      w.edits.push({ span: w.source.span(node.offset, node.offset + node.length), newText: render(w, change, lineIndent(w.source, node.offset), inline) });
    },
    insert: (object, missing) => {
      const props: NewProperty[] = missing.map(({ name, node }) => ({ name, render: (indent, inline) => render(w, node, indent, inline) }));
      w.edits.push(...insertProperties(w.source, w.layout, object, props, before?.(object)));
    },
  };
}

/** The properties that follow `parameters` in a template, before the first of which a new `parameters` goes. */
const AFTER_PARAMETERS = ['functions', 'variables', 'resources', 'outputs'];

export function configureArmResource(source: SourceText, root: JsonNode, resource: Resource, change: ResourceChange): TextEdit[] | undefined {
  const node = resourceNode(root, resource.declaration.start);
  if (!node) return undefined;
  const { template, inner } = templateOf(root, node);
  const inputs = changeInputs(change);
  // An inner-scope nested template, or a template another file deploys, would need its caller to pass the new
  // parameter too.
  if (inputs.length && (inner || resource.via.some((call) => call.uri !== resource.declaration.uri))) return undefined;
  const declared = new Map(entries(prop(template, 'parameters')).map(([k]) => [String(k.value).toLowerCase(), String(k.value)]));
  const names = new Map(inputs.map((i) => [i, declared.get(i.name.toLowerCase()) ?? i.name]));
  const w = writer(source, names);
  if (!applyChange(target(w), node, changeTree(change))) return undefined;
  const fresh = inputs.filter((i) => !declared.has(i.name.toLowerCase()));
  if (fresh.length) {
    const parameters = changeTree({
      purpose: change.purpose,
      set: fresh.flatMap((i) => [
        { path: `parameters['${i.name}'].type`, value: { kind: 'scalar' as const, value: 'string' } },
        { path: `parameters['${i.name}'].metadata.description`, value: { kind: 'scalar' as const, value: i.description } },
      ]),
    });
    const before = (object: JsonNode) => (object === template ? AFTER_PARAMETERS.map((k) => prop(template, k)?.parent).find((p): p is JsonNode => !!p) : undefined);
    if (!applyChange(target(w, before), template, parameters)) return undefined;
  }
  return mergeTouching(source, w.edits);
}
