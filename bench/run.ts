/**
 * `npm run bench [-- <corpus folder>…]`: the scale benchmark. In one run it measures
 *   - the floor: reading a generated 5,000-file workspace and only parsing it with the same parsers;
 *   - a full scan of that workspace (in-process, and by the built CLI with its peak memory), and of any real
 *     corpus folder named on the command line;
 *   - a re-scan after one file changed;
 *   - one-file analysis and keystroke re-analysis of 5,000-line files of each format (a character typed inside a
 *     string value, and one that breaks the syntax), with a turn of the event loop between keystrokes as the
 *     editor's engine thread has, and without;
 *   - CLI start-up on a small folder.
 * It prints a table and writes the figures as JSON to bench/results/. Medians of several runs, with the spread.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateWorkspace } from './generate-workspace';
import { bundledEngine } from './lib/bundled';
import { largeArm, largeBicep, largeTerraform } from './lib/large-files';
import { formatSummary, measure, measureAsync, summarize, type Summary } from './lib/stats';

const { discover, ADAPTERS, DEFAULT_POLICY, Workspace, FindingsSender, nodeHost, readAll, readAndParse } = bundledEngine();
type Workspace = InstanceType<typeof Workspace>;

/**
 * The configuration as the extension's engine thread receives it: a copy with every request, so memos kept per
 * configuration object are measured as an editor session meets them.
 */
const request = () => structuredClone({ policy: DEFAULT_POLICY });

/**
 * Collects the heap before a section (with `--expose-gc`, as `npm run bench` runs): otherwise the garbage a section
 * leaves (a 5,000-file workspace) is collected during the next one's timings, by threads that share its two cores.
 */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Row {
  readonly name: string;
  readonly value: Summary;
  readonly unit: string;
  /** The target, and whether the median meets it. */
  readonly target?: { readonly text: string; readonly met: boolean };
}

const rows: Row[] = [];
function row(name: string, value: Summary, unit = 'ms', target?: { limit: number; text: string }): void {
  rows.push({ name, value, unit, target: target && { text: target.text, met: value.median <= target.limit } });
  console.log(`  ${name}: ${formatSummary(value, unit)}${target ? `  [target ${target.text}: ${value.median <= target.limit ? 'met' : 'NOT met'}]` : ''}`);
}

async function filesOf(folder: string): Promise<string[]> {
  const ws = new Workspace(ADAPTERS);
  return (await discover([folder], { accepts: (f) => ws.accepts(f), exclude: [], base: folder })).files;
}

/**
 * Scans a folder in-process the way the CLI does: read, parse, evaluate, check, with what the analysis reads beyond
 * the files given (folder listings, modules elsewhere) read from disk, as the CLI and the extension read it.
 */
async function scan(files: readonly string[]): Promise<{ ws: Workspace; findings: number }> {
  const ws = new Workspace(ADAPTERS, nodeHost);
  await ws.ready();
  for (const { path: file, text } of await readAll(files)) ws.setText(pathToFileURL(file).toString(), text);
  return { ws, findings: ws.analyze({ policy: DEFAULT_POLICY }).findings.length };
}

