/**
 * The executable starts the CLI's bundle through the code cache the build writes: the cache matches the bundle,
 * V8 accepts it, and a scan through it reports exactly what the bundle reports when run directly, Terraform
 * included (its runtime is loaded by the bundle, which the cached script must still be able to do). A cache that
 * belongs to another bundle is ignored, and so is any cache for a bundle that does not end with its digest.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { after, before, test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const tmp = mkdtempSync(path.join(tmpdir(), 'itar-guard-cache-'));
const dist = path.join(tmp, 'dist');
const bundle = path.join(dist, 'cli-main.js');
after(() => rmSync(tmp, { recursive: true, force: true }));

before(() => {
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--outdir', dist], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});

function scan(script: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [script, 'scan', EXAMPLES, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

test('the build ends the bundle with its digest, writes it ASCII, and writes a cache for it that V8 accepts', () => {
  const source = readFileSync(bundle, 'latin1');
  const stamp = /\n\/\/# itar-guard-build ([0-9a-f]{64})\n$/.exec(source);
  assert.ok(stamp, 'the bundle ends with its digest');
  const text = source.slice(0, stamp.index);
  assert.equal(stamp[1], createHash('sha256').update(text).digest('hex'));
  assert.doesNotMatch(source, /[\u0080-\u00ff]/);
  const cache = readFileSync(`${bundle}.cache`);
  assert.equal(cache.subarray(0, 32).toString('hex'), stamp[1]);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData: cache.subarray(32) });
  assert.equal(script.cachedDataRejected, false);
});

test('a scan through the cache reports what the bundle reports, Terraform included', () => {
  const cached = scan(path.join(dist, 'cli.js'));
  const direct = scan(bundle);
  assert.equal(cached.stderr, '');
  assert.equal(cached.status, 1);
  assert.equal(cached.stdout, direct.stdout);
  const findings = (JSON.parse(cached.stdout) as { findings: { ruleId: string; location: { file: string } }[] }).findings;
  assert.ok(findings.some((f) => f.location.file.endsWith('.tf')));
  assert.deepEqual(findings.filter((f) => f.ruleId === 'syntax-error'), []);
});

test("another bundle's cache is ignored", () => {
  const file = `${bundle}.cache`;
  const cache = readFileSync(file);
  cache[0] ^= 0xff;
  writeFileSync(file, cache);
  const r = scan(path.join(dist, 'cli.js'));
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, scan(bundle).stdout);
});

test('a bundle without its digest line runs without the cache', () => {
  const source = readFileSync(bundle, 'latin1');
  const expected = scan(bundle).stdout;
  writeFileSync(bundle, source.replace(/\/\/# itar-guard-build [0-9a-f]{64}\n$/, ''));
  try {
    const r = scan(path.join(dist, 'cli.js'));
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, expected);
  } finally {
    writeFileSync(bundle, source);
  }
});
