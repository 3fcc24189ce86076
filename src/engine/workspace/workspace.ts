/**
 * Files → documents → evaluation units → resources → findings.
 *
 * The workspace holds the text of every file of an analysis, parses each once per content, lets each format
 * adapter group its documents into units (a template with its parameter files, a Bicep file with its modules, a
 * Terraform module with its tfvars), evaluates each unit once per content of its inputs, runs the rules per
 * unit against an index of all resources, and turns syntax problems, adapter notices and rule drafts into
 * findings with the configured severities and the in-source suppressions applied. A compiled template's findings
 * that its Bicep source shows too are left out (`compiled.ts`).
 */
import type { Finding, RuleLevel, TextEdit } from '../model/finding';
import { ARM_SPELLINGS, armSpelling, type ResourceChange, type SettingSpelling } from '../model/change';
import type { Resource } from '../model/resource';
import { SourceText } from '../model/span';
import type { InputRef, Scalar, ScalarPossibility } from '../model/value';
import type { Evaluation } from '../formats/evaluation';
import { renderLiteral } from '../formats/literals';
import type { RegionPolicy } from '../regions/profiles';
import type { EditFactory, ResourceIndex } from '../rules/rule';
import { FindingCollector, levels, type LevelOf } from './findings';
import { buildIndex, indexChange, runRules, untouched, type Draft, type IndexChange, type RuleRun } from './rule-runner';
import { compiledSources, repeatedFindings, type CompiledTemplate, type Shown } from './compiled';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from './document';
import { readSuppressions, suppressing, suppressionEdit, type SuppressionComment } from './suppressions';
import { inOwnCode, ownEdits } from './tool-folders';
import { HeldViews, type TrimmableView } from './views';
import { folderOf, inToolFolder, resourceIdOfUri } from './uri';
import { addTo, sameItems } from '../model/grouping';

/** The kinds of documents that give a template's inputs rather than write resources. */
const PARAMETER_FILES = new Set(['parameters', 'bicepparam', 'tfvars']);

/** The comments of a file without any: one list for all, so that a finding made under it stands when its file changes. */
const NO_SUPPRESSIONS: readonly SuppressionComment[] = [];

/** Reads files that the analysis needs but was not given (a module outside the scanned folder). */
export interface WorkspaceHost {
  readFile(uri: string): string | undefined;
  /** The URIs of the files in a folder (a module folder outside the scanned paths). */
  listFolder?(uri: string): readonly string[] | undefined;
  /** The user's home folder (URI with a trailing slash), where Bicep keeps the modules and template specs it restored. */
  readonly homeFolder?: string;
}

export interface AnalysisConfig {
  readonly policy: RegionPolicy;
  /** Rule levels that differ from the defaults. */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
}

/** How far an analysis has got, for callers that show progress on long ones. */
export interface AnalysisProgress {
  readonly stage: 'parsing' | 'evaluating' | 'checking';
  readonly done: number;
  readonly total: number;
}

export interface AnalysisResult {
  /** Every finding, suppressed ones included (marked), sorted by file and position. */
  readonly findings: Finding[];
  readonly documents: readonly ParsedDocument[];
  /**
   * The files this analysis read beyond the documents given (a module outside the scanned folders, a JSON file a
   * Bicep file loads), on its first evaluation of the units that read them: a unit evaluated earlier and unchanged
   * reads nothing again.
   */
  readonly alsoRead: readonly string[];
  readonly resources: readonly Resource[];
  /** Compiled templates beside their source, with the findings left out as repeating the source's. */
  readonly compiled: readonly CompiledTemplate[];
}

interface Entry {
  readonly text: string;
  /** Whether the caller gave this file (scanned or open), rather than the analysis reading it on demand. */
  readonly given: boolean;
  /** Changes whenever the text does, so a unit can tell cheaply whether its inputs changed. */
  readonly version: number;
  doc?: ParsedDocument | null;
  /** The text as a source, for a file no adapter parses (a JSON file a template loads), made when first needed. */
  source?: SourceText;
  suppressions?: readonly SuppressionComment[];
  /** For a file read from a tool's folder: the analysis that last read it from disk. */
  readIn?: number;
}

