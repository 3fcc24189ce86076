/**
 * Small helpers for the Bicep tests: parse a snippet, find nodes, evaluate a template in memory.
 */
import assert from 'node:assert/strict';
import { parseBicep, type BicepMode } from '../../src/engine/formats/bicep/parser';
import type { Program, Statement } from '../../src/engine/formats/bicep/syntax';

/** Parses and asserts there is no problem. */
export function parseClean(text: string, mode: BicepMode = 'bicep'): Program {
  const r = parseBicep(text, mode);
  assert.deepEqual(
    r.problems.map((p) => `${p.message} @${p.start}`),
    [],
    `unexpected problems in:\n${text}`,
  );
  return r.program;
}

/** The one statement of a snippet, of the given kind. */
export function only<K extends Statement['kind']>(text: string, kind: K, mode: BicepMode = 'bicep'): Extract<Statement, { kind: K }> {
  const program = parseClean(text, mode);
  assert.equal(program.statements.length, 1, `one statement expected in:\n${text}`);
  const s = program.statements[0];
  assert.equal(s.kind, kind);
  return s as Extract<Statement, { kind: K }>;
}

/** A compact rendering of a syntax node for assertions: kinds, names and values, without offsets. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'start' || k === 'end' || k === 'tokens') continue;
    if (v === undefined || (Array.isArray(v) && v.length === 0 && k === 'decorators')) continue;
    out[k] = shape(v);
  }
  if ('text' in out && Object.keys(out).length === 1) return out.text;
  return out;
}
