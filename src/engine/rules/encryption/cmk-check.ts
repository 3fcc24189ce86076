/**
 * Whether a resource's customer-managed key is configured: one alternative of its requirement holds on the
 * resource itself, or on a child resource of the type the alternative names (SQL's `encryptionProtector`).
 */
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../rule';
import { allOf, anyOf, judge, type Outcome, type Verdict } from './conditions';
import { checkGate, childrenOf } from './relatives';
import { cmkRequirementsFor, type CmkGroup, type CmkRequirement } from './requirements';

export interface GroupResult {
  readonly group: CmkGroup;
  readonly verdict: Verdict;
  /** The outcome of each of the group's own conditions. */
  readonly own: readonly Outcome[];
}

export function evaluateGroup(resource: Resource, group: CmkGroup, index: ResourceIndex): GroupResult {
  const own = group.conditions.map((c) => judge(resource, c));
  const parts: Verdict[] = [allOf(own)];
  if (group.child) {
    const child = group.child;
    const children = childrenOf(resource, child.type, index);
    parts.push(children.length ? anyOf(children.map((c) => allOf(child.conditions.map((cond) => judge(c, cond))))) : 'fails');
  }
  const verdict: Verdict = parts.includes('fails') ? 'fails' : parts.includes('unknown') ? 'unknown' : 'holds';
  return { group, verdict, own };
}

export function evaluateRequirement(resource: Resource, req: CmkRequirement, index: ResourceIndex): GroupResult[] {
  return req.anyOf.map((g) => evaluateGroup(resource, g, index));
}

/** Whether the resource may have its customer-managed key: no requirement of its type certainly fails. */
export function mayHaveCmk(resource: Resource, index: ResourceIndex): boolean {
  return cmkRequirementsFor(resource.type).every((req) => {
    if (req.gate && !checkGate(resource, req.gate).mayPass) return false;
    return anyOf(evaluateRequirement(resource, req, index).map((r) => r.verdict)) !== 'fails';
  });
}
