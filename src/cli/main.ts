/**
 * `itar-guard`: the command-line entry point. Exit codes: 0 nothing at or above `--fail-on`; 1 findings at or
 * above it; 2 a usage or configuration error, with a one-line reason on stderr. No exception ends the process
 * with a stack trace.
 */
import { ConfigError } from '../engine/config';
import { VERSION } from '../version';
import { choice, parseArgs, UsageError } from './args';
import type { Io } from './io';
import { runRules } from './rules-command';
import { runScan, SCAN_OPTIONS } from './scan';

const HELP = `itar-guard ${VERSION} — ITAR region and encryption checks for Azure Bicep, ARM and Terraform

Usage:
  itar-guard scan [paths…] [--format text|json|sarif] [--output FILE] [--profile NAME]
                  [--allowed-regions a,b,…] [--config FILE] [--fail-on error|warning|information|never]
  itar-guard live [--cloud AzureCloud|AzureUSGovernment] [--subscription ID…] [--profile NAME]
                  [--allowed-regions a,b,…] [--config FILE] [--arm-endpoint URL]
                  [--format text|json|sarif] [--output FILE] [--fail-on error|warning|information|never]
  itar-guard rules [--format text|json]
  itar-guard --version | --help

live signs in with DefaultAzureCredential (environment, managed identity, Azure CLI, Azure Developer CLI…).
Profiles: us-only (default), us-government, not-proscribed.
Exit codes: 0 no findings at or above --fail-on (default error); 1 findings at or above it; 2 usage or configuration error.
`;

/** `--help` or `-h` among a command's options (not after `--`, where it would be a path). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help' || asksForHelp(rest)) {
      io.stdout(HELP);
      return command === undefined ? 2 : 0;
    }
    switch (command) {
      case '--version':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return 0;
      case 'scan':
        return await runScan(parseArgs(rest, SCAN_OPTIONS), io);
      case 'live': {
        // The Azure SDK is large and only `live` needs it: it is a bundle of its own, loaded here.
        const { LIVE_OPTIONS, runLive } = await import('./live');
        return await runLive(parseArgs(rest, LIVE_OPTIONS), io);
      }
      case 'rules':
        return runRules(io, choice(parseArgs(rest, { format: { value: true } }), 'format', ['text', 'json'] as const, 'text'));
      default:
        throw new UsageError(`unknown command '${command}' (try 'itar-guard --help')`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`itar-guard: ${e.message}\n`);
      return 2;
    }
    io.stderr(`itar-guard: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.ITAR_GUARD_DEBUG) io.stderr(`${(e as Error)?.stack ?? ''}\n`);
    return 2;
  }
}
