import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SourceText } from '../../model/span';
import type { SyntaxProblem } from '../syntax-problem';
import { wellFormedTree } from './json-tree';

export type JsonNode = Node;

export interface JsonDocument {
  readonly root: JsonNode | undefined;
  readonly problems: SyntaxProblem[];
  /** The text the tree was read from; equal in length to the source, so offsets are the source's. */
  readonly text: string;
}

/**
 * Parses JSON with comments the way Azure reads templates: comments and trailing commas are accepted, and a
 * string may run over several lines (ARM accepts raw line breaks in strings; multi-line expressions use them).
 * The parser never throws; what it cannot read becomes a syntax problem at its place, and the values around it
 * are still in the tree. `strict` reads JSON as Terraform does: a comment, a trailing comma, a line break in a string
 * or an empty file is a problem too.
 */
export function parseJsonc(source: SourceText, strict = false): JsonDocument {
  const wellFormed = wellFormedTree(source.text, strict, MAX_DEPTH);
  return wellFormed ? { root: wellFormed, problems: [], text: source.text } : parseTolerantly(source, strict);
}

/** The reading that finds the problems of a text and reads around them: jsonc-parser's, after the text is prepared. */
export function parseTolerantly(source: SourceText, strict: boolean): JsonDocument {
  const text = strict ? source.text : protectMultilineStrings(source.text);
  const tooDeep = firstTooDeep(text);
  if (tooDeep >= 0) {
    return { root: undefined, problems: [{ message: `JSON: nested deeper than ${MAX_DEPTH} levels; the file is not read`, span: source.span(tooDeep, tooDeep + 1) }], text };
  }
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: !strict, disallowComments: strict, allowEmptyContent: !strict });
  } catch (e) {
    return { root: undefined, problems: [{ message: `JSON: ${(e as Error).message}`, span: source.span(0, 0) }], text };
  }
  if (root) trim(root);
  const problems = errors.map((e) => ({
    message: describe(e),
    span: source.span(e.offset, e.offset + Math.max(e.length, 1)),
  }));
  return { root, problems, text };
}

/**
 * Gives every list of children its exact length. The parser grows them one push at a time, which leaves room for
 * many more (a property's two children take the space of about seventeen), and a workspace keeps every template's
 * tree: in the benchmark's generated workspace the slack was 12 of the 150 MB a full scan keeps.
 */
function trim(node: JsonNode): void {
  const children = node.children;
  if (!children) return;
  const exact = children.slice();
  (node as { children: JsonNode[] }).children = exact;
  for (const child of exact) trim(child);
}

/** Deeper nesting than any real template has; the JSON parser recurses per level, so it is refused up front. */
export const MAX_DEPTH = 1000;

/** The offset where brackets nest deeper than {@link MAX_DEPTH}, or -1 (strings and comments are skipped). */
function firstTooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 10; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

function describe(e: ParseError): string {
  const name = printParseErrorCode(e.error);
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `JSON: ${words}`;
}

/**
 * Returns the text with the line breaks inside multi-line strings replaced by spaces (same length, so every
 * offset is unchanged). A string counts as multi-line only when it closes later with a quote followed by what
 * JSON allows after a value; an unterminated quote is left alone, so it ends at its line as the user expects.
 */
export function protectMultilineStrings(text: string): string {
  let out: string[] | undefined;
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c !== 0x22 /* " */) {
      i++;
      continue;
    }
    // A string: find its closing quote.
    let j = i + 1;
    let sawBreak = false;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 0x5c /* \ */) {
        j += 2;
        continue;
      }
      if (d === 0x22) break;
      if (d === 10 || d === 13) sawBreak = true;
      j++;
    }
    if (!sawBreak) {
      i = j + 1;
      continue;
    }
    if (j < n && closesValue(text, j + 1)) {
      out ??= [];
      out.push(text.slice(last, i), text.slice(i, j + 1).replace(/[\r\n]/g, ' '));
      last = j + 1;
      i = j + 1;
    } else {
      // Unterminated on its line: resume scanning at the line break so the next line is read as JSON.
      let k = i + 1;
      while (k < n && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k++;
      i = k;
    }
  }
  if (!out) return text;
  out.push(text.slice(last));
  return out.join('');
}

function closesValue(text: string, from: number): boolean {
  let k = from;
  while (k < text.length && /\s/.test(text[k])) k++;
  if (k >= text.length) return true;
  const c = text[k];
  if (c === ',' || c === '}' || c === ']' || c === ':') return true;
  return text.startsWith('//', k) || text.startsWith('/*', k);
}

/** The property of an object node, by name (case-insensitive, as ARM reads property names). */
export function prop(node: JsonNode | undefined, name: string): JsonNode | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  // Templates nearly always spell names as the schema does: try the exact name before comparing case-insensitively.
  for (const p of node.children) {
    const key = p.children?.[0];
    if (key?.value === name) return p.children?.[1];
  }
  const lower = name.toLowerCase();
  for (const p of node.children) {
    const key = p.children?.[0];
    if (key && typeof key.value === 'string' && key.value.length === name.length && key.value.toLowerCase() === lower) return p.children?.[1];
  }
  return undefined;
}

/** The `[name, value]` pairs of an object node, in order; properties whose value did not parse are skipped. */
export function entries(node: JsonNode | undefined): [JsonNode, JsonNode][] {
  if (!node || node.type !== 'object' || !node.children) return [];
  const out: [JsonNode, JsonNode][] = [];
  for (const p of node.children) {
    const pair = p.children;
    // A property's children are its name and value: the pair itself, not a copy (templates have many properties).
    if (pair?.length === 2 && typeof pair[0].value === 'string') out.push(pair as [JsonNode, JsonNode]);
  }
  return out;
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

const JSON_PATH_STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\])/;

/**
 * The node a JSONPath of names and indexes selects (`$.a.b`, `$['a'][0]`, `a.b`), as Bicep's `loadJsonContent`
 * takes one; undefined for a path with filters, wildcards or slices, whose result ITAR Guard does not follow.
 */
export function nodeAtJsonPath(root: JsonNode, path: string): JsonNode | undefined {
  let rest = path.trim().replace(/^\$/, '');
  if (rest && !/^[.[]/.test(rest)) rest = `.${rest}`;
  let node: JsonNode | undefined = root;
  while (rest && node) {
    const m = JSON_PATH_STEP.exec(rest);
    if (!m) return undefined;
    node = m[4] !== undefined ? (node.type === 'array' ? node.children?.[Number(m[4])] : undefined) : exactProp(node, m[1] ?? m[2] ?? m[3]);
    rest = rest.slice(m[0].length);
  }
  return node;
}

/** The property of an object node by its exact name, as JSONPath reads names. */
function exactProp(node: JsonNode, name: string): JsonNode | undefined {
  return node.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1] : undefined;
}
