/**
 * Command-line parsing: `itar-guard <command> [paths…] [--option value]`. Unknown options are usage errors.
 */
export class UsageError extends Error {}

export interface OptionSpec {
  /** Takes a value (`--format sarif`) rather than being a switch. */
  readonly value: boolean;
  /** May be given several times; values accumulate. */
  readonly repeat?: boolean;
}

export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option '${arg}'`);
    let value = 'true';
    if (s.value) {
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`option '--${name}' needs a value`);
    } else if (eq > 0) throw new UsageError(`option '--${name}' takes no value`);
    const prev = options.get(name);
    if (prev && !s.repeat) throw new UsageError(`option '--${name}' is given twice`);
    options.set(name, [...(prev ?? []), value]);
  }
  return { positional, options };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/** A value that must be one of a list. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = single(args, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${v}')`);
  return v as T;
}
