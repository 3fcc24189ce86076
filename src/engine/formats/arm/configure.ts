/**
 * A {@link ResourceChange} written into an ARM template: each ARM path set in the resource object (replacing a
 * value that is there, inserting what is missing), and each new input declared as a template parameter of type
 * string without a default, referred to as `[parameters('name')]`. A parameter of the same name that the
 * template declares already is reused, so applying the fix to several resources asks for the key once.
 */
import { findNodeAtOffset } from 'jsonc-parser';
import type { NewInput, ResourceChange, SettingValue } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import type { SourceText } from '../../model/span';
import { changeInputs, changeTree, type ChangeNode, type ChangeObject } from '../change-tree';
import { entries, prop, stringValue, type JsonNode } from './jsonc';
import { insertProperties, layoutOf, lineIndent, mergeTouching, type Layout, type NewProperty } from './layout';

interface Writer {
  readonly source: SourceText;
  readonly layout: Layout;
  /** The parameter name each input is written as. */
  readonly names: ReadonlyMap<NewInput, string>;
  readonly edits: TextEdit[];
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

function renderValue(w: Writer, v: SettingValue): string {
  return JSON.stringify(v.kind === 'scalar' ? v.value : `[parameters('${w.names.get(v.input) ?? v.input.name}')]`);
}

function render(w: Writer, node: ChangeNode, indent: string, inline: boolean): string {
  const { eol, unit } = w.layout;
  switch (node.kind) {
    case 'value':
      return renderValue(w, node.value);
    case 'each':
      return inline ? `[ ${render(w, node.node, indent, true)} ]` : `[${eol}${indent}${unit}${render(w, node.node, indent + unit, false)}${eol}${indent}]`;
    case 'object': {
      const parts = [...node.props.values()].map((p) => `${JSON.stringify(p.name)}: ${render(w, p.node, indent + unit, inline)}`);
      return inline ? `{ ${parts.join(', ')} }` : `{${eol}${parts.map((p) => indent + unit + p).join(`,${eol}`)}${eol}${indent}}`;
    }
  }
}

function replace(w: Writer, node: JsonNode, change: ChangeNode): void {
  const inline = w.source.lineOf(node.offset) === w.source.lineOf(node.offset + node.length);
  w.edits.push({ span: w.source.span(node.offset, node.offset + node.length), newText: render(w, change, lineIndent(w.source, node.offset), inline && change.kind === 'value') });
}

/**
 * Walks an object node and the change together. False when the template builds a part the change must enter by
 * an expression (`"properties": "[variables('props')]"`), where no text edit can set one property.
 */
function apply(w: Writer, object: JsonNode, change: ChangeObject, before?: (name: string) => JsonNode | undefined): boolean {
  const missing: NewProperty[] = [];
  for (const { name, node } of change.props.values()) {
    const value = prop(object, name);
    if (!value) {
      missing.push({ name, render: (indent, inline) => render(w, node, indent, inline) });
      continue;
    }
    if (node.kind === 'value') replace(w, value, node);
    else if (node.kind === 'object') {
      if (value.type !== 'object' || !apply(w, value, node)) return false;
    } else {
      if (value.type !== 'array') return false;
      const items = value.children ?? [];
      if (!items.length) replace(w, value, node);
      for (const item of items) {
        if (node.node.kind === 'value') replace(w, item, node.node);
        else if (node.node.kind !== 'object' || item.type !== 'object' || !apply(w, item, node.node)) return false;
      }
    }
  }
  if (missing.length) w.edits.push(...insertProperties(w.source, w.layout, object, missing, before?.(missing[0].name)));
  return true;
}

/** The properties that follow `parameters` in a template, before the first of which a new `parameters` goes. */
const AFTER_PARAMETERS = ['functions', 'variables', 'resources', 'outputs'];

export function configureArmResource(source: SourceText, root: JsonNode, resource: Resource, change: ResourceChange): TextEdit[] | undefined {
  const node = resourceNode(root, resource.declaration.start);
  if (!node) return undefined;
  const { template, inner } = templateOf(root, node);
  const inputs = changeInputs(change);
  // An inner-scope nested template would need its caller to pass the new parameter too.
  if (inputs.length && inner) return undefined;
  const declared = new Map(entries(prop(template, 'parameters')).map(([k]) => [String(k.value).toLowerCase(), String(k.value)]));
  const names = new Map(inputs.map((i) => [i, declared.get(i.name.toLowerCase()) ?? i.name]));
  const w: Writer = { source, layout: layoutOf(source), names, edits: [] };
  if (!apply(w, node, changeTree(change))) return undefined;
  const fresh = inputs.filter((i) => !declared.has(i.name.toLowerCase()));
  if (fresh.length) {
    const parameters = changeTree({
      purpose: change.purpose,
      set: fresh.flatMap((i) => [
        { path: `parameters['${i.name}'].type`, value: { kind: 'scalar' as const, value: 'string' } },
        { path: `parameters['${i.name}'].metadata.description`, value: { kind: 'scalar' as const, value: i.description } },
      ]),
    });
    const before = () => AFTER_PARAMETERS.map((k) => prop(template, k)?.parent).find((p): p is JsonNode => !!p);
    if (!apply(w, template, parameters, before)) return undefined;
  }
  return mergeTouching(source, w.edits);
}
