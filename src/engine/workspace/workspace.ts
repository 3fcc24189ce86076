/**
 * Files → documents → evaluation units → resources → findings.
 *
 * The workspace holds the text of every file of an analysis, parses each once per content, lets each format
 * adapter group its documents into units (a template with its parameter files, a Bicep file with its modules, a
 * Terraform module with its tfvars), evaluates each unit once per content of its inputs, runs the rules per
 * unit against an index of all resources, and turns syntax problems, adapter notices and rule drafts into
 * findings with the configured severities and the in-source suppressions applied.
 */
import type { Finding, Fix, RelatedLocation, RuleLevel, Severity, TextEdit } from '../model/finding';
import type { Resource } from '../model/resource';
import { compareSpans, SourceText, spanKey } from '../model/span';
import type { ResourceChange } from '../model/change';
import type { InputRef, Scalar, ScalarPossibility } from '../model/value';
import type { Evaluation } from '../formats/evaluation';
import { renderLiteral } from '../formats/literals';
import type { RegionPolicy } from '../regions/profiles';
import { RULES, ruleById } from '../rules/registry';
import type { EditFactory, FindingDraft, ResourceIndex } from '../rules/rule';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from './document';
import { readSuppressions, suppressionEdit } from './suppressions';
import { folderOf, resourceIdOfUri } from './uri';

/** Reads files that the analysis needs but was not given (a module outside the scanned folder). */
export interface WorkspaceHost {
  readFile(uri: string): string | undefined;
  /** The URIs of the files in a folder (a module folder outside the scanned paths). */
  listFolder?(uri: string): readonly string[] | undefined;
}

export interface AnalysisConfig {
  readonly policy: RegionPolicy;
  /** Rule levels that differ from the defaults. */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
}

export interface AnalysisResult {
  /** Every finding, suppressed ones included (marked), sorted by file and position. */
  readonly findings: Finding[];
  readonly documents: readonly ParsedDocument[];
  readonly resources: readonly Resource[];
}

interface Entry {
  readonly text: string;
  /** Whether the caller gave this file (scanned or open), rather than the analysis reading it on demand. */
  readonly given: boolean;
  /** Changes whenever the text does, so a unit can tell cheaply whether its inputs changed. */
  readonly version: number;
  doc?: ParsedDocument | null;
}

interface UnitResult {
  readonly fingerprint: string;
  readonly evaluation: Evaluation;
}

export class Workspace {
  private readonly entries = new Map<string, Entry>();
  private nextVersion = 1;
  private readonly unitCache = new Map<string, UnitResult>();
  private initialised: Promise<void> | undefined;

  constructor(
    private readonly adapters: readonly FormatAdapter[],
    private readonly host: WorkspaceHost = { readFile: () => undefined },
  ) {}

  /** Resolves once every adapter can parse (see `FormatAdapter.init`); call it before the first analysis. */
  ready(): Promise<void> {
    this.initialised ??= Promise.all(this.adapters.map((a) => a.init?.())).then(() => undefined);
    return this.initialised;
  }

  /** Sets (or replaces) the text of a file of the analysis. */
  setText(uri: string, text: string): void {
    const prev = this.entries.get(uri);
    if (prev?.given && prev.text === text) return;
    const same = prev?.text === text;
    if (!prev) this.folders = undefined;
    this.entries.set(uri, { text, given: true, version: same ? prev.version : this.nextVersion++, doc: same ? prev.doc : undefined });
  }

  remove(uri: string): void {
    if (this.entries.delete(uri)) this.folders = undefined;
  }

  /** Whether some adapter may read a file of this name. */
  accepts(path: string): boolean {
    return this.adapters.some((a) => a.accepts(path));
  }

