// Starts code-server for one test run: loopback only, no auth, no telemetry or update checks, every folder it
// writes inside the run's own directory, in a process group of its own so that stopping it ends its helpers.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER, NODE24 } from './tools.mjs';

/**
 * User settings for test runs: no AI entries in the quick-fix menu, no autosave rewriting fixtures; the fake Azure's
 * certificate trusted as Node trusts it (NODE_EXTRA_CA_CERTS), not replaced by the system's certificates.
 */
export const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'http.systemCertificates': false,
};

/** Writes the test user settings into a VS Code user-data folder; returns the folder. */
export function writeUserSettings(userData) {
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return userData;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function healthy(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** The run's folders code-server writes to, and an environment that keeps everything else inside them. */
function runEnvironment(runDir) {
  const dir = (name) => {
    const p = path.join(runDir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const dirs = { userData: writeUserSettings(dir('user-data')), extensions: dir('extensions') };
  const env = {
    ...process.env,
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH}`,
    TMPDIR: dir('tmp'),
    // The extension host's home folder, with the cache in which Bicep keeps the registry modules it restored, as on a
    // machine where Bicep has restored one before.
    HOME: path.dirname(path.dirname(dir(path.join('home', '.bicep', 'br')))),
    XDG_CONFIG_HOME: dir('xdg-config'),
    XDG_DATA_HOME: dir('xdg-data'),
    XDG_CACHE_HOME: dir('xdg-cache'),
    // No extension gallery: the workbench would otherwise look for updates of its built-in extensions online.
    EXTENSIONS_GALLERY: '{}',
  };
  return { dirs, env };
}

/** Installs a .vsix into the run's extensions folder, as a user would. */
export function installVsix(runDir, vsix) {
  const { dirs, env } = runEnvironment(runDir);
  const r = spawnSync(NODE24, [CODE_SERVER, '--install-extension', vsix, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`installing ${path.basename(vsix)} failed: ${String(r.stderr)}`);
}

export async function startCodeServer(runDir, { log = () => {} } = {}) {
  const port = await freePort();
  const { dirs, env } = runEnvironment(runDir);
  const args = [
    CODE_SERVER,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time', '5',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    // Makes the workbench honour extensionDevelopmentPath and extensionTestsPath from the URL's payload.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (b) => log(String(b)));
  child.stderr.on('data', (b) => log(String(b)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  if (!(await healthy(url, Date.now() + 60_000))) {
    await stop();
    throw new Error('code-server did not answer /healthz within 60 s');
  }
  return { url, port, stop };
}
