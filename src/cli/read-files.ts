/**
 * Reads the discovered files in parallel (a bounded number at a time), passing over what is not worth reading:
 * files above the size limit, files that are not text, files that cannot be read — each with the reason.
 */
import * as fs from 'node:fs';
import { promisify } from 'node:util';

// The callback forms: for thousands of small files, the promise API's file handles make reading about three times slower.
const stat = promisify(fs.stat);
const readFile = promisify(fs.readFile);

export interface ReadResult {
  readonly texts: { path: string; text: string }[];
  readonly skipped: { path: string; reason: string }[];
}

const CONCURRENCY = 64;

/** Decodes a file: UTF-8 (BOM kept for the engine to see), or UTF-16 when it starts with a UTF-16 BOM. */
export function decode(buf: Buffer): string | undefined {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  // A NUL byte early in a file means binary content, not a template.
  if (buf.subarray(0, 8000).includes(0)) return undefined;
  return buf.toString('utf8');
}

/** `onRead` hears how many files have been dealt with, for progress. */
export async function readFiles(paths: readonly string[], maxBytes: number, onRead?: (done: number) => void): Promise<ReadResult> {
  const texts: ReadResult['texts'] = [];
  const skipped: ReadResult['skipped'] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < paths.length) {
      const path = paths[next++];
      onRead?.(texts.length + skipped.length);
      try {
        const st = await stat(path);
        if (!st.isFile()) {
          skipped.push({ path, reason: 'is not a regular file' });
          continue;
        }
        if (st.size > maxBytes) {
          skipped.push({ path, reason: `is larger than the limit (${Math.round(st.size / 1024)} KB > ${Math.round(maxBytes / 1024)} KB; set maxFileSizeKb in itar-guard.json)` });
          continue;
        }
        const text = decode(await readFile(path));
        if (text === undefined) skipped.push({ path, reason: 'is not a text file' });
        else texts.push({ path, text });
      } catch (e) {
        skipped.push({ path, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
  texts.sort((a, b) => (a.path < b.path ? -1 : 1));
  skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { texts, skipped };
}
