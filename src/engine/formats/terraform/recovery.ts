/**
 * Recovery from unterminated quoted strings. tree-sitter's HCL grammar lets a quoted string run over line breaks,
 * so one missing `"` swallows the following lines up to the next quote and the block structure after it collapses.
 * HCL does not allow a line break in a quoted string; the parser closes such a string at the end of its line and
 * parses again, so the rest of the file still yields its resources, and reports the problem at the opening quote.
 */
import type { Tree } from 'web-tree-sitter';
import type { TerraformGrammar } from './grammar';

/**
 * The offset of the first quote that opens a string running past the end of its line, if any, anywhere in the tree
 * (error nodes included, which the converter skips). A string that opens in an error and never closes counts too.
 */
export function firstRunawayQuote(grammar: TerraformGrammar, tree: Tree, text: string): number | undefined {
  const { ids } = grammar;
  const cursor = tree.walk();
  try {
    let found: number | undefined;
    const visit = (): void => {
      do {
        if (found !== undefined) return;
        const id = cursor.nodeTypeId;
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        if (id === ids.string_lit || id === ids.quoted_template) {
          if (spansLine(text, start, end)) found = start;
          continue;
        }
        if (id === ids.quoted_template_start && cursor.nodeIsNamed) {
          // A quote that opens a string the error never closes.
          if (cursor.currentNode.parent?.type === 'ERROR' && !cursor.currentNode.nextSibling) found = start;
          continue;
        }
        if (id === ids.heredoc_template || id === ids.comment) continue;
        if (end - start > 1 && cursor.gotoFirstChild()) {
          visit();
          cursor.gotoParent();
        }
      } while (cursor.gotoNextSibling());
    };
    if (cursor.gotoFirstChild()) visit();
    return found;
  } finally {
    cursor.delete();
  }
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
