import type { RelatedLocation } from '../model/finding';
import type { Resource } from '../model/resource';
import type { Span } from '../model/span';

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
