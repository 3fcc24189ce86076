/**
 * A {@link ResourceChange}'s assignments as one tree of ARM properties, so that an adapter whose syntax nests
 * like ARM's (ARM JSON, Bicep, an azapi body) can walk its declaration and the tree together: set what exists,
 * insert what is missing in one place per object.
 */
import type { NewInput, ResourceChange, SettingValue } from '../model/change';
import { pathSteps, type PathStep } from '../model/value';
import type { Layout } from './text-layout';

export type ChangeNode =
  | { readonly kind: 'value'; readonly value: SettingValue }
  | { readonly kind: 'object'; readonly props: Map<string, { readonly name: string; readonly node: ChangeNode }> }
  /** every element of an array (one element when the array is missing or empty) */
  | { readonly kind: 'each'; readonly node: ChangeNode };

export type ChangeObject = Extract<ChangeNode, { kind: 'object' }>;

function insert(node: ChangeNode | undefined, steps: readonly PathStep[], value: SettingValue): ChangeNode {
  if (!steps.length) return { kind: 'value', value };
  const [step, ...rest] = steps;
  if (step.kind === 'each') return { kind: 'each', node: insert(node?.kind === 'each' ? node.node : undefined, rest, value) };
  const obj: ChangeObject = node?.kind === 'object' ? node : { kind: 'object', props: new Map() };
  const key = step.name.toLowerCase();
  const prev = obj.props.get(key);
  obj.props.set(key, { name: prev?.name ?? step.name, node: insert(prev?.node, rest, value) });
  return obj;
}

/** The tree of a change's assignments; a later assignment to the same path wins. */
export function changeTree(change: ResourceChange): ChangeObject {
  let root: ChangeObject = { kind: 'object', props: new Map() };
  for (const a of change.set) {
    const steps = pathSteps(a.path);
    if (steps[0]?.kind === 'property') root = insert(root, steps, a.value) as ChangeObject;
  }
  return root;
}

/** The inputs a change refers to, each once (by name). */
export function changeInputs(change: ResourceChange): NewInput[] {
  const byName = new Map<string, NewInput>();
  for (const a of change.set) if (a.value.kind === 'input' && !byName.has(a.value.input.name)) byName.set(a.value.input.name, a.value.input);
  return [...byName.values()];
}

/** How an adapter reads and edits its declaration, for {@link applyChange}. */
export interface ChangeTarget<N> {
  /** The value written for a property of an object node (names compare without regard to case, as ARM's do). */
  property(object: N, name: string): N | undefined;
  shape(node: N): 'object' | 'array' | 'other';
  elements(array: N): readonly N[];
  /** Replaces a value node by the change's value, object or array. */
  replace(node: N, change: ChangeNode): void;
  /** Adds properties the object lacks. */
  insert(object: N, missing: readonly { readonly name: string; readonly node: ChangeNode }[]): void;
}

/**
 * Walks an object node of a declaration and a change together: what is written gets the new value, what is
 * missing is inserted, once per object. False when the declaration builds a part the change must enter by an
 * expression (`properties: props`), where no text edit can set one property.
 */
export function applyChange<N>(target: ChangeTarget<N>, object: N, change: ChangeObject): boolean {
  const missing: { name: string; node: ChangeNode }[] = [];
  for (const { name, node } of change.props.values()) {
    const value = target.property(object, name);
    if (value === undefined) missing.push({ name, node });
    else if (node.kind === 'value') target.replace(value, node);
    else if (node.kind === 'object') {
      if (target.shape(value) !== 'object' || !applyChange(target, value, node)) return false;
    } else {
      if (target.shape(value) !== 'array') return false;
      const items = target.elements(value);
      if (!items.length) target.replace(value, node);
      for (const item of items) {
        if (node.node.kind === 'value') target.replace(item, node.node);
        else if (node.node.kind !== 'object' || target.shape(item) !== 'object' || !applyChange(target, item, node.node)) return false;
      }
    }
  }
  if (missing.length) target.insert(object, missing);
  return true;
}

/** How a syntax writes a change's values and keys, and what separates the lines of a multi-line object. */
export interface ChangeSyntax {
  value(v: SettingValue): string;
  key(name: string): string;
  /** Between a key and its value: `: ` in JSON and Bicep, ` = ` in HCL. */
  readonly assign: string;
  /** What ends a property line that another follows: `,` in JSON, nothing in Bicep and HCL. */
  readonly lineSeparator: string;
}

/** A change's value, object or array as text, at an indentation, on one line or one property per line. */
export function renderChange(syntax: ChangeSyntax, layout: Layout, node: ChangeNode, indent: string, inline: boolean): string {
  const { eol, unit } = layout;
  switch (node.kind) {
    case 'value':
      return syntax.value(node.value);
    case 'each':
      return inline ? `[ ${renderChange(syntax, layout, node.node, indent, true)} ]` : `[${eol}${indent}${unit}${renderChange(syntax, layout, node.node, indent + unit, false)}${eol}${indent}]`;
    case 'object': {
      const parts = [...node.props.values()].map((p) => `${syntax.key(p.name)}${syntax.assign}${renderChange(syntax, layout, p.node, indent + unit, inline)}`);
      return inline ? `{ ${parts.join(', ')} }` : `{${eol}${parts.map((p) => indent + unit + p).join(`${syntax.lineSeparator}${eol}`)}${eol}${indent}}`;
    }
  }
}
