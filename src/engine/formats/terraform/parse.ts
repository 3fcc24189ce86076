/**
 * Parsing a Terraform file: tree-sitter (incrementally when the same document was parsed before), recovery from
 * unterminated strings, conversion to the plain syntax tree, syntax problems. Never throws.
 *
 * Incremental parsing: the parser keeps the last tree of the most recently parsed documents, by URI. A new text for
 * the same URI is compared with the text that tree was parsed from; the differing middle is the edit, which is
 * applied to the old tree before tree-sitter re-parses with it, and the top-level items tree-sitter reports
 * unchanged are reused without converting them again.
 */
import { Edit, type Tree } from 'web-tree-sitter';
import type { SourceText } from '../../model/span';
import type { SyntaxProblem } from '../syntax-problem';
import { changedRange } from './changed-range';
import { convertTopItems, type OffsetMap } from './convert';
import { terraformGrammar, terraformGrammarFailure, type TerraformGrammar } from './grammar';
import { treeProblems } from './problems';
import { closesString, firstRunawayQuote, lineEndAfter, unterminatedOnEditedLines } from './recovery';
import { readStrict } from './strict-parser';
import type { TopItem } from './syntax';

export interface ParsedHcl {
  readonly items: readonly TopItem[];
  readonly problems: readonly SyntaxProblem[];
}

/** How many documents keep their tree for incremental re-parsing (each tree holds wasm memory). */
const KEPT_TREES = 16;
/**
 * The time parsing one file may take: generous for real files (tree-sitter reads several MB a second), while a
 * pathological input (a megabyte of one unexpected character) is stopped instead of holding up the analysis.
 */
const BUDGET_BASE_MS = 300;
const BUDGET_PER_KB_MS = 0.5;
/**
 * The largest edit re-parsed incrementally. Incremental parsing pays off for typing; a large replacement parses
 * as fast from scratch, and tree-sitter does not check its time budget while it reconciles a huge edit.
 */
const MAX_INCREMENTAL_EDIT = 16_384;
/** The most unterminated strings closed in one file; past it the rest of the file stays as tree-sitter read it. */
const MAX_RECOVERIES = 20;

interface Kept {
  /** The text the tree was parsed from (the document's, plus any quotes recovery inserted). */
  readonly text: string;
  readonly tree: Tree;
  /** Items by base, when the parsed text is the document's own (no insertions). */
  readonly items?: ReadonlyMap<number, TopItem>;
}

const kept = new Map<string, Kept>();

/** A text the strict parser read, with its items, kept for re-reading the next version of the same document. */
interface StrictlyRead {
  readonly text: string;
  readonly items: readonly TopItem[];
}

/** The documents the strict parser read last (as many as trees are kept), by URI. */
const strictlyRead = new Map<string, StrictlyRead>();

export function parseHcl(source: SourceText): ParsedHcl {
  const grammar = terraformGrammar();
  if (!grammar) {
    const reason = terraformGrammarFailure() ?? 'it was used before it was initialised';
    return { items: [], problems: [{ message: `The Terraform parser is not available: ${reason}.`, span: source.span(0, 0) }] };
  }
  try {
    return parseWith(grammar, source);
  } catch (e) {
    forget(source.uri);
    const message =
      e instanceof OutOfTime
        ? 'Parsing this file takes too long (it is very large or very irregular), so it is not checked.'
        : `The Terraform parser failed on this file: ${(e as Error)?.message ?? String(e)}.`;
    return { items: [], problems: [{ message, span: source.span(0, 0) }] };
  }
}

/** Drops the tree kept for a document. */
export function forget(uri: string): void {
  strictlyRead.delete(uri);
  const k = kept.get(uri);
  if (!k) return;
  kept.delete(uri);
  k.tree.delete();
}

/** Thrown by {@link timedParse} when the budget is spent; turned into a problem by {@link parseHcl}. */
class OutOfTime extends Error {}

