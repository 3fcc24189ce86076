/**
 * Writes a Terraform configuration in Terraform's JSON syntax from its native form, as a generator would (CDK for
 * Terraform writes `"${…}"` for every expression that is not a literal). The fixture tests read each Terraform
 * fixture both ways and expect the same findings, so this writer follows Terraform's documentation of the JSON syntax
 * on its own, apart from the reader it checks.
 */
import { readFileSync } from 'node:fs';
import { terraformAdapter } from '../../src/engine/formats/terraform/adapter';
import type { TerraformDocument } from '../../src/engine/formats/terraform/document';
import type { Block, Body, Expr, Range } from '../../src/engine/formats/terraform/syntax';
import { SourceText } from '../../src/engine/model/span';
import { filesIn, uriOf } from './workspace';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Mode = 'expression' | 'literal' | 'source' | 'references';

/** The fixture's files by URI, each `.tf` file written as `.tf.json` instead. */
export function jsonSyntaxFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of filesIn(dir)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.tf')) out.set(`${uriOf(file)}.json`, toJsonSyntax(uriOf(file), text));
    else out.set(uriOf(file), text);
  }
  return out;
}

/** An anchor's text as its native form would show it: a string escaped inside a JSON string (`\"eastasia\"`) unescaped. */
export function unescapedAnchor(text: string): string {
  return text.startsWith('\\"') ? (JSON.parse(`"${text}"`) as string) : text;
}

/** An expected anchor of native syntax as the JSON syntax writes it: a declaration `resource "t" "n" {` is `"n": {`. */
export function jsonSyntaxAnchor(text: string): string {
  const declaration = /^\w+(?: "[^"]*")* "([^"]*)" \{$/.exec(text);
  return declaration ? `"${declaration[1]}": {` : text;
}

export function toJsonSyntax(uri: string, text: string): string {
  const doc = terraformAdapter.parse(new SourceText(uri, text)) as TerraformDocument;
  if (doc.problems.length) throw new Error(`${uri} does not parse: ${doc.problems[0].message}`);
  const root: { [key: string]: Json } = {};
  for (const item of doc.items) {
    if (item.node.k !== 'block') throw new Error(`${uri}: an attribute at the top level`);
    const w = new Writer(text, item.base);
    const block = item.node;
    put(root, [block.type, ...block.labels.map((l) => l.value)], w.body(block.body, block.type));
  }
  return JSON.stringify(root, null, 2);
}

/** Sets a block's body at `keys` (its type and labels) in nested objects; more blocks at the same place make an array. */
function put(obj: { [key: string]: Json }, keys: readonly string[], body: { [key: string]: Json }): void {
  let at = obj;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as { [key: string]: Json };
  const last = keys[keys.length - 1];
  const before = at[last];
  at[last] = before === undefined ? body : Array.isArray(before) ? [...before, body] : [before, body];
}

class Writer {
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  private source(r: Range): string {
    return this.text.slice(this.base + r.s, this.base + r.e);
  }

  /** A block's body; `kind` is the block's type, which says how its arguments are written. */
  body(body: Body, kind: string): { [key: string]: Json } {
    const out: { [key: string]: Json } = {};
    for (const item of body.items) {
      if (item.k === 'block') this.nested(out, item, kind);
      else out[item.name] = this.expr(item.value, modeOf(kind, item.name));
    }
    return out;
  }

  private nested(out: { [key: string]: Json }, block: Block, parent: string): void {
    const kind = parent === 'terraform' || parent === 'literal' ? 'literal' : block.type === 'lifecycle' || block.type === 'dynamic' ? block.type : 'nested';
    put(out, [block.type, ...block.labels.map((l) => l.value)], this.body(block.body, kind));
  }

  expr(e: Expr, mode: Mode): Json {
    if (mode === 'source') return this.source(e);
    if (mode === 'references') {
      if (e.k === 'tuple') return e.items.map((i) => this.source(i));
      if (e.k === 'obj') return Object.fromEntries(e.items.map((i) => [this.source(i.key), this.source(i.value)]));
      return this.source(e);
    }
    switch (e.k) {
      case 'str':
        return mode === 'literal' ? e.value : e.value.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
      case 'lit':
        return e.value;
      case 'tuple':
        return e.items.map((i) => this.expr(i, mode));
      case 'obj': {
        const out: { [key: string]: Json } = {};
        for (const item of e.items) {
          const key = item.key.k === 'lit' || item.key.k === 'str' ? String(item.key.value) : item.key.k === 'var' ? item.key.name : `\${${this.source(item.key)}}`;
          out[key] = this.expr(item.value, mode);
        }
        return out;
      }
      default:
        if (mode === 'literal') throw new Error(`a literal is expected, not ${this.source(e)}`);
        return `\${${this.source(e)}}`;
    }
  }
}

/** How Terraform's JSON syntax writes an argument of a block of this kind. */
function modeOf(kind: string, name: string): Mode {
  if (kind === 'literal' || kind === 'terraform') return 'literal';
  if (kind === 'variable') return name === 'type' ? 'source' : name === 'default' || name === 'description' || name === 'nullable' || name === 'sensitive' ? 'literal' : 'expression';
  if (kind === 'module' && (name === 'source' || name === 'version')) return 'literal';
  if (kind === 'module' && name === 'providers') return 'references';
  if (kind === 'provider' && name === 'alias') return 'literal';
  if ((kind === 'resource' || kind === 'data' || kind === 'module' || kind === 'output') && name === 'depends_on') return 'references';
  if ((kind === 'resource' || kind === 'data') && name === 'provider') return 'source';
  if (kind === 'lifecycle' && (name === 'ignore_changes' || name === 'replace_triggered_by')) return 'references';
  if (kind === 'dynamic' && name === 'iterator') return 'source';
  return 'expression';
}
