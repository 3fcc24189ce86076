/**
 * The HCL syntax tree the Terraform evaluator reads: plain data converted from tree-sitter's tree, so documents stay
 * immutable and the wasm tree can be freed or reused for the next edit.
 *
 * Offsets are relative to the start of the top-level item that contains the node ({@link TopItem.base}). An edit
 * moves the items after it without changing them, so an incremental re-parse reuses every unchanged item as it is,
 * with only its base moved.
 */
import type { Scalar } from '../../model/value';

/** A range, relative to the enclosing top-level item. */
export interface Range {
  readonly s: number;
  readonly e: number;
}

export type Expr =
  | (Range & { readonly k: 'lit'; readonly value: Scalar })
  /**
   * A quoted string without interpolation: one replaceable literal; `embedded` where it is written inside a string of
   * Terraform's JSON syntax, escaped for JSON.
   */
  | (Range & { readonly k: 'str'; readonly value: string; readonly embedded?: true })
  /** A template with interpolations, or a heredoc. */
  | (Range & { readonly k: 'tpl'; readonly parts: readonly (string | Expr)[] })
  | (Range & { readonly k: 'var'; readonly name: string })
  | (Range & { readonly k: 'attr'; readonly obj: Expr; readonly name: string })
  | (Range & { readonly k: 'index'; readonly obj: Expr; readonly index: Expr })
  /**
   * `x[*].a.b` or `x.*.a`: `steps` apply to every element. For the legacy `.*` (`legacy`), HCL applies only the
   * attribute steps to every element; an index after them applies to the list they make (`x.*.id[0]`).
   */
  | (Range & { readonly k: 'splat'; readonly obj: Expr; readonly steps: readonly Step[]; readonly legacy?: true })
  | (Range & { readonly k: 'tuple'; readonly items: readonly Expr[] })
  | (Range & { readonly k: 'obj'; readonly items: readonly ObjectItem[] })
  | (Range & { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expand: boolean })
  | (Range & { readonly k: 'cond'; readonly test: Expr; readonly then: Expr; readonly else: Expr })
  | (Range & { readonly k: 'bin'; readonly op: string; readonly left: Expr; readonly right: Expr })
  | (Range & { readonly k: 'un'; readonly op: string; readonly arg: Expr })
  | (Range & { readonly k: 'for'; readonly keyVar?: string; readonly valueVar: string; readonly coll: Expr; readonly key?: Expr; readonly value: Expr; readonly cond?: Expr; readonly group: boolean })
  /** Something the converter cannot read (a syntax error, a template directive): evaluates to unknown. */
  | (Range & { readonly k: 'bad'; readonly reason: string });

export type Step = { readonly name: string } | { readonly index: Expr };

export interface ObjectItem {
  readonly key: Expr;
  readonly value: Expr;
}

export interface Attribute extends Range {
  readonly k: 'attribute';
  readonly name: string;
  /** The end of the name (the name starts at `s`). */
  readonly nameEnd: number;
  readonly value: Expr;
}

export interface Label extends Range {
  readonly value: string;
}

export interface Block extends Range {
  readonly k: 'block';
  readonly type: string;
  readonly labels: readonly Label[];
  /** The end of the opening brace: `resource "a" "b" {` is the block's declaration. */
  readonly open: number;
  /** The start of the closing brace (the block's end when it is missing). */
  readonly close: number;
  readonly body: Body;
}

export interface Body {
  readonly items: readonly (Attribute | Block)[];
}

/** An item of a file's top-level body, with the document offset its ranges are relative to. */
export interface TopItem {
  readonly base: number;
  readonly node: Attribute | Block;
}

/** The attribute of a body with this name (the last, as Terraform reports duplicates as errors). */
export function attribute(body: Body, name: string): Attribute | undefined {
  let found: Attribute | undefined;
  for (const item of body.items) if (item.k === 'attribute' && item.name === name) found = item;
  return found;
}

export function blocks(body: Body, type?: string): Block[] {
  return body.items.filter((i): i is Block => i.k === 'block' && (type === undefined || i.type === type));
}
