// Debian's Chromium driven by playwright-core (from .e2e/tools), headless, with a fresh profile per run.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CHROMIUM, E2E_DIR } from './tools.mjs';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launchBrowser(profileDir) {
  const require = createRequire(path.join(E2E_DIR, 'tools', 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 } });
}

/** The workbench URL for a folder, with the development/test options the smoke-test driver reads (none: the installed extensions). */
export function workbenchUrl(server, folder, options) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
