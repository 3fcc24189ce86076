/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, hoverText, itarGuardActions, openFixture, ours, rangeOfText, restoring } from './helpers';

const REASON = 'approved by the export-control office, ticket 1234';

describe('Terraform', () => {
  before(async () => {
    await extensionApi();
  });

  it('opens .tf and .tfvars files in their languages, with diagnostics where the values are written', async () => {
    const doc = (await openFixture('terraform/main.tf')).document;
    assert.equal(doc.languageId, 'terraform');
    assert.equal((await vscode.workspace.openTextDocument(fixtureUri('terraform/terraform.tfvars'))).languageId, 'terraform-vars');
    const ds = await diagnosticsWhere(doc.uri, 'two findings in main.tf', (d) => d.length === 2);
    const proscribed = ds.find((d) => codeOf(d) === 'region-proscribed')!;
    assert.ok(proscribed.range.isEqual(rangeOfText(doc, '"eastasia"')));
    assert.ok((proscribed.relatedInformation ?? []).some((r) => r.location.range.start.line === rangeOfText(doc, 'resource "azurerm_storage_account" "data"').start.line && /'itardata'.* is deployed to 'eastasia'/.test(r.message)));
    const notAllowed = ds.find((d) => codeOf(d) === 'region-not-allowed')!;
    assert.ok(notAllowed.range.isEqual(rangeOfText(doc, '"West Europe"')));
    assert.equal(notAllowed.severity, vscode.DiagnosticSeverity.Error);
  });

  it('fixes and suppresses in Terraform syntax', async () => {
    await restoring('terraform/main.tf', async (doc) => {
      const d = (await diagnosticsWhere(doc.uri, 'region-not-allowed', (ds) => ds.some((x) => codeOf(x) === 'region-not-allowed'))).find((x) => codeOf(x) === 'region-not-allowed')!;
      const preferred = (await itarGuardActions(doc.uri, d.range)).find((a) => a.isPreferred)!;
      const region = /with '([a-z0-9]+)'/.exec(preferred.title)![1];
      await vscode.workspace.applyEdit(preferred.edit!);
      assert.equal(doc.lineAt(d.range.start.line).text, `  location            = "${region}"`);
      await diagnosticsWhere(doc.uri, 'region-not-allowed fixed', (ds) => !ds.some((x) => codeOf(x) === 'region-not-allowed'));

      const p = (await diagnosticsWhere(doc.uri, 'region-proscribed', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'))).find((x) => codeOf(x) === 'region-proscribed')!;
      const suppress = (await itarGuardActions(doc.uri, p.range)).find((a) => a.command?.command === 'itarGuard.suppress')!;
      assert.ok(await vscode.commands.executeCommand(suppress.command!.command, ...(suppress.command!.arguments ?? []), REASON));
      assert.equal(doc.lineAt(p.range.start.line).text, `  # itar-guard-ignore region-proscribed: ${REASON}`);
      await diagnosticsWhere(doc.uri, 'no findings left', (ds) => ds.length === 0);
    });
  });

  it('editing terraform.tfvars re-checks the module that it sets', async () => {
    const module = fixtureUri('terraform/main.tf');
    await diagnosticsWhere(module, 'main.tf checked', (ds) => ds.length === 2);
    await restoring('terraform/terraform.tfvars', async (tfvars) => {
      await vscode.window.showTextDocument(tfvars);
      const toHk = new vscode.WorkspaceEdit();
      toHk.replace(tfvars.uri, rangeOfText(tfvars, '"eastus"'), '"eastasia"');
      await vscode.workspace.applyEdit(toHk);
      const [d] = await diagnosticsWhere(tfvars.uri, 'region-proscribed in the tfvars file', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'));
      assert.ok(d.range.isEqual(rangeOfText(tfvars, '"eastasia"')));
      assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.toString() === module.toString() && /'itarbackup'.* is deployed to 'eastasia'/.test(r.message)));

      const unset = new vscode.WorkspaceEdit();
      unset.replace(tfvars.uri, tfvars.lineAt(0).range, '');
      await vscode.workspace.applyEdit(unset);
      await diagnosticsWhere(module, 'region-unresolved once no tfvars file sets the variable', (ds) => ds.some((x) => codeOf(x) === 'region-unresolved'));
      assert.deepEqual(ours(tfvars.uri), []);
    });
    await diagnosticsWhere(module, 'main.tf as before', (ds) => ds.length === 2 && !ds.some((x) => codeOf(x) === 'region-unresolved'));
  });

  it('hovers on a region written as its display name', async () => {
    const doc = (await openFixture('terraform/main.tf')).document;
    const text = await hoverText(doc.uri, rangeOfText(doc, 'West Europe').start);
    assert.match(text, /\*\*West Europe\*\* \(`westeurope`\)/);
    assert.match(text, /Not allowed/);
  });
});