/** An entry's text as a source: its document's, else one made once for the entry (a new text is a new entry). */
function sourceOf(uri: string, entry: Entry): SourceText {
  return entry.doc?.source ?? (entry.source ??= new SourceText(uri, entry.text));
}

interface UnitResult {
  /** The unit's inputs and the version of each that this evaluation read (0 for a file that could not be read). */
  readonly inputs: readonly string[];
  readonly versions: readonly number[];
  readonly evaluation: Evaluation;
  /** The view of the files the evaluation was made with. */
  readonly view: TrimmableView;
  /**
   * The rules' drafts for this evaluation under one configuration, the index generation they saw, and the views of
   * the files their runs were made with (the rules that read only the unit's own resources, then the others).
   */
  rules?: { readonly configKey: string; indexGeneration: number; run: RuleRun; views: readonly [TrimmableView, TrimmableView] };
  /** The notices and drafts of one rule run as findings show them, and the index that moved some of them, if any did. */
  drafts?: { readonly run: RuleRun; readonly lookup: ResourceIndex | undefined; readonly list: readonly Draft[] };
}

/**
 * A unit's notices and drafts, those in a tool's folder moved into the user's own code (`inOwnCode`, which reads the
 * index): made once per rule run, and again only where the index that moved some has changed.
 */
function draftsOf(result: UnitResult, run: RuleRun, lookup: ResourceIndex): readonly Draft[] {
  const known = result.drafts;
  if (known?.run === run && (!known.lookup || known.lookup === lookup)) return known.list;
  // A notice is a draft already: the same object every analysis, so a repeated one is known by identity.
  const notices = result.evaluation.notices.map((n) => ({ ruleId: n.ruleId, draft: n }));
  const list: Draft[] = [];
  let moved = false;
  for (const drafts of [notices, run.local, run.indexed]) {
    for (const d of drafts) {
      moved ||= inToolFolder(d.draft.span.uri);
      list.push(inOwnCode(d, lookup));
    }
  }
  result.drafts = { run, lookup: moved ? lookup : undefined, list };
  return list;
}

export class Workspace {
  private readonly entries = new Map<string, Entry>();
  private nextVersion = 1;
  /** Counts analyses, so that a file in a tool's folder is read from disk once per analysis. */
  private analyses = 0;
  private readonly unitCache = new Map<string, UnitResult>();
  /**
   * The index of every resource, rebuilt when some unit's evaluation changes, with what changed since the one before
   * (none where tools read the files differently: a unit's readings may change while its resources do not).
   */
  private index:
    | {
        readonly resources: readonly Resource[];
        readonly lookup: ResourceIndex;
        readonly byReading: ReadonlyMap<string, ResourceIndex> | undefined;
        readonly generation: number;
        readonly change: IndexChange | undefined;
      }
    | undefined;
  /**
   * The policy of the last analysis. The rules memoise per policy object (verdicts, placements), and a caller such
   * as the extension's engine thread receives an equal copy of the configuration with every request.
   */
  private policy: { readonly key: string; readonly policy: RegionPolicy } | undefined;
  /** The analyses' views of the files that unit results still hold (see `views.ts`). */
  private readonly views = new HeldViews<UnitResult>();

  constructor(
    private readonly adapters: readonly FormatAdapter[],
    private readonly host: WorkspaceHost = { readFile: () => undefined },
  ) {}

  /**
   * Resolves once the adapters can parse (see `FormatAdapter.init`); call it before the first analysis. With
   * `files`, only the adapters that read one of them are made ready (the CLI need not load the Terraform grammar
   * for a folder without Terraform); others are made ready by a later call.
   */
  ready(files?: Iterable<string>): Promise<void> {
    const wanted = files ? [...files] : undefined;
    const adapters = this.adapters.filter((a) => !wanted || wanted.some((f) => a.accepts(f)));
    return Promise.all(adapters.map((a) => a.init?.())).then(() => undefined);
  }

  /** Sets (or replaces) the text of a file of the analysis. */
  setText(uri: string, text: string): void {
    const prev = this.entries.get(uri);
    if (prev?.given && prev.text === text) return;
    const same = prev?.text === text;
    if (!prev) this.cameOrWent(uri);
    this.entries.set(uri, { text, given: true, version: same ? prev.version : this.nextVersion++, doc: same ? prev.doc : undefined });
  }

