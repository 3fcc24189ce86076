/**
 * A {@link ResourceChange}'s assignments as one tree of ARM properties, so that an adapter whose syntax nests
 * like ARM's (ARM JSON, Bicep, an azapi body) can walk its declaration and the tree together: set what exists,
 * insert what is missing in one place per object.
 */
import type { NewInput, ResourceChange, SettingValue } from '../model/change';
import { pathSteps, type PathStep } from '../model/value';

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
