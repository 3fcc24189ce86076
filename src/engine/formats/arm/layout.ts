/**
 * Text edits that insert into JSON objects the way the file is written: one property per line in a multi-line
 * object and inline in a one-line object, after a trailing comma or a comment at the end of the last property's
 * line.
 */
import type { TextEdit } from '../../model/finding';
import type { SourceText } from '../../model/span';
import { lineIndent, type Layout } from '../text-layout';
import type { JsonNode } from './jsonc';

/** A property to insert: its name and its JSON, rendered for the indentation of the property's line. */
export interface NewProperty {
  readonly name: string;
  render(indent: string, inline: boolean): string;
}

const TRAILING = /^\s*(?:\/\/.*|\/\*.*\*\/\s*)?$/;

/** The offset of a comma that follows `from` (skipping whitespace and comments), if the next token is one. */
function commaAfter(text: string, from: number): number | undefined {
  let i = from;
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('//', i)) while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return text[i] === ',' ? i : undefined;
  }
  return undefined;
}

/** Inserts properties into an object node: before `before` (a property node of the object), or after the last. */
export function insertProperties(source: SourceText, layout: Layout, object: JsonNode, props: readonly NewProperty[], before?: JsonNode): TextEdit[] {
  const { eol } = layout;
  const children = object.children ?? [];
  const objectIndent = lineIndent(source, object.offset);
  const multiline = children.length > 0 && source.lineOf(children[0].offset) !== source.lineOf(object.offset);
  const indent = multiline ? lineIndent(source, children[0].offset) : objectIndent + layout.unit;
  const entries = (inline: boolean) => props.map((p) => `${JSON.stringify(p.name)}: ${p.render(indent, inline)}`);
  const at = (offset: number, newText: string): TextEdit => ({ span: source.span(offset, offset), newText });

  if (!children.length) {
    const inner = source.text.slice(object.offset + 1, object.offset + object.length - 1);
    const body = `${eol}${indent}${entries(false).join(`,${eol}${indent}`)}`;
    if (/^\s*$/.test(inner)) return [{ span: source.span(object.offset, object.offset + object.length), newText: `{${body}${eol}${objectIndent}}` }];
    return [at(object.offset + 1, body)];
  }
  if (before) {
    const line = source.lineOf(before.offset);
    if (multiline && !source.text.slice(source.lineStart(line), before.offset).trim()) {
      return [at(source.lineStart(line), `${indent}${entries(false).join(`,${eol}${indent}`)},${eol}`)];
    }
    return [at(before.offset, `${entries(true).join(', ')}, `)];
  }
  const last = children[children.length - 1];
  const lastEnd = last.offset + last.length;
  const comma = commaAfter(source.text, lastEnd);
  if (!multiline) return [at(comma !== undefined ? comma + 1 : lastEnd, `${comma !== undefined ? ' ' : ', '}${entries(true).join(', ')}`)];
  const after = comma !== undefined ? comma + 1 : lastEnd;
  const lineEnd = source.lineEnd(source.lineOf(after));
  const text = `${eol}${indent}${entries(false).join(`,${eol}${indent}`)}`;
  if (TRAILING.test(source.text.slice(after, lineEnd))) {
    return comma !== undefined ? [at(lineEnd, text)] : [at(lastEnd, ','), at(lineEnd, text)];
  }
  return [at(after, `${comma !== undefined ? '' : ','}${text}`)];
}
