/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, ours, rangeOfText, restoring } from './helpers';

const LOCATION_VALUE = '"siteName": {\n      "value": "itar-portal"\n    }';

describe('cross-file analysis', () => {
  before(async () => {
    await extensionApi();
  });

  it('editing a parameter file re-checks the template that uses it, before saving', async () => {
    const template = fixtureUri('arm/app.json');
    await diagnosticsWhere(template, 'region-unresolved in app.json', (ds) => ds.some((d) => codeOf(d) === 'region-unresolved'));
    await restoring('arm/app.parameters.json', async (params) => {
      await vscode.window.showTextDocument(params);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(params.uri, rangeOfText(params, LOCATION_VALUE), `${LOCATION_VALUE},\n    "location": {\n      "value": "eastus"\n    }`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await diagnosticsWhere(template, 'app.json clean once the parameter file gives an allowed region', (ds) => ds.length === 0);

      const toHk = new vscode.WorkspaceEdit();
      toHk.replace(params.uri, rangeOfText(params, '"eastus"'), '"eastasia"');
      assert.ok(await vscode.workspace.applyEdit(toHk));
      const [finding] = await diagnosticsWhere(params.uri, 'region-proscribed in the parameter file', (ds) => ds.some((d) => codeOf(d) === 'region-proscribed'));
      assert.ok(finding.range.isEqual(rangeOfText(params, '"eastasia"')));
      const templateDoc = await vscode.workspace.openTextDocument(template);
      assert.ok(
        (finding.relatedInformation ?? []).some((r) => r.location.uri.toString() === template.toString() && r.location.range.isEqual(rangeOfText(templateDoc, '"type": "Microsoft.Web/sites"'))),
        'the template resource is a related location',
      );
      assert.deepEqual(ours(template), []);
    });
    await diagnosticsWhere(template, 'region-unresolved back after the parameter file is restored', (ds) => ds.some((d) => codeOf(d) === 'region-unresolved'));
  });

  it('a parameter file created and deleted on disk is picked up by the file watcher', async () => {
    const extra = fixtureUri('arm/app.parameters.prod.json');
    const text = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { location: { value: 'westeurope' } } }, null, 2);
    await vscode.workspace.fs.writeFile(extra, new TextEncoder().encode(text));
    try {
      const [d] = await diagnosticsWhere(extra, 'region-not-allowed in the new parameter file', (ds) => ds.some((x) => codeOf(x) === 'region-not-allowed'));
      assert.equal(d.range.start.line, 5);
    } finally {
      await vscode.workspace.fs.delete(extra);
    }
    await diagnosticsWhere(extra, 'diagnostics cleared after deletion', (ds) => ds.length === 0);
  });

  it('a folder moved into the workspace is read, though the watcher reports the folder alone', async () => {
    const outside = vscode.Uri.file(path.join(os.tmpdir(), `itar-guard-moved-${Date.now()}`));
    const template = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'moved', location: 'chinaeast' }] };
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(outside, 'nested', 'moved.json'), new TextEncoder().encode(JSON.stringify(template, null, 2)));
    const inside = fixtureUri('arm/moved');
    await vscode.workspace.fs.rename(outside, inside);
    try {
      await diagnosticsWhere(vscode.Uri.joinPath(inside, 'nested', 'moved.json'), 'region-proscribed in the moved folder', (ds) => ds.some((d) => codeOf(d) === 'region-proscribed'));
    } finally {
      await vscode.workspace.fs.delete(inside, { recursive: true });
    }
    await diagnosticsWhere(vscode.Uri.joinPath(inside, 'nested', 'moved.json'), 'cleared when the folder is deleted', (ds) => ds.length === 0);
  });

  it('a template compiled from the Bicep file beside it shows only what that file does not', async () => {
    const folder = fixtureUri('bicep/compiled');
    const source = vscode.Uri.joinPath(folder, 'main.bicep');
    const compiled = vscode.Uri.joinPath(folder, 'main.json');
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      metadata: { _generator: { name: 'bicep', version: '0.30.23.60470', templateHash: '1' } },
      parameters: { location: { type: 'string', defaultValue: 'eastasia' } },
      resources: [{ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: 'ip', location: "[parameters('location')]" }],
    };
    const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await write(compiled, JSON.stringify(template, null, 2));
    await write(source, "param location string = 'eastasia'\nresource ip 'Microsoft.Network/publicIPAddresses@2023-04-01' = {\n  name: 'ip'\n  location: location\n}\n");
    try {
      // The compiled template was written first: every analysis that reads the source reads it too.
      await diagnosticsWhere(source, 'region-proscribed in the Bicep source', (ds) => ds.some((d) => codeOf(d) === 'region-proscribed'));
      await diagnosticsWhere(compiled, 'nothing repeated in the compiled template', (ds) => ds.length === 0);
      // Written on disk, not in an editor: a document once opened stays checked until VS Code disposes of it.
      await write(source, "param location string = 'westeurope'\nresource ip 'Microsoft.Network/publicIPAddresses@2023-04-01' = {\n  name: 'ip'\n  location: location\n}\n");
      await diagnosticsWhere(source, 'region-not-allowed in the edited source', (ds) => ds.some((d) => codeOf(d) === 'region-not-allowed'));
      await diagnosticsWhere(compiled, 'region-proscribed in the compiled template, now out of date', (ds) => ds.some((d) => codeOf(d) === 'region-proscribed'));
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
    await diagnosticsWhere(compiled, 'cleared when the folder is deleted', (ds) => ds.length === 0);
    await diagnosticsWhere(source, 'the source cleared too', (ds) => ds.length === 0);
  });

  it('a registry module is checked once `terraform init` installs it, and again when it is installed anew', async () => {
    const MODULE_CALL = 'module "net" {\n  source   = "Azure/avm-res-network-publicipaddress/azurerm"\n  location = "eastus"\n}\n';
    const folder = fixtureUri('terraform/installed');
    const main = vscode.Uri.joinPath(folder, 'main.tf');
    const modules = vscode.Uri.joinPath(folder, '.terraform', 'modules');
    const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const installed = (location: string) => `variable "location" {}\nresource "azurerm_public_ip" "ip" {\n  name                = "ip"\n  location            = ${location}\n  resource_group_name = "rg"\n  allocation_method   = "Static"\n}\n`;
    await write(main, MODULE_CALL);
    try {
      await diagnosticsWhere(main, 'module-unresolved before the install', (ds) => ds.some((d) => codeOf(d) === 'module-unresolved'));
      await write(vscode.Uri.joinPath(modules, 'net', 'main.tf'), installed('"chinanorth3"'));
      await write(vscode.Uri.joinPath(modules, 'modules.json'), JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'net', Source: 'registry.terraform.io/Azure/avm-res-network-publicipaddress/azurerm', Version: '0.2.0', Dir: '.terraform/modules/net' }] }));
      const [d] = await diagnosticsWhere(main, 'region-proscribed at the module block once installed', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'));
      assert.equal(d.range.start.line, 0);
      assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.path.endsWith('/.terraform/modules/net/main.tf')));
      // A watcher does not always report changes inside folders an install has just created: the next analysis, here
      // after the configuration changed on disk, reads the installed files again.
      await write(vscode.Uri.joinPath(modules, 'net', 'main.tf'), installed('var.location'));
      await write(main, `${MODULE_CALL}# installed again\n`);
      await diagnosticsWhere(main, 'cleared when a new install takes the location from the call', (ds) => ds.length === 0);
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });

  it('a Bicep registry module is checked once Bicep restores it into its cache', async () => {
    const folder = fixtureUri('bicep/restored');
    const main = vscode.Uri.joinPath(folder, 'main.bicep');
    const registry = vscode.Uri.joinPath(vscode.Uri.file(os.homedir()), '.bicep', 'br', 'mcr.microsoft.com');
    const cache = vscode.Uri.joinPath(registry, 'bicep$avm$res$storage$storage-account', '0.9.0$');
    const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const compiled = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { name: { type: 'string' }, location: { type: 'string' } },
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: "[parameters('name')]", location: "[parameters('location')]", sku: { name: 'Standard_LRS' }, kind: 'StorageV2' },
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: "[format('{0}dr', parameters('name'))]", location: 'chinanorth3', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' },
      ],
    };
    await write(main, "module storage 'br/public:avm/res/storage/storage-account:0.9.0' = {\n  name: 'storage'\n  params: {\n    name: 'stitar'\n    location: 'eastus'\n  }\n}\n");
    try {
      await diagnosticsWhere(main, 'module-unresolved before the restore', (ds) => ds.some((d) => codeOf(d) === 'module-unresolved'));
      // The watcher on the cache asks for an analysis: no edit of the workspace is needed.
      await write(vscode.Uri.joinPath(cache, 'main.json'), JSON.stringify(compiled, null, 2));
      const [d] = await diagnosticsWhere(main, 'region-proscribed at the module call once restored', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed') && !ds.some((x) => codeOf(x) === 'module-unresolved'));
      assert.equal(d.range.start.line, 0);
      assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.path.endsWith('/0.9.0$/main.json')));
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await vscode.workspace.fs.delete(registry, { recursive: true });
    }
  });
});
