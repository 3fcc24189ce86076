/**
 * The condition objects of `data/cmk.json` (`{ path, op, value }`), judged over a resource's possibility sets.
 *
 * A condition fails when *some* possibility of the value at its path fails it — a template that may deploy a
 * weak setting is reported at the literal that permits it, as the region rules do. An unknown part (a parameter
 * without a default, a value computed at deployment) is never a failure by itself. A missing property is an
 * `absent` possibility: it fails or passes as the op reads absence (`not_false` passes: the service default is
 * on), unless the requirement says how the service defaults it. A `null` written for a setting (Bicep and AVM
 * pass one for an option not chosen) reads as the setting left out: a create applies the default to either (Azure's
 * "PUT calls for creation or updates on compute resources"; JSON Merge Patch, RFC 7396, reads `null` as removing the
 * member). It stays a written value, so the finding and its fix are at the `null`.
 */
import { setByDefault, type Resource } from '../../model/resource';
import type { EditFactory } from '../rule';
import type { Span } from '../../model/span';
import * as V from '../../model/value';
import type { Possibility, Scalar, Value } from '../../model/value';

export type Op =
  | 'equals'
  | 'equals_ci'
  | 'in'
  | 'in_ci'
  | 'not_in_ci'
  | 'non_empty'
  | 'non_empty_for_each'
  | 'exists'
  | 'is_true'
  | 'is_true_for_each'
  | 'is_false'
  | 'not_false'
  | 'not_true'
  | 'not_contains_any'
  | 'references_type'
  | 'some_equals_ci';

/** How a missing property reads, when the service's default is not what the op alone implies. */
export type AbsentReading = 'compliant' | 'violation' | { readonly compliantFromApiVersion: string };

export interface Condition {
  /** An ARM path relative to the resource body (see {@link V.pathSteps}). */
  readonly path: string;
  readonly op: Op;
  readonly value?: Scalar | readonly Scalar[];
  readonly absent?: AbsentReading;
}

/** A possibility that violates a condition: a written value, or a property the resource leaves out. */
export type Failure =
  | { readonly kind: 'value'; readonly possibility: Exclude<Possibility, V.AbsentPossibility> }
  | { readonly kind: 'absent'; readonly origin: Span; readonly via: readonly Span[] };

export interface Outcome {
  readonly failures: readonly Failure[];
  /** Some possibility meets the condition. */
  readonly holds: boolean;
  /** Part of the value is unknown. */
  readonly unknown: boolean;
}

const OPS = new Set<string>([
  'equals', 'equals_ci', 'in', 'in_ci', 'not_in_ci', 'non_empty', 'non_empty_for_each', 'exists', 'is_true', 'is_true_for_each',
  'is_false', 'not_false', 'not_true', 'not_contains_any', 'references_type', 'some_equals_ci',
]);

export function isOp(op: string): op is Op {
  return OPS.has(op);
}

/** Ops that judge every element of an array, where an array with no elements (or none at all) passes. */
function isForEach(op: Op): boolean {
  return op === 'non_empty_for_each' || op === 'is_true_for_each';
}

interface Leaf {
  readonly p: Possibility;
  /**
   * For an absent leaf: whether what is missing lies before the path's last `[*]` — the array an `_for_each`
   * op quantifies over is not there, so there is nothing to judge.
   */
  readonly beforeEach: boolean;
}

interface Walk {
  readonly steps: readonly V.PathStep[];
  /** Each step's property name, lower-cased. */
  readonly lower: readonly string[];
  /** The index of the path's last `[*]`, or -1. */
  readonly lastEach: number;
  readonly leaves: Leaf[];
  readonly empty: V.ArrayPossibility[];
  /** Leaves already found: objects that share a property value reach it more than once. */
  readonly seen: Set<Possibility>;
  unknown: boolean;
}

function missing(w: Walk, p: Possibility, i: number): void {
  w.leaves.push({ p: p.kind === 'absent' ? p : { kind: 'absent', origin: p.origin, via: p.via }, beforeEach: i <= w.lastEach });
}

function walk(w: Walk, v: Value, i: number): void {
  if (v.unknowns.length) w.unknown = true;
  const step = w.steps[i];
  for (const p of v.options) {
    if (!step) {
      if (!w.seen.has(p)) w.leaves.push({ p, beforeEach: false });
      w.seen.add(p);
    }
    else if (p.kind === 'absent' || p.kind === 'scalar') missing(w, p, i - 1);
    else if (step.kind === 'each') {
      if (p.kind !== 'array') missing(w, p, i);
      else {
        if (!p.items.length && !p.open) w.empty.push(p);
        for (const item of p.items) walk(w, item, i + 1);
      }
    } else if (p.kind === 'object') {
      // Property names are compared case-insensitively (the object's keys are lower-cased).
      const prop = p.props.get(w.lower[i]);
      if (prop) walk(w, prop.value, i + 1);
      else missing(w, { kind: 'absent', origin: p.origin, via: p.via }, i);
    } else missing(w, p, i);
  }
}

