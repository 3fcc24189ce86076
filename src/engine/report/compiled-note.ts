/**
 * What reports say of the findings of compiled templates left out as repeating their Bicep source's, so that none
 * is left out silently.
 */
import type { CompiledTemplate } from '../workspace/compiled';
import { plural } from './summary';

/** How many findings were left out. */
export function repeatedCount(compiled: readonly CompiledTemplate[] | undefined): number {
  return (compiled ?? []).reduce((n, c) => n + c.repeated.length, 0);
}

/** One template's: `2 findings in main.json, a template compiled by Bicep, repeat findings of main.bicep beside it …`. */
export function repeatedNote(c: CompiledTemplate, displayPath: (uri: string) => string): string {
  const one = c.repeated.length === 1;
  return `${plural(c.repeated.length, 'finding')} in ${displayPath(c.uri)}, a template compiled by Bicep, ${one ? 'repeats a finding' : 'repeat findings'} of ${displayPath(c.source)} beside it and ${one ? 'is' : 'are'} left out`;
}

/** All templates' in one sentence (a repository may keep a compiled template beside every Bicep file); undefined when none. */
export function repeatedSummary(compiled: readonly CompiledTemplate[], displayPath: (uri: string) => string): string | undefined {
  const repeating = compiled.filter((c) => c.repeated.length);
  if (repeating.length <= 1) return repeating[0] && repeatedNote(repeating[0], displayPath);
  return `${plural(repeatedCount(repeating), 'finding')} in ${repeating.length} templates compiled by Bicep repeat findings of their Bicep sources beside them and are left out`;
}
