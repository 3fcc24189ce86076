/**
 * The single edit that turns one version of a text into the next: the part between their common prefix and their
 * common suffix.
 */
export interface ChangedRange {
  readonly start: number;
  /** The end of the replaced part in the old text. */
  readonly oldEnd: number;
  /** The end of the replacing part in the new text. */
  readonly newEnd: number;
}

/** Compared a chunk at a time first: typing changes a few characters of a file of many kilobytes. */
const CHUNK = 256;

export function changedRange(before: string, after: string): ChangedRange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  const room = max - start;
  let tail = 0;
  while (tail + CHUNK <= room && before.slice(before.length - tail - CHUNK, before.length - tail) === after.slice(after.length - tail - CHUNK, after.length - tail)) tail += CHUNK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}