  /** The parsed document at a URI, reading it through the host when it was not given. */
  document(uri: string): ParsedDocument | undefined {
    let entry = this.entries.get(uri);
    if (!entry) {
      const text = this.host.readFile(uri);
      if (text === undefined) return undefined;
      entry = { text, given: false, version: this.nextVersion++ };
      this.entries.set(uri, entry);
      this.folders = undefined;
    }
    if (entry.doc === undefined) entry.doc = this.parse(uri, entry.text) ?? null;
    return entry.doc ?? undefined;
  }

  private parse(uri: string, text: string): ParsedDocument | undefined {
    const source = new SourceText(uri, text);
    for (const adapter of this.adapters) {
      if (!adapter.accepts(uri)) continue;
      const doc = adapter.parse(source);
      if (doc) return doc;
    }
    return undefined;
  }

  private givenDocuments(): ParsedDocument[] {
    const docs: ParsedDocument[] = [];
    for (const [uri, entry] of this.entries) {
      if (!entry.given) continue;
      const doc = this.document(uri);
      if (doc) docs.push(doc);
    }
    return docs.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  analyze(config: AnalysisConfig): AnalysisResult {
    const documents = this.givenDocuments();
    // The documents and folder listings as this analysis read them: fixes computed later (see FindingDraft.fixes)
    // edit these texts.
    const read = new Map<string, ParsedDocument | undefined>(documents.map((d) => [d.uri, d]));
    const get = (uri: string) => {
      if (!read.has(uri)) read.set(uri, this.document(uri));
      return read.get(uri);
    };
    const listings = new Map<string, string[]>();
    const folder = (uri: string) => {
      let list = listings.get(uri);
      if (!list) listings.set(uri, (list = this.folder(uri)));
      return list;
    };
    const files: WorkspaceFiles = { get, all: () => documents, folder };
    const units: AnalysisUnit[] = this.adapters.flatMap((a) => a.units(files));
    const evaluated = units.map((u) => ({ unit: u, evaluation: this.evaluate(u) }));
    const live = new Set(units.map((u) => u.id));
    for (const id of this.unitCache.keys()) if (!live.has(id)) this.unitCache.delete(id);
    const resources = evaluated.flatMap((e) => e.evaluation.resources);
    const index = buildIndex(resources);
    const edits = this.editFactory(files);
    const collector = new FindingCollector(config);

    for (const doc of documents) {
      for (const p of doc.problems) collector.add('syntax-error', { span: p.span, message: p.message });
    }
    for (const { evaluation } of evaluated) {
      for (const n of evaluation.notices) collector.add(n.ruleId, { span: n.span, message: n.message, related: n.related });
      runRules(evaluation.resources, index, config.policy, edits, collector);
    }
    const findings = collector.finish((uri) => this.document(uri)?.source ?? this.sourceOf(uri));
    return { findings, documents, resources };
  }

  /** The files directly in a folder: those on disk and those given, by the folder index of the entries. */
  private folder(uri: string): string[] {
    const out = new Set(this.host.listFolder?.(uri) ?? []);
    for (const key of this.folderIndex().get(uri) ?? []) out.add(key);
    return [...out].sort();
  }

  private folders: Map<string, string[]> | undefined;

  private folderIndex(): Map<string, string[]> {
    if (!this.folders) {
      this.folders = new Map();
      for (const key of this.entries.keys()) {
        const folder = folderOf(key);
        const list = this.folders.get(folder);
        if (list) list.push(key);
        else this.folders.set(folder, [key]);
      }
    }
    return this.folders;
  }

  private sourceOf(uri: string): SourceText | undefined {
    const entry = this.entries.get(uri);
    return entry ? new SourceText(uri, entry.text) : undefined;
  }

  /** Evaluates a unit, or reuses the last evaluation when none of its inputs changed. */
  private evaluate(unit: AnalysisUnit): Evaluation {
    const fingerprint = unit.inputs.map((uri) => `${uri}@${this.entries.get(uri)?.version ?? 0}`).join('|');
    const cached = this.unitCache.get(unit.id);
    if (cached && cached.fingerprint === fingerprint) return cached.evaluation;
    let evaluation: Evaluation;
    try {
      evaluation = unit.evaluate();
    } catch (e) {
      // Adapters are written not to throw; if one does, the unit is reported and the rest still analysed.
      const doc = this.document(unit.inputs[0] ?? unit.id);
      const span = doc ? doc.source.span(0, 0) : undefined;
      evaluation = { resources: [], notices: span ? [{ ruleId: 'syntax-error', span, message: `ITAR Guard could not evaluate this file: ${(e as Error).message}` }] : [] };
    }
    this.unitCache.set(unit.id, { fingerprint, evaluation });
    return evaluation;
  }

  /** The edit that suppresses a finding with a justified comment in its file's comment syntax. */
  suppression(finding: Finding, reason: string): TextEdit | undefined {
    const doc = this.document(finding.span.uri);
    if (!doc) return undefined;
    const adapter = this.adapters.find((a) => a.format === doc.format);
    return suppressionEdit(doc.source, finding.span.startLine, finding.ruleId, reason, adapter?.lineComment);
  }

  private editFactory(files: WorkspaceFiles): EditFactory {
    const adapterFor = (uri: string) => {
      const doc = files.get(uri);
      const adapter = doc && this.adapters.find((a) => a.format === doc.format);
      return doc && adapter ? { doc, adapter } : undefined;
    };
    return {
      replaceLiteral: (p: ScalarPossibility, value: Scalar): TextEdit | undefined => (p.literal ? { span: p.origin, newText: renderLiteral(p.literal, value) } : undefined),
      restrictInput: (input: InputRef, values: readonly string[]): TextEdit[] | undefined => {
        const found = adapterFor(input.declaration.uri);
        return found?.adapter.restrictInput(found.doc, input, values);
      },
      configure: (resource: Resource, change: ResourceChange): TextEdit[] | undefined => {
        if (resource.format === 'live') return undefined;
        const found = adapterFor(resource.declaration.uri);
        return found?.adapter.configure?.(found.doc, resource, change, files);
      },
    };
  }
}

/**
 * Checks resources that come from no file — the deployed resources of live subscriptions — as one unit. Their
 * findings carry the resource ID as logical location and no fixes (there is no text to edit); source comments
 * cannot suppress them.
 */
export function checkResources(resources: readonly Resource[], config: AnalysisConfig): Finding[] {
  const collector = new FindingCollector(config);
  const noEdits: EditFactory = { replaceLiteral: () => undefined, restrictInput: () => undefined, configure: () => undefined };
  runRules(resources, buildIndex(resources), config.policy, noEdits, collector);
  return collector.finish(() => undefined).map((f) => {
    const id = resourceIdOfUri(f.span.uri);
    return id ? { ...f, logicalLocation: id, fixes: [] } : f;
  });
}

function runRules(resources: readonly Resource[], index: ResourceIndex, policy: RegionPolicy, edits: EditFactory, collector: FindingCollector): void {
  for (const rule of RULES) {
    if (!rule.check || collector.level(rule.meta.id) === 'off') continue;
    rule.check({ resources, index, policy, edits, report: (draft) => collector.add(rule.meta.id, draft) });
  }
}

function buildIndex(resources: readonly Resource[]): ResourceIndex {
  const byKey = new Map(resources.map((r) => [r.key, r]));
  const byType = new Map<string, Resource[]>();
  for (const r of resources) {
    const t = r.type.toLowerCase();
    const list = byType.get(t);
    if (list) list.push(r);
    else byType.set(t, [r]);
  }
  return { byKey: (k) => byKey.get(k), ofType: (t) => byType.get(t.toLowerCase()) ?? [] };
}

/**
 * Collects drafts, merges those of one rule at one place (the same literal reached from several units), applies
 * levels and suppressions.
 */
class FindingCollector {
  private readonly byKey = new Map<string, { ruleId: string; draft: FindingDraft; related: Map<string, RelatedLocation>; resources: Set<string> }>();
  constructor(private readonly config: AnalysisConfig) {}

