/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, hoverText, itarGuardActions, openFixture, ours, rangeOfText, restoring, setText } from './helpers';

const REASON = 'approved by the export-control office, ticket 1234';

/** One format's fixture folder: a file with two findings and an inputs file that sets a third resource's region. */
interface FormatCase {
  readonly name: string;
  readonly template: string;
  readonly templateLanguage: string;
  /** The parameter or variables file, and its language. */
  readonly inputs: string;
  readonly inputsLanguage: string;
  /** How the format writes a string and a line comment. */
  readonly quote: (s: string) => string;
  readonly lineComment: string;
  /** The proscribed resource's declaration, and how the vault's region line reads with another region. */
  readonly dataDeclaration: string;
  readonly vaultLocation: (literal: string) => string;
  /** The region the vault is placed in, as written. */
  readonly vaultRegion: string;
}

const CASES: readonly FormatCase[] = [
  {
    name: 'Bicep',
    template: 'bicep/main.bicep',
    templateLanguage: 'bicep',
    inputs: 'bicep/main.bicepparam',
    inputsLanguage: 'bicep-params',
    quote: (s) => `'${s}'`,
    lineComment: '//',
    dataDeclaration: 'resource data',
    vaultLocation: (literal) => `  location: ${literal}`,
    vaultRegion: 'westeurope',
  },
  {
    name: 'Terraform',
    template: 'terraform/main.tf',
    templateLanguage: 'terraform',
    inputs: 'terraform/terraform.tfvars',
    inputsLanguage: 'terraform-vars',
    quote: (s) => `"${s}"`,
    lineComment: '#',
    dataDeclaration: 'resource "azurerm_storage_account" "data"',
    vaultLocation: (literal) => `  location            = ${literal}`,
    vaultRegion: 'West Europe',
  },
];

