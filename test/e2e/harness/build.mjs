// Builds what the end-to-end runs load: the extension (dist/) and the mocha suite that runs inside the extension
// host (out/e2e/suite.js), and lays out a fresh copy of a fixture workspace for a run to edit.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './tools.mjs';

export const SUITE = path.join(ROOT, 'out', 'e2e', 'suite.js');

export async function buildAll() {
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the extension failed');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: SUITE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** Packages the extension as users get it (`npm run package`) into the run's folder; returns the .vsix path. */
export function packageVsix(runDir) {
  const out = path.join(runDir, 'itar-guard.vsix');
  const r = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('packaging the .vsix failed');
  return out;
}

/** Copies a fixture workspace into the run's folder (one copy per part of the run), so that tests may edit it. */
export function freshWorkspace(runDir, fixture, part) {
  const target = path.join(runDir, part, fixture);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(path.join(ROOT, 'test', 'e2e', 'fixtures', fixture), target, { recursive: true });
  return target;
}
