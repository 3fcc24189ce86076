/**
 * Serves the fake estate and runs the measured live check in a process of its own, so that its memory is its
 * own: `bench/live-check.ts` reports its figures as one JSON line.
 */
import { spawn } from 'node:child_process';
import { TEST_TOKEN_ENDPOINT_VARIABLE } from '../src/azure/credentials';
import { FakeArm } from '../test/azure/fake-arm/server';
import { fillSubscription, subscription, TENANT_ID } from '../test/azure/fake-arm/tenant';

const SUBSCRIPTIONS = 20;
const PER_SUBSCRIPTION = 500;
const LOCATIONS = ['eastus', 'westeurope', 'usgovvirginia', 'eastasia'];

async function main(): Promise<void> {
  const subs = Array.from({ length: SUBSCRIPTIONS }, (_, i) => subscription(i + 1));
  const resources = subs.flatMap((s, i) => fillSubscription(s.subscriptionId, PER_SUBSCRIPTION, LOCATIONS[i % LOCATIONS.length]));
  const fake = await new FakeArm({ tenantId: TENANT_ID, subscriptions: subs, resources }).start();
  try {
    const figures = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', 'bench/live-check.ts', fake.url], {
        env: { ...process.env, [TEST_TOKEN_ENDPOINT_VARIABLE]: fake.tokenEndpoint },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`the measured run exited with ${code}`))));
    });
    const f = JSON.parse(figures) as { resources: number; subscriptions: number; findings: number; loadMs: number; evaluateMs: number; renderMs: number; totalMs: number; extraRssMb: number; extraHeapMb: number; sarifMb: number };
    const within = f.totalMs < 5000 && f.extraRssMb < 300;
    console.log(`live check of ${f.resources} resources in ${f.subscriptions} subscriptions (${f.findings} findings, ${f.sarifMb.toFixed(1)} MB of SARIF)`);
    console.log(`  load ${f.loadMs} ms, evaluate ${f.evaluateMs} ms, render ${f.renderMs} ms: total ${f.totalMs} ms (budget 5000 ms)`);
    console.log(`  extra memory: ${f.extraRssMb.toFixed(0)} MB resident at peak (budget 300 MB), ${f.extraHeapMb.toFixed(0)} MB of heap after the run`);
    console.log(within ? 'within budget' : 'OVER BUDGET');
    process.exitCode = within ? 0 : 1;
  } finally {
    await fake.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
