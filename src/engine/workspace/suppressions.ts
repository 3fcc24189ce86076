/**
 * `itar-guard-ignore <rule-id>[, <rule-id>…]: <reason>` comments, in any of the formats' comment syntaxes.
 */
import type { TextEdit } from '../model/finding';
import type { SourceText, Span } from '../model/span';

export interface SuppressionComment {
  /** 0-based line of the comment; it covers findings on this line and the next. */
  readonly line: number;
  readonly ruleIds: readonly string[];
  /** Empty when the comment gives no reason. */
  readonly reason: string;
  /** Whether rule ids are followed by words without the colon that starts a reason (nothing is suppressed). */
  readonly colonMissing?: boolean;
  readonly span: Span;
}

const MARKER = 'itar-guard-ignore';
const COMMENT = /(?:\/\/|#|\/\*)\s*itar-guard-ignore\b(.*)$/;
const BODY = /^\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)?\s*(?::\s*(.*?))?\s*(?:\*\/)?\s*$/;
const NO_COLON = /^\s*[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*\s+[^\s:*]/;

/** The comment that suppresses a finding of a rule at a span: a justified one on its line or the line above. */
export function suppressing(comments: readonly SuppressionComment[], ruleId: string, span: Span): SuppressionComment | undefined {
  return comments.find((c) => (c.line === span.startLine || c.line === span.startLine - 1) && c.reason && c.ruleIds.includes(ruleId));
}

/** How a format writes strings, so that a marker inside one is not taken for a comment. */
export interface StringSyntax {
  readonly quote: '"' | "'";
  /** Whether `${…}` (and Terraform's `%{…}`) inside a string holds an expression, which may hold strings itself. */
  readonly interpolation: boolean;
}

const JSON_STRINGS: StringSyntax = { quote: '"', interpolation: false };

/** Every suppression comment of a document: a comment, not text inside a string, that starts with the marker. */
export function readSuppressions(source: SourceText, strings: StringSyntax = JSON_STRINGS): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  const text = source.text;
  for (let at = text.indexOf(MARKER); at >= 0; ) {
    const line = source.lineOf(at);
    at = text.indexOf(MARKER, Math.max(source.lineEnd(line), at + MARKER.length));
    const lineText = source.lineText(line);
    const opener = commentStart(lineText, strings);
    const m = opener < 0 ? null : COMMENT.exec(lineText.slice(opener));
    if (!m || m.index !== 0) continue;
    const body = BODY.exec(m[1]);
    const start = source.lineStart(line) + opener;
    const span = source.span(start, source.lineEnd(line));
    out.push({
      line,
      ruleIds: body?.[1] ? body[1].split(',').map((s) => s.trim()) : [],
      reason: body?.[2]?.trim() ?? '',
      ...(!body && NO_COLON.test(m[1]) ? { colonMissing: true } : {}),
      span,
    });
  }
  return out;
}

/**
 * Where a line's first comment starts (`//`, `#` or `/*`), outside the strings the line writes, or -1. A string that
 * a previous line opened (a heredoc, a multi-line string) is not seen: the line is read as if it began outside one.
 */
function commentStart(line: string, strings: StringSyntax): number {
  // Each entry is a string, or an interpolation inside one with its count of open braces.
  const stack: ({ readonly string: true } | { string: false; braces: number })[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const top = stack[stack.length - 1];
    if (top?.string) {
      if (c === '\\') i++;
      else if (c === strings.quote) stack.pop();
      else if (strings.interpolation && (c === '$' || c === '%') && line[i + 1] === '{') {
        stack.push({ string: false, braces: 0 });
        i++;
      }
      continue;
    }
    if (c === strings.quote) stack.push({ string: true });
    else if (c === '#' || (c === '/' && (line[i + 1] === '/' || line[i + 1] === '*'))) return i;
    else if (top && c === '{') top.braces++;
    else if (top && c === '}' && top.braces-- === 0) stack.pop();
  }
  return -1;
}

/**
 * The edit that suppresses a rule on a line with a justified comment: a comment line above it, indented like it.
 * When the line above already holds a suppression comment, a new line would push that one out of reach, so the
 * comment goes at the end of the line itself.
 */
export function suppressionEdit(source: SourceText, line: number, ruleId: string, reason: string, lineComment: string): TextEdit {
  const comment = `${lineComment} ${MARKER} ${ruleId}: ${reason.replace(/\s+/g, ' ').trim()}`;
  if (line > 0 && COMMENT.test(source.lineText(line - 1))) {
    const end = source.lineEnd(line);
    return { span: source.span(end), newText: ` ${comment}` };
  }
  const start = source.lineStart(line);
  const indent = /^[ \t]*/.exec(source.lineText(line))![0];
  const eol = source.text.includes('\r\n') ? '\r\n' : '\n';
  return { span: source.span(start), newText: `${indent}${comment}${eol}` };
}
