import type { Finding, Severity } from '../model/finding';

export interface Summary {
  readonly error: number;
  readonly warning: number;
  readonly information: number;
  readonly suppressed: number;
  readonly files: number;
}

/** Counts of the findings that are not suppressed, by severity, and of the suppressed ones. */
export function summarize(findings: readonly Finding[]): Summary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  let suppressed = 0;
  const files = new Set<string>();
  for (const f of findings) {
    if (f.suppression) suppressed++;
    else {
      counts[f.severity]++;
      files.add(f.logicalLocation ?? f.span.uri);
    }
  }
  return { ...counts, suppressed, files: files.size };
}

/** `1 file`, `2 files`: a count with its noun, for reports and the command line's messages. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
