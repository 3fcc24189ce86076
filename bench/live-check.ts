/**
 * The measured part of the live benchmark: sign in through the fake's token endpoint, load every subscription,
 * evaluate, render SARIF. Prints its figures as JSON. Memory is measured from after the modules are loaded.
 */
import { CLOUDS } from '../src/azure/clouds';
import { LoopbackTestCredential, TEST_TOKEN_ENDPOINT_VARIABLE } from '../src/azure/credentials';
import { evaluateLive } from '../src/azure/evaluate';
import { connect } from '../src/azure/connection';
import { loadLiveState } from '../src/azure/load';
import { toSarif } from '../src/engine/report/sarif';

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseRss = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);

  const started = performance.now();
  const connection = connect(CLOUDS.AzureCloud, new LoopbackTestCredential(process.env[TEST_TOKEN_ENDPOINT_VARIABLE]!), { endpoint: process.argv[2] });
  const load = await loadLiveState(connection);
  const loaded = performance.now();
  const evaluation = evaluateLive(load, { policy: { profile: 'us-only' } });
  const evaluated = performance.now();
  const sarif = JSON.stringify(toSarif(evaluation.findings, { displayPath: (u) => u, toolVersion: 'bench' }), null, 2);
  const rendered = performance.now();

  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  gc?.();
  const mb = (n: number) => n / 1024 / 1024;
  process.stdout.write(
    JSON.stringify({
      resources: evaluation.resources.length,
      subscriptions: load.subscriptions.filter((s) => s.complete).length,
      findings: evaluation.findings.length,
      loadMs: Math.round(loaded - started),
      evaluateMs: Math.round(evaluated - loaded),
      renderMs: Math.round(rendered - evaluated),
      totalMs: Math.round(rendered - started),
      extraRssMb: mb(peakRss - baseRss),
      extraHeapMb: mb(process.memoryUsage().heapUsed - baseHeap),
      sarifMb: mb(sarif.length),
    }) + '\n',
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
