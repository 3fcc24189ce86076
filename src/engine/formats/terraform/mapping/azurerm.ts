/**
 * An azurerm resource's arguments (as written, evaluated) → its body at ARM paths, through the table.
 */
import type { Span } from '../../../model/span';
import * as V from '../../../model/value';
import type { Possibility, Scalar, Value } from '../../../model/value';
import { combinations } from '../../../eval/functions';
import { buildObject, type Placed } from './build';
import type { ProviderVersion } from './provider-version';
import { AZURERM, defaultFor, inRange, knowsDefaults, specs, type ArgumentMapping, type ArgumentTable, type ResourceMapping, type Transform, type VersionRange } from './table';

/** The ARM body of an azurerm resource. `declaration` anchors provider defaults and implied values. */
export function azurermBody(args: Value, mapping: ResourceMapping, version: ProviderVersion, declaration: Span): Value {
  const out = new Placement(version, declaration);
  const location = mapping.location === 'global' ? V.scalar('global', declaration) : mapping.location ? argument(args, 'location') : undefined;
  const written = args.options.find((p) => p.kind === 'object' && p.props.has('location'));
  const writtenArgument = written?.kind === 'object' ? written.props.get('location') : undefined;
  if (location && isSet(location)) out.place('location', location, mapping.location === true && writtenArgument ? writtenArgument.nameSpan : declaration);
  else if (mapping.location === true) {
    // A location written but yielding no value stays in the body, so that the region rules can say so; one that
    // may be null is simply not set, as Terraform reads null.
    const mayBeNull = writtenArgument?.value.options.some((p) => p.kind === 'scalar' && p.value === null);
    if (writtenArgument && !mayBeNull) out.place('location', writtenArgument.value, writtenArgument.nameSpan);
  }
  mapArguments(args, compiled(AZURERM.common), out);
  const table = mapping.arguments && compiled(mapping.arguments);
  if (table) mapArguments(args, table, out);
  for (const c of mapping.compose ?? []) {
    const composed = compose(args, c.from, c.separator, c.origin);
    if (composed) out.place(c.path, composed, declaration);
  }
  for (const [path, value] of Object.entries(mapping.implies ?? {})) out.place(path, V.scalar(value, declaration), declaration);
  if (table) out.defaults(table.defaults);
  for (const [path, value] of Object.entries(mapping.defaults ?? {})) out.fallback(path, value);
  return buildObject(out.placed(), declaration);
}

/** The values placed at ARM paths so far, and which paths they are at. */
class Placement {
  private readonly items: Placed[] = [];
  private readonly paths = new Set<string>();
  /** Paths that only some cases set, each with a case that leaves it unset (a null, a block that may not be there). */
  private readonly partial = new Map<string, { path: string; unset: Possibility }>();
  private readonly knowsDefaults: boolean;
  constructor(
    readonly version: ProviderVersion,
    readonly declaration: Span,
  ) {
    this.knowsDefaults = knowsDefaults(version);
  }

  place(path: string, value: Value, at: Span, unset?: Possibility): void {
    this.items.push({ path, value, at });
    const key = path.toLowerCase();
    if (!unset) {
      this.paths.add(key);
      this.partial.delete(key);
    } else if (!this.paths.has(key)) this.partial.set(key, { path, unset });
  }

  /** A provider default for a path no argument set in every case, anchored at the declaration; none for a version the table does not know. */
  fallback(path: string, value: Scalar | undefined): void {
    if (value !== undefined && this.knowsDefaults && !this.paths.has(path.toLowerCase())) this.place(path, V.scalar(value, this.declaration), this.declaration);
  }

  defaults(list: readonly CompiledDefault[]): void {
    for (const d of list) if (d.ranges.every((r) => inRange(r, this.version))) this.fallback(d.path, defaultFor(d.value, this.version));
  }

  /** Everything placed; a path that some case leaves unset, with no provider default, is absent in that case. */
  placed(): readonly Placed[] {
    if (!this.partial.size) return this.items;
    const absent = [...this.partial.values()].map(({ path, unset }) => ({ path, value: { options: [{ kind: 'absent' as const, origin: unset.origin, via: unset.via }], unknowns: [] }, at: unset.origin }));
    return [...this.items, ...absent];
  }
}

