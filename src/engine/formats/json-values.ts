/**
 * JSON read as values: ARM parameter files, Terraform's `.tfvars.json` files, resources as Azure returns them.
 */
import type { SourceText, Span } from '../model/span';
import * as V from '../model/value';
import type { Value } from '../model/value';
import { entries, type JsonNode } from './arm/jsonc';

/** A JSON value with every scalar a replaceable literal; `text` reads the strings. */
export function plainJson(source: SourceText, node: JsonNode, text: (value: string, span: Span) => Value = literal): Value {
  const span = source.span(node.offset, node.offset + node.length);
  switch (node.type) {
    case 'string':
      return text(String(node.value), span);
    case 'number':
    case 'boolean':
    case 'null':
      return V.scalar(node.value ?? null, span, 'json');
    case 'array':
      return V.array((node.children ?? []).map((c) => plainJson(source, c, text)), span);
    case 'object':
      return V.object(
        entries(node).map(([k, v]) => ({ name: String(k.value), nameSpan: source.span(k.offset, k.offset + k.length), value: plainJson(source, v, text) })),
        span,
      );
    default:
      return V.unknown('not a JSON value', span);
  }
}

function literal(value: string, span: Span): Value {
  return V.scalar(value, span, 'json');
}

/**
 * A value in a file of inputs (a parameter or variable file), where the Azure Developer CLI fills in `${NAME}` from
 * the azd environment when it provisions (its "Manage environment variables" documentation): a string holding such
 * a placeholder is no region name but unknown, and a whole-string placeholder with a shell-style default
 * (`${NAME=x}`, `${NAME:-x}`, …) is also that default.
 */
export function inputFileValue(source: SourceText, node: JsonNode): Value {
  return plainJson(source, node, (text, span) => {
    const name = /\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/.exec(text)?.[1];
    if (name === undefined) return literal(text, span);
    const unknown = V.unknown(`'${text}' is filled in from the azd environment variable ${name} when azd provisions`, span);
    const fallback = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^}]*)\}$/.exec(text)?.[1];
    return fallback === undefined ? unknown : V.union(unknown, V.scalar(fallback, span));
  });
}
