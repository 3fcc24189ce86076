/**
 * `itar-guard scan [paths…]`: checks the infrastructure files under the paths and reports the findings.
 */
import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { policyFrom, type ItarGuardConfig } from '../engine/config';
import { ADAPTERS } from '../engine/formats';
import type { Finding, Severity } from '../engine/model/finding';
import { SEVERITY_ORDER } from '../engine/model/finding';
import { jsonChunks } from '../engine/report/json-chunks';
import { repeatedSummary } from '../engine/report/compiled-note';
import { toJson } from '../engine/report/json';
import { toSarif } from '../engine/report/sarif';
import type { RunInfo } from '../engine/report/options';
import { textChunks } from '../engine/report/text';
import { globToRegExp } from '../engine/workspace/glob';
import { Workspace, type AnalysisResult } from '../engine/workspace/workspace';
import { VERSION } from '../version';
import { choice, single, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { loadConfig } from './config-file';
import { discover } from './discover';
import { terminalProgress } from './progress';
import { terraformKind } from '../engine/formats/terraform/document';
import { readFiles } from './read-files';
import { tuneWasmTiering } from './wasm-tiering';
import { displayPathFor, nodeHost, type Io } from './io';

export const SCAN_OPTIONS: Record<string, OptionSpec> = {
  format: { value: true },
  output: { value: true },
  profile: { value: true },
  'allowed-regions': { value: true },
  config: { value: true },
  'fail-on': { value: true },
};

export type FailOn = Severity | 'never';

/** The exit code for a set of findings: 1 when any unsuppressed finding is at or above `failOn`. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'never') return 0;
  const floor = SEVERITY_ORDER[failOn];
  return findings.some((f) => !f.suppression && SEVERITY_ORDER[f.severity] >= floor) ? 1 : 0;
}

/** A report in the pieces it is written in: file by file for text, finding by finding for JSON and SARIF. */
export function reportChunks(findings: readonly Finding[], format: 'text' | 'json' | 'sarif', io: Io, color: boolean, run: RunInfo = {}): Iterable<string> {
  const opts = { displayPath: displayPathFor(io.cwd), toolVersion: VERSION, ...run };
  if (format === 'text') return textChunks(findings, { ...opts, color });
  return (function* () {
    yield* jsonChunks(format === 'sarif' ? toSarif(findings, opts) : toJson(findings, opts));
    yield '\n';
  })();
}

export function renderReport(findings: readonly Finding[], format: 'text' | 'json' | 'sarif', io: Io, color: boolean, run: RunInfo = {}): string {
  return [...reportChunks(findings, format, io, color, run)].join('');
}

const WRITE_BYTES = 1 << 16;

/**
 * Writes a report to `--output FILE`, or to stdout without it, as it is made (in pieces of about 64 KB), so that a
 * large one is never held whole. A file that cannot be written is a usage error.
 */
export async function writeReport(chunks: Iterable<string>, output: string | undefined, io: Io): Promise<void> {
  let file: fs.FileHandle | undefined;
  const fail = (e: unknown) => new UsageError(`--output ${output}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  if (output) file = await fs.open(path.resolve(io.cwd, output), 'w').catch((e: unknown) => Promise.reject(fail(e)));
  const write = async (text: string) => {
    if (!file) return io.stdout(text);
    await file.write(text).catch((e: unknown) => Promise.reject(fail(e)));
  };
  try {
    let pending = '';
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length < WRITE_BYTES) continue;
      await write(pending);
      pending = '';
    }
    if (pending) await write(pending);
  } finally {
    await file?.close();
  }
}

/** Applies `--profile` and `--allowed-regions` over the configuration file. */
export function withPolicyFlags(config: ItarGuardConfig, args: ParsedArgs): ItarGuardConfig {
  const profile = single(args, 'profile');
  const allowed = single(args, 'allowed-regions');
  if (profile === undefined && allowed === undefined) return config;
  try {
    const regions = allowed?.split(',').map((s) => s.trim()).filter(Boolean);
    return { ...config, policy: policyFrom(profile ?? config.policy.profile, regions ?? config.policy.allowedRegions, 'command line') };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^command line: /, ''));
  }
}

export async function runScan(args: ParsedArgs, io: Io): Promise<number> {
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const failOn = choice(args, 'fail-on', ['error', 'warning', 'information', 'never'] as const, 'error');
  const roots = args.positional.length ? args.positional.map((p) => path.resolve(io.cwd, p)) : [io.cwd];
  for (const r of roots) {
    try {
      statSync(r);
    } catch {
      throw new UsageError(`${path.relative(io.cwd, r) || r}: no such file or folder`);
    }
  }
  const firstRoot = roots[0];
  const scanRoot = statSync(firstRoot).isDirectory() ? firstRoot : path.dirname(firstRoot);
  const explicitConfig = single(args, 'config');
  const loaded = loadConfig(explicitConfig, scanRoot, io.cwd);
  const config = withPolicyFlags(loaded.config, args);

  const workspace = new Workspace(ADAPTERS, nodeHost);
  const progress = terminalProgress(io);
  let result: AnalysisResult;
  let unread: { path: string; reason: string }[];
  try {
    progress.update('looking for files…');
    const found = await discover(roots, { accepts: (f) => workspace.accepts(f), exclude: config.exclude.map(globToRegExp), base: loaded.base });
    const read = await readFiles(found.files, config.maxFileSizeKb * 1024, (n) => progress.update(`reading files… ${n} of ${found.files.length}`));
    tuneWasmTiering(read.texts.reduce((sum, t) => sum + (terraformKind(t.path) ? t.text.length : 0), 0));
    await workspace.ready(read.texts.map((t) => t.path));
    for (const { path: file, text } of read.texts) workspace.setText(pathToFileURL(file).toString(), text);
    result = workspace.analyze({ policy: config.policy, rules: config.rules }, (p) => progress.update(`${p.stage}… ${p.done} of ${p.total} ${p.stage === 'parsing' ? 'files' : 'templates and modules'}`));
    unread = [...found.skipped, ...read.skipped];
  } finally {
    progress.done();
  }
  const skipped = unread.map((s) => ({ path: path.relative(io.cwd, s.path) || s.path, reason: s.reason }));
  await writeReport(reportChunks(result.findings, format, io, !single(args, 'output') && io.color, { checkedFiles: result.documents.length + result.alsoRead.length, skipped, compiled: result.compiled }), single(args, 'output'), io);
  for (const s of skipped) io.stderr(`itar-guard: skipped ${s.path}: ${s.reason}\n`);
  const repeated = repeatedSummary(result.compiled, displayPathFor(io.cwd));
  if (repeated) io.stderr(`itar-guard: ${repeated}${format === 'json' ? '' : ' (--format json lists them)'}\n`);
  return exitCodeFor(result.findings, failOn);
}

