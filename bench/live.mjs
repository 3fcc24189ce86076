// `npm run bench:live`: 10,000 resources in 20 subscriptions, served by the fake ARM over HTTPS on 127.0.0.1,
// loaded, checked and rendered as SARIF by the live check; prints the time and the extra memory.
import { spawnSync } from 'node:child_process';
import { prepareTestTls } from '../test/azure/fake-arm/tls.mjs';

const tls = prepareTestTls();
const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/live-run.ts', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ...tls.env } });
tls.cleanup();
process.exit(result.status ?? 1);
