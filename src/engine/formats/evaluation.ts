import type { RelatedLocation } from '../model/finding';
import type { Resource } from '../model/resource';
import type { Span } from '../model/span';
import { thousands } from '../model/thousands';

/**
 * Something a format adapter noticed while evaluating that is not a syntax problem but that the user should
 * know (a module it cannot read, for instance). The workspace turns each into a finding of `ruleId`.
 */
export interface Notice {
  readonly ruleId: string;
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
}

/** What evaluating one template (with its inputs) yields. */
export interface Evaluation {
  readonly resources: Resource[];
  readonly notices: Notice[];
}

/**
 * The most module instances one evaluation follows (a module used by many callers is one instance each): Bicep
 * modules, Terraform module calls, ARM nested and linked deployments. Calls multiply down the tree: a module that
 * calls the next twice, twenty levels deep, is a million instances, which ran out of memory.
 */
export const MAX_MODULE_INSTANCES = 2000;

/** The notice, given once, for the calls past {@link MAX_MODULE_INSTANCES}. */
export const TOO_MANY_MODULES = `More than ${thousands(MAX_MODULE_INSTANCES)} module calls: the modules beyond are not checked.`;

/**
 * The reason an evaluator gives for a value whose evaluation failed. It never throws on purpose, so a failure is an
 * engine limit (a stack too deep for a value built of hundreds of thousands of parts) or a defect; the user gets
 * words for the first and the message for the second.
 */
export function failureReason(e: unknown): string {
  if (e instanceof RangeError) return 'the value is too large or too deeply nested for ITAR Guard to follow';
  return `could not be evaluated: ${e instanceof Error ? e.message : String(e)}`;
}
