/**
 * Searches in lists kept in document order (statements, top-level items, problems): an edit or a finding names an
 * offset, and a file holds thousands of items.
 */

/** The index of the first item that starts at or after an offset (the list's length when none does). */
export function firstAtOrAfter<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
