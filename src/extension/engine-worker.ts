/**
 * The engine, in a worker thread of the extension host: parsing and analysing a large workspace never blocks the
 * editor's extensions. One engine `Workspace` per scope (a workspace folder, or the files outside them).
 */
import { parentPort } from 'node:worker_threads';
import { nodeHost } from '../cli/io';
import { ADAPTERS } from '../engine/formats';
import { Workspace } from '../engine/workspace/workspace';
import type { Reply, Request } from './engine-protocol';

const scopes = new Map<string, Workspace>();

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
      return undefined;
    case 'analyze': {
      const ws = workspace(req.scope);
      // Formats whose parsers load asynchronously (Terraform's WebAssembly grammar) are ready before the first parse.
      await ws.ready();
      const started = performance.now();
      const r = ws.analyze(req.config);
      const documents = r.documents.map((d) => ({ uri: d.uri, format: d.format, kind: d.kind }));
      return { type: 'analyzed', id: req.id, result: { findings: r.findings, documents }, ms: performance.now() - started };
    }
    case 'suppression':
      return { type: 'edit', id: req.id, edit: workspace(req.scope).suppression(req.finding, req.reason) };
  }
}

/** Requests are handled one after the other, in the order they were sent, even while one awaits. */
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (req: Request) => {
  queue = queue.then(async () => {
    try {
      const reply = await handle(req);
      if (reply) parentPort?.postMessage(reply);
    } catch (e) {
      // The engine is written not to throw; if it does, the request fails and the worker goes on.
      if ('id' in req) parentPort?.postMessage({ type: 'failed', id: req.id, message: (e as Error).stack ?? String(e) } satisfies Reply);
    }
  });
});
