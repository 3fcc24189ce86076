/**
 * Terraform analysis speed: a 5,000-line .tf file analysed from scratch (after warm-up), and re-analysed after a
 * one-character edit (only the top-level blocks around the edit read again, unchanged resources reused).
 *
 *   npm run bench:terraform [-- --lines 5000 --runs 20]
 *
 * Targets: under 30 ms for the whole file, under 10 ms after an edit. Prints the median and the 90th percentile.
 */
import { cpus, loadavg } from 'node:os';
import { bundledEngine } from './lib/bundled';
import { largeTerraform } from './lib/large-files';
import { formatSummary, summarize } from './lib/stats';

const { ADAPTERS, Workspace } = bundledEngine();

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const LINES = option('lines', 5000);
const RUNS = option('runs', 20) & ~1;

async function main(): Promise<void> {
  const policy = { profile: 'us-only' as const };
  const ready = new Workspace(ADAPTERS);
  await ready.ready();

  // Warm-up: the JIT and the wasm runtime, on other configurations of the same size.
  for (let i = 0; i < 5; i++) {
    const ws = new Workspace(ADAPTERS);
    ws.setText(`file:///bench/warm${i}/main.tf`, largeTerraform(LINES, 100 + i));
    ws.analyze({ policy });
  }

  // A whole file, parsed and analysed from scratch each time (a new document each run).
  const full: number[] = [];
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const text = largeTerraform(LINES, i);
    const ws = new Workspace(ADAPTERS);
    const started = performance.now();
    ws.setText(`file:///bench/full${i}/main.tf`, text);
    resources = ws.analyze({ policy }).resources.length;
    full.push(performance.now() - started);
  }

  // One document, edited one character at a time and re-analysed after each edit.
  const uri = 'file:///bench/edit/main.tf';
  let text = largeTerraform(LINES, 7);
  const ws = new Workspace(ADAPTERS);
  ws.setText(uri, text);
  ws.analyze({ policy });
  const edits: number[] = [];
  for (let i = 0; i < 2 * RUNS; i++) {
    // Type one character at the start of a string somewhere in the file, then delete it; the first half warms up.
    const at = text.indexOf('= "', Math.floor(((Math.floor(i / 2) + 1) * text.length) / (RUNS + 2))) + 3;
    text = i % 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + 'x' + text.slice(at);
    const started = performance.now();
    ws.setText(uri, text);
    // A copy of the configuration with each edit, as the extension's engine thread receives it.
    ws.analyze(structuredClone({ policy }));
    if (i >= RUNS) edits.push(performance.now() - started);
  }

  console.log(`Terraform, ${LINES} lines, ${resources} resources; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  console.log(`  whole file from scratch: ${formatSummary(summarize(full))}   (target < 30 ms)`);
  console.log(`  after a one-character edit: ${formatSummary(summarize(edits))}   (target < 10 ms)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
