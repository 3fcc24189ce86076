/**
 * tree-sitter's error and missing nodes → syntax problems at exact positions.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { SourceText } from '../../model/span';
import type { SyntaxProblem } from '../syntax-problem';
import type { OffsetMap } from './convert';

/** The most problems reported per file: past a few dozen, more add nothing a user can act on. */
const MAX_PROBLEMS = 50;

export function treeProblems(tree: Tree, source: SourceText, map: OffsetMap): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const root = tree.rootNode;
  if (!root.hasError) return out;
  const visit = (node: Node): void => {
    for (const child of node.children) {
      if (!child || out.length >= MAX_PROBLEMS) return;
      if (child.isMissing) {
        const at = map(child.startIndex);
        out.push({ message: `Missing ${describeMissing(child.type)}.`, span: source.span(at, at) });
      } else if (child.isError) {
        out.push(errorProblem(child, source, map));
      } else if (child.hasError) {
        visit(child);
      }
    }
  };
  if (root.isError) out.push(errorProblem(root, source, map));
  else visit(root);
  return out;
}

/** An error node is reported at its first token: the place where the text stops making sense. */
function errorProblem(node: Node, source: SourceText, map: OffsetMap): SyntaxProblem {
  let first: Node = node;
  while (first.childCount > 0 && first.firstChild) first = first.firstChild;
  const start = map(first.startIndex);
  const end = Math.max(start, map(first.endIndex));
  const text = source.text.slice(start, end).split(/\r?\n/)[0];
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return { message: shown ? `Unexpected '${shown}': Terraform cannot read this part of the file.` : 'Terraform cannot read this part of the file.', span: source.span(start, end) };
}

function describeMissing(type: string): string {
  switch (type) {
    case 'block_end':
    case 'object_end':
    case '}':
      return "'}'";
    case 'tuple_end':
    case ']':
      return "']'";
    case 'quoted_template_end':
      return 'closing quote';
    default:
      return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `'${type}'`;
  }
}
