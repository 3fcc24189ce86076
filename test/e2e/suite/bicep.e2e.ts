/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, hoverText, itarGuardActions, openFixture, ours, rangeOfText, restoring } from './helpers';

const REASON = 'approved by the export-control office, ticket 1234';

describe('Bicep', () => {
  before(async () => {
    await extensionApi();
  });

  it('opens .bicep and .bicepparam files in their languages, with diagnostics where the values are written', async () => {
    const doc = (await openFixture('bicep/main.bicep')).document;
    assert.equal(doc.languageId, 'bicep');
    assert.equal((await vscode.workspace.openTextDocument(fixtureUri('bicep/main.bicepparam'))).languageId, 'bicep-params');
    const ds = await diagnosticsWhere(doc.uri, 'two findings in main.bicep', (d) => d.length === 2);
    const proscribed = ds.find((d) => codeOf(d) === 'region-proscribed')!;
    assert.ok(proscribed.range.isEqual(rangeOfText(doc, "'eastasia'")));
    assert.equal(proscribed.severity, vscode.DiagnosticSeverity.Error);
    assert.ok((proscribed.relatedInformation ?? []).some((r) => r.location.range.start.line === rangeOfText(doc, "resource data").start.line && /'itardata'.* is deployed to 'eastasia'/.test(r.message)));
    const notAllowed = ds.find((d) => codeOf(d) === 'region-not-allowed')!;
    assert.ok(notAllowed.range.isEqual(rangeOfText(doc, "'westeurope'")));
  });

  it('fixes and suppresses in Bicep syntax', async () => {
    await restoring('bicep/main.bicep', async (doc) => {
      const d = (await diagnosticsWhere(doc.uri, 'region-not-allowed', (ds) => ds.some((x) => codeOf(x) === 'region-not-allowed'))).find((x) => codeOf(x) === 'region-not-allowed')!;
      const actions = await itarGuardActions(doc.uri, d.range);
      const preferred = actions.find((a) => a.isPreferred)!;
      const region = /with '([a-z0-9]+)'/.exec(preferred.title)![1];
      await vscode.workspace.applyEdit(preferred.edit!);
      assert.equal(doc.lineAt(d.range.start.line).text, `  location: '${region}'`);
      await diagnosticsWhere(doc.uri, 'region-not-allowed fixed', (ds) => !ds.some((x) => codeOf(x) === 'region-not-allowed'));

      const p = (await diagnosticsWhere(doc.uri, 'region-proscribed', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'))).find((x) => codeOf(x) === 'region-proscribed')!;
      const suppress = (await itarGuardActions(doc.uri, p.range)).find((a) => a.command?.command === 'itarGuard.suppress')!;
      assert.ok(await vscode.commands.executeCommand(suppress.command!.command, ...(suppress.command!.arguments ?? []), REASON));
      assert.equal(doc.lineAt(p.range.start.line).text, `// itar-guard-ignore region-proscribed: ${REASON}`);
      await diagnosticsWhere(doc.uri, 'no findings left', (ds) => ds.length === 0);
    });
  });

  it('editing the .bicepparam file re-checks the Bicep file that it uses', async () => {
    const template = fixtureUri('bicep/main.bicep');
    await diagnosticsWhere(template, 'main.bicep checked', (ds) => ds.length === 2);
    await restoring('bicep/main.bicepparam', async (params) => {
      await vscode.window.showTextDocument(params);
      const toHk = new vscode.WorkspaceEdit();
      toHk.replace(params.uri, rangeOfText(params, "'eastus'"), "'eastasia'");
      await vscode.workspace.applyEdit(toHk);
      const [d] = await diagnosticsWhere(params.uri, 'region-proscribed in the .bicepparam file', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'));
      assert.ok(d.range.isEqual(rangeOfText(params, "'eastasia'")));
      assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.toString() === template.toString() && /'itarbackup'.* is deployed to 'eastasia'/.test(r.message)));

      const unset = new vscode.WorkspaceEdit();
      unset.replace(params.uri, params.lineAt(rangeOfText(params, 'param backupLocation').start.line).range, '');
      await vscode.workspace.applyEdit(unset);
      await diagnosticsWhere(template, 'region-unresolved once the .bicepparam gives no value', (ds) => ds.some((x) => codeOf(x) === 'region-unresolved'));
      assert.deepEqual(ours(params.uri), []);
    });
    await diagnosticsWhere(template, 'main.bicep as before', (ds) => ds.length === 2 && !ds.some((x) => codeOf(x) === 'region-unresolved'));
  });

  it('editing a module re-checks the Bicep file that calls it', async () => {
    const caller = fixtureUri('bicep/archive.bicep');
    const callerDoc = await vscode.workspace.openTextDocument(caller);
    const [d] = await diagnosticsWhere(caller, 'region-proscribed at the module argument', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'));
    assert.ok(d.range.isEqual(rangeOfText(callerDoc, "'chinaeast2'")));
    assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.toString() === fixtureUri('bicep/modules/archive.bicep').toString()), 'the module resource is a related location');
    await restoring('bicep/modules/archive.bicep', async (mod) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(mod.uri, rangeOfText(mod, '  location: location'), "  location: 'usgovvirginia'");
      await vscode.workspace.applyEdit(edit);
      await diagnosticsWhere(caller, 'the caller clean once the module no longer uses the argument for a location', (ds) => ds.length === 0);
    });
    await diagnosticsWhere(caller, 'the finding back', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'));
  });

  it('hovers on a single-quoted region', async () => {
    const doc = (await openFixture('bicep/main.bicep')).document;
    const text = await hoverText(doc.uri, rangeOfText(doc, 'westeurope').start);
    assert.match(text, /\*\*West Europe\*\* \(`westeurope`\)/);
    assert.match(text, /Not allowed/);
  });
});