/** tree-sitter's parse, stopped when the deadline passes. */
function timedParse(grammar: TerraformGrammar, text: string, deadline: number, old?: Tree): Tree {
  const tree = grammar.parser.parse(text, old, { progressCallback: () => performance.now() > deadline });
  if (!tree) {
    grammar.parser.reset();
    throw new OutOfTime();
  }
  return tree;
}

function parseWith(grammar: TerraformGrammar, source: SourceText): ParsedHcl {
  if (!kept.has(source.uri)) {
    const items = readWellFormed(source.uri, source.text);
    if (items) return { items, problems: [] };
  }
  const text = source.text;
  const deadline = performance.now() + BUDGET_BASE_MS + (BUDGET_PER_KB_MS * text.length) / 1024;
  const previous = kept.get(source.uri);
  kept.delete(source.uri);
  let tree: Tree;
  let keep: ((start: number, end: number) => TopItem | undefined) | undefined;
  let closed: { quote: number; at: number } | undefined;
  try {
    const edit = previous && diff(previous.text, text);
    if (previous && edit && Math.max(edit.oldEndIndex, edit.newEndIndex) - edit.startIndex <= MAX_INCREMENTAL_EDIT) {
      const quote = unterminatedOnEditedLines(text, edit.startIndex, edit.newEndIndex);
      if (quote !== undefined) {
        closed = { quote, at: lineEndAfter(text, quote) };
        tree = parseClosed(grammar, previous, text, closed, deadline);
        if (!closesString(tree, closed.quote, closed.at)) {
          tree = reparseWithout(grammar, tree, text, closed.at, deadline);
          closed = undefined;
        }
      } else {
        previous.tree.edit(new Edit(edit));
        tree = timedParse(grammar, text, deadline, previous.tree);
        if (previous.items) keep = reusable(previous.tree, tree, previous.items, edit);
      }
    } else {
      tree = timedParse(grammar, text, deadline);
    }
  } finally {
    if (!keep) previous?.tree.delete();
  }
  try {
    const result = recoverAndConvert(grammar, source, tree, deadline, keep, (t) => (tree = t), closed);
    if (keep) previous?.tree.delete();
    remember(source.uri, { text: result.parsed, tree, items: result.reusable ? new Map(result.items.map((i) => [i.base, i])) : undefined });
    return { items: result.items, problems: result.problems };
  } catch (e) {
    tree.delete();
    if (keep) previous?.tree.delete();
    throw e;
  }
}

/**
 * Converts a fresh tree, closing unterminated strings one at a time (first to last, re-parsing incrementally after
 * each) and parsing block by block when an error swallowed later blocks. `replaced` hands over each new tree.
 */
function recoverAndConvert(
  grammar: TerraformGrammar,
  source: SourceText,
  first: Tree,
  deadline: number,
  keep: ((start: number, end: number) => TopItem | undefined) | undefined,
  replaced: (tree: Tree) => void,
  closed: { quote: number; at: number } | undefined,
): { items: TopItem[]; problems: SyntaxProblem[]; parsed: string; reusable: boolean } {
  let tree = first;
  const inserted: number[] = closed ? [closed.at] : [];
  let parsed = closed ? withQuote(source.text, closed.at) : source.text;
  const problems: SyntaxProblem[] = closed ? [unterminated(source, closed.quote)] : [];
  let converted = convertTopItems(grammar, tree, parsed, (i) => toDocument(inserted, i), keep);
  for (let round = 0; round < MAX_RECOVERIES; round++) {
    const quote = converted.runaway ?? (tree.rootNode.hasError ? firstRunawayQuote(grammar, tree, parsed) : undefined);
    if (quote === undefined) break;
    const at = lineEndAfter(parsed, quote);
    problems.push(unterminated(source, toDocument(inserted, quote)));
    const next = withQuote(parsed, at);
    tree.edit(new Edit(insertion(parsed, at)));
    const reparsed = timedParse(grammar, next, deadline, tree);
    tree.delete();
    replaced((tree = reparsed));
    parsed = next;
    inserted.push(at);
    converted = convertTopItems(grammar, tree, parsed, (i) => toDocument(inserted, i));
  }
  const map: OffsetMap = (i) => toDocument(inserted, i);
  let items = converted.items;
  let treeLevel: SyntaxProblem[];
  const swallowed = tree.rootNode.hasError ? swallowedStarts(parsed, items, map) : [];
  if (swallowed.length) {
    const segmented = parseSegments(grammar, source, parsed, map, deadline);
    items = segmented.items;
    treeLevel = segmented.problems;
  } else {
    treeLevel = treeProblems(tree, source, map);
  }
  problems.push(...treeLevel.filter((p) => !problems.some((q) => q.span.startLine === p.span.startLine && q.span.start <= p.span.start)));
  return { items, problems: problems.sort((a, b) => a.span.start - b.span.start), parsed, reusable: !inserted.length && !swallowed.length };
}

