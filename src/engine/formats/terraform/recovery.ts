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
  // A line break inside an interpolation is allowed; look for one in the literal parts only. A string the text
  // ends before its closing quote (tree-sitter reports the quote missing) has literal text up to its end.
  const last = text.charCodeAt(end - 1) === 34 /* " */ && end - 1 > start ? end - 1 : end;
  let depth = 0;
  for (let i = start + 1; i < last; i++) {
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
