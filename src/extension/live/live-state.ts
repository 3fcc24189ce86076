/**
 * The state of the Azure Compliance view: for each configured cloud, whether the user is signed in and what the
 * last read found. A read signs in (silently), lists the tenants and the chosen tenant's subscriptions, reads the
 * selected subscriptions' resources through the Azure SDK bundle, and has the engine worker check them with the
 * workspace's profile and rule levels. Reads start when the view is first shown, on demand, on the interval the
 * settings give, and when the clouds, the subscription selection or the sign-in change; they show progress and
 * can be cancelled. A changed profile re-checks what was read without reading Azure again.
 */
import * as vscode from 'vscode';
import type { CloudReading } from '../../azure/account';
import { CLOUDS, type CloudName } from '../../azure/clouds';
import type { LoadProgress } from '../../azure/load';
import type { AnalysisConfig } from '../../engine/workspace/workspace';
import type { Analysis } from '../analysis';
import { loadScopeConfig, SECTION } from '../settings';
import { cloudResult, type CloudResult } from './model';
import { AUTH_PROVIDERS, configuredClouds, existingSession, SessionCredential, signInProblem, SignInRequired, testEndpoints } from './sign-in';

export const AZURE_VIEW = 'itarGuard.azure';

export type CloudState =
  /** Not read yet. */
  | { readonly kind: 'idle' }
  | { readonly kind: 'signed-out' }
  /** VS Code cannot sign in to the cloud as configured; `fix` is the command that changes the configuration. */
  | { readonly kind: 'unavailable'; readonly message: string; readonly fix?: string }
  /** A tenant needs the user to sign in again. */
  | { readonly kind: 'sign-in-required'; readonly tenantId?: string; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'loaded'; readonly result: CloudResult; readonly account?: string; readonly checkedAt: Date };

export interface CloudView {
  readonly cloud: CloudName;
  readonly state: CloudState;
  /** A read is under way; the state is the previous one meanwhile. */
  readonly loading: boolean;
  /** The last read was cancelled: the state is from before it. */
  readonly cancelled: boolean;
  readonly progress?: LoadProgress;
}

interface Entry {
  state: CloudState;
  loading: boolean;
  cancelled: boolean;
  progress?: LoadProgress;
  controller?: AbortController;
  /** What the last read returned, to check again under another configuration. */
  reading?: { reading: CloudReading; account?: string };
}

/** A read that lasts longer than this also shows a notification with a Cancel button. */
const LONG_READ_MS = 1500;

/** The Azure SDK side: a bundle of its own (`dist/azure.js`), loaded the first time a cloud is read. */
type AzureModule = typeof import('../../azure/extension-entry');
const TENANT_KEY = (cloud: CloudName) => `itarGuard.azure.tenant.${cloud}`;

