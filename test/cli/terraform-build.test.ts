/**
 * The built CLI carries the Terraform grammar: copied with its wasm files to a folder outside the repository and
 * run from there, it parses a .tf file and reports its region finding.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { ENCRYPTION_OFF } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'itar-guard-tf-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the built CLI, run from a folder outside the repository, reads Terraform', () => {
  const dist = path.join(tmp, 'tool', 'dist');
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--outdir', dist], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const project = path.join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'main.tf'), 'resource "azurerm_storage_account" "sa" {\n  name     = "sa"\n  location = "eastasia"\n}\n');
  writeFileSync(path.join(project, 'itar-guard.json'), JSON.stringify({ rules: ENCRYPTION_OFF }));
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'scan', '.', '--format', 'json'], { cwd: project, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.findings.map((f: { ruleId: string; location: { file: string; line: number } }) => [f.ruleId, f.location.file, f.location.line]),
    [['region-proscribed', 'main.tf', 3]],
  );
});
