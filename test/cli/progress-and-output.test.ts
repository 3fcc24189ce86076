/**
 * The scan's terminal progress line and its streamed report: the line appears only on a terminal and only for
 * long runs, redraws at most ten times a second and is cleared at the end; the report written in pieces (to stdout
 * or a file) is byte for byte the report made whole.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { terminalProgress } from '../../src/cli/progress';
import type { Io } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { reportChunks, renderReport, writeReport } from '../../src/cli/scan';
import { jsonChunks } from '../../src/engine/report/json-chunks';
import { adaptersReady, analyzeDir } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'itar-guard-out-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function io(interactive: boolean): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd: ROOT, color: false, interactive, out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
}

describe('terminal progress', () => {
  test('quiet for the first half second, then at most one redraw per 100 ms, cleared when done', () => {
    let clock = 0;
    const term = io(true);
    const progress = terminalProgress(term, () => clock);
    progress.update('a');
    clock = 400;
    progress.update('b');
    assert.deepEqual(term.err, []);
    clock = 600;
    progress.update('c');
    clock = 650;
    progress.update('d');
    clock = 700;
    progress.update('e');
    progress.done();
    assert.deepEqual(term.err, ['\r\x1b[2Kc', '\r\x1b[2Ke', '\r\x1b[2K']);
  });

  test('nothing at all when stderr is not a terminal', () => {
    let clock = 0;
    const pipe = io(false);
    const progress = terminalProgress(pipe, () => clock);
    clock = 10_000;
    progress.update('x');
    progress.done();
    assert.deepEqual(pipe.err, []);
  });
});

describe('streamed reports', () => {
  test('JSON in pieces is JSON.stringify with two spaces', () => {
    const values = [0, 'a\nb', null, [], {}, [[]], [{}], { a: undefined, b: () => 1, c: [undefined, 2], d: { e: { f: { g: { h: [1, { i: 'x' }] } } } } }, { 'k"': new Date(0) }];
    for (const v of values) assert.equal([...jsonChunks(v)].join(''), JSON.stringify(v, null, 2));
  });

  test('each format, written in pieces to stdout and to a file, is the report made whole', async () => {
    await adaptersReady();
    const findings = analyzeDir(path.join(ROOT, 'examples')).findings;
    assert.ok(findings.length > 10);
    for (const format of ['text', 'json', 'sarif'] as const) {
      const whole = renderReport(findings, format, io(false), false, { checkedFiles: 3, skipped: [] });
      assert.ok([...reportChunks(findings, format, io(false), false, { checkedFiles: 3, skipped: [] })].length > 3);
      const term = io(false);
      await writeReport(reportChunks(findings, format, term, false, { checkedFiles: 3, skipped: [] }), undefined, term);
      assert.equal(term.out.join(''), whole);
      const file = path.join(tmp, `report.${format}`);
      await writeReport(reportChunks(findings, format, term, false, { checkedFiles: 3, skipped: [] }), file, term);
      assert.equal(readFileSync(file, 'utf8'), whole);
    }
  });

  test('a scan on a terminal leaves no progress line behind', async () => {
    const term = io(true);
    const code = await main(['scan', 'examples', '--format', 'json'], term);
    assert.equal(code, 1);
    assert.ok(!term.err.join('').includes('\x1b[2K') || term.err.join('').endsWith('\r\x1b[2K'));
    assert.ok(JSON.parse(term.out.join('')).findings.length > 10);
  });
});