/** The built CLI on a folder: wall time and peak resident memory (from the child's own resource usage). */
function cliRun(folder: string): { ms: number; maxRssMb: number } {
  const reportFile = path.join(mkdtempSync(path.join(tmpdir(), 'itar-guard-rss-')), 'rss');
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(__dirname, 'lib', 'report-rss.mjs')).toString(), CLI, 'scan', folder, '--format', 'json', '--output', path.join(path.dirname(reportFile), 'out.json')], {
    encoding: 'utf8',
    env: { ...process.env, ITAR_GUARD_RSS_FILE: reportFile },
  });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI failed: ${r.stderr}`);
  const maxRssMb = Number(readFileSync(reportFile, 'utf8')) / 1024;
  rmSync(path.dirname(reportFile), { recursive: true, force: true });
  return { ms, maxRssMb };
}

/** One turn of the event loop, as the engine thread takes between two requests. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function workspaceBenchmarks(folder: string, label: string, generated: boolean): Promise<void> {
  const files = await filesOf(folder);
  console.log(`\n${label}: ${files.length} files`);
  await new Workspace(ADAPTERS).ready();
  // Two untimed runs each: in the second a scan still runs code that is not yet optimised, about a third slower.
  settle();
  const floor = await measureAsync(async () => void (await readAndParse(files)), RUNS, 2);
  row(`${label}: read + parse only (floor)`, floor);
  settle();
  let last: Awaited<ReturnType<typeof scan>> | undefined;
  // The previous run's workspace is let go first: each run scans as a fresh process would, not beside a copy.
  const full = await measureAsync(async () => {
    last = undefined;
    last = await scan(files);
  }, RUNS, 2);
  row(`${label}: full scan in-process`, full, 'ms', { limit: 2 * floor.median, text: `≤ 2 × floor = ${(2 * floor.median).toFixed(0)} ms` });
  rows.push({ name: `${label}: full scan / floor`, value: summarize([full.median / floor.median]), unit: '×' });
  console.log(`  ${label}: ${last?.findings ?? 0} findings; full scan is ${(full.median / floor.median).toFixed(2)} × the floor`);

  const cli = [0, 1, 2].map(() => cliRun(folder));
  row(`${label}: full scan by the CLI`, summarize(cli.map((c) => c.ms)));
  row(`${label}: CLI peak memory`, summarize(cli.map((c) => c.maxRssMb)), 'MB', generated ? { limit: 500, text: '< 500 MB' } : undefined);

  if (!generated || !last) return;
  // Re-scan after one file changed: one file of each format in turn, edited the way a user would. In the editor the
  // findings then cross to the extension's thread (a structured clone of what the worker sends), timed apart.
  const ws = last.ws;
  const samples: number[] = [];
  const sent: number[] = [];
  const sender = new FindingsSender();
  const send = (findings: Parameters<typeof sender.send>[0]) => structuredClone(sender.send(findings));
  send(ws.analyze(request()).findings);
  const editable = files.filter((f) => /\.(json|bicep|tf)$/.test(f));
  // The first re-scans after a full scan run code the full scan did not (the caches' paths): they warm up, untimed,
  // as the other rows' first runs do.
  const warmUp = RUNS;
  for (let i = 0; i < warmUp + 6 * RUNS; i++) {
    const file = editable[(i * 7919) % editable.length];
    const uri = pathToFileURL(file).toString();
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/(eastus2?|westus[23]?|centralus)/, (m) => (m === 'eastus' ? 'westus2' : 'eastus'));
    // Each re-scan is a request to the engine thread, which has turned its event loop since the last (see keystrokeTimes).
    await turn();
    const started = performance.now();
    ws.setText(uri, edited);
    const { findings } = ws.analyze(request());
    const analysed = performance.now();
    send(findings);
    if (i >= warmUp) {
      samples.push(analysed - started);
      sent.push(performance.now() - analysed);
    }
    ws.setText(uri, text);
    send(ws.analyze(request()).findings);
  }
  row(`${label}: re-scan after one file changed`, summarize(samples), 'ms', { limit: 100, text: '< 100 ms' });
  row(`${label}: re-scan's findings sent to the editor's thread`, summarize(sent));
}

/** Where a string value opens, in each format: `"name": "`, `name: '`, `name = "`. */
const VALUE_OPENERS = { ARM: ': "', Bicep: ": '", Terraform: '= "' } as const;

/**
 * Times re-analysis after keystrokes at spots spread over the file, each typed and then deleted: one character typed
 * inside a string value (`"eastus"` → `"xeastus"`), or, to break the syntax, just after one (`"eastus"x`). A
 * keystroke is short, so there are many of them, and the first third only warms up.
 *
 * In the editor each analysis is a request to the engine thread, sent 200 ms after the typing stops, and the thread
 * returns to its event loop between two: V8 collects the young garbage of the last analysis there, in tasks it posts
 * for that turn. `betweenTurns` gives the event loop that turn between keystrokes, as the editor does; without it the
 * keystrokes run back to back, and each analysis also pays the collection of the one before it.
 */
async function keystrokeTimes(ws: Workspace, uri: string, start: string, format: keyof typeof VALUE_OPENERS, breaking: boolean, betweenTurns: boolean): Promise<number[]> {
  const opener = VALUE_OPENERS[format];
  const quote = opener[opener.length - 1];
  const keystrokes = 30 * RUNS;
  const samples: number[] = [];
  let text = start;
  let at = 0;
  for (let i = 0; i < keystrokes; i++) {
    if (i % 2 === 0) {
      const spot = Math.floor((((i / 2) % 50) + 1) * text.length / 52);
      const open = text.indexOf(opener, spot) + opener.length;
      at = breaking ? text.indexOf(quote, open) + 1 : open;
    }
    // The character typed is deleted by the next keystroke, at the same place.
    text = i % 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + 'x' + text.slice(at);
    if (betweenTurns) await turn();
    // The engine thread receives the text in a message: a copy made by structured clone, one flat string, where the
    // edit made here is a concatenation of three (which the first read of it would copy into one).
    const received = structuredClone(text);
    const started = performance.now();
    ws.setText(uri, received);
    ws.analyze(request());
    if (i >= keystrokes / 3) samples.push(performance.now() - started);
  }
  if (text !== start) throw new Error(`the ${format} keystrokes did not leave the file as it was`);
  return samples;
}

async function oneFileBenchmarks(): Promise<void> {
  console.log('\n5,000-line files');
  const cases = [
    { format: 'ARM', name: 'main.json', make: (seed: number) => largeArm(5000, seed), keystroke: 30 },
    { format: 'Bicep', name: 'main.bicep', make: () => largeBicep(5000), keystroke: 30 },
    { format: 'Terraform', name: 'main.tf', make: (seed: number) => largeTerraform(5000, seed), keystroke: 10 },
  ] as const;
  for (const c of cases) {
    // The texts are made before timing: making a 5,000-line template takes about as long as analysing it.
    const texts = Array.from({ length: 2 * RUNS + 5 }, (_, i) => c.make(i + 1));
    settle();
    let n = 0;
    const first = measure(() => {
      const ws = new Workspace(ADAPTERS, nodeHost);
      ws.setText(`file:///bench/first${n}/${c.name}`, texts[n++]);
      ws.analyze({ policy: DEFAULT_POLICY });
    }, 2 * RUNS, 5);
    row(`${c.format}: one-file analysis`, first, 'ms', { limit: 30, text: '< 30 ms' });
    const series = [
      { breaking: false, betweenTurns: true, name: 'keystroke re-analysis', target: true },
      { breaking: false, betweenTurns: false, name: 'keystroke re-analysis, back to back', target: false },
      { breaking: true, betweenTurns: true, name: 'keystroke that breaks the syntax', target: false },
    ];
    for (const { breaking, betweenTurns, name, target } of series) {
      const uri = `file:///bench/edit${breaking ? '-broken' : ''}${betweenTurns ? '' : '-back-to-back'}/${c.name}`;
      const text = c.make(7);
      const ws = new Workspace(ADAPTERS, nodeHost);
      ws.setText(uri, text);
      ws.analyze({ policy: DEFAULT_POLICY });
      const samples = await keystrokeTimes(ws, uri, text, c.format, breaking, betweenTurns);
      row(`${c.format}: ${name}`, summarize(samples), 'ms', target ? { limit: c.keystroke, text: `< ${c.keystroke} ms` } : undefined);
    }
  }
}

