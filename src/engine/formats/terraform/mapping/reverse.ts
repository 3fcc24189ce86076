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
const KEY_ID_INPUT: NewInput = {
  name: 'cmkKeyId',
  description: 'Key ID of the customer-managed key: the versionless ID of an RSA-HSM key in a Premium key vault, or of a managed HSM key',
};

/** The input a vault-ID argument gets for a vault URI a change asks for (Kusto's separate key names its vault by ID). */
const KEY_VAULT_ID_INPUT: NewInput = {
  name: 'cmkKeyVaultId',
  description: 'Resource ID of the Premium key vault that holds the customer-managed key',
};

/** The same, where the change asks for the key's version too (a Databricks workspace's keys). */
const VERSIONED_KEY_ID_INPUT: NewInput = {
  name: 'cmkKeyId',
  description: 'Key ID of the customer-managed key, with its version: the ID of a version of an RSA-HSM key in a Premium key vault, or of a managed HSM key',
};

interface Writable {
  readonly args: readonly string[];
  /** The absolute ARM path (a repeatable block's elements at `list[*].`), in lower case: ARM paths ignore case. */
  readonly armPath: string;
  readonly spec: ArgumentMapping;
  /** What writing it implies, with the block (path of argument names) that implies it; `[]` for the argument itself. */
  readonly implies: readonly { readonly block: readonly string[]; readonly values: Readonly<Record<string, Scalar>> }[];
  readonly list: boolean;
}

const KEY_PARTS = new Set(['key-vault-uri', 'key-name', 'key-version', 'sql-server-key-name']);

function writables(table: ArgumentTable, version: ProviderVersion | undefined, prefix: readonly string[] = [], armPrefix = '', implied: Writable['implies'] = [], list = false): Writable[] {
  const out: Writable[] = [];
  for (const [name, spec] of Object.entries(table)) {
    const path = [...prefix, name];
    const inVersion = specs(spec).filter((m) => !version || inRange(m, version));
    // A spec that only implies values (Databricks' key ID implies its key source) goes with the argument's others.
    const byArgument = inVersion.flatMap((m) => (!m.block && !m.path && m.implies ? [{ block: [], values: m.implies }] : []));
    for (const m of inVersion) {
      if (m.block) {
        const implies = m.implies ? [...implied, { block: path, values: m.implies }] : implied;
        out.push(...writables(m.block, version, path, m.list ? `${m.list}[*].` : armPrefix, implies, list || !!m.list));
      } else if (m.path) {
        const own = m.implies ? [{ block: [], values: m.implies }] : [];
        out.push({ args: path, armPath: (armPrefix + m.path).toLowerCase(), spec: m, implies: [...implied, ...own, ...byArgument], list });
      }
    }
  }
  return out;
}

/** The writable arguments of a type at a provider version, read once per version: messages name them per finding. */
const WRITABLES = new WeakMap<ResourceMapping, Map<string, readonly Writable[]>>();

function writablesOf(mapping: ResourceMapping, version: ProviderVersion | undefined): readonly Writable[] {
  let byVersion = WRITABLES.get(mapping);
  if (!byVersion) WRITABLES.set(mapping, (byVersion = new Map()));
  const key = version?.join('.') ?? 'any';
  let all = byVersion.get(key);
  if (!all) byVersion.set(key, (all = writables(mapping.arguments ?? {}, version)));
  return all;
}

/** An ARM setting as an azurerm type writes it. */
export interface ArgumentName {
  /** Argument names through the nested blocks (`['site_config', 'minimum_tls_version']`). */
  readonly path: readonly string[];
  /** The argument's value for the ARM value asked about; undefined when the table cannot map it back. */
  readonly value?: Scalar;
  /** Writing the argument or block at all sets the ARM value (`customer_managed_key` sets the key source). */
  readonly presence: boolean;
}

/**
 * The argument of an azurerm type that sets an ARM path: one the resource writes (of renamed twins, also one of
 * another provider version, which the evaluation reads too), else one of its version, else the argument or block
 * whose presence implies it; undefined when the type sets that path with none.
 */
