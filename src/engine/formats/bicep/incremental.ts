/**
 * Parsing a Bicep file again after an edit, reading only the statements the edit may have changed: those before it
 * are the last parse's, and those after it too, moved by the edit's length. The result is the one a whole parse
 * gives (`test/bicep/incremental.test.ts` compares the two over many edits); typing in a file of thousands of lines
 * then costs the statement typed in, not the file.
 *
 * Bicep reads a file statement by statement, each starting at the top level at the start of a line, so the reading
 * can resume at a statement and stop at one:
 * - It resumes at the last statement whose first token ends before the edit, when nothing before that statement was
 *   a problem (an unclosed bracket or string read on into what follows it, so how far it reached may change) and no
 *   line before it starts inside a hole of a multi-line string.
 * - It stops before a statement the last parse had (at the same place, moved), when the line break before it lies
 *   after the edit and starts a line at the top level in both parses, and no problem was reported at its first token
 *   (the statement before may have reported it): from there on both read the same tokens in the same state.
 */
import { firstAtOrAfter } from '../../model/ordered';
import { changedRange } from '../changed-range';
import { lex, type LexProblem, type LexResult, type Token } from './lexer';
import { parseTokens, type BicepMode, type ParseResult } from './parser';
import type { Statement } from './syntax';

/** What the last parse of a file read: enough to parse it again after an edit. */
interface Reading {
  readonly mode: BicepMode;
  readonly text: string;
  readonly statements: readonly Statement[];
  readonly problems: readonly LexProblem[];
  /** Where line breaks inside holes of multi-line strings start. */
  readonly holeLines: readonly number[];
}

/** The last reading of each of the files parsed most recently: an editor types in a few files at a time. */
const readings = new Map<string, Reading>();
const KEPT_READINGS = 16;

/** Parses a file's text, after its last parse when the file was parsed recently. */
export function parseBicepFile(uri: string, text: string, mode: BicepMode): ParseResult {
  const previous = readings.get(uri);
  const reading = (previous?.mode === mode && reparse(previous, text)) || parse(text, mode);
  readings.delete(uri);
  readings.set(uri, reading);
  if (readings.size > KEPT_READINGS) readings.delete(readings.keys().next().value as string);
  return { program: { statements: reading.statements, start: 0, end: text.length }, problems: reading.problems };
}

/** Drops the reading kept for a file, so that its next parse reads it whole (tests compare the two). */
export function forget(uri: string): void {
  readings.delete(uri);
}

function parse(text: string, mode: BicepMode): Reading {
  const lexed = lex(text);
  const { statements, problems } = parseTokens(text, mode, lexed);
  return { mode, text, statements, problems, holeLines: lexed.holeLines };
}

