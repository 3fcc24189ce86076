/**
 * Whether the strict parser and tree-sitter read a Terraform text the same way: the check of `npm run parse-check`
 * on real files and of the strict parser's tests on fixtures and their mutations.
 */
import { isDeepStrictEqual } from 'node:util';
import { convertTopItems } from '../../src/engine/formats/terraform/convert';
import type { TerraformGrammar } from '../../src/engine/formats/terraform/grammar';
import { parseHcl } from '../../src/engine/formats/terraform/parse';
import { readStrict } from '../../src/engine/formats/terraform/strict-parser';
import { SourceText } from '../../src/engine/model/span';

/**
 * `read`: the strict parser read the text whole, as tree-sitter does. `left`: it gave up, and where tree-sitter reads
 * the text without an error, the file's parse (tree-sitter for the stretches given up on) still gives tree-sitter's
 * items and no problem. `differs`: neither, with why.
 */
export type Parity = { readonly kind: 'read' } | { readonly kind: 'left' } | { readonly kind: 'differs'; readonly why: string };

/** Compares the readings of `text`; `uri` names it for `parseHcl`, which keeps a reading per document. */
export function parity(grammar: TerraformGrammar, text: string, uri: string): Parity {
  const tree = grammar.parser.parse(text)!;
  let converted;
  let clean: boolean;
  try {
    converted = convertTopItems(grammar, tree, text);
    clean = !tree.rootNode.hasError && converted.runaway === undefined;
  } finally {
    tree.delete();
  }
  const strict = readStrict(text);
  if (strict.failedAt === undefined) {
    if (!clean) return { kind: 'differs', why: 'the strict parser read a text tree-sitter finds an error in' };
    return isDeepStrictEqual(strict.items, converted.items) ? { kind: 'read' } : { kind: 'differs', why: 'the two parsers read it differently' };
  }
  if (!clean) return { kind: 'left' };
  const parsed = parseHcl(new SourceText(uri, text));
  if (parsed.problems.length) return { kind: 'differs', why: `the parse reports '${parsed.problems[0].message}' in a text tree-sitter reads without error` };
  return isDeepStrictEqual(parsed.items, converted.items) ? { kind: 'left' } : { kind: 'differs', why: 'the parse gives other items than tree-sitter for a text it reads without error' };
}
