import type { Span } from '../model/span';

/** A place where a file does not parse. Parsers return these instead of throwing; each becomes a `syntax-error`. */
export interface SyntaxProblem {
  readonly message: string;
  readonly span: Span;
}
