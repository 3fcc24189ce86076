/**
 * Finds and reads `itar-guard.json` for a scan: `--config FILE`, else the nearest one at or above the scan root
 * (stopping at the repository's top, the folder holding `.git`).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, DEFAULT_CONFIG, parseConfig, type ItarGuardConfig } from '../engine/config';

export interface LoadedConfig {
  readonly config: ItarGuardConfig;
  /** The file read, if any. */
  readonly file?: string;
  /** The folder `exclude` patterns are relative to. */
  readonly base: string;
}

export function findConfigFile(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `cwd` is the folder messages name the file relative to, as the user wrote it. */
export function loadConfig(explicit: string | undefined, scanRoot: string, cwd: string): LoadedConfig {
  const file = explicit ? path.resolve(cwd, explicit) : findConfigFile(scanRoot);
  if (!file) return { config: DEFAULT_CONFIG, base: scanRoot };
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { config: parseConfig(text, shown), file, base: path.dirname(file) };
}
