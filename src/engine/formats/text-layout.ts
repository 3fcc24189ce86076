/**
 * How a file is laid out — its line endings and indentation unit — so that text a fix inserts looks as if the
 * user wrote it; and the joining of edits that touch, so that no two edits of a fix overlap.
 */
import type { TextEdit } from '../model/finding';
import type { SourceText } from '../model/span';

export interface Layout {
  readonly eol: string;
  /** One level of indentation. */
  readonly unit: string;
}

const LAYOUTS = new WeakMap<SourceText, Layout>();

/** The layout of a file, read once per text: every fix of every finding in the file asks for it. */
export function layoutOf(source: SourceText): Layout {
  let layout = LAYOUTS.get(source);
  if (!layout) LAYOUTS.set(source, (layout = readLayout(source)));
  return layout;
}

function readLayout(source: SourceText): Layout {
  const eol = source.eol;
  let unit: string | undefined;
  for (let line = 0; line < Math.min(source.lineCount, 400); line++) {
    const lead = /^[ \t]*/.exec(source.lineText(line))![0];
    if (!lead || lead.length === source.lineText(line).length) continue;
    if (lead.startsWith('\t')) return { eol, unit: '\t' };
    if (!unit || lead.length < unit.length) unit = lead;
  }
  return { eol, unit: unit ?? '  ' };
}

/** The indentation of the line an offset lies on. */
export function lineIndent(source: SourceText, offset: number): string {
  const line = source.lineOf(offset);
  return /^[ \t]*/.exec(source.lineText(line))![0];
}

/** Joins edits that touch (an insertion right at the end of a replacement), so that no two edits overlap. */
export function mergeTouching(source: SourceText, edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.span.end === e.span.start && (e.span.start === e.span.end || prev.span.start === prev.span.end)) {
      out[out.length - 1] = { span: source.span(prev.span.start, e.span.end), newText: prev.newText + e.newText };
    } else out.push(e);
  }
  return out;
}
