/**
 * `itar-guard live`: checks the resources deployed in the subscriptions the signed-in account can see, with
 * the same rules and profiles as `scan`. Exit codes as for `scan`; 2 as well when no subscription could be read.
 */
import type { Finding } from '../engine/model/finding';
import { choice, single, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { loadConfig } from './config-file';
import type { Io } from './io';
import { terminalProgress } from './progress';
import { exitCodeFor, renderReport, withPolicyFlags, writeReport } from './scan';

export const LIVE_OPTIONS: Record<string, OptionSpec> = {
  cloud: { value: true },
  subscription: { value: true, repeat: true },
  profile: { value: true },
  'allowed-regions': { value: true },
  config: { value: true },
  'arm-endpoint': { value: true },
  format: { value: true },
  output: { value: true },
  'fail-on': { value: true },
};

export async function runLive(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positional.length) throw new UsageError(`live takes no paths (got '${args.positional[0]}')`);
  // The Azure SDK is loaded only by this command.
  const azure = await import('../azure/live-session');
  const cloudName = choice(args, 'cloud', azure.CLOUD_NAMES, 'AzureCloud');
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const failOn = choice(args, 'fail-on', ['error', 'warning', 'information', 'never'] as const, 'error');
  const endpoint = armEndpoint(single(args, 'arm-endpoint'));
  const subscriptionIds = (args.options.get('subscription') ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const explicitConfig = single(args, 'config');
  const config = withPolicyFlags(loadConfig(explicitConfig, io.cwd, io.cwd).config, args);

  const progress = terminalProgress(io);
  let result;
  try {
    result = await azure.runLiveCheck({
      cloud: cloudName,
      endpoint,
      subscriptionIds,
      config: { policy: config.policy, rules: config.rules },
      onProgress: (p) => progress.update(`${p.message}… ${p.resources}${p.total ? ` of ${p.total}` : ''} resources`),
    });
  } catch (e) {
    progress.done();
    if (e instanceof azure.LiveLoadError || e instanceof azure.CredentialSetupError) {
      io.stderr(`itar-guard: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  progress.done();

  const { load, evaluation } = result;
  const notes = azure.loadNotes(load);
  const report = withLoadNotes(renderReport(evaluation.findings, format, io, !single(args, 'output') && io.color), format, result.summary, notes);
  await writeReport([report], single(args, 'output'), io);
  for (const n of notes) io.stderr(`itar-guard: ${n.message}\n`);
  io.stderr(`itar-guard: checked ${evaluation.resources.length} resources in ${load.subscriptions.length - notes.filter((n) => n.unread).length} of ${load.subscriptions.length} subscriptions (${result.summary.cloud})\n`);
  if (load.subscriptions.length && load.subscriptions.every((s) => s.error && !s.resources.length)) return 2;
  return exitCodeFor(evaluation.findings as Finding[], failOn);
}

function armEndpoint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--arm-endpoint must be a URL (got '${value}')`);
  }
  if (url.protocol !== 'https:') throw new UsageError('--arm-endpoint must be an https URL: access tokens are never sent over plain HTTP');
  return url.toString().replace(/\/+$/, '');
}

interface NoteLike {
  readonly message: string;
  readonly unread: boolean;
}

/** Adds what could not be read to a report: JSON gets a `live` section, SARIF an unsuccessful invocation. */
function withLoadNotes(report: string, format: 'text' | 'json' | 'sarif', summary: object, notes: readonly NoteLike[]): string {
  if (format === 'text') return report;
  const doc = JSON.parse(report) as Record<string, unknown> & { runs?: Record<string, unknown>[] };
  if (format === 'json') return JSON.stringify({ ...doc, live: { ...summary, problems: notes.map((n) => n.message) } }, null, 2) + '\n';
  const run = doc.runs?.[0];
  if (run) {
    run.invocations = [
      {
        executionSuccessful: !notes.some((n) => n.unread),
        toolExecutionNotifications: notes.map((n) => ({ level: n.unread ? 'error' : 'warning', message: { text: n.message } })),
      },
    ];
  }
  return JSON.stringify(doc, null, 2) + '\n';
}
