/**
 * The Terraform fix for an input without a known value: a `validation` block that allows only the given values. A
 * variable may have several such blocks, all of which must hold, so one is added beside those it has.
 */
import type { TextEdit } from '../../model/finding';
import type { InputRef } from '../../model/value';
import { renderStringLiteral } from '../literals';
import type { TerraformDocument } from './document';

export function restrictVariable(doc: TerraformDocument, input: InputRef, values: readonly string[]): TextEdit[] | undefined {
  if (input.kind !== 'variable') return undefined;
  const source = doc.source;
  for (const item of doc.items) {
    const node = item.node;
    if (node.k !== 'block' || node.type !== 'variable' || node.labels[0]?.value !== input.name) continue;
    if (item.base + node.s > input.declaration.start || item.base + node.e < input.declaration.end) continue;
    const eol = source.text.includes('\r\n') ? '\r\n' : '\n';
    const declLine = source.lineOf(item.base + node.s);
    const outer = /^[ \t]*/.exec(source.lineText(declLine))![0];
    const firstInner = node.body.items[0];
    const indent = firstInner ? /^[ \t]*/.exec(source.lineText(source.lineOf(item.base + firstInner.s)))![0] : `${outer}  `;
    const list = values.map((v) => renderStringLiteral('hcl', v)).join(', ');
    const lines = [
      `${indent}validation {`,
      `${indent}  condition     = contains([${list}], var.${input.name})`,
      `${indent}  error_message = ${renderStringLiteral('hcl', 'Only the regions the ITAR program allows may be used.')}`,
      `${indent}}`,
    ];
    const close = item.base + node.close;
    const closeLine = source.lineOf(close);
    const braceAlone = source.lineText(closeLine).trim() === '}' && closeLine > declLine;
    if (braceAlone) {
      const at = source.lineStart(closeLine);
      return [{ span: source.span(at, at), newText: lines.join(eol) + eol }];
    }
    // `variable "x" {}` or `variable "x" { type = string }` on one line: open it up.
    return [{ span: source.span(close, close), newText: `${eol}${lines.join(eol)}${eol}${outer}` }];
  }
  return undefined;
}