const LOWER = new WeakMap<readonly V.PathStep[], readonly string[]>();

function lowerNames(steps: readonly V.PathStep[]): readonly string[] {
  let names = LOWER.get(steps);
  if (!names) LOWER.set(steps, (names = steps.map((s) => (s.kind === 'property' ? s.name.toLowerCase() : ''))));
  return names;
}

/** Every possibility at the end of the path, absent ones included, and the arrays that had no elements. */
function leaves(value: Value, steps: readonly V.PathStep[]): { leaves: Leaf[]; empty: V.ArrayPossibility[]; unknown: boolean } {
  let lastEach = -1;
  for (let i = 0; i < steps.length; i++) if (steps[i].kind === 'each') lastEach = i;
  const w: Walk = { steps, lower: lowerNames(steps), lastEach, leaves: [], empty: [], seen: new Set(), unknown: false };
  walk(w, value, 0);
  return w;
}

function values(c: Condition): readonly Scalar[] {
  return Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value as Scalar];
}

function ci(s: Scalar): string {
  return String(s).toLowerCase();
}

function isTrue(s: Scalar): boolean {
  return s === true || (typeof s === 'string' && s.toLowerCase() === 'true');
}

function isFalse(s: Scalar): boolean {
  return s === false || (typeof s === 'string' && s.toLowerCase() === 'false');
}

/** Whether a written scalar meets the condition. */
function scalarHolds(c: Condition, s: Scalar): boolean {
  const vs = values(c);
  switch (c.op) {
    case 'equals':
      return vs.some((v) => v === s);
    case 'in':
      return vs.some((v) => v === s);
    case 'equals_ci':
    case 'in_ci':
    case 'some_equals_ci':
      return vs.some((v) => ci(v) === ci(s));
    case 'not_in_ci':
      return !vs.some((v) => ci(v) === ci(s));
    case 'non_empty':
    case 'non_empty_for_each':
      return s !== null && s !== '';
    case 'exists':
      return true;
    case 'is_true':
    case 'is_true_for_each':
      return isTrue(s);
    case 'is_false':
      return isFalse(s);
    case 'not_false':
      return !isFalse(s);
    case 'not_true':
      return !isTrue(s);
    case 'not_contains_any':
      return typeof s === 'string' && !s.split(',').some((part) => vs.some((v) => ci(v) === part.trim().toLowerCase()));
    case 'references_type':
      return typeof s === 'string' && vs.some((v) => s.toLowerCase().includes(`/providers/${ci(v)}/`));
  }
}

/** Whether an object or array written where the condition looks meets it (only `non_empty` / `exists` can). */
function structureHolds(c: Condition, p: V.ObjectPossibility | V.ArrayPossibility): boolean {
  if (c.op === 'exists') return true;
  if (c.op !== 'non_empty' && c.op !== 'non_empty_for_each') return false;
  return p.kind === 'object' ? p.props.size > 0 || !!p.unnamed?.length : p.items.length > 0 || !!p.open;
}

/**
 * Whether a missing property meets the condition: the op's own reading, unless the requirement says otherwise.
 * Undefined when the service default depends on an API version the resource does not state: an azurerm resource's
 * is the provider's to choose.
 */
function absentHolds(c: Condition, beforeEach: boolean, apiVersion: string | undefined): boolean | undefined {
  if (c.absent === 'compliant') return true;
  if (c.absent === 'violation') return false;
  if (c.absent) return apiVersion ? apiVersion.slice(0, 10) >= c.absent.compliantFromApiVersion : undefined;
  if (isForEach(c.op) && beforeEach) return true;
  return c.op === 'not_false' || c.op === 'not_true' || c.op === 'not_in_ci';
}

/** Judges one condition on a value (the resource body, or a child's). */
export function judgeValue(body: Value, c: Condition, apiVersion: string | undefined): Outcome {
  const { leaves: found, empty, unknown } = leaves(body, V.pathSteps(c.path));
  const failures: Failure[] = [];
  let holds = false;
  let undecided = false;
  for (const { p, beforeEach } of found) {
    const ok = p.kind === 'absent' || isNull(p) ? absentHolds(c, beforeEach, apiVersion) : p.kind === 'scalar' ? scalarHolds(c, p.value) : structureHolds(c, p);
    if (ok === undefined) undecided = true;
    else if (ok) holds = true;
    else failures.push(p.kind === 'absent' ? { kind: 'absent', origin: p.origin, via: p.via } : { kind: 'value', possibility: p });
  }
  // `keyVaultProperties[*].keyName` needs at least one key; `dataDisks[*]…` of a VM without data disks is fine.
  if (!isForEach(c.op)) for (const a of empty) failures.push({ kind: 'absent', origin: a.origin, via: a.via });
  return { failures, holds, unknown: unknown || undecided };
}