function unterminated(source: SourceText, quote: number): SyntaxProblem {
  return { message: 'This string is not terminated: a quoted string must end on the line where it starts.', span: source.span(quote, quote + 1) };
}

function withQuote(text: string, at: number): string {
  return text.slice(0, at) + '"' + text.slice(at);
}

/** Parses `text` with a closing quote at `closed.at`, incrementally from the previous tree. */
function parseClosed(grammar: TerraformGrammar, previous: Kept, text: string, closed: { at: number }, deadline: number): Tree {
  const target = withQuote(text, closed.at);
  previous.tree.edit(new Edit(diff(previous.text, target)));
  return timedParse(grammar, target, deadline, previous.tree);
}

/** Takes the quote at `at` out again (it did not close the string the line seemed to end in). */
function reparseWithout(grammar: TerraformGrammar, tree: Tree, text: string, at: number, deadline: number): Tree {
  const p = pointAt(text, at);
  tree.edit(new Edit({ startIndex: at, oldEndIndex: at + 1, newEndIndex: at, startPosition: p, oldEndPosition: { row: p.row, column: p.column + 1 }, newEndPosition: p }));
  try {
    return timedParse(grammar, text, deadline, tree);
  } finally {
    tree.delete();
  }
}

/** Lines that start a top-level block: a Terraform block keyword at the start of the line. */
const TOP_LEVEL = /^(?:resource|data|module|variable|output|locals|provider|terraform|moved|import|removed|check|ephemeral)\b/gm;

/**
 * Top-level block starts that no top-level item starts at: an error made tree-sitter read them as part of an
 * earlier block.
 */
function swallowedStarts(parsed: string, items: readonly TopItem[], map: OffsetMap): number[] {
  const bases = new Set(items.map((i) => i.base));
  const out: number[] = [];
  for (const m of parsed.matchAll(TOP_LEVEL)) if (!bases.has(map(m.index))) out.push(m.index);
  return out;
}

/**
 * Parses each top-level block on its own (from one block keyword line to the next), so that an error in one
 * block cannot take the blocks after it along.
 */
function parseSegments(grammar: TerraformGrammar, source: SourceText, parsed: string, map: OffsetMap, deadline: number): { items: TopItem[]; problems: SyntaxProblem[] } {
  const starts = [...parsed.matchAll(TOP_LEVEL)].map((m) => m.index);
  if (starts[0] !== 0) starts.unshift(0);
  const items: TopItem[] = [];
  const problems: SyntaxProblem[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i];
    const segment = parsed.slice(from, starts[i + 1] ?? parsed.length);
    const tree = timedParse(grammar, segment, deadline);
    try {
      const shifted: OffsetMap = (o) => map(o + from);
      items.push(...convertTopItems(grammar, tree, segment, shifted).items);
      problems.push(...treeProblems(tree, source, shifted));
    } finally {
      tree.delete();
    }
  }
  return { items, problems };
}

/**
 * A well-formed text's items from the strict parser, or undefined when it gives up. After an edit of a text it
 * read before, only the items from the one before the edit to the first unchanged one after it are read again.
 */