for (const c of CASES) {
  describe(c.name, () => {
    before(async () => {
      await extensionApi();
    });

    it(`opens ${c.template} and ${c.inputs} in their languages, with diagnostics where the values are written`, async () => {
      const doc = (await openFixture(c.template)).document;
      assert.equal(doc.languageId, c.templateLanguage);
      assert.equal((await vscode.workspace.openTextDocument(fixtureUri(c.inputs))).languageId, c.inputsLanguage);
      const ds = await diagnosticsWhere(doc.uri, `two findings in ${c.template}`, (d) => d.length === 2);
      const proscribed = ds.find((d) => codeOf(d) === 'region-proscribed')!;
      assert.ok(proscribed.range.isEqual(rangeOfText(doc, c.quote('eastasia'))));
      assert.equal(proscribed.severity, vscode.DiagnosticSeverity.Error);
      assert.ok((proscribed.relatedInformation ?? []).some((r) => r.location.range.start.line === rangeOfText(doc, c.dataDeclaration).start.line && /'itardata'.* is deployed to 'eastasia'/.test(r.message)));
      const notAllowed = ds.find((d) => codeOf(d) === 'region-not-allowed')!;
      assert.ok(notAllowed.range.isEqual(rangeOfText(doc, c.quote(c.vaultRegion))));
    });

    it(`fixes and suppresses in ${c.name} syntax`, async () => {
      await restoring(c.template, async (doc) => {
        const d = (await diagnosticsWhere(doc.uri, 'region-not-allowed', (ds) => ds.some((x) => codeOf(x) === 'region-not-allowed'))).find((x) => codeOf(x) === 'region-not-allowed')!;
        const preferred = (await itarGuardActions(doc.uri, d.range)).find((a) => a.isPreferred)!;
        const region = /with '([a-z0-9]+)'/.exec(preferred.title)![1];
        await vscode.workspace.applyEdit(preferred.edit!);
        assert.equal(doc.lineAt(d.range.start.line).text, c.vaultLocation(c.quote(region)));
        await diagnosticsWhere(doc.uri, 'region-not-allowed fixed', (ds) => !ds.some((x) => codeOf(x) === 'region-not-allowed'));

        const p = (await diagnosticsWhere(doc.uri, 'region-proscribed', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'))).find((x) => codeOf(x) === 'region-proscribed')!;
        const indent = /^\s*/.exec(doc.lineAt(p.range.start.line).text)![0];
        const suppress = (await itarGuardActions(doc.uri, p.range)).find((a) => a.command?.command === 'itarGuard.suppress')!;
        assert.ok(await vscode.commands.executeCommand(suppress.command!.command, ...(suppress.command!.arguments ?? []), REASON));
        assert.equal(doc.lineAt(p.range.start.line).text, `${indent}${c.lineComment} itar-guard-ignore region-proscribed: ${REASON}`);
        await diagnosticsWhere(doc.uri, 'no findings left', (ds) => ds.length === 0);
      });
    });

    it(`editing ${c.inputs} re-checks the file whose inputs it sets`, async () => {
      const template = fixtureUri(c.template);
      await diagnosticsWhere(template, `${c.template} checked`, (ds) => ds.length === 2);
      await restoring(c.inputs, async (inputs) => {
        await vscode.window.showTextDocument(inputs);
        const toHk = new vscode.WorkspaceEdit();
        toHk.replace(inputs.uri, rangeOfText(inputs, c.quote('eastus')), c.quote('eastasia'));
        await vscode.workspace.applyEdit(toHk);
        const [d] = await diagnosticsWhere(inputs.uri, `region-proscribed in ${c.inputs}`, (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'));
        assert.ok(d.range.isEqual(rangeOfText(inputs, c.quote('eastasia'))));
        assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.toString() === template.toString() && /'itarbackup'.* is deployed to 'eastasia'/.test(r.message)));

        const unset = new vscode.WorkspaceEdit();
        unset.replace(inputs.uri, inputs.lineAt(rangeOfText(inputs, c.quote('eastasia')).start.line).range, '');
        await vscode.workspace.applyEdit(unset);
        await diagnosticsWhere(template, `region-unresolved once ${c.inputs} gives no value`, (ds) => ds.some((x) => codeOf(x) === 'region-unresolved'));
        assert.deepEqual(ours(inputs.uri), []);
      });
      await diagnosticsWhere(template, `${c.template} as before`, (ds) => ds.length === 2 && !ds.some((x) => codeOf(x) === 'region-unresolved'));
    });

    it(`hovers on a region written ${c.quote(c.vaultRegion)}`, async () => {
      const doc = (await openFixture(c.template)).document;
      const text = await hoverText(doc.uri, rangeOfText(doc, c.vaultRegion).start);
      assert.match(text, /\*\*West Europe\*\* \(`westeurope`\)/);
      assert.match(text, /Not allowed/);
    });
  });
}

describe('Bicep modules', () => {
  it('editing a module re-checks the Bicep file that calls it', async () => {
    await extensionApi();
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
});

describe("Terraform's JSON syntax", () => {
  it('checks a .tf.json file as it is written, fixes a value inside an interpolation, and writes no comment into it', async () => {
    await extensionApi();
    const uri = fixtureUri('terraform-json/cdk.tf.json');
    const cdk = {
      '//': { metadata: { stackName: 'itar' } },
      variable: { location: { default: 'eastasia' } },
      resource: {
        azurerm_resource_group: {
          data: { name: 'itardata', location: '${var.location}' },
          archive: { name: 'itararchive', location: '${lookup({"primary" = "westeurope"}, "primary", "eastus")}' },
        },
      },
    };
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(cdk, null, 2)));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const ds = await diagnosticsWhere(uri, 'two findings in cdk.tf.json', (d) => d.length === 2);
      const proscribed = ds.find((d) => codeOf(d) === 'region-proscribed')!;
      assert.ok(proscribed.range.isEqual(rangeOfText(doc, '"eastasia"')));
      assert.ok((proscribed.relatedInformation ?? []).some((r) => r.location.range.start.line === rangeOfText(doc, '"data": {').start.line));
      const notAllowed = ds.find((d) => codeOf(d) === 'region-not-allowed')!;
      assert.ok(notAllowed.range.isEqual(rangeOfText(doc, '\\"westeurope\\"')));

      const actions = await itarGuardActions(uri, notAllowed.range);
      const preferred = actions.find((a) => a.isPreferred)!;
      const region = /with '([a-z0-9]+)'/.exec(preferred.title)![1];
      await vscode.workspace.applyEdit(preferred.edit!);
      const written = JSON.parse(doc.getText()) as typeof cdk;
      assert.equal(written.resource.azurerm_resource_group.archive.location, `\${lookup({"primary" = "${region}"}, "primary", "eastus")}`);
      await diagnosticsWhere(uri, 'region-not-allowed fixed', (d) => d.length === 1 && codeOf(d[0]) === 'region-proscribed');

      const suppress = (await itarGuardActions(uri, proscribed.range)).find((a) => a.command?.command === 'itarGuard.suppress')!;
      assert.equal(await vscode.commands.executeCommand(suppress.command!.command, ...(suppress.command!.arguments ?? []), REASON), false, 'no comment can be written');
      assert.doesNotThrow(() => JSON.parse(doc.getText()));
    } finally {
      // Open documents outlive their files and a later Scan Workspace reads them: leave it with nothing to report.
      const clean = JSON.stringify({ variable: { location: { default: 'eastus' } } });
      await setText(await vscode.workspace.openTextDocument(uri), clean);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
    await diagnosticsWhere(uri, 'diagnostics cleared after deletion', (ds) => ds.length === 0);
  });
});

describe('OpenTofu files', () => {
  it('checks a .tofu file, and the .tf file it stands in for as Terraform reads the folder; suppresses with a # comment', async () => {
    await extensionApi();
    const tf = fixtureUri('opentofu/main.tf');
    const tofu = fixtureUri('opentofu/main.tofu');
    const group = (location: string) => `resource "azurerm_resource_group" "data" {\n  name     = "itardata"\n  location = "${location}"\n}\n`;
    await vscode.workspace.fs.writeFile(tf, new TextEncoder().encode(group('eastasia')));
    await vscode.workspace.fs.writeFile(tofu, new TextEncoder().encode(group('westeurope')));
    try {
      const doc = await vscode.workspace.openTextDocument(tofu);
      await vscode.window.showTextDocument(doc);
      const [notAllowed] = await diagnosticsWhere(tofu, 'region-not-allowed in main.tofu', (ds) => ds.length === 1 && codeOf(ds[0]) === 'region-not-allowed');
      assert.ok(notAllowed.range.isEqual(rangeOfText(doc, '"westeurope"')));
      await diagnosticsWhere(tf, 'region-proscribed in main.tf, which Terraform deploys', (ds) => ds.length === 1 && codeOf(ds[0]) === 'region-proscribed');

      const suppress = (await itarGuardActions(tofu, notAllowed.range)).find((a) => a.command?.command === 'itarGuard.suppress')!;
      assert.ok(await vscode.commands.executeCommand(suppress.command!.command, ...(suppress.command!.arguments ?? []), REASON));
      assert.equal(doc.lineAt(notAllowed.range.start.line).text, `  # itar-guard-ignore region-not-allowed: ${REASON}`);
      await diagnosticsWhere(tofu, 'suppressed', (ds) => ds.length === 0);
    } finally {
      // Open documents outlive their files and a later Scan Workspace reads them: leave them with nothing to report.
      for (const uri of [tf, tofu]) await setText(await vscode.workspace.openTextDocument(uri), group('eastus'));
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(tf, '..'), { recursive: true });
    }
    await diagnosticsWhere(tf, 'diagnostics cleared after deletion', (ds) => ds.length === 0);
  });
});
