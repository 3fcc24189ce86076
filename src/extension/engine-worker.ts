/**
 * The engine, in a worker thread of the extension host: parsing and analysing a large workspace never blocks the
 * editor's extensions. One engine `Workspace` per scope (a workspace folder, or the files outside them).
 */
import { parentPort } from 'node:worker_threads';
import { nodeHost } from '../cli/io';
import { ADAPTERS } from '../engine/formats';
import type { Resource } from '../engine/model/resource';
import { spanKey, type Span } from '../engine/model/span';
import * as V from '../engine/model/value';
import { Workspace } from '../engine/workspace/workspace';
import type { Reply, Request } from './engine-protocol';
import { FindingsSender } from './findings-wire';

const scopes = new Map<string, Workspace>();
/** What each scope's replies have sent the extension. */
const senders = new Map<string, FindingsSender>();
/** Each scope's resources as its last analysis found them, for looking up declarations. */
const analysed = new Map<string, readonly Resource[]>();

function workspace(scope: string): Workspace {
  let ws = scopes.get(scope);
  if (!ws) {
    ws = new Workspace(ADAPTERS, nodeHost);
    scopes.set(scope, ws);
  }
  return ws;
}

async function handle(req: Request): Promise<Reply | undefined> {
  switch (req.type) {
    case 'set':
      workspace(req.scope).setText(req.uri, req.text);
      return undefined;
    case 'remove':
      workspace(req.scope).remove(req.uri);
      return undefined;
    case 'drop-scope':
      scopes.delete(req.scope);
      senders.delete(req.scope);
      analysed.delete(req.scope);
      return undefined;
    case 'analyze': {
      const ws = workspace(req.scope);
      // Formats whose parsers load asynchronously (Terraform's WebAssembly grammar) are ready before the first parse.
      await ws.ready();
      const started = performance.now();
      const r = ws.analyze(req.config);
      analysed.set(req.scope, r.resources);
      const documents = r.documents.map((d) => ({ uri: d.uri, format: d.format, kind: d.kind }));
      let sender = senders.get(req.scope);
      if (!sender) senders.set(req.scope, (sender = new FindingsSender()));
      return { type: 'analyzed', id: req.id, result: { findings: sender.send(r.findings), documents }, ms: performance.now() - started };
    }
    case 'suppression':
      return { type: 'edit', id: req.id, edit: workspace(req.scope).suppression(req.finding, req.reason) };
    case 'check-live': {
      const started = performance.now();
      // The live checker holds nothing of the Azure SDK: the rules over resources as Azure returns them.
      const { evaluateLiveResources } = await import('../azure/evaluate');
      const evaluation = evaluateLiveResources(req.resources, req.config);
      return { type: 'live-checked', id: req.id, findings: req.resources.map((r) => evaluation.findingsOf(r.id)), ms: performance.now() - started };
    }
    case 'declarations':
      return { type: 'declarations', id: req.id, spans: declarations(req.resourceType, req.name) };
  }
}

/** Where the workspace declares a resource that deploys this type and name (references to existing ones left out). */
function declarations(type: string, name: string): Span[] {
  const wantedType = type.toLowerCase();
  const wantedName = name.toLowerCase();
  const found = new Map<string, Span>();
  for (const resources of analysed.values()) {
    for (const r of resources) {
      if (r.existing || r.type.toLowerCase() !== wantedType) continue;
      if (V.strings(r.name).some((s) => s.value.toLowerCase() === wantedName)) found.set(spanKey(r.declaration), r.declaration);
    }
  }
  return [...found.values()];
}

/** Requests are handled one after the other, in the order they were sent, even while one awaits. */
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (req: Request) => {
  queue = queue.then(async () => {
    try {
      const reply = await handle(req);
      if (reply) parentPort?.postMessage(reply);
      // The fixes follow the findings, so that the editor shows these first (see findings-wire.ts).
      if (req.type === 'analyze' && reply?.type === 'analyzed') parentPort?.postMessage({ type: 'fixes', id: req.id, fixes: senders.get(req.scope)?.fixes() ?? [] } satisfies Reply);
    } catch (e) {
      // A reply that could not be sent leaves the extension without its findings: the next one sends them all.
      if (req.type === 'analyze') senders.delete(req.scope);
      // The engine is written not to throw; if it does, the request fails and the worker goes on.
      if ('id' in req) parentPort?.postMessage({ type: 'failed', id: req.id, message: (e as Error).stack ?? String(e) } satisfies Reply);
    }
  });
});
