// The same extension-host suite under @vscode/test-electron, which downloads VS Code (where the machine can reach
// Microsoft's update service): `npm run test:electron`.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildAll, freshWorkspace, SUITE } from './harness/build.mjs';
import { writeUserSettings } from './harness/code-server.mjs';
import { E2E_DIR, ROOT } from './harness/tools.mjs';

const runDir = path.join(E2E_DIR, 'runs', `electron-${Date.now()}`);
mkdirSync(runDir, { recursive: true });
try {
  await buildAll();
  const workspace = freshWorkspace(runDir, 'workspace', 'suite');
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: SUITE,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', writeUserSettings(path.join(runDir, 'user-data'))],
  });
} catch (e) {
  console.error(`test:electron: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