function readWellFormed(uri: string, text: string): readonly TopItem[] | undefined {
  const previous = strictlyRead.get(uri);
  strictlyRead.delete(uri);
  const items = previous ? rereadStrict(previous, text) : readStrict(text)?.items;
  if (items) {
    strictlyRead.set(uri, { text, items });
    if (strictlyRead.size > KEPT_TREES) strictlyRead.delete(strictlyRead.keys().next().value as string);
  }
  return items;
}

/**
 * The items of `text`, an edit of `previous.text`. An item's extent depends on its own text and on the first
 * character of the next item, so every item before the last one that starts before the edit stands; reading
 * resumes at that one and stops at an item start past the edit where an old item started, as the rest of the text
 * is the same from there.
 */
function rereadStrict(previous: StrictlyRead, text: string): readonly TopItem[] | undefined {
  if (previous.text === text) return previous.items;
  const old = previous.items;
  const { start, oldEnd, newEnd } = changedRange(previous.text, text);
  const delta = newEnd - oldEnd;
  let before = 0;
  for (let hi = old.length; before < hi; ) {
    const mid = (before + hi) >> 1;
    if (old[mid].base < start) before = mid + 1;
    else hi = mid;
  }
  const resume = before > 0 ? before - 1 : 0;
  let next = resume;
  const read = readStrict(text, before > 0 ? old[resume].base : 0, (at) => {
    if (at < newEnd) return false;
    while (next < old.length && old[next].base < at - delta) next++;
    return next < old.length && old[next].base === at - delta;
  });
  if (!read) return undefined;
  const items = old.slice(0, resume).concat(read.items);
  if (read.stoppedAt !== undefined) for (let i = next; i < old.length; i++) items.push({ base: old[i].base + delta, node: old[i].node });
  return items;
}

function remember(uri: string, entry: Kept): void {
  kept.set(uri, entry);
  while (kept.size > KEPT_TREES) {
    const oldest = kept.keys().next().value as string;
    forget(oldest);
  }
}

/** A document offset for an offset in the parsed text, given the sorted offsets where quotes were inserted. */
function toDocument(inserted: readonly number[], offset: number): number {
  let shift = 0;
  for (const at of inserted) if (at < offset) shift++;
  return offset - shift;
}

interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

/** The edit that turns `before` into `after`: the span between their common prefix and common suffix. */
function diff(before: string, after: string): TextEdit {
  const { start, oldEnd, newEnd } = changedRange(before, after);
  const startPosition = pointAt(before, start);
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAt(before, oldEnd, start, startPosition),
    newEndPosition: pointAt(after, newEnd, start, startPosition),
  };
}

function insertion(text: string, at: number): TextEdit {
  const p = pointAt(text, at);
  return { startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: p, oldEndPosition: p, newEndPosition: { row: p.row, column: p.column + 1 } };
}

/** tree-sitter's row and column (rows split at `\n` only) of an offset, counting on from a known earlier point. */
function pointAt(text: string, offset: number, from = 0, fromPoint = { row: 0, column: 0 }): { row: number; column: number } {
  let row = fromPoint.row;
  let lineStart = from - fromPoint.column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * Which items of the previous parse can stand for items of the new one: those the edit does not touch and whose
 * syntax tree-sitter reports unchanged.
 */
function reusable(oldTree: Tree, newTree: Tree, items: ReadonlyMap<number, TopItem>, edit: TextEdit): (start: number, end: number) => TopItem | undefined {
  const changed = oldTree.getChangedRanges(newTree).map((r) => [r.startIndex, r.endIndex] as const);
  changed.push([edit.startIndex, edit.newEndIndex]);
  const delta = edit.newEndIndex - edit.oldEndIndex;
  return (start, end) => {
    for (const [s, e] of changed) if (s <= end && e >= start) return undefined;
    const old = items.get(start < edit.startIndex ? start : start - delta);
    if (!old || old.node.e - old.node.s !== end - start) return undefined;
    return { base: start, node: old.node };
  };
}
