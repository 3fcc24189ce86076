/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, openFixture, ours, rangeOfText } from './helpers';

const DOCS = 'https://github.com/itar-guard/itar-guard/blob/main/docs/rules/';

describe('diagnostics', () => {
  before(async () => {
    await extensionApi();
  });

  it('checks the whole workspace at start-up, files not opened included', async () => {
    const app = await diagnosticsWhere(fixtureUri('arm/app.json'), 'diagnostics of a file never opened', (ds) => ds.length > 0);
    assert.deepEqual(app.map(codeOf), ['region-unresolved']);
  });

  it('reports each finding where the value is written, with code, docs link, severity and related locations', async () => {
    const editor = await openFixture('arm/storage.json');
    const doc = editor.document;
    const ds = await diagnosticsWhere(doc.uri, 'three findings in storage.json', (d) => d.length === 3);
    const byCode = new Map(ds.map((d) => [codeOf(d), d]));

    const proscribed = byCode.get('region-proscribed')!;
    assert.ok(proscribed, 'region-proscribed');
    assert.ok(proscribed.range.isEqual(rangeOfText(doc, '"eastasia"')));
    assert.equal(proscribed.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(proscribed.source, 'ITAR Guard');
    assert.equal(typeof proscribed.code === 'object' && proscribed.code.target.toString(true), `${DOCS}region-proscribed.md`);
    assert.match(proscribed.message, /Hong Kong/);
    const related = proscribed.relatedInformation ?? [];
    const has = (range: vscode.Range, message: RegExp) => related.some((r) => r.location.uri.toString() === doc.uri.toString() && r.location.range.isEqual(range) && message.test(r.message));
    assert.ok(has(rangeOfText(doc, '"type": "Microsoft.Storage/storageAccounts"', 0), /^Microsoft\.Storage\/storageAccounts 'itardata'.* is deployed to 'eastasia'$/), 'first affected resource');
    assert.ok(has(rangeOfText(doc, '"type": "Microsoft.Storage/storageAccounts"', 1), /^Microsoft\.Storage\/storageAccounts 'itarlogs'.* is deployed to 'eastasia'$/), 'second affected resource');
    assert.ok(has(rangeOfText(doc, "parameters('location')", 0), /the value reaches the resource through here/), 'the hop through the first resource');
    assert.ok(has(rangeOfText(doc, "parameters('location')", 1), /the value reaches the resource through here/), 'the hop through the second resource');
    assert.equal(related.length, 4);

    const notAllowed = byCode.get('region-not-allowed')!;
    assert.ok(notAllowed.range.isEqual(rangeOfText(doc, '"westeurope"')));
    assert.equal(notAllowed.severity, vscode.DiagnosticSeverity.Error);
    assert.match(notAllowed.message, /profile 'us-only'/);

    const unresolved = byCode.get('region-unresolved')!;
    assert.ok(unresolved.range.isEqual(rangeOfText(doc, "parameters('networkLocation')")));
    assert.equal(unresolved.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok((unresolved.relatedInformation ?? []).some((r) => r.location.range.isEqual(rangeOfText(doc, 'resourceGroup()'))));
  });

  it('checks a template outside every workspace folder while it is open', async () => {
    const dir = vscode.Uri.file(path.join(os.tmpdir(), `itar-guard-loose-${Date.now()}`));
    const loose = vscode.Uri.joinPath(dir, 'loose.json');
    const template = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'loose', location: 'chinanorth3' }] };
    await vscode.workspace.fs.writeFile(loose, new TextEncoder().encode(JSON.stringify(template, null, 2)));
    try {
      const editor = await vscode.window.showTextDocument(loose);
      const [d] = await diagnosticsWhere(loose, 'region-proscribed in the loose file', (ds) => ds.length > 0);
      assert.equal(codeOf(d), 'region-proscribed');
      assert.ok(d.range.isEqual(rangeOfText(editor.document, '"chinanorth3"')));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await diagnosticsWhere(loose, 'cleared once closed', (ds) => ds.length === 0);
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  it('shows no diagnostics for JSON files that are no templates', async () => {
    await extensionApi();
    const settings = vscode.workspace.workspaceFolders![0].uri;
    const other = vscode.Uri.joinPath(settings, 'package.json');
    assert.deepEqual(ours(other), []);
  });
});
