import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'information';

/** A configured rule level: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, information: 1 };

/** One replacement of a source range; a fix is a list of them. */
export interface TextEdit {
  /** The range to replace (empty for an insertion), in the document named by its `uri`. */
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one obvious fix, which an editor may apply on its own (fix-all, the preferred quick fix). */
  readonly preferred?: boolean;
}

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

/** An `itar-guard-ignore` comment that silences a finding; the finding stays in reports, marked. */
export interface Suppression {
  readonly justification: string;
  readonly span: Span;
}

/**
 * One problem, anchored where the user must change the text: the offending literal for value-level findings,
 * the declaration for resource-level ones. Every resource it affects and every hop of the value's path are
 * related locations.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
  /** Keys of the resources the finding is about. */
  readonly resources: readonly string[];
  /** For live resources: the ARM resource ID, reported as a logical location. */
  readonly logicalLocation?: string;
  readonly suppression?: Suppression;
}