  level(ruleId: string): RuleLevel {
    return this.config.rules?.[ruleId] ?? ruleById(ruleId)?.meta.defaultSeverity ?? 'warning';
  }

  add(ruleId: string, draft: FindingDraft): void {
    if (this.level(ruleId) === 'off') return;
    const key = `${ruleId}|${spanKey(draft.span)}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { ruleId, draft, related: new Map(), resources: new Set() };
      this.byKey.set(key, entry);
    }
    for (const r of draft.related ?? []) entry.related.set(`${spanKey(r.span)}|${r.message}`, r);
    for (const r of draft.resources ?? []) entry.resources.add(r);
  }

  finish(sourceOf: (uri: string) => SourceText | undefined): Finding[] {
    const findings: Finding[] = [];
    for (const e of this.byKey.values()) {
      const fixes = e.draft.fixes ?? [];
      const finding: Omit<Finding, 'fixes'> = {
        ruleId: e.ruleId,
        severity: this.level(e.ruleId) as Severity,
        message: e.draft.message,
        span: e.draft.span,
        related: [...e.related.values()],
        resources: [...e.resources],
      };
      findings.push(typeof fixes === 'function' ? withLazyFixes(finding, fixes) : { ...finding, fixes });
    }
    const out = applySuppressions(findings, sourceOf, (id) => this.level(id));
    return out.sort((a, b) => compareSpans(a.span, b.span) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  }
}

/**
 * A finding whose fixes are computed the first time they are read, once. An accessor written in the literal keeps
 * the object as fast as a plain one, and copies (`{ ...finding }`) and JSON carry the fixes.
 */
function withLazyFixes(f: Omit<Finding, 'fixes'>, compute: () => readonly Fix[]): Finding {
  let fixes: readonly Fix[] | undefined;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    span: f.span,
    related: f.related,
    resources: f.resources,
    get fixes() {
      return (fixes ??= compute());
    },
  };
}

/**
 * Marks findings covered by a justified `itar-guard-ignore` comment on their line or the line above, and reports
 * comments without a reason or without a known rule (which suppress nothing).
 */
function applySuppressions(findings: Finding[], sourceOf: (uri: string) => SourceText | undefined, level: (id: string) => RuleLevel): Finding[] {
  const uris = new Set(findings.map((f) => f.span.uri));
  const out: Finding[] = [];
  const byUri = new Map<string, ReturnType<typeof readSuppressions>>();
  for (const uri of uris) {
    const source = sourceOf(uri);
    if (source && source.text.includes('itar-guard-ignore')) byUri.set(uri, readSuppressions(source));
  }
  for (const [, comments] of byUri) {
    for (const c of comments) {
      const unknownIds = c.ruleIds.filter((id) => !ruleById(id));
      const problem = !c.ruleIds.length ? 'names no rule' : unknownIds.length ? `names unknown rule(s) ${unknownIds.join(', ')}` : !c.reason ? 'gives no reason' : '';
      if (problem && level('suppression-unjustified') !== 'off') {
        out.push({
          ruleId: 'suppression-unjustified',
          severity: level('suppression-unjustified') as Severity,
          message: `This itar-guard-ignore comment ${problem}, so it suppresses nothing. Write 'itar-guard-ignore <rule-id>: <reason>'.`,
          span: c.span,
          related: [],
          fixes: [],
          resources: [],
        });
      }
    }
  }
  for (const f of findings) {
    const comments = byUri.get(f.span.uri);
    const match = comments?.find((c) => (c.line === f.span.startLine || c.line === f.span.startLine - 1) && c.reason && c.ruleIds.includes(f.ruleId));
    out.push(match ? { ...f, suppression: { justification: match.reason, span: match.span } } : f);
  }
  return out;
}

