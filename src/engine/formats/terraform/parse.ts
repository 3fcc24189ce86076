/**
 * Parsing a Terraform file: the strict parser for every top-level item it reads, tree-sitter for the parts it gives
 * up on, recovery from unterminated strings there, syntax problems. Never throws.
 *
 * Where the strict parser gives up (in the middle of some item), tree-sitter parses from the start of that item to
 * the next line that starts a top-level block, and the strict parser goes on from there: an error stays in its
 * block, and the rest of the file is read as if it were not there.
 *
 * After an edit of a document read before, the parts before the edit are kept and reading resumes at the last
 * one that starts before it, up to a part start after the edit where an old part started: the rest of the text is
 * the same from there, and so are its parts, moved by the edit's length. Kept items keep their syntax nodes, which
 * lets the evaluation reuse the resources built from them.
 */
import { Edit, type Tree } from 'web-tree-sitter';
import type { SourceText } from '../../model/span';
import type { SyntaxProblem } from '../syntax-problem';
import { firstAtOrAfter } from '../../model/ordered';
import { changedRange } from '../changed-range';
import { convertTopItems, type OffsetMap } from './convert';
import { terraformGrammar, terraformGrammarFailure, type TerraformGrammar } from './grammar';
import { treeProblems } from './problems';
import { firstRunawayQuote, lineEndAfter } from './recovery';
import { readStrict, STRICT_LOOKAHEAD } from './strict-parser';
import type { TopItem } from './syntax';

export interface ParsedHcl {
  readonly items: readonly TopItem[];
  readonly problems: readonly SyntaxProblem[];
}

/** How many documents keep their last reading for re-reading the next version. */
const KEPT_READINGS = 16;
/**
 * The time tree-sitter may take for the parts of one file: generous for real files (it reads about 2 MB a second, and
 * closing an unterminated string reads the broken part again and searches it for the quote that ran away: some
 * 1.5 ms per KB of a large broken block on a two-core machine), while a pathological input (a megabyte of one
 * unexpected character) is stopped instead of holding up the analysis.
 */
const BUDGET_BASE_MS = 300;
const BUDGET_PER_KB_MS = 2;
/** The most unterminated strings closed in one part; past it the rest stays as tree-sitter read it. */
const MAX_RECOVERIES = 20;

/** A stretch of the file read one way: one item the strict parser read, or what tree-sitter read of a broken part. */
interface Part {
  readonly start: number;
  readonly items: readonly TopItem[];
  readonly problems: readonly SyntaxProblem[];
  /** Read by tree-sitter: its end depends on the top-level block line after it. */
  readonly broken: boolean;
  /** The end of the text its reading depended on: for a broken part, as far as the strict parser read. */
  readonly reach: number;
}

interface Reading {
  readonly text: string;
  readonly parts: readonly Part[];
}

const readings = new Map<string, Reading>();

/** How long parsing a text of this length may take. */
export function parseBudgetMs(length: number): number {
  return BUDGET_BASE_MS + (BUDGET_PER_KB_MS * length) / 1024;
}

/**
 * `keep` false reads a scratch text (Terraform's JSON syntax hands over the expressions in its strings) without
 * keeping the reading, which would push out a document's.
 */
export function parseHcl(source: SourceText, keep = true): ParsedHcl {
  const grammar = terraformGrammar();
  if (!grammar) {
    const reason = terraformGrammarFailure() ?? 'it was used before it was initialised';
    return { items: [], problems: [{ message: `The Terraform parser is not available: ${reason}.`, span: source.span(0, 0) }] };
  }
  try {
    const parts = read(grammar, source, keep ? readings.get(source.uri) : undefined);
    if (keep) {
      readings.delete(source.uri);
      readings.set(source.uri, { text: source.text, parts });
      if (readings.size > KEPT_READINGS) readings.delete(readings.keys().next().value as string);
    }
    return { items: parts.flatMap((p) => p.items), problems: parts.flatMap((p) => p.problems) };
  } catch (e) {
    forget(source.uri);
    const message =
      e instanceof OutOfTime
        ? 'Parsing this file takes too long (it is very large or very irregular), so it is not checked.'
        : `The Terraform parser failed on this file: ${(e as Error)?.message ?? String(e)}.`;
    return { items: [], problems: [{ message, span: source.span(0, 0) }] };
  }
}

/** Drops the reading kept for a document, so that its next parse reads it afresh (tests compare the two). */
export function forget(uri: string): void {
  readings.delete(uri);
}

/** Thrown by {@link timedParse} when the budget is spent; turned into a problem by {@link parseHcl}. */
class OutOfTime extends Error {}

/** The parts of a text, reading again only what changed since `previous` when it is the same document's. */
function read(grammar: TerraformGrammar, source: SourceText, previous: Reading | undefined): readonly Part[] {
  const text = source.text;
  const deadline = performance.now() + parseBudgetMs(text.length);
  if (!previous) return readFrom(grammar, source, 0, deadline).parts;
  if (previous.text === text) return previous.parts;
  const old = previous.parts;
  const { start, oldEnd, newEnd } = changedRange(previous.text, text);
  const delta = newEnd - oldEnd;
  const before = firstAtOrAfter(old, start, (p) => p.start);
  // The last part that starts before the edit reads again, and the one before it too if tree-sitter read it (its
  // end is where the next top-level block line starts, which the edit may change) or if the edit is within the
  // strict parser's look-ahead of the next part's start (deciding where that part ended, it may have looked there);
  // with none, all of the text.
  let resume = Math.max(before - 1, 0);
  if (resume > 0 && (old[resume - 1].broken || start < old[resume].start + STRICT_LOOKAHEAD)) resume--;
  // Before giving up, the strict parser may have read far past a part's start (to the end, for an unclosed brace).
  const far = old.findIndex((p, i) => i < resume && p.reach >= start);
  if (far >= 0) resume = far;
  let next = resume;
  const fresh = readFrom(grammar, source, before > 0 ? old[resume].start : 0, deadline, (at) => {
    if (at < newEnd) return false;
    while (next < old.length && old[next].start < at - delta) next++;
    return next < old.length && old[next].start === at - delta;
  });
  const parts = old.slice(0, resume).concat(fresh.parts);
  if (fresh.stoppedAt !== undefined) for (let i = next; i < old.length; i++) parts.push(moved(old[i], delta, source));
  return parts;
}

