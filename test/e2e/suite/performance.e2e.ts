/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fillSubscription, subscription, TENANT_ID } from '../../azure/fake-arm/tenant';
import { setUserSetting, useFakeAzure, walk } from './azure-helpers';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, rangeOfText, restoring } from './helpers';

const REGIONS = ['eastus', 'westus2', 'usgovvirginia', 'eastasia', 'westeurope', 'centralus'];

/** A large file of one format: `resources` storage accounts, ten lines each, their regions written `location(r)`. */
interface LargeFile {
  readonly name: string;
  readonly file: string;
  readonly text: (resources: number) => string;
  readonly location: (region: string) => string;
}

const regionOf = (i: number) => REGIONS[i % REGIONS.length];

const LARGE_FILES: readonly LargeFile[] = [
  {
    name: 'ARM template',
    file: 'arm/large.json',
    location: (r) => `"location": "${r}",`,
    text: (n) =>
      [
        '{',
        '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
        '  "contentVersion": "1.0.0.0",',
        '  "resources": [',
        ...Array.from({ length: n }, (_, i) =>
          ['    {', '      "type": "Microsoft.Storage/storageAccounts",', '      "apiVersion": "2023-05-01",', `      "name": "itardata${i}",`, `      "location": "${regionOf(i)}",`, '      "sku": {', '        "name": "Standard_LRS"', '      },', '      "kind": "StorageV2"', `    }${i === n - 1 ? '' : ','}`].join('\n'),
        ),
        '  ]',
        '}',
        '',
      ].join('\n'),
  },
  {
    name: 'Bicep file',
    file: 'bicep/large.bicep',
    location: (r) => `location: '${r}'`,
    text: (n) =>
      Array.from({ length: n }, (_, i) =>
        [`resource data${i} 'Microsoft.Storage/storageAccounts@2023-05-01' = {`, `  name: 'itardata${i}'`, `  location: '${regionOf(i)}'`, '  sku: {', "    name: 'Standard_LRS'", '  }', "  kind: 'StorageV2'", '  properties: {', '  }', '}'].join('\n'),
      ).join('\n') + '\n',
  },
  {
    name: 'Terraform file',
    file: 'terraform/large/main.tf',
    location: (r) => `location                 = "${r}"`,
    text: (n) =>
      Array.from({ length: n }, (_, i) =>
        [`resource "azurerm_storage_account" "data${i}" {`, `  name                     = "itardata${i}"`, '  resource_group_name      = "itar-rg"', `  location                 = "${regionOf(i)}"`, '  account_tier             = "Standard"', '  account_replication_type = "LRS"', '  account_kind             = "StorageV2"', '  tags = {', '  }', '}'].join('\n'),
      ).join('\n') + '\n',
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Time from an edit to the diagnostics that reflect it, over edits that replace `from` by `to` and back;
 * `reflects(ds, toApplied)` tells whether the diagnostics show the current text.
 */
async function keystrokeLatency(doc: vscode.TextDocument, from: string, to: string, reflects: (ds: vscode.Diagnostic[], toApplied: boolean) => boolean, rounds: number): Promise<Latency> {
  const latency: Latency = { times: [], arrived: [], engine: [] };
  const api = await extensionApi();
  const editor = await vscode.window.showTextDocument(doc);
  for (let i = 0; i < rounds; i++) {
    const toApplied = i % 2 === 0;
    const range = rangeOfText(doc, toApplied ? from : to);
    const start = performance.now();
    const arrived = new Promise<number>((resolve) => {
      const listener = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== doc) return;
        listener.dispose();
        resolve(performance.now());
      });
    });
    await editor.edit((e) => e.replace(range, toApplied ? to : from));
    await diagnosticsWhere(doc.uri, `diagnostics after edit ${i}`, (ds) => reflects(ds, toApplied), 30_000);
    latency.times.push(performance.now() - start);
    latency.arrived.push((await arrived) - start);
    latency.engine.push(api.timings.lastAnalysisMs ?? Number.NaN);
  }
  return latency;
}

/** From an edit to the diagnostics that reflect it; when the extension host heard of the edit; the engine's analysis. */
interface Latency {
  readonly times: number[];
  readonly arrived: number[];
  readonly engine: number[];
}

function latencyFigures({ times, arrived, engine }: Latency): string {
  return `median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (the edit reached the extension host after ${median(arrived).toFixed(0)} ms; debounce 200 ms; the engine's analysis ${median(engine).toFixed(0)} ms)`;
}

