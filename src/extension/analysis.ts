/**
 * Keeps one engine workspace per workspace folder (and one for files outside every folder) in step with the
 * editor: the files on disk, found at start-up and kept current by a file watcher, with the text of open
 * documents in their place. The engine runs in a worker thread. Changes are analysed after a short pause; a
 * run whose inputs changed while it ran is not published, and the next run follows. The engine re-evaluates
 * only the units whose inputs changed, so an edit to a parameter file, a module or a variables file re-checks
 * exactly the templates that read it.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { decode } from '../cli/read-files';
import type { Finding, TextEdit } from '../engine/model/finding';
import { isExcluded } from '../engine/workspace/glob';
import { inToolFolder, TOOL_FOLDERS } from '../engine/workspace/uri';
import { keyOf, uriOf } from './convert';
import { EngineClient } from './engine-client';
import type { ScopeResult } from './engine-protocol';
import { configFileOf, loadScopeConfig, runMode, type ScopeConfig } from './settings';

/** Folders no analysis descends into, as in the command-line tool. */
const SKIPPED = `{${[...TOOL_FOLDERS].map((d) => `**/${d}/**`).join(',')}}`;
/**
 * The file name extensions the formats read, so that the search lists only candidates; the engine's format
 * adapters still decide, in the worker (this side never loads the parsers). The activation events in
 * package.json name the same extensions.
 */
const EXTENSIONS = ['json', 'jsonc', 'bicep', 'bicepparam', 'tf', 'tofu', 'tfvars', 'hcl'];
const CANDIDATES = `**/*.{${EXTENSIONS.join(',')}}`;
const CANDIDATE_NAME = new RegExp(`\\.(${EXTENSIONS.join('|')})$`, 'i');
const DEBOUNCE_MS = 200;
const READ_BATCH = 32;

export interface Scope {
  readonly id: string;
  /** The scope's workspace in the engine worker (a new one each time the folder is read afresh). */
  readonly engineId: string;
  readonly folder?: vscode.WorkspaceFolder;
  settings: ScopeConfig;
  result?: ScopeResult;
  dirty: boolean;
  /** Counts changes, so that a run can tell whether its inputs changed while it ran. */
  generation: number;
  /** The files given to the engine, with the editor version of the document whose text was given (if any). */
  readonly given: Map<string, number | undefined>;
  /** `given` as it was when the published result was computed. */
  analyzedFrom?: ReadonlyMap<string, number | undefined>;
}

export class Analysis implements vscode.Disposable {
  private readonly scopes = new Map<string, Scope>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly didAnalyze = new vscode.EventEmitter<void>();
  /** Fires after each published run. */
  readonly onDidAnalyze = this.didAnalyze.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  private starting: Promise<void> | undefined;
  readonly engine: EngineClient;
  /** The engine's time for the last published analysis. */
  lastAnalysisMs: number | undefined;
  private scopeCount = 0;