export class LiveState implements vscode.Disposable {
  private readonly entries = new Map<CloudName, Entry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private started = false;
  private stale = false;
  private interval: ReturnType<typeof setInterval> | undefined;
  private view: vscode.TreeView<unknown> | undefined;
  private reportProgress: ((message: string) => void) | undefined;
  /** The configuration the loaded clouds were checked with. */
  private checkedWith = '';
  private azure: AzureModule | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly analysis: Analysis,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.azure.refreshInterval`)) this.schedule();
        if (e.affectsConfiguration(`${SECTION}.azure.clouds`) || e.affectsConfiguration('microsoft-sovereign-cloud.environment') || e.affectsConfiguration(`${SECTION}.azure.subscriptions`)) {
          this.changed.fire();
          if (this.started) void this.refresh();
        }
      }),
      vscode.authentication.onDidChangeSessions((e) => void this.sessionsChanged(e.provider.id).catch((err: unknown) => this.log.warn(`Azure Compliance: ${this.describe(err)}`))),
      analysis.onDidAnalyze(() => void this.recheckIfConfigChanged().catch((err: unknown) => this.log.warn(`Azure Compliance: checking again failed: ${this.describe(err)}`))),
    );
    this.schedule();
  }

  dispose(): void {
    clearInterval(this.interval);
    for (const e of this.entries.values()) e.controller?.abort();
    for (const d of this.disposables) d.dispose();
  }

  /** The view the state is shown in: an interval refresh waits until it is visible. */
  attach(view: vscode.TreeView<unknown>): vscode.Disposable {
    this.view = view;
    return view.onDidChangeVisibility((e) => {
      if (e.visible && this.stale) void this.refresh();
    });
  }

  clouds(): CloudView[] {
    return configuredClouds().map((cloud) => ({ cloud, ...this.entry(cloud) }));
  }

  /** The first time the view asks for its content: read every cloud. */
  ensureStarted(): void {
    if (!this.started) void this.refresh();
  }

  isLoading(): boolean {
    return [...this.entries.values()].some((e) => e.loading);
  }

  /** Resolves when no cloud is being read. */
  idle(): Promise<void> {
    if (!this.isLoading()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = this.onDidChange(() => {
        if (this.isLoading()) return;
        listener.dispose();
        resolve();
      });
    });
  }

  /**
   * Reads the clouds (every configured one by default); a read of a cloud under way is replaced. Resolves when
   * every read, including any that replaced these, is done.
   */
  async refresh(clouds: readonly CloudName[] = configuredClouds()): Promise<void> {
    this.started = true;
    this.stale = false;
    const reads = clouds.map((cloud) => {
      const entry = this.entry(cloud);
      entry.controller?.abort();
      const controller = new AbortController();
      entry.controller = controller;
      return this.read(cloud, entry, controller);
    });
    await this.withProgress(Promise.all(reads));
    await this.idle();
  }

  /** Stops every read under way; what was read before stays. */
  cancel(): void {
    for (const e of this.entries.values()) e.controller?.abort();
  }

  async chooseTenant(cloud: CloudName, tenantId: string): Promise<void> {
    await this.context.globalState.update(TENANT_KEY(cloud), tenantId);
    await this.refresh([cloud]);
  }

  private entry(cloud: CloudName): Entry {
    let e = this.entries.get(cloud);
    if (!e) this.entries.set(cloud, (e = { state: { kind: 'idle' }, loading: false, cancelled: false }));
    return e;
  }

  private async read(cloud: CloudName, entry: Entry, controller: AbortController): Promise<void> {
    entry.loading = true;
    entry.cancelled = false;
    entry.progress = undefined;
    this.changed.fire();
    const started = performance.now();
    let state: CloudState | undefined;
    try {
      state = await this.signInAndRead(cloud, entry, controller.signal);
      if (state.kind === 'loaded') {
        const n = state.result.subscriptions.reduce((k, s) => k + s.items.length, 0);
        this.log.info(`Azure Compliance: ${CLOUDS[cloud].displayName}: ${n} resources in ${state.result.subscriptions.length} subscriptions read and checked in ${(performance.now() - started).toFixed(0)} ms`);
      } else if (state.kind === 'failed' || state.kind === 'sign-in-required' || state.kind === 'unavailable') {
        this.log.warn(`Azure Compliance: ${CLOUDS[cloud].displayName}: ${state.message}`);
      }
    } catch (e) {
      if (!controller.signal.aborted) state = { kind: 'failed', message: this.describe(e) };
    }
    // A newer read of the cloud replaced this one: it owns the entry now.
    if (entry.controller !== controller) return;
    entry.controller = undefined;
    entry.loading = false;
    entry.progress = undefined;
    if (state) entry.state = state;
    else entry.cancelled = true;
    this.changed.fire();
  }

  /** What went wrong, in one line with anything like a token blanked (the Azure side's description, once loaded). */
  private describe(e: unknown): string {
    return this.azure?.describeAzureError(e) ?? (e instanceof Error ? e.message : String(e));
  }

  private async signInAndRead(cloud: CloudName, entry: Entry, signal: AbortSignal): Promise<CloudState> {
    const problem = signInProblem(cloud);
    if (problem) return { kind: 'unavailable', message: problem, fix: 'itarGuard.azure.chooseClouds' };
    let test;
    try {
      test = testEndpoints(this.context.extensionMode);
    } catch (e) {
      return { kind: 'unavailable', message: (e as Error).message };
    }
    let account: string | undefined;
    if (!test) {
      let session;
      try {
        session = await existingSession(cloud);
      } catch (e) {
        return { kind: 'unavailable', message: `VS Code cannot sign in to ${CLOUDS[cloud].displayName}: ${(e as Error).message}` };
      }
      if (!session) return { kind: 'signed-out' };
      account = session.account.label;
    }
    const azure = (this.azure ??= await import('../../azure/extension-entry'));
    const endpoints = test;
    let reading: CloudReading;
    try {
      reading = await azure.readCloud({
        cloud: CLOUDS[cloud],
        credentialFor: (tenantId) => (endpoints ? new azure.LoopbackTestCredential(endpoints.token, tenantId) : new SessionCredential(cloud, tenantId)),
        preferredTenant: this.context.globalState.get<string>(TENANT_KEY(cloud)),
        subscriptionFilter: vscode.workspace.getConfiguration(SECTION).get<string[]>('azure.subscriptions') ?? [],
        endpoint: endpoints?.resourceManager,
        signal,
        onProgress: (p) => {
          entry.progress = p;
          this.reportProgress?.(this.progressMessage());
        },
      });
    } catch (e) {
      if (signal.aborted) throw e;
      const cause = (e as Error).cause;
      if (cause instanceof SignInRequired) return { kind: 'sign-in-required', tenantId: cause.tenantId, message: this.describe(e) };
      return { kind: 'failed', message: this.describe(e) };
    }
    entry.reading = { reading, account };
    return this.check(reading, account);
  }

  /** The profile and rule levels of the first workspace folder (its `itar-guard.json` winning), as for its files. */
  private async config(): Promise<AnalysisConfig> {
    const scope = this.analysis.allScopes().find((s) => s.folder) ?? this.analysis.allScopes()[0];
    const config = scope?.settings.config ?? (await loadScopeConfig(vscode.workspace.workspaceFolders?.[0])).config;
    return { policy: config.policy, rules: config.rules };
  }

  private async check(reading: CloudReading, account: string | undefined): Promise<CloudState> {
    const config = await this.config();
    this.checkedWith = JSON.stringify(config);
    const rows = reading.load.subscriptions.flatMap((s) => s.resources);
    const { findings } = await this.analysis.engine.checkLive(rows, config);
    const byRow = new Map(rows.map((r, i) => [r, findings[i]]));
    return { kind: 'loaded', result: cloudResult(reading, (r) => byRow.get(r) ?? []), account, checkedAt: new Date() };
  }

  /** A changed profile or rule level: what was read is checked again. */
  private async recheckIfConfigChanged(): Promise<void> {
    if (!this.checkedWith || JSON.stringify(await this.config()) === this.checkedWith) return;
    for (const entry of this.entries.values()) {
      if (entry.state.kind !== 'loaded' || !entry.reading || entry.loading) continue;
      entry.state = await this.check(entry.reading.reading, entry.reading.account);
    }
    this.changed.fire();
  }

  private async sessionsChanged(provider: string): Promise<void> {
    if (!this.started || testEndpoints(this.context.extensionMode)) return;
    const affected = configuredClouds().filter((c) => AUTH_PROVIDERS[c] === provider && !this.entry(c).loading);
    // A new session reads a cloud that was signed out; a signed-out account leaves nothing to show. Sessions that
    // a read creates for a tenant do not start another read.
    const toRead: CloudName[] = [];
    for (const cloud of affected) {
      const entry = this.entry(cloud);
      const signedIn = !!(await existingSession(cloud).then(undefined, () => undefined));
      if (!signedIn) {
        entry.state = { kind: 'signed-out' };
        entry.reading = undefined;
      } else if (entry.state.kind !== 'loaded') toRead.push(cloud);
    }
    this.changed.fire();
    if (toRead.length) await this.refresh(toRead);
  }

  private schedule(): void {
    clearInterval(this.interval);
    const minutes = vscode.workspace.getConfiguration(SECTION).get<number>('azure.refreshInterval') ?? 0;
    if (minutes > 0) this.interval = setInterval(() => this.tick(), minutes * 60_000);
  }

  private tick(): void {
    if (!this.started || this.isLoading()) return;
    if (this.view?.visible) void this.refresh();
    else this.stale = true;
  }

  private progressMessage(): string {
    return [...this.entries]
      .filter(([, e]) => e.loading && e.progress)
      .map(([cloud, e]) => `${CLOUDS[cloud].displayName}: ${e.progress!.message}, ${e.progress!.resources.toLocaleString('en-US')}${e.progress!.total ? ` of ${e.progress!.total.toLocaleString('en-US')}` : ''} resources`)
      .join('; ');
  }

  /** Progress in the view; a long read also in a notification that can cancel it. */
  private async withProgress(work: Promise<unknown>): Promise<void> {
    void vscode.commands.executeCommand('setContext', 'itarGuard.azure.loading', true);
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    void vscode.window.withProgress({ location: { viewId: AZURE_VIEW } }, () => done);
    const timer = setTimeout(() => {
      if (!this.isLoading()) return;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ITAR Guard: reading Azure', cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => this.cancel());
        this.reportProgress = (message) => progress.report({ message });
        this.reportProgress(this.progressMessage());
        return done;
      });
    }, LONG_READ_MS);
    await done;
    clearTimeout(timer);
    if (!this.isLoading()) {
      this.reportProgress = undefined;
      void vscode.commands.executeCommand('setContext', 'itarGuard.azure.loading', false);
    }
  }
}
