// Runs every test file (test/**/*.test.ts) with Node's built-in test runner, TypeScript loaded through tsx.
// Arguments narrow the run to files whose path contains any of them.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { prepareTestTls } from '../test/azure/fake-arm/tls.mjs';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'fixtures' || name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = find('test')
  .sort()
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}
// The fake Azure servers answer over HTTPS (the Azure SDK sends tokens over nothing else) with a certificate the
// test processes must trust from their start.
const tls = prepareTestTls();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  // Tests never reach a real identity endpoint: DefaultAzureCredential would probe the managed-identity one.
  env: { ...process.env, ...tls.env, AZURE_TOKEN_CREDENTIALS: 'dev' },
});
tls.cleanup();
process.exit(result.status ?? 1);
