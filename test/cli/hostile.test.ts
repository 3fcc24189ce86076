/**
 * Hostile workspaces: the scan completes and says what it skipped and why.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { readFiles } from '../../src/cli/read-files';
import { ENCRYPTION_OFF } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const TEMPLATE = (location: string) =>
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'a', location }],
  });

let dir: string;
before(() => {
  assert.equal(spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT }).status, 0);
  dir = mkdtempSync(path.join(tmpdir(), 'itar-guard-hostile-'));
  mkdirSync(path.join(dir, 'loop'));
  symlinkSync('..', path.join(dir, 'loop', 'back'));
  symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'dangling.json'));
  writeFileSync(path.join(dir, 'binary.json'), Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff, 0x00]));
  writeFileSync(path.join(dir, 'big.json'), TEMPLATE('eastasia') + ' '.repeat(4096));
  writeFileSync(path.join(dir, 'itar-guard.json'), JSON.stringify({ maxFileSizeKb: 2, rules: ENCRYPTION_OFF }));
  // A template saved as UTF-16 with a byte-order mark (as Windows PowerShell writes files) is still read.
  writeFileSync(path.join(dir, 'utf16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEMPLATE('chinanorth'), 'utf16le')]));
  writeFileSync(
    path.join(dir, 'orphan.parameters.json'),
    JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', metadata: { template: './missing.json' }, parameters: {} }),
  );
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'pipe.json')]).status, 0);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('symbolic-link loops, binary, oversized, non-regular and dangling files: the scan completes and names what it skipped', () => {
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const skipped = Object.fromEntries(report.skipped.map((s: { path: string; reason: string }) => [s.path, s.reason]));
  assert.match(skipped['binary.json'], /not a text file/);
  assert.match(skipped['big.json'], /larger than the limit .*maxFileSizeKb/);
  assert.match(skipped['pipe.json'], /not a regular file/);
  assert.match(skipped['dangling.json'], /broken symbolic link/);
  assert.match(r.stderr, /skipped big\.json: is larger than the limit/);
  const rules = report.findings.map((f: { ruleId: string; location: { file: string } }) => `${f.ruleId} ${f.location.file}`).sort();
  assert.deepEqual(rules, ['module-unresolved orphan.parameters.json', 'region-proscribed utf16.json']);
});

test('a file that cannot be read (gone between the folder walk and the read) is named with the reason', async () => {
  const r = await readFiles([path.join(dir, 'utf16.json'), path.join(dir, 'gone.json')], 1 << 20);
  assert.deepEqual(r.texts.map((t) => path.basename(t.path)), ['utf16.json']);
  assert.deepEqual(r.skipped, [{ path: path.join(dir, 'gone.json'), reason: 'cannot be read (ENOENT)' }]);
});

test('a reader that closes the pipe early (| head) ends nothing badly: no stack trace, the exit code of the findings', async () => {
  const many = path.join(dir, 'many');
  mkdirSync(many);
  for (let i = 0; i < 400; i++) writeFileSync(path.join(many, `t${i}.json`), TEMPLATE('eastasia'));
  const child = spawn(process.execPath, [CLI, 'scan', many, '--format', 'sarif'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += String(b)));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 1);
});