  /** `engineScript`: the bundled engine worker. */
  constructor(
    engineScript: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.engine = new EngineClient(engineScript, log, () => void this.start());
    const docs = vscode.workspace;
    this.disposables.push(
      this.didAnalyze,
      docs.onDidOpenTextDocument((d) => this.syncDocument(d)),
      docs.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && runMode() === 'onType') this.syncDocument(e.document);
      }),
      docs.onDidSaveTextDocument((d) => this.syncDocument(d, true)),
      docs.onDidCloseTextDocument((d) => void this.closeDocument(d)),
    );
    // Every file: a deleted folder is reported as the folder alone.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => void this.created(u)),
      watcher.onDidChange((u) => void this.fileChanged(u)),
      watcher.onDidDelete((u) => this.fileDeleted(u)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.start()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.syncLooseFiles()),
    );
    this.watchBicepCache();
  }

  /**
   * Bicep restores registry modules and template specs into its cache in the home folder, outside the workspace (the
   * Bicep extension does so as a file is opened): the engine reads them at every analysis, and a restore asks for one.
   * Any change counts, folders too: a watcher may not see the files written into a folder it has only just learnt of.
   * A cache that a `bicepconfig.json` moves elsewhere is read at the next analysis.
   */
  private watchBicepCache(): void {
    const home = homedir();
    if (!home) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(vscode.Uri.file(home), '.bicep'), '{br,ts}/**'));
    const restored = () => {
      for (const scope of this.allScopes()) this.touch(scope, DEBOUNCE_MS);
    };
    this.disposables.push(watcher, watcher.onDidCreate(restored), watcher.onDidChange(restored), watcher.onDidDelete(restored));
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.engine.dispose();
  }

  /** Finds and reads every infrastructure file of every folder, then analyses them. */
  start(progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<void> {
    const run = (this.starting = this.load(progress).finally(() => {
      if (this.starting === run) this.starting = undefined;
      this.settle();
    }));
    return run;
  }

  private async load(progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const [id, scope] of [...this.scopes]) {
      if (!id || folders.some((f) => keyOf(f.uri) === id)) continue;
      this.scopes.delete(id);
      this.engine.dropScope(scope.engineId);
    }
    for (const folder of folders) {
      progress?.report({ message: `finding files in ${folder.name}` });
      const scope = await this.freshScope(folder);
      const files = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, CANDIDATES), SKIPPED)).filter((u) => this.wanted(scope, u));
      for (let i = 0; i < files.length; i += READ_BATCH) {
        progress?.report({ message: `reading ${i}/${files.length} files in ${folder.name}`, increment: (READ_BATCH / Math.max(files.length, 1)) * (100 / folders.length) });
        const batch = files.slice(i, i + READ_BATCH);
        const texts = await Promise.all(batch.map((u) => this.readText(scope, u)));
        batch.forEach((u, j) => {
          if (texts[j] !== undefined && !this.openText(u)) this.give(scope, keyOf(u), texts[j]!);
        });
      }
      const previous = this.scopes.get(scope.id);
      if (previous) this.engine.dropScope(previous.engineId);
      this.scopes.set(scope.id, scope);
    }
    const loose = this.scopes.get('') ?? (await this.freshScope(undefined));
    this.scopes.set('', loose);
    for (const doc of vscode.workspace.textDocuments) if (this.scopeOf(doc.uri) !== loose) this.syncDocument(doc, false, false);
    this.syncLooseFiles();
    progress?.report({ message: 'checking' });
    await this.flush();
  }

  private async freshScope(folder: vscode.WorkspaceFolder | undefined): Promise<Scope> {
    const id = folder ? keyOf(folder.uri) : '';
    return { id, engineId: `${id}#${++this.scopeCount}`, folder, settings: await loadScopeConfig(folder), dirty: true, generation: 0, given: new Map() };
  }

  /** Re-reads the configuration (settings or `itar-guard.json` changed); a changed `exclude` rescans. */
  async reloadConfig(): Promise<void> {
    const rescan: vscode.WorkspaceFolder[] = [];
    for (const scope of this.scopes.values()) {
      const next = await loadScopeConfig(scope.folder);
      if (scope.folder && next.config.exclude.join('\0') !== scope.settings.config.exclude.join('\0')) rescan.push(scope.folder);
      scope.settings = next;
      this.touch(scope, undefined);
    }
    if (rescan.length) await this.start();
    else this.schedule(0);
  }

  /** The scope a document belongs to: its workspace folder's, or the one for loose files. */
  scopeOf(uri: vscode.Uri): Scope | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return this.scopes.get(folder ? keyOf(folder.uri) : '');
  }

  allScopes(): readonly Scope[] {
    return [...this.scopes.values()];
  }

  /** Every finding of the last published run, suppressed ones included (marked). */
  findings(): Finding[] {
    return this.allScopes().flatMap((s) => s.result?.findings ?? []);
  }

  findingsOf(uri: vscode.Uri): Finding[] {
    const key = keyOf(uri);
    return (this.scopeOf(uri)?.result?.findings ?? []).filter((f) => f.span.uri === key);
  }

  /** Whether the published findings of a document are for the text in the editor, so that ranges and edits apply as they are. */
  isCurrent(document: vscode.TextDocument): boolean {
    return this.scopeOf(document.uri)?.analyzedFrom?.get(keyOf(document.uri)) === document.version;
  }

  /** The format of a document the engine read (`arm`, `bicep`, …), if it read it as one. */
  formatOf(uri: vscode.Uri): string | undefined {
    const key = keyOf(uri);
    return this.scopeOf(uri)?.result?.documents.find((d) => d.uri === key)?.format;
  }

  /** The edit that suppresses a finding with a justified comment, in its file's comment syntax. */
  suppression(finding: Finding, reason: string): Promise<TextEdit | undefined> {
    const scope = this.scopeOf(uriOf(finding.span.uri));
    return scope ? this.engine.suppression(scope.engineId, finding, reason) : Promise.resolve(undefined);
  }

  /** Whether the workspace holds any infrastructure file. */
  hasInfrastructure(): boolean {
    return this.allScopes().some((s) => (s.result?.documents.length ?? 0) > 0);
  }

  private wanted(scope: Scope, uri: vscode.Uri): boolean {
    if (!CANDIDATE_NAME.test(uri.path)) return false;
    if (!scope.folder) return !inToolFolder(uri.path);
    // Below the workspace folder: the folder itself may lie in a tool's folder (a package, an installed module).
    const rel = vscode.workspace.asRelativePath(uri, false);
    return !inToolFolder(`/${rel}`) && !isExcluded(rel, scope.settings.excludes);
  }

  /** Schemes whose documents are files of the workspace (not diffs, output or settings views). */
  private isWorkspaceDocument(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' || (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === uri.scheme);
  }

  private openText(uri: vscode.Uri): string | undefined {
    if (runMode() !== 'onType') return undefined;
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key)?.getText();
  }

  private syncDocument(doc: vscode.TextDocument, saved = false, schedule = true): void {
    if (!this.isWorkspaceDocument(doc.uri) || (!saved && runMode() !== 'onType')) return;
    const scope = this.scopeOf(doc.uri);
    if (!scope || !this.wanted(scope, doc.uri)) return;
    this.give(scope, keyOf(doc.uri), doc.getText(), doc.version);
    this.touch(scope, schedule ? DEBOUNCE_MS : undefined);
  }

  private async closeDocument(doc: vscode.TextDocument): Promise<void> {
    const scope = this.scopeOf(doc.uri);
    if (!scope || !this.isWorkspaceDocument(doc.uri)) return;
    // A file the scan leaves out (an installed module, an excluded folder) stays out once its editor closes.
    if (scope.folder) return this.wanted(scope, doc.uri) ? this.reloadFromDisk(scope, doc.uri) : undefined;
    this.drop(scope, keyOf(doc.uri));
    this.touch(scope, DEBOUNCE_MS);
  }

  /**
   * Files outside every folder are checked while a tab shows them. The editor reports a document closed only
   * some time after its last tab closes, so their findings go with the tab.
   */
  private syncLooseFiles(): void {
    const loose = this.scopes.get('');
    if (!loose) return;
    const shown = new Set(
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .flatMap((t) => (t.input instanceof vscode.TabInputText ? [t.input.uri] : t.input instanceof vscode.TabInputTextDiff ? [t.input.modified] : []))
        .map(keyOf),
    );
    const hidden = [...loose.given.keys()].filter((key) => !shown.has(key));
    for (const key of hidden) this.drop(loose, key);
    if (hidden.length) this.touch(loose, DEBOUNCE_MS);
    for (const doc of vscode.workspace.textDocuments) {
      const key = keyOf(doc.uri);
      if (shown.has(key) && !loose.given.has(key) && this.scopeOf(doc.uri) === loose) this.syncDocument(doc);
    }
  }

  /** Gives the workspace a file's text from disk, unless the file is open (again) by the time it is read. */
  private async reloadFromDisk(scope: Scope, uri: vscode.Uri): Promise<void> {
    const text = await this.readText(scope, uri);
    if (this.openText(uri) !== undefined) return;
    if (text === undefined) this.drop(scope, keyOf(uri));
    else this.give(scope, keyOf(uri), text);
    this.touch(scope, DEBOUNCE_MS);
  }

  private isConfigFile(scope: Scope, uri: vscode.Uri): boolean {
    return !!scope.folder && uri.toString() === configFileOf(scope.folder).toString();
  }

  private async fileChanged(uri: vscode.Uri): Promise<void> {
    const scope = this.scopeOf(uri);
    if (!scope?.folder) return;
    if (this.isConfigFile(scope, uri)) return this.reloadConfig();
    if (this.installedChanged(scope, uri)) return;
    if (this.wanted(scope, uri) && this.openText(uri) === undefined) await this.reloadFromDisk(scope, uri);
  }

  /** A created (or moved-in) folder is reported as the folder alone: read the files in it. */
  private async created(uri: vscode.Uri): Promise<void> {
    const scope = this.scopeOf(uri);
    if (!scope?.folder || CANDIDATE_NAME.test(uri.path)) return this.fileChanged(uri);
    if (this.installedChanged(scope, uri)) return;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat || !(stat.type & vscode.FileType.Directory)) return;
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, CANDIDATES), SKIPPED);
    await Promise.all(files.map((f) => this.fileChanged(f)));
  }

  private fileDeleted(uri: vscode.Uri): void {
    const scope = this.scopeOf(uri);
    if (!scope?.folder) return;
    if (this.isConfigFile(scope, uri)) {
      void this.reloadConfig();
      return;
    }
    if (this.installedChanged(scope, uri)) return;
    // A deleted folder reports only itself: drop every file under it.
    const key = keyOf(uri);
    const under = key.endsWith('/') ? key : `${key}/`;
    for (const file of [...scope.given.keys()]) if (file === key || file.startsWith(under)) this.drop(scope, file);
    this.touch(scope, DEBOUNCE_MS);
  }

  /**
   * A file `terraform init` wrote (a module it installed, or its manifest) is not given to the engine, which reads it
   * from disk when a configuration calls the module, again at every analysis: a change there only asks for one.
   */
  private installedChanged(scope: Scope, uri: vscode.Uri): boolean {
    if (!uri.path.split('/').includes('.terraform')) return false;
    this.touch(scope, DEBOUNCE_MS);
    return true;
  }

  private give(scope: Scope, key: string, text: string, documentVersion?: number): void {
    this.engine.setText(scope.engineId, key, text);
    scope.given.set(key, documentVersion);
  }

  private drop(scope: Scope, key: string): void {
    this.engine.remove(scope.engineId, key);
    scope.given.delete(key);
  }

  /** A file's text as the command-line tool reads it; undefined (and a log line) when it is too large, not text or unreadable. */
  private async readText(scope: Scope, uri: vscode.Uri): Promise<string | undefined> {
    const limit = scope.settings.config.maxFileSizeKb;
    let reason: string;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const text = bytes.byteLength > limit * 1024 ? undefined : decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      if (text !== undefined) return text;
      reason = bytes.byteLength > limit * 1024 ? `is larger than ${limit} KB (maxFileSizeKb in itar-guard.json)` : 'is not a text file';
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      reason = `cannot be read (${(e as Error).message})`;
    }
    this.log.warn(`skipped ${vscode.workspace.asRelativePath(uri)}: ${reason}`);
    return undefined;
  }

  private touch(scope: Scope, delay: number | undefined): void {
    scope.dirty = true;
    scope.generation++;
    if (delay !== undefined) this.schedule(delay);
  }

  /** Runs the analysis after `delay` ms; a later call restarts the wait, so a burst of edits is analysed once. */
  schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delay);
  }

  /** Analyses pending changes now and resolves when the results are published. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.run();
  }

  /** Resolves when the fixes of the findings published so far (of the scope of `uri`, or of all) have arrived: they follow the findings. */
  fixesSettled(uri?: vscode.Uri): Promise<void> {
    const scope = uri && this.scopeOf(uri);
    return this.engine.fixesSettled(scope ? scope.engineId : undefined);
  }

  /** Resolves when no analysis is pending, running or loading. */
  idle(): Promise<void> {
    if (!this.timer && !this.running && !this.starting) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private run(): Promise<void> {
    if (this.running) {
      // A run in progress finishes first; the changes that arrived since are analysed right after it.
      const after = this.running.then(() => this.run());
      return after;
    }
    const run = (this.running = this.analyzeDirty().finally(() => {
      this.running = undefined;
      this.settle();
    }));
    return run;
  }

  private settle(): void {
    if (!this.timer && !this.running && !this.starting) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async analyzeDirty(): Promise<void> {
    let published = false;
    for (const scope of [...this.scopes.values()].filter((s) => s.dirty)) {
      scope.dirty = false;
      const generation = scope.generation;
      const from = new Map(scope.given);
      const name = scope.folder?.name ?? 'files outside the folders';
      try {
        const { result, ms } = await this.engine.analyze(scope.engineId, { policy: scope.settings.config.policy, rules: scope.settings.config.rules });
        this.log.trace(`checked ${name}: ${result.documents.length} files, ${result.findings.length} findings, ${ms.toFixed(0)} ms`);
        // Inputs changed meanwhile, or the folder was read afresh: the result is stale; the scheduled run follows.
        if (scope.generation !== generation || this.scopes.get(scope.id) !== scope) continue;
        scope.result = result;
        scope.analyzedFrom = from;
        this.lastAnalysisMs = ms;
        published = true;
      } catch (e) {
        this.log.error(`checking ${name} failed: ${(e as Error).message}`);
      }
    }
    if (published) this.didAnalyze.fire();
  }
}