/** A part of the previous text, where the edit moved it. */
function moved(part: Part, delta: number, source: SourceText): Part {
  return {
    start: part.start + delta,
    items: part.items.map((i) => ({ base: i.base + delta, node: i.node })),
    problems: part.problems.map((p) => ({ message: p.message, span: source.span(p.span.start + delta, p.span.end + delta) })),
    broken: part.broken,
    reach: part.reach + delta,
  };
}

/** Reads parts from `from` (where an item may start), stopping at a part start `stop` accepts. */
function readFrom(grammar: TerraformGrammar, source: SourceText, from: number, deadline: number, stop?: (at: number) => boolean): { parts: Part[]; stoppedAt?: number } {
  const text = source.text;
  const parts: Part[] = [];
  for (let at = from; ; ) {
    const strict = readStrict(text, at, stop);
    for (const item of strict.items) parts.push({ start: item.base, items: [item], problems: [], broken: false, reach: item.base + item.node.e });
    if (strict.stoppedAt !== undefined) return { parts, stoppedAt: strict.stoppedAt };
    if (strict.failedAt === undefined) return { parts };
    const end = nextTopLevelLine(text, strict.failedAt);
    parts.push({ start: strict.failedAt, ...parseBroken(grammar, source, strict.failedAt, end, deadline), broken: true, reach: Math.max(end, strict.reach ?? end) });
    if (end >= text.length) return { parts };
    if (stop?.(end)) return { parts, stoppedAt: end };
    at = end;
  }
}

/**
 * Lines that start a top-level block: a Terraform block keyword at the start of the line, its labels, and the
 * opening brace, which HCL wants on that line. Requiring the whole header keeps a line of the item being read from
 * passing for one: an attribute named `data`, or `import sys` in a heredoc of user data.
 */
const TOP_LEVEL = /^(?:resource|data|module|variable|output|locals|provider|terraform|moved|import|removed|check|ephemeral)(?:[ \t]+(?:"[^"\r\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/gm;

/** The start of the first top-level block line after `offset`, or the end of the text. */
function nextTopLevelLine(text: string, offset: number): number {
  TOP_LEVEL.lastIndex = offset + 1;
  const m = TOP_LEVEL.exec(text);
  return m ? m.index : text.length;
}

/** tree-sitter's parse, stopped when the deadline passes. */
function timedParse(grammar: TerraformGrammar, text: string, deadline: number, old?: Tree): Tree {
  const tree = grammar.parser.parse(text, old, { progressCallback: () => performance.now() > deadline });
  if (!tree) {
    grammar.parser.reset();
    throw new OutOfTime();
  }
  return tree;
}

/**
 * tree-sitter's reading of the text from `from` to `to`, closing unterminated strings one at a time (first to
 * last, re-parsing incrementally after each), with the syntax problems it finds.
 */
function parseBroken(grammar: TerraformGrammar, source: SourceText, from: number, to: number, deadline: number): { items: TopItem[]; problems: SyntaxProblem[] } {
  let parsed = source.text.slice(from, to);
  let tree = timedParse(grammar, parsed, deadline);
  try {
    const inserted: number[] = [];
    const map: OffsetMap = (i) => from + toDocument(inserted, i);
    const problems: SyntaxProblem[] = [];
    let converted = convertTopItems(grammar, tree, parsed, map);
    for (let round = 0; round < MAX_RECOVERIES; round++) {
      const quote = converted.runaway ?? (tree.rootNode.hasError ? firstRunawayQuote(grammar, tree, parsed) : undefined);
      if (quote === undefined) break;
      const at = lineEndAfter(parsed, quote);
      const q = map(quote);
      problems.push({ message: 'This string is not terminated: a quoted string must end on the line where it starts.', span: source.span(q, q + 1) });
      const next = parsed.slice(0, at) + '"' + parsed.slice(at);
      tree.edit(new Edit(insertion(parsed, at)));
      const reparsed = timedParse(grammar, next, deadline, tree);
      tree.delete();
      tree = reparsed;
      parsed = next;
      inserted.push(at);
      converted = convertTopItems(grammar, tree, parsed, map);
    }
    const found = treeProblems(tree, source, map);
    problems.push(...found.filter((p) => !problems.some((q) => q.span.startLine === p.span.startLine && q.span.start <= p.span.start)));
    return { items: converted.items, problems: problems.sort((a, b) => a.span.start - b.span.start) };
  } finally {
    tree.delete();
  }
}

/** A document offset for an offset in the parsed text, given the sorted offsets where quotes were inserted. */
function toDocument(inserted: readonly number[], offset: number): number {
  let shift = 0;
  for (const at of inserted) if (at < offset) shift++;
  return offset - shift;
}

/** tree-sitter's edit for one character inserted at `at`. */
function insertion(text: string, at: number): ConstructorParameters<typeof Edit>[0] {
  const p = pointAt(text, at);
  return { startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: p, oldEndPosition: p, newEndPosition: { row: p.row, column: p.column + 1 } };
}

/** tree-sitter's row and column (rows split at `\n` only) of an offset. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