describe('performance (figures are printed)', () => {
  it('activates quickly and checks the workspace at start-up', async () => {
    const api = await extensionApi();
    console.log(`PERF activation: ${api.timings.activationMs.toFixed(1)} ms; start-up check of the workspace: ${api.timings.startupScanMs?.toFixed(0)} ms`);
    assert.ok(api.timings.activationMs < 2000);
  });

  for (const large of LARGE_FILES) {
    it(`a 5,000-line ${large.name}: first diagnostics and keystroke latency`, async () => {
      await extensionApi();
      const text = large.text(500);
      const lines = text.split('\n').length;
      assert.ok(lines >= 5000, `${lines} lines`);
      const uri = fixtureUri(large.file);
      const start = performance.now();
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      try {
        const ds = await diagnosticsWhere(uri, `diagnostics of the large ${large.name}`, (d) => d.length > 0, 60_000);
        const first = performance.now() - start;
        // One region-proscribed finding per resource placed in eastasia.
        assert.equal(ds.filter((d) => codeOf(d) === 'region-proscribed').length, Math.ceil((500 - 3) / 6));
        console.log(`PERF ${lines}-line ${large.name}: first diagnostics ${first.toFixed(0)} ms after the file appeared on disk (${ds.length} diagnostics)`);

        const doc = await vscode.workspace.openTextDocument(uri);
        const line = rangeOfText(doc, large.location('eastus')).start.line;
        const typoAt = (d: vscode.Diagnostic[]) => d.some((x) => x.range.start.line === line && codeOf(x) === 'region-not-allowed');
        const latency = await keystrokeLatency(doc, large.location('eastus'), large.location('eastuz'), (d, typo) => typoAt(d) === typo, 6);
        console.log(`PERF keystroke to diagnostics, ${lines}-line ${large.name}: ${latencyFigures(latency)}`);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      } finally {
        await vscode.workspace.fs.delete(uri);
      }
    });
  }

  it('keystroke latency in a small template', async () => {
    await restoring('arm/storage.json', async (doc) => {
      await diagnosticsWhere(doc.uri, 'findings', (ds) => ds.length === 3);
      const latency = await keystrokeLatency(doc, '"westeurope"', '"eastus2"', (ds, fixed) => ds.some((d) => codeOf(d) === 'region-not-allowed') !== fixed, 8);
      console.log(`PERF keystroke to diagnostics, small template: ${latencyFigures(latency)}`);
      assert.ok(median(latency.times) < 2000);
    });
  });

  it('the Azure Compliance view: 10,000 resources in 20 subscriptions read, checked and shown', async function () {
    this.timeout(180_000);
    const tree = (await extensionApi()).azureTree;
    const subscriptions = Array.from({ length: 20 }, (_, i) => subscription(i + 1));
    const locations = ['eastus', 'westeurope', 'usgovvirginia', 'eastasia'];
    const resources = subscriptions.flatMap((s, i) => fillSubscription(s.subscriptionId, 500, locations[i % locations.length]));
    const fake = await useFakeAzure({ tenantId: TENANT_ID, cloud: 'AzureCloud', subscriptions, resources });
    await setUserSetting('itarGuard', 'azure.clouds', ['AzureCloud']);
    try {
      const base = process.memoryUsage().rss;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const started = performance.now();
      await vscode.commands.executeCommand('itarGuard.azure.refresh');
      const read = performance.now();
      // Every item of the tree, as if each were expanded.
      const nodes = walk(tree);
      for (const n of nodes) tree.getTreeItem(n);
      const shown = performance.now();
      clearInterval(sampler);
      const extraMb = (Math.max(peak, process.memoryUsage().rss) - base) / 1024 / 1024;
      const count = nodes.filter((n) => n.kind === 'resource' || (n.kind === 'group' && n.group.resource)).length;
      assert.equal(count, 10_000);
      console.log(
        `PERF Azure Compliance view: ${count} resources in ${subscriptions.length} subscriptions read and checked in ${(read - started).toFixed(0)} ms, ${nodes.length} items built in ${(shown - read).toFixed(0)} ms: ${(shown - started).toFixed(0)} ms in all (target 5000 ms, held by npm run bench:live); extra memory of the extension host ${extraMb.toFixed(0)} MB resident at peak (budget 300 MB)`,
      );
      // A sanity bound only: CI machines vary in speed, and the 5 s target is measured by `npm run bench:live`.
      assert.ok(shown - started < 30_000, 'within 30 s');
      assert.ok(extraMb < 300, 'within 300 MB');
    } finally {
      await fake.release();
      await setUserSetting('itarGuard', 'azure.clouds', undefined);
    }
  });
});
