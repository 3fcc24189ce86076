/**
 * Running the rules over one unit's resources, and knowing which results can be reused.
 *
 * A rule's drafts for a unit depend on the unit's resources and the configuration — unless the rule looked at
 * other units' resources through the index (a key in another template's vault). The runner records which rules
 * did, and what they read there (types and keys, also through the tables derived from the index), so that after an
 * edit elsewhere only those are run again for an unchanged unit, and only where the edit changed what they read.
 */
import type { Resource } from '../model/resource';
import type { RegionPolicy } from '../regions/profiles';
import { RULES } from '../rules/registry';
import type { EditFactory, FindingDraft, ResourceIndex } from '../rules/rule';
import type { LevelOf } from './findings';
import { addTo } from '../model/grouping';

export interface Draft {
  readonly ruleId: string;
  readonly draft: FindingDraft;
}

export interface RuleRun {
  /** Drafts of the rules that read only the unit's own resources. */
  readonly local: readonly Draft[];
  /** Drafts of the rules that read other resources through the index. */
  readonly indexed: readonly Draft[];
  readonly indexRules: ReadonlySet<string>;
  /** What those rules read through the index. */
  readonly reads: IndexReads;
}

/** Resource types (lower-cased) and keys read through an index. */
export interface IndexReads {
  readonly types: Set<string>;
  readonly keys: Set<string>;
  /** Set where what was read is not known (a table derived before its reads were recorded). */
  all?: boolean;
}

/** What one index holds that the one before it did not, or the reverse: the types and keys of those resources. */
export interface IndexChange {
  /** The generation of the index before. */
  readonly from: number;
  readonly types: ReadonlySet<string>;
  readonly keys: ReadonlySet<string>;
}

function noReads(): IndexReads {
  return { types: new Set(), keys: new Set() };
}

function addReads(into: IndexReads, from: IndexReads): void {
  for (const t of from.types) into.types.add(t);
  for (const k of from.keys) into.keys.add(k);
  if (from.all) into.all = true;
}

/** Whether a change leaves what a run read as it was, so that its drafts stand. */
export function untouched(reads: IndexReads, change: IndexChange): boolean {
  if (reads.all) return false;
  for (const t of change.types) if (reads.types.has(t)) return false;
  for (const k of change.keys) if (reads.keys.has(k)) return false;
  return true;
}

/** The types and keys of the resources that are in one list and not the other, by identity. */
export function indexChange(before: readonly Resource[], after: readonly Resource[], from: number): IndexChange {
  const types = new Set<string>();
  const keys = new Set<string>();
  const note = (r: Resource) => {
    types.add(r.type.toLowerCase());
    keys.add(r.key);
  };
  const old = new Set(before);
  const now = new Set(after);
  for (const r of before) if (!now.has(r)) note(r);
  for (const r of after) if (!old.has(r)) note(r);
  return { from, types, keys };
}

/** What the computation of each derived table read, per index: a unit that uses a table has read that too. */
const DERIVED_READS = new WeakMap<ResourceIndex, Map<object | string, IndexReads>>();

/** Runs the enabled rules (or only those in `only`) and sorts their drafts by whether they used the index. */
export function runRules(resources: readonly Resource[], index: ResourceIndex, policy: RegionPolicy, edits: EditFactory, level: LevelOf, only?: ReadonlySet<string>): RuleRun {
  const local: Draft[] = [];
  const indexed: Draft[] = [];
  const indexRules = new Set<string>();
  const reads = noReads();
  let reading = reads;
  let tables = DERIVED_READS.get(index);
  if (!tables) DERIVED_READS.set(index, (tables = new Map()));
  const derivedReads = tables;
  // One watcher and one list of drafts for all the rules, reset after each: a scan runs every rule on thousands of units.
  let touched = false;
  const watched: ResourceIndex = {
    byKey: (k) => {
      touched = true;
      reading.keys.add(k);
      return index.byKey(k);
    },
    ofType: (t) => {
      touched = true;
      reading.types.add(t.toLowerCase());
      return index.ofType(t);
    },
    derived: (key, compute) => {
      touched = true;
      let own = derivedReads.get(key);
      if (own) {
        addReads(reading, own);
        return index.derived(key, compute);
      }
      const outer = reading;
      own = noReads();
      reading = own;
      let computed = false;
      try {
        return index.derived(key, () => {
          computed = true;
          return compute();
        });
      } finally {
        reading = outer;
        // A table another reader built without recording what it read may hang on anything.
        if (!computed) own.all = true;
        derivedReads.set(key, own);
        addReads(reading, own);
      }
    },
  };
  let id = '';
  const drafts: Draft[] = [];
  const report = (draft: FindingDraft) => drafts.push({ ruleId: id, draft });
  for (const rule of RULES) {
    id = rule.meta.id;
    if (!rule.check || level(id) === 'off' || (only && !only.has(id))) continue;
    rule.check({ resources, index: watched, policy, edits, report });
    if (touched) indexRules.add(id);
    for (const d of drafts) (touched ? indexed : local).push(d);
    drafts.length = 0;
    touched = false;
  }
  return { local, indexed, indexRules, reads };
}

export function buildIndex(resources: readonly Resource[]): ResourceIndex {
  const byKey = new Map(resources.map((r) => [r.key, r]));
  const byType = new Map<string, Resource[]>();
  for (const r of resources) {
    addTo(byType, r.type.toLowerCase(), r);
  }
  const derived = new Map<object | string, unknown>();
  return {
    byKey: (k) => byKey.get(k),
    ofType: (t) => byType.get(t.toLowerCase()) ?? [],
    derived<T>(key: object | string, compute: () => T): T {
      if (!derived.has(key)) derived.set(key, compute());
      return derived.get(key) as T;
    },
  };
}
