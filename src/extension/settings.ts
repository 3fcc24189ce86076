/**
 * The configuration of one workspace folder: `itar-guard.json` at the folder's root wins, key by key, over the
 * `itarGuard.*` settings (rule levels merge rule by rule, the file's level winning).
 */
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, ConfigError, configFromSettings, parseConfig, type ItarGuardConfig } from '../engine/config';
import { globToRegExp } from '../engine/workspace/glob';

export type RunMode = 'onType' | 'onSave';

export interface ConfigProblem {
  readonly message: string;
  /** The configuration file at fault; undefined for a bad setting. */
  readonly file?: vscode.Uri;
}

export interface ScopeConfig {
  readonly config: ItarGuardConfig;
  readonly excludes: readonly RegExp[];
  /** The configuration file read, if the folder has one. */
  readonly file?: vscode.Uri;
  /** Keys the file sets, which the settings cannot override. */
  readonly fileKeys: ReadonlySet<string>;
  readonly problems: readonly ConfigProblem[];
}

export const SECTION = 'itarGuard';

export function runMode(): RunMode {
  return vscode.workspace.getConfiguration(SECTION).get<RunMode>('run') === 'onSave' ? 'onSave' : 'onType';
}

function fromSettings(folder: vscode.WorkspaceFolder | undefined, problems: ConfigProblem[]): ItarGuardConfig {
  const s = vscode.workspace.getConfiguration(SECTION, folder?.uri);
  const allowed = s.get<string[]>('allowedRegions') ?? [];
  const raw = { profile: s.get('profile'), allowedRegions: allowed.length ? allowed : undefined, rules: s.get('rules') ?? {}, exclude: s.get('exclude') ?? [] };
  const { config, problems: found } = configFromSettings(raw, 'settings (itarGuard.*)');
  for (const message of found) problems.push({ message });
  return config;
}

async function readFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export function configFileOf(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
}

export async function loadScopeConfig(folder: vscode.WorkspaceFolder | undefined): Promise<ScopeConfig> {
  const problems: ConfigProblem[] = [];
  const settings = fromSettings(folder, problems);
  const file = folder && configFileOf(folder);
  const text = file && (await readFile(file));
  let config = settings;
  let fileKeys = new Set<string>();
  if (file && text !== undefined) {
    try {
      const fromFile = parseConfig(text, vscode.workspace.asRelativePath(file));
      const raw = parse(text, [], { allowTrailingComma: true }) as Record<string, unknown> | undefined;
      fileKeys = new Set(Object.keys(raw ?? {}));
      config = {
        policy: {
          profile: fileKeys.has('profile') ? fromFile.policy.profile : settings.policy.profile,
          allowedRegions: fileKeys.has('allowedRegions') ? fromFile.policy.allowedRegions : settings.policy.allowedRegions,
        },
        rules: { ...settings.rules, ...fromFile.rules },
        exclude: fileKeys.has('exclude') ? fromFile.exclude : settings.exclude,
        maxFileSizeKb: fromFile.maxFileSizeKb,
      };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push({ message: e.message, file });
    }
  }
  return { config, excludes: config.exclude.map(globToRegExp), file: text === undefined ? undefined : file, fileKeys, problems };
}