  remove(uri: string): void {
    if (this.entries.delete(uri)) this.cameOrWent(uri);
  }

  /** Whether some adapter may read a file of this name. */
  accepts(path: string): boolean {
    return this.adapters.some((a) => a.accepts(path));
  }

  /** The parsed document at a URI, reading it through the host when it was not given. */
  document(uri: string): ParsedDocument | undefined {
    const entry = this.entry(uri);
    if (!entry) return undefined;
    if (entry.doc === undefined) entry.doc = this.parse(uri, entry.text) ?? null;
    return entry.doc ?? undefined;
  }

  /**
   * A file's entry, read through the host when it was not given. A file in a tool's folder (a module `terraform init`
   * installed, one Bicep restored) is read again once per analysis: a new install changes it, and a file watcher does
   * not always report changes in the folders an install has just created.
   */
  private entry(uri: string): Entry | undefined {
    const known = this.entries.get(uri);
    if (known && (known.given || known.readIn === undefined || known.readIn === this.analyses)) return known;
    const text = this.host.readFile(uri);
    if (text === undefined) {
      if (known && this.entries.delete(uri)) this.cameOrWent(uri);
      return undefined;
    }
    const readIn = inToolFolder(uri) ? this.analyses : undefined;
    if (known?.text === text) {
      known.readIn = readIn;
      return known;
    }
    const entry: Entry = { text, given: false, version: this.nextVersion++, ...(readIn !== undefined ? { readIn } : {}) };
    // Read from disk, it is in its folder's listing already.
    if (!known) this.folders = undefined;
    this.entries.set(uri, entry);
    return entry;
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

  private givenDocuments(progress?: (p: AnalysisProgress) => void): ParsedDocument[] {
    const docs: ParsedDocument[] = [];
    const total = progress ? [...this.entries.values()].filter((e) => e.given).length : 0;
    let done = 0;
    for (const [uri, entry] of this.entries) {
      if (!entry.given) continue;
      const doc = this.document(uri);
      if (doc) docs.push(doc);
      progress?.({ stage: 'parsing', done: ++done, total });
    }
    return docs.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  analyze(config: AnalysisConfig, progress?: (p: AnalysisProgress) => void): AnalysisResult {
    this.analyses++;
    this.views.trim();
    const documents = this.givenDocuments(progress);
    const { files, read, loaded, view } = this.filesOf(documents);
    this.views.add(view);
    const units: AnalysisUnit[] = this.adapters.flatMap((a) => a.units(files));
    let changed = units.length !== this.unitCache.size;
    const evaluated = units.map((unit, i) => {
      const before = this.unitCache.get(unit.id);
      const result = this.evaluate(unit, view);
      changed ||= before !== result;
      progress?.({ stage: 'evaluating', done: i + 1, total: units.length });
      return { unit, result, fresh: before !== result };
    });
    const live = new Set(units.map((u) => u.id));
    for (const [id, result] of this.unitCache) {
      if (live.has(id)) continue;
      this.unitCache.delete(id);
      this.views.release(result);
    }
    if (changed || !this.index) {
      const resources = evaluated.flatMap((e) => e.result.evaluation.resources);
      const readings = [...new Set(evaluated.flatMap((e) => e.unit.readings ?? []))];
      const inReading = (unit: AnalysisUnit, r: string) => !unit.readings || unit.readings.includes(r);
      // Units of no reading see the first reading's resources (Terraform's, where OpenTofu reads otherwise).
      const byReading = readings.length > 1 ? new Map(readings.map((r) => [r, buildIndex(evaluated.filter((e) => inReading(e.unit, r)).flatMap((e) => e.result.evaluation.resources))])) : undefined;
      const before = this.index;
      const change = before && !before.byReading && !byReading ? indexChange(before.resources, resources, before.generation) : undefined;
      this.index = { resources, lookup: byReading?.get(readings[0]) ?? buildIndex(resources), byReading, generation: (before?.generation ?? 0) + 1, change };
    }
    const index = this.index;
    const lookupOf = (unit: AnalysisUnit) => (unit.readings && index.byReading?.get(unit.readings[0])) || index.lookup;
    const edits = this.editFactory(files);
    const level = levels(config.rules);
    const configKey = JSON.stringify(config);
    const policyKey = JSON.stringify(config.policy);
    if (this.policy?.key !== policyKey) this.policy = { key: policyKey, policy: config.policy };
    const policy = this.policy.policy;
    const collector = new FindingCollector(level);

    for (const doc of documents) {
      for (const p of doc.problems) collector.add('syntax-error', { span: p.span, message: p.message });
    }
    const checked = evaluated.map(({ unit, result, fresh }, i) => {
      progress?.({ stage: 'checking', done: i + 1, total: evaluated.length });
      const lookup = lookupOf(unit);
      const ran = result.rules?.run;
      const run = this.rulesOf(result, lookup, index, policy, edits, level, configKey, view);
      if (fresh || run !== ran) this.views.hold(result, [...new Set([result.view, ...(result.rules?.views ?? [])])]);
      return { id: unit.id, drafts: draftsOf(result, run, lookup) };
    });
    const shown: Shown = (ruleId, draft) => !PARAMETER_FILES.has(files.get(draft.span.uri)?.kind ?? '') && !suppressing(this.suppressionsOf(draft.span.uri), ruleId, draft.span);
    const { repeated, compiled } = repeatedFindings(checked, compiledSources(units.map((u) => u.id), files, this.adapters), shown);
    for (const { drafts } of checked) for (const d of drafts) if (!repeated.has(d.draft)) collector.add(d.ruleId, d.draft);
    const commented = documents.filter((d) => this.suppressionsOf(d.uri).length).map((d) => d.uri);
    const findings = collector.finish((uri) => this.suppressionsOf(uri), commented);
    // The map holds the given documents first, in insertion order, then what the units read besides.
    const alsoRead: string[] = [];
    let given = documents.length;
    for (const [uri, doc] of read) if (given-- <= 0 && (doc || loaded.has(uri))) alsoRead.push(uri);
    return { findings, documents, alsoRead, resources: index.resources, compiled };
  }

  /**
   * The files as one analysis reads them, and what it read. Made apart from `analyze`: closures share the scope of the
   * function that makes them, and what evaluation keeps of these (a Bicep value keeps the files its scope reads)
   * would keep that analysis's whole resource index alive too, one more at every keystroke.
   *
   * `view.trim` lets go of every file but those kept, with what the adapters derived from the files (`memo`), once no
   * unit still held by the view reads them (see `views.ts`); a file let go is then read as it is now, and nothing read
   * afterwards is kept.
   */
  private filesOf(documents: readonly ParsedDocument[]): { files: WorkspaceFiles; read: ReadonlyMap<string, ParsedDocument | undefined>; loaded: ReadonlySet<string>; view: TrimmableView } {
    // The documents as this analysis read them: fixes computed later (see FindingDraft.fixes) edit these texts.
    let read = new Map<string, ParsedDocument | undefined>(documents.map((d) => [d.uri, d]));
    let given: readonly ParsedDocument[] | undefined = documents;
    let trimmed = false;
    const get = (uri: string) => {
      if (read.has(uri)) return read.get(uri);
      const doc = this.document(uri);
      if (!trimmed) read.set(uri, doc);
      return doc;
    };
    const listings = new Map<string, string[]>();
    const folder = (uri: string) => {
      let list = listings.get(uri);
      if (!list) {
        list = this.folder(uri);
        if (!trimmed) listings.set(uri, list);
      }
      return list;
    };
    const loaded = new Set<string>();
    const text = (uri: string) => {
      const doc = get(uri);
      const entry = this.entries.get(uri);
      if (entry && !doc && !trimmed) loaded.add(uri);
      return entry && sourceOf(uri, entry);
    };
    // What the adapters derive from the files (module folders read, parameter files paired) goes with them.
    const memos = new Map<object, unknown>();
    const memo = <T>(key: object, make: () => T): T => {
      if (memos.has(key)) return memos.get(key) as T;
      const value = make();
      if (!trimmed) memos.set(key, value);
      return value;
    };
    const trim = (keep: ReadonlyMap<string, number>, dropped: readonly string[]) => {
      if (trimmed) {
        for (const uri of dropped) read.delete(uri);
        return;
      }
      trimmed = true;
      const kept = new Map<string, ParsedDocument | undefined>();
      for (const uri of keep.keys()) if (read.has(uri)) kept.set(uri, read.get(uri));
      read = kept;
      given = undefined;
      listings.clear();
      loaded.clear();
      memos.clear();
    };
    // Once trimmed, every document of the analysis is the documents kept.
    const all = () => given ?? [...read.values()].filter((d): d is ParsedDocument => !!d);
    return { files: { get, all, folder, text, homeFolder: this.host.homeFolder, memo }, read, loaded, view: { trim } };
  }

  /**
   * The rules' drafts for an evaluated unit: reused when the evaluation and the configuration are the same, with
   * only the rules that read other units' resources run again when what they read there changed.
   */
  private rulesOf(result: UnitResult, lookup: ResourceIndex, index: { generation: number; change: IndexChange | undefined }, policy: RegionPolicy, edits: EditFactory, level: LevelOf, configKey: string, view: TrimmableView): RuleRun {
    const cached = result.rules;
    const generation = index.generation;
    if (cached && cached.configKey === configKey) {
      const stands = cached.indexGeneration === generation || (index.change?.from === cached.indexGeneration && untouched(cached.run.reads, index.change));
      if (!stands && cached.run.indexRules.size) {
        const again = runRules(result.evaluation.resources, lookup, policy, edits, level, cached.run.indexRules);
        cached.run = { local: cached.run.local, indexed: again.indexed, indexRules: cached.run.indexRules, reads: again.reads };
        cached.views = [cached.views[0], view];
      }
      cached.indexGeneration = generation;
      return cached.run;
    }
    const run = runRules(result.evaluation.resources, lookup, policy, edits, level);
    result.rules = { configKey, indexGeneration: generation, run, views: [view, view] };
    return run;
  }

  /** A document's suppression comments, read once per version. */
  private suppressionsOf(uri: string): readonly SuppressionComment[] {
    const entry = this.entries.get(uri);
    if (!entry) return [];
    if (!entry.suppressions) {
      const source = sourceOf(uri, entry);
      const format = entry.doc?.format;
      entry.suppressions = source.text.includes('itar-guard-ignore') ? readSuppressions(source, this.adapters.find((a) => a.format === format)?.strings) : NO_SUPPRESSIONS;
    }
    return entry.suppressions;
  }

  /** The files directly in a folder: those on disk and those given, by the folder index of the entries. */
  private folder(uri: string): string[] {
    const out = new Set(this.onDisk(uri) ?? []);
    for (const key of this.folderIndex().get(uri) ?? []) out.add(key);
    return [...out].sort();
  }

  private folders: Map<string, string[]> | undefined;

  /**
   * The host's listings of folders. A folder that holds a file given (outside tools' folders) is listed again only
   * when a file of it comes or goes: the caller gives every file of the format there, and tells of new ones. Others (a
   * module outside the scanned folders, one in a tool's folder, a folder not there yet) are listed once per analysis,
   * as nothing tells of their changes. Listing every module folder from disk at every analysis cost an editor's
   * re-scan of a large workspace more than the analysis itself.
   */
  private readonly diskListings = new Map<string, { readonly uris: readonly string[] | undefined; readonly listedIn: number }>();

  private onDisk(folder: string): readonly string[] | undefined {
    const known = this.diskListings.get(folder);
    const kept = () => !inToolFolder(folder) && !!this.folderIndex().get(folder)?.some((uri) => this.entries.get(uri)?.given);
    if (known && (known.listedIn === this.analyses || kept())) return known.uris;
    const uris = this.host.listFolder?.(folder);
    this.diskListings.set(folder, { uris, listedIn: this.analyses });
    return uris;
  }

  /** A file came or went: the folder index is made again, and its folder listed again. */
  private cameOrWent(uri: string): void {
    this.folders = undefined;
    this.diskListings.delete(folderOf(uri));
  }

  private folderIndex(): Map<string, string[]> {
    if (!this.folders) {
      this.folders = new Map();
      for (const key of this.entries.keys()) {
        addTo(this.folders, folderOf(key), key);
      }
    }
    return this.folders;
  }

  /** Evaluates a unit, or reuses the last evaluation when none of its inputs changed. */
  private evaluate(unit: AnalysisUnit, view: TrimmableView): UnitResult {
    const versions = unit.inputs.map((uri) => this.entries.get(uri)?.version ?? 0);
    const cached = this.unitCache.get(unit.id);
    if (cached && sameItems(cached.inputs, unit.inputs) && sameItems(cached.versions, versions)) return cached;
    let evaluation: Evaluation;
    try {
      evaluation = unit.evaluate(cached?.evaluation);
    } catch (e) {
      // Adapters are written not to throw; if one does, the unit is reported and the rest still analysed.
      const doc = this.document(unit.inputs[0] ?? unit.id);
      const span = doc ? doc.source.span(0, 0) : undefined;
      evaluation = { resources: [], notices: span ? [{ ruleId: 'syntax-error', span, message: `ITAR Guard could not evaluate this file: ${(e as Error).message}` }] : [] };
    }
    const result: UnitResult = { inputs: unit.inputs, versions, evaluation, view };
    if (cached) this.views.release(cached);
    this.unitCache.set(unit.id, result);
    return result;
  }

  /** The edit that suppresses a finding with a justified comment in its file's comment syntax. */
  suppression(finding: Finding, reason: string): TextEdit | undefined {
    const doc = inToolFolder(finding.span.uri) ? undefined : this.document(finding.span.uri);
    if (!doc) return undefined;
    const adapter = this.adapters.find((a) => a.format === doc.format);
    const comment = adapter?.lineComment ? adapter.lineComment(doc) : '//';
    return comment === undefined ? undefined : suppressionEdit(doc.source, finding.span.startLine, finding.ruleId, reason, comment);
  }

  private editFactory(files: WorkspaceFiles): EditFactory {
    const adapterFor = (uri: string) => {
      const doc = files.get(uri);
      const adapter = doc && this.adapters.find((a) => a.format === doc.format);
      return doc && adapter ? { doc, adapter } : undefined;
    };
    // A live resource has no file to write or to name its settings in.
    const declaring = (resource: Resource) => (resource.format === 'live' ? undefined : adapterFor(resource.declaration.uri));
    return {
      replaceLiteral: (p: ScalarPossibility, value: Scalar): TextEdit | undefined => (p.literal && !inToolFolder(p.origin.uri) ? { span: p.origin, newText: renderLiteral(p.literal, value) } : undefined),
      restrictInput: (input: InputRef, values: readonly string[]): TextEdit[] | undefined => {
        const found = adapterFor(input.declaration.uri);
        return ownEdits(found?.adapter.restrictInput(found.doc, input, values));
      },
      configure: (resource: Resource, change: ResourceChange): TextEdit[] | undefined => {
        const found = declaring(resource);
        return ownEdits(found?.adapter.configure?.(found.doc, resource, change, files));
      },
      spell: (resource: Resource, path: string, value?: Scalar, child?: string): SettingSpelling => {
        const found = declaring(resource);
        return found?.adapter.spell?.(found.doc, resource, path, value, child, files) ?? armSpelling(path, value, child);
      },
      spellType: (resource: Resource, type: string): string => {
        const found = declaring(resource);
        return found?.adapter.spellType?.(found.doc, resource, type, files) ?? type;
      },
      spellings: (resource: Resource): object => {
        const found = declaring(resource);
        return found?.adapter.spellings?.(found.doc, resource, files) ?? ARM_SPELLINGS;
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
  const level = levels(config.rules);
  const collector = new FindingCollector(level);
  const noEdits: EditFactory = { replaceLiteral: () => undefined, restrictInput: () => undefined, configure: () => undefined, spell: (_, path, value, child) => armSpelling(path, value, child), spellType: (_, type) => type, spellings: () => ARM_SPELLINGS };
  const run = runRules(resources, buildIndex(resources), config.policy, noEdits, level);
  for (const d of [...run.local, ...run.indexed]) collector.add(d.ruleId, d.draft);
  // Field by field, not a spread: a spread reads the lazy fixes, computing every fix only to drop it.
  return collector.finish(() => []).map((f) => {
    const id = resourceIdOfUri(f.span.uri);
    return id ? { ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span, related: f.related, fixes: [], resources: f.resources, logicalLocation: id } : f;
  });
}
