/**
 * The extension's engine client with the engine worker itself: the findings of an analysis arrive first, their quick
 * fixes after them, and `fixesSettled` resolves once they have, with the fixes an analysis in this thread gives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type * as vscode from 'vscode';
import { ADAPTERS } from '../../src/engine/formats';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace } from '../../src/engine/workspace/workspace';
import { EngineClient } from '../../src/extension/engine-client';

/** The worker from source: a script that loads TypeScript's loader and then the worker's module. */
const SCRIPT = path.join(mkdtempSync(path.join(tmpdir(), 'itar-guard-worker-')), 'worker.cjs');
writeFileSync(SCRIPT, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'extension', 'engine-worker.ts'))});\n`);
after(() => rmSync(path.dirname(SCRIPT), { recursive: true, force: true }));
const URI = 'file:///w/main.bicep';
const TEXT = "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'itardata'\n  location: 'eastasia'\n  sku: { name: 'Standard_LRS' }\n  kind: 'StorageV2'\n}\n";

const silent = { trace() {}, info() {}, warn() {}, error: (m: string) => assert.fail(m) } as unknown as vscode.LogOutputChannel;

/** Runs `use` with a client of a worker from source, disposed afterwards. */
async function withClient(use: (client: EngineClient) => Promise<void>): Promise<void> {
  const client = new EngineClient(SCRIPT, silent, () => assert.fail('the worker ended'));
  try {
    await use(client);
  } finally {
    client.dispose();
  }
}

test('the fixes follow the findings from the worker; once settled, every finding has the fixes computed in this thread', () =>
  withClient(async (client) => {
    let arrivals = 0;
    client.onFixes(() => arrivals++);
    client.setText('folder', URI, TEXT);
    const { result } = await client.analyze('folder', { policy: DEFAULT_POLICY });
    await client.fixesSettled();
    assert.equal(arrivals, 1);

    const local = new Workspace(ADAPTERS);
    await local.ready();
    local.setText(URI, TEXT);
    const expected = local.analyze({ policy: DEFAULT_POLICY }).findings;
    const shown = (fs: readonly { ruleId: string; message: string; fixes: readonly { title: string; edits: readonly { newText: string }[] }[] }[]) =>
      fs.map((f) => [f.ruleId, f.message, f.fixes.map((x) => [x.title, x.edits.map((e) => e.newText)])]);
    assert.ok(expected.some((f) => f.fixes.length), 'the example has findings with fixes');
    assert.deepEqual(shown(result.findings), shown(expected));

    // A second analysis of the same text sends no finding again, and its findings keep their fixes.
    const again = await client.analyze('folder', { policy: DEFAULT_POLICY });
    await client.fixesSettled();
    assert.deepEqual(shown(again.result.findings), shown(expected));
    assert.equal(again.result.findings[0], result.findings[0], 'the same finding objects');
  }));

test('waiting for fixes with no analysis in flight, or after the client is disposed, starts no worker', () =>
  withClient(async (client) => {
    const worker = () => (client as unknown as { worker?: unknown }).worker;
    await client.fixesSettled();
    await client.fixesSettled('folder');
    assert.equal(worker(), undefined);
    client.dispose();
    await client.fixesSettled();
    assert.equal(worker(), undefined);
  }));

test('disposing the client while an analysis is in flight ends the wait for its fixes', () =>
  withClient(async (client) => {
    client.setText('folder', URI, TEXT);
    void client.analyze('folder', { policy: DEFAULT_POLICY }).catch(() => undefined);
    client.dispose();
    await client.fixesSettled('folder');
  }));
