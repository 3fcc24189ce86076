/**
 * A place in a source file.
 *
 * Offsets and characters count UTF-16 code units, the unit of JavaScript strings, of VS Code positions and of
 * SARIF's default `columnKind`, so one span serves the editor and the reports without conversion. Lines and
 * characters are 0-based here; reports add 1 where their format asks for it. A byte-order mark is not part of
 * the text (see {@link SourceText}), exactly as in an editor.
 */
export interface Span {
  /** The document's URI (`file:///…` for files, `azure:///subscriptions/…` for live resources). */
  readonly uri: string;
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** The key of a span, for grouping findings by the place they are anchored. */
export function spanKey(span: Span): string {
  return `${span.uri}#${span.start}:${span.end}`;
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.uri === b.uri && a.start === b.start && a.end === b.end;
}

export function compareSpans(a: Span, b: Span): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.start - b.start || a.end - b.end;
}

/** Whether `inner` lies within `outer` (same document). */
export function spanContains(outer: Span, inner: Span): boolean {
  return outer.uri === inner.uri && outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * The text of one document with its line table. Every span of a document is made here, so line and character
 * are always consistent with the offsets, whatever the line endings (`\n`, `\r\n` or a lone `\r`).
 */
export class SourceText {
  readonly uri: string;
  readonly text: string;
  /** Whether the file began with a byte-order mark, which was removed from {@link text}. */
  readonly hadBom: boolean;
  private readonly lineStarts: number[];

  constructor(uri: string, text: string) {
    this.uri = uri;
    this.hadBom = text.charCodeAt(0) === 0xfeff;
    this.text = this.hadBom ? text.slice(1) : text;
    this.lineStarts = computeLineStarts(this.text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The line ending the document uses (`\r\n` when it has any), for edits that add lines. */
  get eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset just past the line's last character, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  offsetAt(line: number, character: number): number {
    if (line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStart(line) + character, this.lineEnd(line));
  }

  span(start: number, end: number = start): Span {
    const s = clamp(start, 0, this.text.length);
    const e = clamp(Math.max(end, s), 0, this.text.length);
    const startLine = this.lineOf(s);
    const endLine = e === s ? startLine : this.lineOf(e);
    return {
      uri: this.uri,
      start: s,
      end: e,
      startLine,
      startCharacter: s - this.lineStarts[startLine],
      endLine,
      endCharacter: e - this.lineStarts[endLine],
    };
  }

  /** The span of a whole line without its line break. */
  lineSpan(line: number): Span {
    return this.span(this.lineStart(line), this.lineEnd(line));
  }

  slice(span: { start: number; end: number }): string {
    return this.text.slice(span.start, span.end);
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}

/** Found with `indexOf`, which scans far faster than a loop over the characters (documents are re-read on every edit). */
function computeLineStarts(text: string): number[] {
  const starts = [0];
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    if (cr < 0 || (lf >= 0 && lf < cr)) {
      starts.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
      continue;
    }
    const next = lf === cr + 1 ? cr + 2 : cr + 1;
    starts.push(next);
    if (lf === cr + 1) lf = text.indexOf('\n', next);
    cr = text.indexOf('\r', next);
  }
  return starts;
}