export function argumentFor(mapping: ResourceMapping, path: string, value: Scalar | undefined, version: ProviderVersion, written: (args: readonly string[]) => boolean): ArgumentName | undefined {
  // Every argument that sets the path counts: a vault ID names the vault URI too, beside the key name and version
  // it goes with (Kusto's separate key).
  const lower = path.toLowerCase();
  const sets = (w: Writable) => w.armPath === lower;
  const all = writablesOf(mapping, version);
  const pick = writablesOf(mapping, undefined).find((w) => sets(w) && written(w.args)) ?? all.find(sets);
  if (pick) {
    if (value === null) return { path: pick.args, value, presence: false };
    const mapped = value === undefined || pick.spec.transform ? undefined : argumentValue(pick.spec, { kind: 'scalar', value });
    return { path: pick.args, value: mapped?.kind === 'scalar' ? mapped.value : undefined, presence: false };
  }
  for (const w of all) {
    for (const i of w.implies) if (Object.keys(i.values).some((p) => p.toLowerCase() === lower)) return { path: i.block.length ? i.block : w.args, presence: true };
  }
  return undefined;
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

/** Whether a change asks for this value at this path itself. */
function asked(set: readonly SettingAssignment[], path: string, v: Scalar): boolean {
  return set.some((a) => same(a.path, path) && a.value.kind === 'scalar' && same(String(a.value.value), String(v)));
}

/**
 * The arguments of one azurerm type that set the assignments, or undefined when some cannot be set through it.
 * `written(args)` says whether the resource writes an argument, or a block, already: a written argument is
 * preferred over its renamed twin, and a new block must not imply more than the change asks (a Service Bus
 * `customer_managed_key` block for infrastructure encryption alone would also claim a customer-managed key).
 */
export function reverseMap(mapping: ResourceMapping, set: readonly SettingAssignment[], version: ProviderVersion, written: (args: readonly string[]) => boolean): ArgumentWrite[] | undefined {
  const all = writablesOf(mapping, version);
  // A resource that implies values whatever its arguments (a separate key resource claims the key) may be added
  // only for a change that asks for them.
  if (mapping.configures && Object.entries(mapping.implies ?? {}).some(([p, v]) => !asked(set, p, v))) return undefined;
  const writes: ArgumentWrite[] = [];
  const implied: Record<string, Scalar> = { ...(mapping.implies ?? {}) };
  const pending: SettingAssignment[] = [];
  const honest = (w: Writable) => w.implies.every((i) => (i.block.length && written(i.block)) || Object.entries(i.values).every(([p, v]) => asked(set, p, v)));
  const lowerPaths = new Set(set.map((a) => a.path.toLowerCase()));
  const keyInput = all.some((w) => w.spec.transform === 'key-version' && lowerPaths.has(w.armPath)) ? VERSIONED_KEY_ID_INPUT : KEY_ID_INPUT;
  for (const a of set) {
    const lower = a.path.toLowerCase();
    const candidates = all.filter((w) => w.armPath === lower && honest(w));
    const pick = candidates.find((w) => written(w.args)) ?? candidates[0];
    const transform = pick?.spec.transform;
    // Key parts and a vault's URI come from an ID the user gives, never from a value the change has.
    const input = transform === 'vault-uri' ? KEY_VAULT_ID_INPUT : transform && KEY_PARTS.has(transform) ? keyInput : undefined;
    const value: SettingValue | undefined = !pick ? undefined : input ? (a.value.kind === 'input' ? { kind: 'input', input } : undefined) : argumentValue(pick.spec, a.value);
    if (!pick || !value) {
      pending.push(a);
      continue;
    }
    if (!writes.some((w) => w.path.join('.') === pick.args.join('.'))) writes.push({ path: pick.args, value, list: pick.list });
    for (const i of pick.implies) Object.assign(implied, i.values);
  }
  // What the written arguments (or the resource itself) imply needs no argument of its own.
  const unmet = pending.filter((a) => {
    const want = a.value;
    return !(want.kind === 'scalar' && Object.entries(implied).some(([p, v]) => same(p, a.path) && same(String(v), String(want.value))));
  });
  return unmet.length ? undefined : writes;
}
