import type { Finding, Severity } from '../model/finding';
import type { CompiledTemplate } from '../workspace/compiled';

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

/** What a report says of a compiled template whose findings repeating its Bicep source's were left out. */
export function repeatedNote(c: CompiledTemplate, displayPath: (uri: string) => string): string {
  const n = c.repeated.length;
  return `${plural(n, 'finding')} in ${displayPath(c.uri)}, a template compiled by Bicep, ${n === 1 ? 'repeats a finding' : 'repeat findings'} of ${displayPath(c.source)} beside it and ${n === 1 ? 'is' : 'are'} left out`;
}
