/**
 * Templates a compiler wrote beside their source: `bicep build` puts `main.json` next to `main.bicep`, and
 * repositories keep the result (`azuredeploy.json` beside `main.bicep` in Azure's quickstarts, `main.json` beside
 * every module of the Bicep registry). The two deploy the same resources, so checking both reports each finding
 * twice, once where no fix belongs: the next build overwrites an edit of the compiled template.
 *
 * A finding in a compiled template is therefore left out when its source reports the same finding: the same rule
 * and message, but for the symbolic names that only the source (or a symbolic-name template) gives resources.
 * Whatever else the compiled template shows is reported, so a template not rebuilt after an edit of its source, or
 * edited by hand, shows what it would deploy differently; and once the source is fixed, a stale template's
 * findings have nothing left to repeat and show again.
 */
import type { FindingDraft } from '../rules/rule';
import type { FormatAdapter, ParsedDocument, WorkspaceFiles } from './document';
import { baseName, folderOf } from './uri';

/** A compiled template, its source, and how many of its findings were left out as repeating the source's. */
export interface CompiledTemplate {
  readonly uri: string;
  readonly source: string;
  readonly repeated: number;
}

interface UnitDrafts {
  /** The unit's id: its root document's URI. */
  readonly id: string;
  readonly drafts: readonly { readonly ruleId: string; readonly draft: FindingDraft }[];
}

/**
 * The compiled templates among the units' roots, each with its source: a root of the source's format in the same
 * folder that parses, the one of the same name (`main.json`, `main.bicep`), else the folder's only one, else
 * `main.bicep`. A compiled template that another file deploys is no root, and is reported as that file uses it.
 */
export function compiledSources(unitIds: readonly string[], files: WorkspaceFiles, adapters: readonly FormatAdapter[]): Map<string, string> {
  const roots = new Set(unitIds);
  const out = new Map<string, string>();
  for (const id of unitIds) {
    const doc = files.get(id);
    const from = doc && !doc.problems.length ? adapters.find((a) => a.format === doc.format)?.compiledFrom?.(doc) : undefined;
    if (!doc || !from) continue;
    const candidates = (files.folder?.(folderOf(doc.uri)) ?? [])
      .filter((uri) => uri !== doc.uri && roots.has(uri))
      .map((uri) => files.get(uri))
      .filter((d): d is ParsedDocument => !!d && d.format === from && !d.problems.length);
    const stem = (uri: string) => baseName(uri).replace(/\.[^.]*$/, '').toLowerCase();
    const source =
      candidates.find((c) => stem(c.uri) === stem(doc.uri)) ?? (candidates.length === 1 ? candidates[0] : candidates.find((c) => stem(c.uri) === 'main'));
    if (source) out.set(doc.uri, source.uri);
  }
  return out;
}

/**
 * The drafts anchored in compiled templates that their source's unit reports too, and per template how many. The
 * source's drafts count wherever they are anchored: its modules are inlined in the compiled template.
 */
export function repeatedFindings(units: readonly UnitDrafts[], sources: ReadonlyMap<string, string>): { readonly repeated: ReadonlySet<FindingDraft>; readonly compiled: CompiledTemplate[] } {
  const repeated = new Set<FindingDraft>();
  const compiled: CompiledTemplate[] = [];
  if (!sources.size) return { repeated, compiled };
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const [uri, source] of sources) {
    const own = byId.get(uri);
    const reported = byId.get(source);
    if (!own || !reported) continue;
    // Counted: two findings the compiled template shows repeat two of the source's, not one.
    const left = new Map<string, number>();
    for (const d of reported.drafts) left.set(sameFinding(d.ruleId, d.draft), (left.get(sameFinding(d.ruleId, d.draft)) ?? 0) + 1);
    let n = 0;
    for (const d of own.drafts) {
      const key = sameFinding(d.ruleId, d.draft);
      const count = left.get(key) ?? 0;
      if (d.draft.span.uri !== uri || !count) continue;
      left.set(key, count - 1);
      repeated.add(d.draft);
      n++;
    }
    compiled.push({ uri, source, repeated: n });
  }
  return { repeated, compiled };
}

/** A finding as both formats word it: a symbolic name in brackets (`Microsoft.Storage/storageAccounts (sa)`) left out. */
function sameFinding(ruleId: string, draft: FindingDraft): string {
  return `${ruleId}\n${draft.message.replace(/ \([A-Za-z_]\w*\)/g, '')}`;
}
