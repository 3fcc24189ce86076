/**
 * Recovery from unterminated quoted strings. tree-sitter's HCL grammar lets a quoted string run over line breaks,
 * so one missing `"` swallows the following lines up to the next quote and the block structure after it collapses.
 * HCL does not allow a line break in a quoted string; the parser closes such a string at the end of its line and
 * parses again, so the rest of the file still yields its resources, and reports the problem at the opening quote.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { TerraformGrammar } from './grammar';

/**
 * The offset of the first quote, inside an error, that opens a string running past the end of its line (strings
 * outside errors are checked as they are converted). A string that opens in an error and never closes counts too.
 * Only the paths to errors are walked.
 */
export function firstRunawayQuote(grammar: TerraformGrammar, tree: Tree, text: string): number | undefined {
  const { ids } = grammar;
  let found: number | undefined;
  const note = (offset: number) => {
    if (found === undefined || offset < found) found = offset;
  };
  const scan = (node: Node): void => {
    const children = node.children;
    children.forEach((child, i) => {
      if (!child) return;
      const id = child.typeId;
      if (id === ids.string_lit || id === ids.quoted_template) {
        if (spansLine(text, child.startIndex, child.endIndex)) note(child.startIndex);
      } else if (id === ids.quoted_template_start) {
        // A quote that opens a string the error never closes.
        if (node.isError && i === children.length - 1) note(child.startIndex);
      } else if (id !== ids.heredoc_template && id !== ids.comment && child.childCount > 0) {
        scan(child);
      }
    });
  };
  const toErrors = (node: Node): void => {
    for (const child of node.children) {
      if (!child?.hasError) continue;
      if (child.isError) scan(child);
      else toErrors(child);
    }
  };
  if (tree.rootNode.isError) scan(tree.rootNode);
  else toErrors(tree.rootNode);
  return found;
}

/** Whether a quoted string has a line break in its literal text (outside `${ … }`). */
export function spansLine(text: string, start: number, end: number): boolean {
  const nl = text.indexOf('\n', start);
  if (nl < 0 || nl >= end) return false;
  // A line break inside an interpolation is allowed; look for one in the literal parts only.
  let depth = 0;
  for (let i = start + 1; i < end - 1; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92 /* \ */) i++;
    else if ((ch === 36 /* $ */ || ch === 37) /* % */ && text.charCodeAt(i + 1) === 123 /* { */) {
      if (text.charCodeAt(i - 1) !== ch || depth > 0) depth++;
      i++;
    } else if (ch === 123 && depth > 0) depth++;
    else if (ch === 125 /* } */ && depth > 0) depth--;
    else if (ch === 10 && depth === 0) return true;
  }
  return false;
}

/** Where the closing quote goes: the end of the quote's line, before its line break. */
export function lineEndAfter(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i < 0) return text.length;
  if (i > offset && text.charCodeAt(i - 1) === 13) i--;
  return i;
}

/**
 * While a string is being typed it is unterminated, and tree-sitter lets it swallow the rest of the file, so that
 * re-parsing costs as much as a first parse (twice: once to find the runaway string, once after closing it). When
 * an edited line plainly ends inside a quoted string, the quote is closed before the first parse. Returns that
 * string's opening quote, or undefined when no edited line (at most a few) ends that way.
 */
export function unterminatedOnEditedLines(text: string, from: number, to: number): number | undefined {
  let lineStart = text.lastIndexOf('\n', from - 1) + 1;
  for (let n = 0; n < 4 && lineStart <= to && lineStart <= text.length; n++) {
    const lineEnd = lineEndAfter(text, lineStart);
    const quote = openStringAtEnd(text, lineStart, lineEnd);
    if (quote !== undefined) return quote;
    const next = text.indexOf('\n', lineEnd);
    if (next < 0) break;
    lineStart = next + 1;
  }
  return undefined;
}

/** The opening quote of the one string a line ends inside, read with HCL's quoting rules; undefined otherwise. */
function openStringAtEnd(text: string, start: number, end: number): number | undefined {
  const stack: number[] = []; // offsets of open strings (>= 0) and interpolations (-1) or braces in them (-2)
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    const top = stack.length ? stack[stack.length - 1] : undefined;
    if (top !== undefined && top >= 0) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) stack.pop();
      else if ((ch === 36 /* $ */ || ch === 37) /* % */ && text.charCodeAt(i + 1) === 123 /* { */) {
        if (text.charCodeAt(i - 1) === ch) continue;
        stack.push(-1);
        i++;
      }
      continue;
    }
    if (ch === 34) stack.push(i);
    else if (ch === 123 && top !== undefined) stack.push(-2);
    else if (ch === 125 /* } */ && top !== undefined) stack.pop();
    else if (ch === 35 /* # */ || (ch === 47 /* / */ && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42))) break;
  }
  return stack.length === 1 && stack[0] >= 0 ? stack[0] : undefined;
}

/** Whether the quote inserted at `at` closes the string that opens at `quote` (not text of a heredoc or comment). */
export function closesString(tree: Tree, quote: number, at: number): boolean {
  const end = tree.rootNode.descendantForIndex(at, at + 1);
  return end?.type === 'quoted_template_end' && end.parent?.startIndex === quote;
}

