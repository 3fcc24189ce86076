// End-to-end tests in a real VS Code (code-server's, with its Node extension host), driven by Chromium:
// 1. the mocha suite (test/e2e/suite) runs inside the extension host and reports its exit code;
// 2. a browser check of what a person sees, saving screenshots into .e2e/screenshots, ending with the packaged
//    .vsix installed the way a user installs it.
// A fake Azure (HTTPS on 127.0.0.1, with a certificate made for the run) stands in for Azure: the extension host
// inherits the variables that name it and trusts the certificate.
// The tools install themselves into .e2e/tools on first use. `--suite-only` or `--ui-only` runs one part.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { prepareTestTls } from '../azure/fake-arm/tls.mjs';
import { buildAll, freshWorkspace, packageVsix, startFakeAzure, SUITE } from './harness/build.mjs';
import { launchBrowser, workbenchUrl } from './harness/browser.mjs';
import { installVsix, startCodeServer } from './harness/code-server.mjs';
import { E2E_DIR, ensureTools, ROOT } from './harness/tools.mjs';
import { checkUi } from './ui.mjs';

const SUITE_TIMEOUT_MS = 10 * 60_000;

/** Test counts, from mocha's summary lines and the browser check. */
const counts = { passed: 0, failed: 0 };

async function runSuite(context, server, runDir) {
  const page = await context.newPage();
  const done = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      const summary = /^\s*(\d+) (passing|failing)\b/.exec(line);
      if (summary) counts[summary[2] === 'passing' ? 'passed' : 'failed'] += Number(summary[1]);
      console.log(line);
    });
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  const folder = freshWorkspace(runDir, 'workspace', 'suite');
  await page.goto(workbenchUrl(server, folder, { extensionDevelopmentPath: ROOT, extensionTestsPath: SUITE }));
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS)));
  const code = await Promise.race([done, timeout]);
  clearTimeout(timer);
  await page.close();
  if (code === 'timeout') {
    console.error(`e2e: the suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`);
    return 1;
  }
  return code;
}

async function main() {
  const only = process.argv.slice(2);
  ensureTools();
  const runDir = path.join(E2E_DIR, 'runs', String(Date.now()));
  mkdirSync(runDir, { recursive: true });
  // The browser check also runs the packaged extension; packaging minifies dist/, so the test build follows it.
  if (!only.includes('--suite-only')) installVsix(runDir, packageVsix(runDir));
  await buildAll();
  const tls = prepareTestTls();
  // Tests never reach a real identity endpoint (the command line's DefaultAzureCredential would probe one).
  Object.assign(process.env, tls.env, { AZURE_TOKEN_CREDENTIALS: 'dev' });
  const fakeAzure = await startFakeAzure();
  Object.assign(process.env, fakeAzure.env);
  const serverLog = [];
  const server = await startCodeServer(runDir, { log: (s) => serverLog.push(s) });
  const context = await launchBrowser(path.join(runDir, 'chromium-profile'));
  let failed = 0;
  try {
    if (!only.includes('--ui-only')) {
      const code = await runSuite(context, server, runDir);
      console.log(`e2e: extension-host suite exited with ${code}`);
      if (code !== 0) failed++;
    }
    if (!only.includes('--suite-only')) {
      const shots = path.join(E2E_DIR, 'screenshots');
      rmSync(shots, { recursive: true, force: true });
      mkdirSync(shots, { recursive: true });
      const ok = await checkUi(context, server, runDir, shots, fakeAzure);
      console.log(`e2e: browser check ${ok ? 'passed' : 'failed'} (screenshots in .e2e/screenshots)`);
      counts[ok ? 'passed' : 'failed']++;
      if (!ok) failed++;
    }
  } finally {
    await context.close();
    await server.stop();
    await fakeAzure.stop();
    tls.cleanup();
    writeFileSync(path.join(runDir, 'code-server.log'), serverLog.join(''));
  }
  console.log(`e2e: ${counts.passed} passed, ${counts.failed + (failed && !counts.failed ? 1 : 0)} failed`);
  if (!failed) rmSync(runDir, { recursive: true, force: true });
  else console.error(`e2e: logs kept in ${path.relative(ROOT, runDir)}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`e2e: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
