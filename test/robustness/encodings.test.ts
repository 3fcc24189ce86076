/**
 * Line endings and encodings: every fixture analysed with CRLF line endings, a byte-order mark, tab indentation
 * and non-ASCII text in front gives the same findings, and every position still points at the anchor's text in
 * the file as an editor (and SARIF, in UTF-16 code units) sees it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { adaptersReady, fixtureFolders, FIXTURES, folderSources, uriOf } from '../helpers/workspace';

interface Variant {
  readonly name: string;
  readonly transform: (text: string) => string;
  /** Lines added in front of the original first line. */
  readonly shift: number;
}

const VARIANTS: Variant[] = [
  { name: 'CRLF', transform: (t) => t.replace(/\r?\n/g, '\r\n'), shift: 0 },
  { name: 'BOM', transform: (t) => '\ufeff' + t, shift: 0 },
  { name: 'tabs', transform: (t) => t.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)), shift: 0 },
  { name: 'non-ASCII', transform: (t) => `// Überprüft: ITAR 技術データ 🛰️ — ok\n${t}`, shift: 1 },
  { name: 'all at once', transform: (t) => '\ufeff' + `// Überprüft 🛰️\r\n${t.replace(/\r?\n/g, '\r\n').replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2))}`, shift: 1 },
];

function analyze(files: readonly string[], transform: (t: string) => string) {
  const ws = new Workspace(ADAPTERS);
  const texts = new Map<string, string>();
  for (const f of files) {
    const text = transform(readFileSync(f, 'utf8'));
    texts.set(uriOf(f), text);
    ws.setText(uriOf(f), text);
  }
  return { result: ws.analyze({ policy: DEFAULT_POLICY }), texts };
}



before(adaptersReady);
describe('positions survive line endings and encodings', () => {
  for (const folder of fixtureFolders()) {
    const files = folderSources(folder);
    test(path.relative(FIXTURES, folder), () => {
      const base = analyze(files, (t) => t);
      const summary = (r: typeof base, shift: number) =>
        r.result.findings
          .filter((f) => f.ruleId !== 'syntax-error')
          .map((f) => `${f.ruleId}|${path.basename(f.span.uri)}|${f.span.startLine - shift}|${anchor(r, f.span)}`)
          .sort();
      for (const v of VARIANTS) {
        const variant = analyze(files, v.transform);
        assert.deepEqual(summary(variant, v.shift), summary(base, 0), v.name);
        for (const f of variant.result.findings) {
          const lines = variant.texts.get(f.span.uri)!.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
          const expected = anchor(variant, f.span);
          const atPosition = lines[f.span.startLine].slice(f.span.startCharacter, f.span.startCharacter + expected.split(/\r\n|\r|\n/)[0].length);
          assert.equal(atPosition, expected.split(/\r\n|\r|\n/)[0], `${v.name}: ${f.ruleId} at ${f.span.startLine}:${f.span.startCharacter}`);
        }
      }
    });
  }
});

function anchor(r: { texts: Map<string, string> }, span: { uri: string; start: number; end: number }): string {
  return r.texts.get(span.uri)!.replace(/^\ufeff/, '').slice(span.start, span.end);
}
