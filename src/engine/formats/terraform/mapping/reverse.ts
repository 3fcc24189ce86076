/**
 * The azurerm table read backwards, for fixes: which arguments (in which nested blocks) set a list of ARM
 * properties to the values a change wants. A key's parts (vault URI, key name, version) all come from one key ID
 * argument, so a change that needs them gets that argument with one new input for the key ID; values the table
 * maps (`"true"` → `Enabled`) or inverts are mapped back; what an argument or block implies needs no argument.
 */
import type { NewInput, SettingAssignment, SettingValue } from '../../../model/change';
import type { Scalar } from '../../../model/value';
import type { ProviderVersion } from './provider-version';
import { inRange, specs, type ArgumentMapping, type ArgumentTable, type ResourceMapping } from './table';

/** One argument to write: its names through nested blocks (`['site_config', 'minimum_tls_version']`) and value. */
export interface ArgumentWrite {
  readonly path: readonly string[];
  readonly value: SettingValue;
  /** The blocks on the way are repeatable (one per array element): the write goes into each of them. */
  readonly list: boolean;
}

/** The input a key-ID argument gets for a key whose parts a change asks for. */
export const KEY_ID_INPUT: NewInput = {
  name: 'cmkKeyId',
  description: 'Key ID of the customer-managed key: the versionless ID of an RSA-HSM key in a Premium key vault, or of a managed HSM key',
};

interface Writable {
  readonly args: readonly string[];
  /** The absolute ARM path (a repeatable block's elements at `list[*].`). */
  readonly armPath: string;
  readonly spec: ArgumentMapping;
  /** What writing it (or anything in its block) implies. */
  readonly implies: Readonly<Record<string, Scalar>>;
  readonly list: boolean;
}

const KEY_PARTS = new Set(['key-vault-uri', 'key-name', 'key-version', 'sql-server-key-name']);

function writables(table: ArgumentTable, version: ProviderVersion, prefix: readonly string[] = [], armPrefix = '', implied: Readonly<Record<string, Scalar>> = {}, list = false): Writable[] {
  const out: Writable[] = [];
  for (const [name, spec] of Object.entries(table)) {
    for (const m of specs(spec)) {
      if (!inRange(m, version)) continue;
      const implies = { ...implied, ...(m.implies ?? {}) };
      if (m.block) out.push(...writables(m.block, version, [...prefix, name], m.list ? `${m.list}[*].` : armPrefix, implies, list || !!m.list));
      else if (m.path) out.push({ args: [...prefix, name], armPath: armPrefix + m.path, spec: m, implies, list });
    }
  }
  return out;
}

/** The argument value that gives an ARM value, through the spec's value map and inversion. */
function argumentValue(m: ArgumentMapping, v: SettingValue): SettingValue | undefined {
  if (v.kind === 'input') return m.values || m.invert || m.transform ? undefined : v;
  let value: Scalar = v.value;
  if (m.values) {
    const key = Object.keys(m.values).find((k) => m.values![k] === value);
    if (key === undefined) return undefined;
    value = key === 'true' ? true : key === 'false' ? false : key;
  }
  if (m.invert) value = typeof value === 'boolean' ? !value : value;
  return value === null ? undefined : { kind: 'scalar', value };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The arguments of one azurerm type that set the assignments, or undefined when some cannot be set through it.
 * `written(args)` says whether the resource writes an argument already; a written one is preferred over its
 * renamed twin.
 */
export function reverseMap(mapping: ResourceMapping, set: readonly SettingAssignment[], version: ProviderVersion, written: (args: readonly string[]) => boolean): ArgumentWrite[] | undefined {
  const all = writables(mapping.arguments ?? {}, version);
  const writes: ArgumentWrite[] = [];
  const implied: Record<string, Scalar> = { ...(mapping.implies ?? {}) };
  const pending: SettingAssignment[] = [];
  for (const a of set) {
    const candidates = all.filter((w) => same(w.armPath, a.path) && w.spec.transform !== 'vault-uri');
    const pick = candidates.find((w) => written(w.args)) ?? candidates[0];
    const keyPart = pick?.spec.transform && KEY_PARTS.has(pick.spec.transform);
    const value: SettingValue | undefined = !pick ? undefined : keyPart ? (a.value.kind === 'input' ? { kind: 'input', input: KEY_ID_INPUT } : undefined) : argumentValue(pick.spec, a.value);
    if (!pick || !value) {
      pending.push(a);
      continue;
    }
    if (!writes.some((w) => w.path.join('.') === pick.args.join('.'))) writes.push({ path: pick.args, value, list: pick.list });
    Object.assign(implied, pick.implies);
  }
  // What the written arguments (or the resource itself) imply needs no argument of its own.
  const unmet = pending.filter((a) => {
    const want = a.value;
    return !(want.kind === 'scalar' && Object.entries(implied).some(([p, v]) => same(p, a.path) && same(String(v), String(want.value))));
  });
  return unmet.length ? undefined : writes;
}