/** An argument table read once into lists, so that each resource walks arrays instead of objects. */
interface CompiledTable {
  readonly args: readonly { readonly name: string; readonly specs: readonly ArgumentMapping[] }[];
  /** The defaults of the table and of its single (non-list) nested blocks, which apply whether or not the block is written. */
  readonly defaults: readonly CompiledDefault[];
}

interface CompiledDefault {
  readonly path: string;
  readonly value: ArgumentMapping['default'];
  /** The provider versions of the argument and the blocks around it: another version sends no such default. */
  readonly ranges: readonly VersionRange[];
}

const compiledTables = new WeakMap<ArgumentTable, CompiledTable>();

function compiled(table: ArgumentTable): CompiledTable {
  let c = compiledTables.get(table);
  if (!c) {
    const args = Object.entries(table).map(([name, spec]) => ({ name, specs: specs(spec) }));
    const defaults: CompiledDefault[] = [];
    for (const { specs: list } of args) {
      for (const m of list) {
        if (m.block && !m.list) defaults.push(...compiled(m.block).defaults.map((d) => ({ ...d, ranges: [m, ...d.ranges] })));
        if (m.default !== undefined && m.path) defaults.push({ path: m.path, value: m.default, ranges: [m] });
      }
    }
    compiledTables.set(table, (c = { args, defaults }));
  }
  return c;
}

/** The table's arguments placed at their paths; `outer` is a case without the block they are in, if some case has none. */
function mapArguments(args: Value, table: CompiledTable, out: Placement, outer?: Possibility): void {
  for (const { name, specs: list } of table.args) {
    const read = argumentCases(args, name);
    if (!read) continue;
    const { value } = read;
    const at = origin(value, out.declaration);
    for (const m of list) {
      // An argument that some case leaves out sets its paths in the other cases only; so does a single block that
      // some case does not write (a `dynamic` block over a collection that may be empty). A list block with no
      // element is an empty list.
      const unset = (read.unset ?? (m.block && !m.list ? noBlock(value) : undefined)) ?? outer;
      if (m.block) mapBlock(value, m, out, unset);
      else if (m.path) out.place(m.path, transformValue(value, m), at, unset);
      if (m.implies) for (const [path, implied] of Object.entries(m.implies)) out.place(path, V.scalar(implied, at), at, unset);
    }
  }
}

/** A nested block (a list of block objects): its arguments at absolute paths, or one array element per block. */
function mapBlock(blocks: Value, m: ArgumentMapping, out: Placement, unset: Possibility | undefined): void {
  const table = compiled(m.block!);
  for (const p of blocks.options) {
    if (p.kind !== 'array') continue;
    if (!m.list) {
      for (const item of p.items) mapArguments(item, table, out, unset);
      continue;
    }
    const elements = p.items.map((item) => {
      const inner = new Placement(out.version, out.declaration);
      mapArguments(item, table, inner);
      inner.defaults(table.defaults);
      return buildObject(inner.placed(), item.options[0]?.origin ?? out.declaration);
    });
    out.place(m.list, V.array(elements, p.origin, p.open), p.origin, unset);
  }
}

/** The case of a block's value in which no block is written. */
function noBlock(blocks: Value): Possibility | undefined {
  return blocks.options.find((p) => p.kind === 'array' && !p.items.length && !p.open);
}

/**
 * An argument's value without `absent` and `null` possibilities (an argument set to null is not set), or
 * undefined when it is not set at all.
 */
function argument(args: Value, name: string): Value | undefined {
  return argumentCases(args, name)?.value;
}

/** {@link argument}, and a case that leaves it out (a null or a missing argument) where others set it. */
function argumentCases(args: Value, name: string): { value: Value; unset?: Possibility } | undefined {
  let written: Value;
  if (args.options.length === 1 && !args.unknowns.length && args.options[0].kind === 'object') {
    const prop = args.options[0].props.get(name.toLowerCase());
    if (!prop) return undefined;
    written = prop.value;
  } else written = V.member(args, name);
  const unset = written.options.find((p) => p.kind === 'absent' || (p.kind === 'scalar' && p.value === null));
  if (!unset) return isSet(written) ? { value: written } : undefined;
  const value = { options: written.options.filter((p) => p.kind !== 'absent' && !(p.kind === 'scalar' && p.value === null)), unknowns: written.unknowns };
  return isSet(value) ? { value, unset } : undefined;
}

