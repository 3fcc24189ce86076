/**
 * Running the rules over one unit's resources, and knowing which results can be reused.
 *
 * A rule's drafts for a unit depend on the unit's resources and the configuration — unless the rule looked at
 * other units' resources through the index (a key in another template's vault). The runner records which rules
 * did, so that after an edit elsewhere only those are run again for an unchanged unit.
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
}

/** Runs the enabled rules (or only those in `only`) and sorts their drafts by whether they used the index. */
export function runRules(resources: readonly Resource[], index: ResourceIndex, policy: RegionPolicy, edits: EditFactory, level: LevelOf, only?: ReadonlySet<string>): RuleRun {
  const local: Draft[] = [];
  const indexed: Draft[] = [];
  const indexRules = new Set<string>();
  // One watcher and one list of drafts for all the rules, reset after each: a scan runs every rule on thousands of units.
  let touched = false;
  const watched: ResourceIndex = {
    byKey: (k) => {
      touched = true;
      return index.byKey(k);
    },
    ofType: (t) => {
      touched = true;
      return index.ofType(t);
    },
    derived: (key, compute) => {
      touched = true;
      return index.derived(key, compute);
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
  return { local, indexed, indexRules };
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