/** Wall time of a command, over runs after two untimed ones. */
function commandTimes(args: readonly string[]): number[] {
  const samples: number[] = [];
  for (let i = 0; i < 2 * RUNS + 2; i++) {
    const started = performance.now();
    spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (i >= 2) samples.push(performance.now() - started);
  }
  return samples;
}

function startupBenchmark(): void {
  console.log('\nCLI start-up');
  // Node's own start-up, which no code of ours shortens, tells how much of the target this machine leaves.
  row('Node start-up alone (node -e 0)', summarize(commandTimes(['-e', '0'])));
  row('CLI start-up and scan of examples/ (10 files)', summarize(commandTimes([CLI, 'scan', path.join(ROOT, 'examples'), '--format', 'json'])), 'ms', { limit: 150, text: '< 150 ms' });
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  console.log(`ITAR Guard benchmark — ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()[0].toFixed(2)}, Node ${process.version}`);
  const generated = mkdtempSync(path.join(tmpdir(), 'itar-guard-bench-'));
  try {
    const written = generateWorkspace(generated, 5000);
    console.log(`generated ${written.size} files (Bicep, ARM and Terraform with modules, parameter files and tfvars)`);
    await workspaceBenchmarks(generated, 'generated workspace', true);
    for (const corpus of process.argv.slice(2)) await workspaceBenchmarks(path.resolve(corpus), `corpus ${path.basename(path.resolve(corpus))}`, false);
    await oneFileBenchmarks();
    startupBenchmark();
  } finally {
    rmSync(generated, { recursive: true, force: true });
  }
  const results = path.join(ROOT, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const file = path.join(results, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: cpus().length, loadAverage: loadavg()[0], runs: RUNS, rows }, null, 2));
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n${'measure'.padEnd(width)}  median (min–max)          target`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${formatSummary(r.value, r.unit).padEnd(26)}${r.target ? `${r.target.text} ${r.target.met ? '✓' : '✗'}` : ''}`);
  console.log(`\nwritten to ${path.relative(ROOT, file)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