function isNull(p: Possibility): boolean {
  return p.kind === 'scalar' && p.value === null;
}

/** A failure that the service default decides: the setting is left out, or written `null`. */
export function takesDefault(f: Failure): boolean {
  return f.kind === 'absent' || isNull(f.possibility);
}

/** Each resource body's outcomes, with the API version they were judged for. */
const JUDGED = new WeakMap<Value, { readonly apiVersion: string | undefined; readonly outcomes: Map<Condition, Outcome> }>();

/**
 * Judges one condition on a resource, once per resource body: a unit whose files did not change keeps its
 * resources, so a re-analysis after an edit elsewhere judges only what changed; and a body carried across an edit
 * without being evaluated again takes its original's outcome, moved.
 */
export function judge(resource: Resource, c: Condition): Outcome {
  return judgeBody(resource.body, c, resource.apiVersion);
}

function judgeBody(body: Value, c: Condition, apiVersion: string | undefined): Outcome {
  let memo = JUDGED.get(body);
  if (!memo) JUDGED.set(body, (memo = { apiVersion, outcomes: new Map() }));
  // Only a body that resources of two API versions shared would miss the memo; it is judged each time.
  if (memo.apiVersion !== apiVersion) return judgeValue(body, c, apiVersion);
  let outcome = memo.outcomes.get(c);
  if (!outcome) {
    const moved = V.movedFrom(body);
    outcome = moved ? movedOutcome(judgeBody(moved.original, c, apiVersion), moved.move) : judgeValue(body, c, apiVersion);
    memo.outcomes.set(c, outcome);
  }
  return outcome;
}

function movedOutcome(outcome: Outcome, move: V.Move): Outcome {
  if (!outcome.failures.length) return outcome;
  const failures = outcome.failures.map((f): Failure =>
    f.kind === 'value' ? { kind: 'value', possibility: move.possibility(f.possibility) } : { kind: 'absent', origin: move.span(f.origin), via: f.via.map((s) => move.span(s)) },
  );
  return { ...outcome, failures };
}

/** The verdict on several conditions that must all hold, or on alternatives of which one must. */
export type Verdict = 'holds' | 'fails' | 'unknown';

export function allOf(outcomes: readonly Outcome[]): Verdict {
  if (outcomes.some((o) => o.failures.length)) return 'fails';
  return outcomes.some((o) => o.unknown) ? 'unknown' : 'holds';
}

export function anyOf(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('holds')) return 'holds';
  return verdicts.includes('unknown') ? 'unknown' : 'fails';
}

/** The value that makes a condition hold, when the condition names one (not for `non_empty` and the like). */
export function compliantValue(c: Condition): Exclude<Scalar, null> | undefined {
  switch (c.op) {
    case 'equals':
    case 'equals_ci':
    case 'in':
    case 'in_ci':
      return values(c)[0] ?? undefined;
    case 'is_true':
    case 'is_true_for_each':
    case 'not_false':
      return true;
    case 'is_false':
    case 'not_true':
      return false;
    default:
      return undefined;
  }
}

/** The value written for the failing possibilities, for messages: `'TLS1_0'`, `false`, or "not set". */
function describeFailure(f: Failure): string {
  if (f.kind === 'absent') return 'not set';
  const p = f.possibility;
  return p.kind === 'scalar' ? showScalar(p.value) : p.kind === 'object' ? 'an object' : 'a list';
}

/** A value in a message: strings quoted. */
export function showScalar(v: Scalar): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/**
 * A failing setting as the resource's file writes it: `site_config.minimum_tls_version` and `'1.0'`, or `not set`;
 * with what says that the file has no way to write it, where it has none.
 */
export function spellFailure(spell: EditFactory['spell'], resource: Resource, path: string, f: Failure): { readonly name: string; readonly value: string; readonly unwritable?: string } {
  const written = f.kind === 'value' && f.possibility.kind === 'scalar' ? f.possibility.value : undefined;
  const s = spell(resource, path, written);
  return { name: s.name, value: written !== undefined && s.value !== undefined ? showScalar(s.value) : describeFailure(f), unwritable: s.unwritable };
}

/**
 * "site_config.minimum_tls_version is '1.0'", "… is not set", with `more` said of it; and where the file has no
 * way to write it, "…, and ITAR Guard knows no azurerm_x argument for it".
 */
export function failureText(spell: EditFactory['spell'], resource: Resource, path: string, f: Failure, more = ''): string {
  const { name, value, unwritable } = spellFailure(spell, resource, path, f);
  // "is false" would read as written; the user wrote nothing, and must know that the tool sends the value.
  const is = f.kind === 'value' && setByDefault(resource, f.possibility) ? `is not set, so the provider sends ${value}` : `is ${value}`;
  return `${name} ${is}${more}${unwritable ? `, and ${unwritable} it` : ''}`;
}
