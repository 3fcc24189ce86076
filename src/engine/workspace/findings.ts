/**
 * From drafts to findings: one finding per rule and place (the same literal reached from several units is one
 * finding with everything related), the configured levels, and in-source suppressions.
 */
import type { Finding, Fix, RelatedLocation, RuleLevel, Severity } from '../model/finding';
import { compareSpans, spanKey } from '../model/span';
import { ruleById } from '../rules/registry';
import type { FindingDraft } from '../rules/rule';
import { suppressing, type SuppressionComment } from './suppressions';

/** The configured level of a rule: the configuration's, else the rule's default; a rule that is always on is never off. */
export type LevelOf = (ruleId: string) => RuleLevel;

export function levels(rules: Readonly<Record<string, RuleLevel>> | undefined): LevelOf {
  return (id) => {
    const meta = ruleById(id)?.meta;
    const configured = rules?.[id];
    return configured && !(configured === 'off' && meta?.alwaysOn) ? configured : (meta?.defaultSeverity ?? 'warning');
  };
}

/** A finding's related locations and resources, each once. */
interface Merged {
  readonly related: Map<string, RelatedLocation>;
  readonly resources: Set<string>;
}

function merge(draft: FindingDraft, into: Merged = { related: new Map(), resources: new Set() }): Merged {
  for (const r of draft.related ?? []) into.related.set(`${spanKey(r.span)}|${r.message}`, r);
  for (const r of draft.resources ?? []) into.resources.add(r);
  return into;
}

/**
 * The finding a draft makes alone, with what it was made under: a unit's drafts are reused by every analysis until
 * the unit changes, and so is the finding while its rule's level and its document's suppression comments stand.
 */
const MADE = new WeakMap<FindingDraft, { readonly ruleId: string; readonly level: RuleLevel; readonly comments: readonly SuppressionComment[]; readonly finding: Finding }>();

/** A draft's key among the findings: one rule at one place (and, for one moved out of a tool's folder, where from). */
const KEYS = new WeakMap<FindingDraft, { readonly ruleId: string; readonly key: string }>();

function keyOf(ruleId: string, draft: FindingDraft): string {
  const known = KEYS.get(draft);
  if (known?.ruleId === ruleId) return known.key;
  const key = draft.movedFrom ? `${ruleId}|${spanKey(draft.span)}|${spanKey(draft.movedFrom)}` : `${ruleId}|${spanKey(draft.span)}`;
  KEYS.set(draft, { ruleId, key });
  return key;
}

export class FindingCollector {
  /** The drafts of one rule at one place, merged only where there are several. */
  private readonly byKey = new Map<string, { ruleId: string; draft: FindingDraft; merged?: Merged }>();
  constructor(readonly level: LevelOf) {}

  add(ruleId: string, draft: FindingDraft): void {
    if (this.level(ruleId) === 'off') return;
    const key = keyOf(ruleId, draft);
    const entry = this.byKey.get(key);
    if (!entry) this.byKey.set(key, { ruleId, draft });
    else merge(draft, (entry.merged ??= merge(entry.draft)));
  }

  /**
   * The findings, sorted by place. `suppressions` gives a document's comments; `commented` lists the documents
   * that have any, so that a comment without a reason is reported even where nothing is found.
   */
  finish(suppressions: (uri: string) => readonly SuppressionComment[], commented: Iterable<string> = []): Finding[] {
    const out: Finding[] = [];
    for (const e of this.byKey.values()) {
      const level = this.level(e.ruleId);
      const comments = suppressions(e.draft.span.uri);
      const made = e.merged ? undefined : MADE.get(e.draft);
      if (made && made.ruleId === e.ruleId && made.level === level && made.comments === comments) {
        out.push(made.finding);
        continue;
      }
      const fixes = e.draft.fixes ?? [];
      const lists = e.merged ?? merge(e.draft);
      const base: Omit<Finding, 'fixes'> = {
        ruleId: e.ruleId,
        severity: level as Severity,
        message: e.draft.message,
        span: e.draft.span,
        related: [...lists.related.values()],
        resources: [...lists.resources],
      };
      const f: Finding = typeof fixes === 'function' ? withLazyFixes(base, e.draft) : { ...base, fixes };
      const match = suppressing(comments, f.ruleId, f.span);
      const finding = match ? { ...f, suppression: { justification: match.reason, span: match.span } } : f;
      if (!e.merged) MADE.set(e.draft, { ruleId: e.ruleId, level, comments, finding });
      out.push(finding);
    }
    if (this.level('suppression-unjustified') !== 'off') {
      for (const uri of commented) for (const c of suppressions(uri)) this.unjustified(c, out);
    }
    return out.sort((a, b) => compareSpans(a.span, b.span) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  }

  /** A comment without a reason, or naming no known rule, suppresses nothing and is reported. */
  private unjustified(c: SuppressionComment, out: Finding[]): void {
    const unknownIds = c.ruleIds.filter((id) => !ruleById(id));
    const problem = c.colonMissing ? 'has no colon between its rule ids and its reason' : !c.ruleIds.length ? 'names no rule' : unknownIds.length ? `names unknown rule(s) ${unknownIds.join(', ')}` : !c.reason ? 'gives no reason' : '';
    if (!problem) return;
    out.push({
      ruleId: 'suppression-unjustified',
      severity: this.level('suppression-unjustified') as Severity,
      message: `This itar-guard-ignore comment ${problem}, so it suppresses nothing. Write 'itar-guard-ignore <rule-id>: <reason>'.`,
      span: c.span,
      related: [],
      fixes: [],
      resources: [],
    });
  }
}

/**
 * A finding whose fixes are computed the first time they are read, once. An accessor written in the literal keeps
 * the object as fast as a plain one, and copies (`{ ...finding }`) and JSON carry the fixes. Once computed, they
 * take the place of the draft's function too: the function holds all its rule run read, the files of that analysis
 * among it, and a draft lives on in later analyses while its unit is unchanged.
 */
function withLazyFixes(f: Omit<Finding, 'fixes'>, draft: FindingDraft): Finding {
  let fixes: readonly Fix[] | undefined;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    span: f.span,
    related: f.related,
    resources: f.resources,
    get fixes() {
      if (!fixes) {
        const compute = draft.fixes;
        fixes = typeof compute === 'function' ? compute() : (compute ?? []);
        (draft as { fixes?: FindingDraft['fixes'] }).fixes = fixes;
      }
      return fixes;
    },
  };
}
