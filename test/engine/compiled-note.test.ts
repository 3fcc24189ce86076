/**
 * What the reports say of compiled templates' findings left out as repeating their Bicep source: a count, one
 * sentence for the command line, every pair in JSON.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repeatedCount, repeatedSummary } from '../../src/engine/report/compiled-note';
import { toJson } from '../../src/engine/report/json';
import { toText } from '../../src/engine/report/text';
import type { CompiledTemplate } from '../../src/engine/workspace/compiled';

const span = (uri: string, line: number) => ({ uri, start: 0, end: 1, startLine: line, startCharacter: 0, endLine: line, endCharacter: 1 });
const repeated = (n: number, file: string) => Array.from({ length: n }, (_, i) => ({ ruleId: 'cmk-missing', message: `m${i}`, span: span(`file:///w/${file}.json`, i), sameAs: span(`file:///w/${file}.bicep`, i) }));
const pair = (file: string, n: number): CompiledTemplate => ({ uri: `file:///w/${file}.json`, source: `file:///w/${file}.bicep`, repeated: repeated(n, file) });
const show = (uri: string) => uri.replace('file:///w/', '');

test('one sentence for the command line: the template and its source, or how many across how many templates', () => {
  assert.equal(repeatedSummary([pair('a', 0)], show), undefined);
  assert.equal(repeatedSummary([pair('a', 2), pair('b', 0)], show), '2 findings in a.json, a template compiled by Bicep, repeat findings of a.bicep beside it and are left out');
  assert.equal(repeatedSummary([pair('a', 2), pair('b', 1)], show), '3 findings in 2 templates compiled by Bicep repeat findings of their Bicep sources beside them and are left out');
  assert.equal(repeatedCount([pair('a', 2), pair('b', 1)]), 3);
});

test('the text summary counts them; JSON lists every pair, those with nothing left out too', () => {
  const opts = { displayPath: show, toolVersion: '0', compiled: [pair('a', 2), pair('b', 0)] };
  assert.match(toText([], { ...opts, color: false }), /; 2 findings of compiled templates left out \(also in their Bicep source\)\n$/);
  const json = toJson([], opts) as { compiledTemplates: { path: string; source: string; repeated: { sameAs: { file: string; line: number } }[] }[] };
  assert.deepEqual(
    json.compiledTemplates.map((c) => [c.path, c.source, c.repeated.map((r) => `${r.sameAs.file}:${r.sameAs.line}`)]),
    [
      ['a.json', 'a.bicep', ['a.bicep:1', 'a.bicep:2']],
      ['b.json', 'b.bicep', []],
    ],
  );
});
