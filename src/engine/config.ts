/**
 * `itar-guard.json`: the one configuration file the CLI and the extension share (JSON with comments).
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { RuleLevel } from './model/finding';
import { parseAllowedRegions, PROFILE_NAMES, type ProfileName, type RegionPolicy } from './regions/profiles';
import { RULES, ruleById } from './rules/registry';

export const CONFIG_FILE_NAME = 'itar-guard.json';

export interface ItarGuardConfig {
  readonly policy: RegionPolicy;
  readonly rules: Readonly<Record<string, RuleLevel>>;
  /** Glob patterns (relative to the configuration's folder) of files and folders not to scan. */
  readonly exclude: readonly string[];
  /** Files larger than this (in KB) are skipped, with a message naming them. */
  readonly maxFileSizeKb: number;
}

/** Four times the 4 MB Azure accepts for a template: anything larger is not infrastructure code. */
export const DEFAULT_MAX_FILE_SIZE_KB = 16 * 1024;

export const DEFAULT_CONFIG: ItarGuardConfig = { policy: { profile: 'us-only' }, rules: {}, exclude: [], maxFileSizeKb: DEFAULT_MAX_FILE_SIZE_KB };

export class ConfigError extends Error {}

const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'information', 'off'];
const KEYS = new Set(['$schema', 'profile', 'allowedRegions', 'rules', 'exclude', 'maxFileSizeKb']);

/** Reads a configuration; throws {@link ConfigError} with a one-line reason when it is not valid. */
export function parseConfig(text: string, where = CONFIG_FILE_NAME): ItarGuardConfig {
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split(/\r\n|\r|\n/).length;
    throw new ConfigError(`${where}:${line}: ${printParseErrorCode(e.error)}`);
  }
  if (raw === undefined) return DEFAULT_CONFIG;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where}: the configuration must be a JSON object`);
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!KEYS.has(k)) throw new ConfigError(`${where}: unknown setting '${k}' (known: ${[...KEYS].filter((x) => x !== '$schema').join(', ')})`);
  return {
    policy: policyFrom(obj.profile, obj.allowedRegions, where),
    rules: rulesFrom(obj.rules, where),
    exclude: stringList(obj.exclude, 'exclude', where),
    maxFileSizeKb: sizeFrom(obj.maxFileSizeKb, where),
  };
}

/** The editor's separate settings, before they become a configuration. */
export interface ConfigSettings {
  readonly profile?: unknown;
  readonly allowedRegions?: unknown;
  readonly rules?: unknown;
  readonly exclude?: unknown;
}

/**
 * A configuration from separate settings (the editor's `itarGuard.*`), each checked on its own: one that is not valid
 * is reported and stays at its default while the others apply, and so does each rule level.
 */
export function configFromSettings(settings: ConfigSettings, where: string): { config: ItarGuardConfig; problems: string[] } {
  const problems: string[] = [];
  const attempt = <T>(read: () => T, fallback: () => T): T => {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e.message);
      return fallback();
    }
  };
  // Without a valid list, a valid profile still stands; the problem is reported once.
  const profileAlone = (): RegionPolicy => {
    try {
      return policyFrom(settings.profile, undefined, where);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return DEFAULT_CONFIG.policy;
    }
  };
  const policy = attempt(() => policyFrom(settings.profile, settings.allowedRegions, where), profileAlone);
  const levels = settings.rules && typeof settings.rules === 'object' && !Array.isArray(settings.rules) ? Object.entries(settings.rules) : undefined;
  const rules = levels ? Object.assign({}, ...levels.map(([id, level]) => attempt(() => rulesFrom({ [id]: level }, where), () => ({})))) : attempt(() => rulesFrom(settings.rules, where), () => ({}));
  const exclude = attempt(() => stringList(settings.exclude, 'exclude', where), () => []);
  return { config: { policy, rules, exclude, maxFileSizeKb: DEFAULT_MAX_FILE_SIZE_KB }, problems };
}

function sizeFrom(value: unknown, where: string): number {
  if (value === undefined) return DEFAULT_MAX_FILE_SIZE_KB;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${where}: maxFileSizeKb must be a positive number`);
  return value;
}

/** Checks a profile name and an allowed-regions list (from a file, a flag or a setting) into a policy. */
export function policyFrom(profile: unknown, allowedRegions: unknown, where: string): RegionPolicy {
  const name = profile === undefined ? 'us-only' : profile;
  if (typeof name !== 'string' || !(PROFILE_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(`${where}: profile must be one of ${PROFILE_NAMES.join(', ')} (got ${JSON.stringify(profile)})`);
  }
  if (allowedRegions === undefined) return { profile: name as ProfileName };
  const list = stringList(allowedRegions, 'allowedRegions', where);
  const { regions, unknown } = parseAllowedRegions(list);
  if (unknown.length) throw new ConfigError(`${where}: allowedRegions names no Azure region: ${unknown.join(', ')}`);
  return { profile: name as ProfileName, allowedRegions: regions };
}

function rulesFrom(rules: unknown, where: string): Record<string, RuleLevel> {
  if (rules === undefined) return {};
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new ConfigError(`${where}: rules must be an object of rule id to level`);
  const out: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(rules)) {
    if (!ruleById(id)) throw new ConfigError(`${where}: unknown rule '${id}' in rules (known: ${RULES.map((r) => r.meta.id).join(', ')})`);
    const levels = levelsOf(id);
    if (!levels.includes(level as RuleLevel)) {
      const why = level === 'off' ? ' (it cannot be turned off; suppress one finding with a justified itar-guard-ignore comment)' : '';
      throw new ConfigError(`${where}: rule '${id}' must be one of ${levels.join(', ')}${why}`);
    }
    out[id] = level as RuleLevel;
  }
  return out;
}

/** The levels a rule may be set to: every level, but `off` for a rule that is always on. */
function levelsOf(id: string): readonly RuleLevel[] {
  return ruleById(id)?.meta.alwaysOn ? LEVELS.filter((l) => l !== 'off') : LEVELS;
}

function stringList(value: unknown, name: string, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ConfigError(`${where}: ${name} must be an array of strings`);
  return value as string[];
}

/** The JSON schema of the configuration file, generated from the rules' metadata. */
export function configSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ITAR Guard configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      profile: {
        description: 'Which regions the ITAR program allows. Regions in 22 CFR 126.1 countries are never allowed.',
        enum: [...PROFILE_NAMES],
        default: 'us-only',
      },
      allowedRegions: {
        description: "An explicit list of allowed Azure location names; it replaces the profile's list.",
        type: 'array',
        items: { type: 'string' },
        uniqueItems: true,
      },
      rules: {
        description: 'Rule levels that differ from the defaults.',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          RULES.map((r) => [r.meta.id, { description: `${r.meta.title} (default: ${r.meta.defaultSeverity}${r.meta.alwaysOn ? '; cannot be turned off' : ''})`, enum: [...levelsOf(r.meta.id)] }]),
        ),
      },
      exclude: {
        description: "Glob patterns, relative to this file's folder, of files and folders not to check (node_modules, .git and .terraform are always skipped).",
        type: 'array',
        items: { type: 'string' },
      },
      maxFileSizeKb: {
        description: 'Files larger than this many KB are skipped, with a message naming them.',
        type: 'number',
        exclusiveMinimum: 0,
        default: DEFAULT_MAX_FILE_SIZE_KB,
      },
    },
  };
}