function isSet(v: Value): boolean {
  return v.options.length > 0 || v.unknowns.length > 0;
}

function origin(v: Value, fallback: Span): Span {
  return v.options[0]?.origin ?? v.unknowns[0]?.span ?? fallback;
}

/** An argument's value as ARM sees it; a possibility keeps its literal only while its value is unchanged. */
function transformValue(value: Value, m: ArgumentMapping): Value {
  if (!m.values && !m.invert && !m.transform) return value;
  if (m.transform === 'keys') return { options: value.options.map((p) => (p.kind === 'array' ? idsAsKeys(p) : p)), unknowns: value.unknowns };
  if (m.transform === 'vault-uri') {
    // The vault's URI is Azure's to tell; what the files give is its resource ID.
    const ids = V.strings(value);
    return { options: [], unknowns: [...value.unknowns, ...ids.flatMap((id) => V.unknown(`the URI of the key vault '${id.value}' is read from Azure when Terraform applies`, id.origin).unknowns)] };
  }
  const options: Possibility[] = [];
  const unknowns = [...value.unknowns];
  const each = (p: Possibility): void => {
    if (p.kind === 'array') {
      // A list of key IDs where ARM has one element per key: every element's parts.
      for (const item of p.items) {
        item.options.forEach(each);
        unknowns.push(...item.unknowns);
      }
      return;
    }
    if (p.kind !== 'scalar') return void options.push(p);
    const mapped = mapScalar(p.value, m);
    if (mapped !== undefined) options.push(mapped === p.value ? p : { kind: 'scalar', value: mapped, origin: p.origin, via: p.via });
  };
  value.options.forEach(each);
  return { options, unknowns: V.unknownsOf([unknowns]) };
}

function mapScalar(v: Scalar, m: ArgumentMapping): Scalar | undefined {
  let out: Scalar | undefined = v;
  if (m.invert && typeof out === 'boolean') out = !out;
  if (m.values) {
    const key = String(out);
    out = Object.prototype.hasOwnProperty.call(m.values, key) ? m.values[key] : out;
  }
  if (m.transform && typeof out === 'string') out = keyPart(out, m.transform);
  return out;
}

/** Parts of a Key Vault or Managed HSM key ID: `https://<vault>/keys/<name>[/<version>]`. */
function keyPart(id: string, transform: Transform): string | undefined {
  const m = /^(https:\/\/([^./]+)[^/]*\/)keys\/([^/]+)(?:\/([^/]*))?\/?$/i.exec(id);
  if (!m) return undefined;
  switch (transform) {
    case 'key-vault-uri':
      return m[1];
    case 'key-name':
      return m[3];
    case 'key-version':
      return m[4] ?? '';
    case 'sql-server-key-name':
      return `${m[2]}_${m[3]}_${m[4] ?? ''}`;
    default:
      return id;
  }
}

function idsAsKeys(p: V.ArrayPossibility): Possibility {
  const props: V.Property[] = [];
  for (const item of p.items) {
    for (const id of V.strings(item)) props.push({ name: id.value, nameSpan: id.origin, value: V.object([], id.origin) });
  }
  return { kind: 'object', props: new Map(props.map((x) => [x.name.toLowerCase(), x])), origin: p.origin, via: p.via };
}

/**
 * A value joined from several arguments, anchored at the possibility of `originArg`: a finding about the composed
 * value lands on the literal that decides it (`account_replication_type = "GRS"`), which a fix replaces with that
 * argument's part of the new value (`spellComposed`).
 */
function compose(args: Value, from: readonly string[], separator: string, originArg: string): Value | undefined {
  const found = from.map((name) => argument(args, name));
  if (found.some((v) => !v)) return undefined;
  const values = found as Value[];
  const anchor = from.indexOf(originArg);
  const options: Possibility[] = [];
  for (const combo of combinations(values) ?? []) {
    if (combo.some((p) => p.kind !== 'scalar')) continue;
    const at = combo[anchor >= 0 ? anchor : combo.length - 1];
    const value = combo.map((p) => String((p as V.ScalarPossibility).value)).join(separator);
    const literal = at.kind === 'scalar' ? at.literal : undefined;
    options.push({ kind: 'scalar', value, origin: at.origin, via: at.via, ...(literal ? { literal } : {}) });
  }
  return { options, unknowns: V.unknownsOf(values.map((v) => v.unknowns)) };
}
