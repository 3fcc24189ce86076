/**
 * Text that must read as itself inside a Markdown tooltip: names, IDs and messages that come from Azure or from the
 * user's files. Without escaping, a resource named `a_b_c` loses its underscores to emphasis, a message with
 * brackets becomes a link, and `$(…)` becomes an icon.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>$|#]/g, '\\$&');
}
