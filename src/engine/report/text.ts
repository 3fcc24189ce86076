/**
 * The text report, read like a compiler's: `file:line:col  severity  rule-id  message`, grouped by file, with
 * the related locations indented below and a summary line.
 */
import type { Finding, Severity } from '../model/finding';
import type { ReportOptions } from './options';
import { repeatedCount } from './compiled-note';
import { plural, summarize } from './summary';

export interface TextOptions extends ReportOptions {
  readonly color: boolean;
  /** Whether suppressed findings are listed (they are always counted). */
  readonly showSuppressed?: boolean;
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function toText(findings: readonly Finding[], opts: TextOptions): string {
  return [...textChunks(findings, opts)].join('');
}

/** The text report file by file, so that a long one is written as it is made. */
export function* textChunks(findings: readonly Finding[], opts: TextOptions): Generator<string> {
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${COLORS.reset}` : s);
  let group: string[] = [];
  let groups = 0;
  let lastGroup = '';
  // Groups are separated by a blank line, and the last one from the summary.
  const flush = () => `${groups++ ? '\n' : ''}${group.join('\n')}\n`;
  for (const f of findings) {
    if (f.suppression && !opts.showSuppressed) continue;
    const where = f.logicalLocation ?? `${opts.displayPath(f.span.uri)}:${f.span.startLine + 1}:${f.span.startCharacter + 1}`;
    const key = f.logicalLocation ?? f.span.uri;
    if (key !== lastGroup) {
      if (group.length) yield flush();
      group = [paint(COLORS.bold, f.logicalLocation ?? opts.displayPath(f.span.uri))];
      lastGroup = key;
    }
    const sev: Severity = f.severity;
    const suppressed = f.suppression ? paint(COLORS.dim, ` [suppressed: ${f.suppression.justification}]`) : '';
    group.push(`${where}  ${paint(COLORS[sev], sev)}  ${paint(COLORS.dim, f.ruleId)}  ${f.message}${suppressed}`);
    if (!f.logicalLocation) {
      for (const r of f.related) {
        group.push(paint(COLORS.dim, `    ${opts.displayPath(r.span.uri)}:${r.span.startLine + 1}:${r.span.startCharacter + 1}  ${r.message}`));
      }
    }
  }
  if (group.length) yield flush();
  const s = summarize(findings);
  const counts = [paint(COLORS.error, plural(s.error, 'error')), paint(COLORS.warning, plural(s.warning, 'warning')), paint(COLORS.information, `${s.information} information`)];
  const scope = opts.checkedFiles === undefined ? plural(s.files, 'file') : `${s.files} of ${plural(opts.checkedFiles, 'file')} checked`;
  const skipped = opts.skipped?.length ? `; ${plural(opts.skipped.length, 'file')} skipped` : '';
  const repeated = repeatedCount(opts.compiled);
  const compiled = repeated ? `; ${plural(repeated, 'finding')} of compiled templates left out (also in their Bicep source)` : '';
  yield `${groups ? '\n' : ''}${counts.join(', ')}${s.suppressed ? `, ${s.suppressed} suppressed` : ''} in ${scope}${skipped}${compiled}\n`;
}
