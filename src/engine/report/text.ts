/**
 * The text report, read like a compiler's: `file:line:col  severity  rule-id  message`, grouped by file, with
 * the related locations indented below and a summary line.
 */
import type { Finding, Severity } from '../model/finding';
import type { ReportOptions } from './options';
import { summarize } from './summary';

export interface TextOptions extends ReportOptions {
  readonly color: boolean;
  /** Whether suppressed findings are listed (they are always counted). */
  readonly showSuppressed?: boolean;
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function toText(findings: readonly Finding[], opts: TextOptions): string {
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${COLORS.reset}` : s);
  const lines: string[] = [];
  let lastGroup = '';
  for (const f of findings) {
    if (f.suppression && !opts.showSuppressed) continue;
    const where = f.logicalLocation ?? `${opts.displayPath(f.span.uri)}:${f.span.startLine + 1}:${f.span.startCharacter + 1}`;
    const group = f.logicalLocation ?? f.span.uri;
    if (group !== lastGroup) {
      if (lastGroup) lines.push('');
      lines.push(paint(COLORS.bold, f.logicalLocation ?? opts.displayPath(f.span.uri)));
      lastGroup = group;
    }
    const sev: Severity = f.severity;
    const suppressed = f.suppression ? paint(COLORS.dim, ` [suppressed: ${f.suppression.justification}]`) : '';
    lines.push(`${where}  ${paint(COLORS[sev], sev)}  ${paint(COLORS.dim, f.ruleId)}  ${f.message}${suppressed}`);
    if (!f.logicalLocation) {
      for (const r of f.related) {
        lines.push(paint(COLORS.dim, `    ${opts.displayPath(r.span.uri)}:${r.span.startLine + 1}:${r.span.startCharacter + 1}  ${r.message}`));
      }
    }
  }
  const s = summarize(findings);
  if (lines.length) lines.push('');
  const counts = [paint(COLORS.error, plural(s.error, 'error')), paint(COLORS.warning, plural(s.warning, 'warning')), paint(COLORS.information, `${s.information} information`)];
  const scope = opts.checkedFiles === undefined ? plural(s.files, 'file') : `${s.files} of ${plural(opts.checkedFiles, 'file')} checked`;
  const skipped = opts.skipped?.length ? `; ${plural(opts.skipped.length, 'file')} skipped` : '';
  lines.push(`${counts.join(', ')}${s.suppressed ? `, ${s.suppressed} suppressed` : ''} in ${scope}${skipped}`);
  return lines.join('\n') + '\n';
}
