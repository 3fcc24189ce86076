/**
 * `itar-guard-ignore <rule-id>[, <rule-id>…]: <reason>` comments, in any of the formats' comment syntaxes.
 */
import type { SourceText, Span } from '../model/span';

export interface SuppressionComment {
  /** 0-based line of the comment; it covers findings on this line and the next. */
  readonly line: number;
  readonly ruleIds: readonly string[];
  /** Empty when the comment gives no reason. */
  readonly reason: string;
  readonly span: Span;
}

const MARKER = 'itar-guard-ignore';
const COMMENT = /(?:\/\/|#|\/\*)\s*itar-guard-ignore\b(.*)$/;
const BODY = /^\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)?\s*(?::\s*(.*?))?\s*(?:\*\/)?\s*$/;

/** Every suppression comment of a document. */
export function readSuppressions(source: SourceText): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  const text = source.text;
  for (let at = text.indexOf(MARKER); at >= 0; ) {
    const line = source.lineOf(at);
    at = text.indexOf(MARKER, Math.max(source.lineEnd(line), at + MARKER.length));
    const m = COMMENT.exec(source.lineText(line));
    if (!m) continue;
    const body = BODY.exec(m[1]);
    const start = source.lineStart(line) + m.index;
    const span = source.span(start, source.lineEnd(line));
    out.push({
      line,
      ruleIds: body?.[1] ? body[1].split(',').map((s) => s.trim()) : [],
      reason: body?.[2]?.trim() ?? '',
      span,
    });
  }
  return out;
}