/** The parse of `text` from the reading of an earlier version, or undefined where a whole parse must be made. */
function reparse(old: Reading, text: string): Reading | undefined {
  if (old.text === text) return old;
  const { start, oldEnd, newEnd } = changedRange(old.text, text);
  const delta = newEnd - oldEnd;
  const statements = old.statements;
  const firstProblem = old.problems[0]?.start ?? Infinity;
  const firstHoleLine = old.holeLines[0] ?? Infinity;
  // The statement to resume at: the last that starts before the edit, or an earlier one where that one cannot be.
  let k = Math.max(firstAtOrAfter(statements, start, firstOffset) - 1, 0);
  while (k > 0 && !resumable(statements[k], start, Math.min(firstProblem, firstHoleLine))) k--;
  const from = k > 0 ? firstOffset(statements[k]) : 0;
  let after: number | undefined;
  const readFrom = (lexed: LexResult) =>
    parseTokens(text, old.mode, lexed, (tokens, i) => {
      const token = tokens[i];
      const lineBreak = tokens[i - 1];
      // The line break must lie after the edit and be preceded by what was there before it (a run of line breaks is one token).
      if (token.start < newEnd || lineBreak?.kind !== 'newline' || lineBreak.start <= newEnd) return false;
      if (lexed.holeLines.includes(lineBreak.start) || old.holeLines.includes(lineBreak.start - delta)) return false;
      const j = firstAtOrAfter(statements, token.start - delta, firstOffset);
      if (j >= statements.length || firstOffset(statements[j]) !== token.start - delta) return false;
      // A statement reports what it cannot use at the token it stopped at: one reported there may be the statement's
      // before, which this parse has read again.
      if (old.problems[firstAtOrAfter(old.problems, token.start - delta, (p) => p.start)]?.start === token.start - delta) return false;
      after = j;
      return true;
    });
  // The tokens up to the second statement after the edit (should the first not do to stop before), then a stand-in
  // for the rest that tells whether the parse looked at it; if it did, all of the rest is read.
  const second = statements[firstAtOrAfter(statements, oldEnd, firstOffset) + 1];
  let lexed = lex(text, from, second ? firstOffset(second) + delta + 1 : Infinity);
  let looked = false;
  if (lexed.stoppedAt !== undefined) lexed.tokens.push(standIn(lexed.stoppedAt, () => (looked = true)));
  let read = readFrom(lexed);
  if (looked) {
    after = undefined;
    lexed = lex(text, from);
    read = readFrom(lexed);
  }
  if (read.failed || (after === undefined && lexed.stoppedAt !== undefined)) return undefined;
  if (after === undefined) {
    return { mode: old.mode, text, statements: [...statements.slice(0, k), ...read.statements], problems: read.problems, holeLines: lexed.holeLines };
  }
  const resumed = firstOffset(statements[after]);
  const movedProblems = old.problems.filter((p) => p.start >= resumed).map((p) => ({ message: p.message, start: p.start + delta, end: p.end + delta }));
  const stop = lexed.tokens[read.stoppedAt!].start;
  return {
    mode: old.mode,
    text,
    statements: [...statements.slice(0, k), ...read.statements, ...moved(statements.slice(after), delta)],
    problems: [...read.problems, ...movedProblems],
    holeLines: [...lexed.holeLines.filter((h) => h < stop), ...old.holeLines.filter((h) => h >= resumed).map((h) => h + delta)],
  };
}

/** The end of the tokens lexed: an end of file that records any look at it. */
function standIn(at: number, looked: () => void): Token {
  return {
    get kind() {
      looked();
      return 'eof' as const;
    },
    get start() {
      looked();
      return at;
    },
    get end() {
      looked();
      return at;
    },
    get value() {
      looked();
      return '';
    },
    get multiline() {
      looked();
      return false;
    },
  };
}

/** Where a statement's first token starts: its first decorator's `@`, or its keyword (a declaration's `start`). */
function firstOffset(s: Statement): number {
  return s.decorators.length ? s.decorators[0].start : s.start;
}

/**
 * Whether parsing may resume at a statement: its first token (a decorator's `@`, or the keyword) ends before the edit
 * (an edit at its end would lengthen it), and no problem and no line inside a string's hole comes before it.
 */
function resumable(s: Statement, editStart: number, firstIrregular: number): boolean {
  const first = s.decorators.length ? s.decorators[0].start + 1 : 'keyword' in s ? s.keyword.end : undefined;
  return first !== undefined && first < editStart && firstOffset(s) <= firstIrregular;
}

/**
 * A copy of a syntax tree with its offsets (`start`, `end`, `headerEnd`) moved by `delta`. Each node is copied by
 * spreading it, which keeps the shape of the node the parser made, so that the code reading trees sees one shape.
 */
function moved<T>(node: T, delta: number): T {
  if (Array.isArray(node)) {
    const out: unknown[] = node.slice();
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (typeof v === 'object' && v !== null) out[i] = moved(v, delta);
    }
    return out as T;
  }
  const out: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  for (const key in out) {
    const v = out[key];
    if (typeof v === 'object' && v !== null) out[key] = moved(v, delta);
    else if (typeof v === 'number' && (key === 'start' || key === 'end' || key === 'headerEnd')) out[key] = v + delta;
  }
  return out as T;
}
