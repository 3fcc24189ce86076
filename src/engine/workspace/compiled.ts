/**
 * Templates a compiler wrote beside their source: `bicep build` puts `main.json` next to `main.bicep`, and
 * repositories keep the result (`azuredeploy.json` beside `main.bicep` in Azure's quickstarts). The two deploy the
 * same resources, so checking both reports each finding twice, once where no fix belongs: the next build
 * overwrites an edit of the compiled template.
 *
 * A finding in a compiled template is therefore left out when its source shows the same finding: the same rule,
 * message and related locations' messages (which name every resource and hop), but for the symbolic names that only
 * the source (or a symbolic-name template) gives resources; counted one for one. Only findings the source shows
 * count: anchored in a template of its unit (a Bicep file, or an ARM template it uses as a module), not in a parameter
 * file (whose finding is about the value it gives), and not suppressed there (a rule turned off finds nothing).
 * Whatever else the compiled template shows is reported, so a template not rebuilt after an edit of its source, or
 * edited by hand, shows what it would deploy differently, and once the source is fixed, a stale template's findings
 * show again.
 *
 * What this cannot tell apart: two resources of one type whose names the files leave open are described alike, so
 * a finding on one in the compiled template is left out while the source shows it on the other.
 */
import type { Span } from '../model/span';
import { withoutSymbolicNames } from '../rules/describe';
import type { FindingDraft } from '../rules/rule';
import type { FormatAdapter, WorkspaceFiles } from './document';
import { baseName, folderOf } from './uri';

/** A finding left out of a compiled template, and where its source shows the same finding. */
export interface RepeatedFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly span: Span;
  readonly sameAs: Span;
}

/** A compiled template, its source, and the findings left out as repeating the source's. */
export interface CompiledTemplate {
  readonly uri: string;
  readonly source: string;
  readonly repeated: readonly RepeatedFinding[];
}

interface UnitDrafts {
  /** The unit's id: its root document's URI for ARM and Bicep units. */
  readonly id: string;
  readonly drafts: readonly { readonly ruleId: string; readonly draft: FindingDraft }[];
}

/** Whether the source shows a draft of its unit: anchored in a template, not a parameter file, and not suppressed there. */
export type Shown = (ruleId: string, draft: FindingDraft) => boolean;

/**
 * The compiled templates among the units' roots (which parse), each with its source: the file of its name in its
 * folder (`main.json`, `main.bicep`), else `main.bicep` for `azuredeploy.json` (Azure's quickstarts), in the format
 * it was compiled from, when that is a root that parses. Nothing else pairs: a file beside it that it was not compiled
 * from would hide its findings.
 */
export function compiledSources(unitIds: readonly string[], files: WorkspaceFiles, adapters: readonly FormatAdapter[]): Map<string, string> {
  const roots = new Set(unitIds);
  const out = new Map<string, string>();
  for (const id of unitIds) {
    const doc = files.get(id);
    const from = doc && !doc.problems.length ? adapters.find((a) => a.format === doc.format)?.compiledFrom?.(doc) : undefined;
    if (!doc || !from) continue;
    const name = stem(doc.uri);
    const folder = files.folder?.(folderOf(doc.uri)) ?? [];
    const named = (wanted: string) => folder.find((u) => u !== doc.uri && stem(u) === wanted && files.get(u)?.format === from);
    const uri = named(name) ?? (name === 'azuredeploy' ? named('main') : undefined);
    const source = uri && roots.has(uri) ? files.get(uri) : undefined;
    if (source && !source.problems.length) out.set(doc.uri, source.uri);
  }
  return out;
}

function stem(uri: string): string {
  return baseName(uri).replace(/\.[^.]*$/, '').toLowerCase();
}

/** The drafts anchored in compiled templates that their source shows too, and per template the findings so left out. */
export function repeatedFindings(units: readonly UnitDrafts[], sources: ReadonlyMap<string, string>, shown: Shown): { readonly repeated: ReadonlySet<FindingDraft>; readonly compiled: CompiledTemplate[] } {
  const repeated = new Set<FindingDraft>();
  const compiled: CompiledTemplate[] = [];
  if (!sources.size) return { repeated, compiled };
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const [uri, source] of sources) {
    const own = byId.get(uri);
    const reported = byId.get(source);
    if (!own || !reported) continue;
    // One for one: two findings the compiled template shows repeat two of the source's, not one.
    const unmatched = new Map<string, FindingDraft[]>();
    for (const d of reported.drafts) {
      if (!shown(d.ruleId, d.draft)) continue;
      const key = sameFinding(d.ruleId, d.draft);
      const same = unmatched.get(key);
      if (same) same.push(d.draft);
      else unmatched.set(key, [d.draft]);
    }
    const left: RepeatedFinding[] = [];
    for (const d of own.drafts) {
      const match = d.draft.span.uri === uri ? unmatched.get(sameFinding(d.ruleId, d.draft))?.shift() : undefined;
      if (!match) continue;
      repeated.add(d.draft);
      left.push({ ruleId: d.ruleId, message: d.draft.message, span: d.draft.span, sameAs: match.span });
    }
    compiled.push({ uri, source, repeated: left });
  }
  return { repeated, compiled };
}

/**
 * A finding as both formats word it: symbolic names in brackets (`Microsoft.Storage/storageAccounts (sa)`) left out,
 * and each related message once (a module's parameter is one hop more in Bicep than in the template built from it).
 */
function sameFinding(ruleId: string, draft: FindingDraft): string {
  const related = [...new Set((draft.related ?? []).map((r) => withoutSymbolicNames(r.message)))].sort();
  return [ruleId, withoutSymbolicNames(draft.message), ...related].join('\n');
}
