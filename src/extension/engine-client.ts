/**
 * The extension's side of the engine worker: posts file texts, asks for analyses and edits, and starts a fresh
 * worker when one ends unexpectedly (the caller then gives it the files again).
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { LiveResourceJson } from '../engine/formats/arm/live';
import type { Finding, TextEdit } from '../engine/model/finding';
import type { Span } from '../engine/model/span';
import type { AnalysisConfig } from '../engine/workspace/workspace';
import type { Reply, Request, ScopeResult } from './engine-protocol';
import { FindingsReceiver } from './findings-wire';

type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };

export class EngineClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  /** What each scope's analyses have received from the worker (a new worker sends everything again). */
  private readonly receivers = new Map<string, FindingsReceiver>();
  /** Each analysis whose fixes are still to come, by request id: its scope, its receiver, and its wait's end. */
  private readonly fixing = new Map<number, { readonly scope: string; readonly receiver: FindingsReceiver; readonly arrived: Promise<void>; readonly settle: () => void }>();
  private readonly fixesArrived = new EventEmitter();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly log: vscode.LogOutputChannel,
    /** Called when a worker ended unexpectedly and a new one has none of the files. */
    private readonly onRestart: () => void,
  ) {}

  private get port(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (reply: Reply) => {
      // An analysis's fixes follow its reply; any other message for its id (a failure to send them) means none will.
      const fixing = this.fixing.get(reply.id);
      if (fixing && reply.type !== 'analyzed') {
        this.fixing.delete(reply.id);
        if (reply.type === 'fixes') fixing.receiver.receiveFixes(reply.fixes);
        fixing.settle();
      }
      if (reply.type === 'fixes') {
        this.fixesArrived.emit('fixes');
        return;
      }
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      p?.resolve(reply);
    });
    worker.on('error', (e) => this.log.error(`the ITAR Guard engine failed: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.receivers.clear();
      // A worker that ended sends no more fixes: the findings keep the fixes they have.
      for (const f of this.fixing.values()) f.settle();
      this.fixing.clear();
      for (const p of this.pending.values()) p.reject(new Error(`the engine worker ended (exit code ${code})`));
      this.pending.clear();
      if (!this.disposed) {
        this.log.warn(`the engine worker ended (exit code ${code}); starting a new one`);
        this.onRestart();
      }
    });
    this.worker = worker;
    return worker;
  }

  private post(req: Request): void {
    this.port.postMessage(req);
  }

  private ask(make: (id: number) => Request): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(make(id));
    });
  }

  setText(scope: string, uri: string, text: string): void {
    this.post({ type: 'set', scope, uri, text });
  }

  remove(scope: string, uri: string): void {
    this.post({ type: 'remove', scope, uri });
  }

  dropScope(scope: string): void {
    this.receivers.delete(scope);
    this.post({ type: 'drop-scope', scope });
  }

  async analyze(scope: string, config: AnalysisConfig): Promise<{ result: ScopeResult; ms: number }> {
    // Taken when asking: a reply that arrives after the scope was dropped is still read against what it sent before.
    let receiver = this.receivers.get(scope);
    if (!receiver) this.receivers.set(scope, (receiver = new FindingsReceiver()));
    const reply = await this.ask((id) => {
      let settle = () => {};
      const arrived = new Promise<void>((resolve) => (settle = resolve));
      this.fixing.set(id, { scope, receiver, arrived, settle });
      return { type: 'analyze', id, scope, config };
    });
    if (reply.type === 'failed') throw new Error(reply.message);
    if (reply.type !== 'analyzed') throw new Error(`unexpected reply ${reply.type}`);
    return { result: { findings: receiver.receive(reply.result.findings), documents: reply.result.documents }, ms: reply.ms };
  }

  /** Resolves once the fixes of the analyses asked for so far (of one scope, or of all) have arrived. */
  async fixesSettled(scope?: string): Promise<void> {
    await Promise.all([...this.fixing.values()].filter((f) => scope === undefined || f.scope === scope).map((f) => f.arrived));
  }

  /** Called each time the fixes of an analysis arrive. */
  onFixes(listener: () => void): vscode.Disposable {
    this.fixesArrived.on('fixes', listener);
    return { dispose: () => void this.fixesArrived.off('fixes', listener) };
  }

  async suppression(scope: string, finding: Finding, reason: string): Promise<TextEdit | undefined> {
    const reply = await this.ask((id) => ({ type: 'suppression', id, scope, finding, reason }));
    if (reply.type === 'failed') throw new Error(reply.message);
    return reply.type === 'edit' ? reply.edit : undefined;
  }

  /** The findings of each deployed resource, in the order given. */
  async checkLive(resources: readonly LiveResourceJson[], config: AnalysisConfig): Promise<{ findings: readonly (readonly Finding[])[]; ms: number }> {
    const reply = await this.ask((id) => ({ type: 'check-live', id, resources, config }));
    if (reply.type === 'failed') throw new Error(reply.message);
    if (reply.type !== 'live-checked') throw new Error(`unexpected reply ${reply.type}`);
    return { findings: reply.findings, ms: reply.ms };
  }

  /** Where the analysed workspace declares a resource of this ARM type and full name. */
  async declarations(resourceType: string, name: string): Promise<readonly Span[]> {
    const reply = await this.ask((id) => ({ type: 'declarations', id, resourceType, name }));
    if (reply.type === 'failed') throw new Error(reply.message);
    return reply.type === 'declarations' ? reply.spans : [];
  }

  dispose(): void {
    this.disposed = true;
    // The worker's exit is not awaited: nothing waits for fixes it will not send.
    for (const f of this.fixing.values()) f.settle();
    this.fixing.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
