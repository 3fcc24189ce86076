/**
 * The JSON report: findings with 1-based positions, for scripts and pipelines that do not read SARIF.
 */
import type { Finding } from '../model/finding';
import type { Span } from '../model/span';
import type { ReportOptions } from './options';
import { summarize } from './summary';

function location(span: Span, opts: ReportOptions) {
  return { file: opts.displayPath(span.uri), line: span.startLine + 1, column: span.startCharacter + 1, endLine: span.endLine + 1, endColumn: span.endCharacter + 1 };
}

export function toJson(findings: readonly Finding[], opts: ReportOptions): object {
  return {
    tool: { name: 'ITAR Guard', version: opts.toolVersion },
    summary: summarize(findings),
    ...(opts.checkedFiles !== undefined ? { checkedFiles: opts.checkedFiles } : {}),
    skipped: opts.skipped ?? [],
    compiledTemplates: (opts.compiled ?? []).map((c) => ({
      path: opts.displayPath(c.uri),
      source: opts.displayPath(c.source),
      repeated: c.repeated.map((r) => ({ ruleId: r.ruleId, message: r.message, location: location(r.span, opts), sameAs: location(r.sameAs, opts) })),
    })),
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...(f.logicalLocation ? { resourceId: f.logicalLocation } : { location: location(f.span, opts) }),
      related: f.logicalLocation ? [] : f.related.map((r) => ({ message: r.message, location: location(r.span, opts) })),
      fixes: f.fixes.map((x) => ({ title: x.title, preferred: !!x.preferred, edits: x.edits.map((e) => ({ ...location(e.span, opts), newText: e.newText })) })),
      ...(f.suppression ? { suppressed: { justification: f.suppression.justification } } : {}),
    })),
  };
}
