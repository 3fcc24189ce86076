/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, openFixture, rangeOfText, restoring, RULES_UNDER_TEST, waitFor } from './helpers';

const settings = () => vscode.workspace.getConfiguration('itarGuard');

async function writeConfig(text: string): Promise<vscode.Uri> {
  const uri = fixtureUri('itar-guard.json');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function removeConfig(): Promise<void> {
  const uri = fixtureUri('itar-guard.json');
  for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
}

const notAllowed = (ds: vscode.Diagnostic[]) => ds.find((d) => codeOf(d) === 'region-not-allowed');

describe('configuration', () => {
  const storage = () => fixtureUri('arm/storage.json');

  before(async () => {
    await extensionApi();
  });

  afterEach(async () => {
    await removeConfig();
    for (const key of ['rules', 'exclude', 'run', 'profile']) await settings().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhere(storage(), 'the default configuration back', (ds) => ds.length === 3 && notAllowed(ds)?.severity === vscode.DiagnosticSeverity.Error);
  });

  it('settings apply without a reload, and itar-guard.json wins over them', async () => {
    await settings().update('rules', { 'region-not-allowed': 'off' }, vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhere(storage(), 'region-not-allowed off by the setting', (ds) => ds.length === 2 && !notAllowed(ds));
    await writeConfig('{\n  // the file wins\n  "rules": { "region-not-allowed": "warning" }\n}\n');
    await diagnosticsWhere(storage(), 'region-not-allowed a warning by the file', (ds) => notAllowed(ds)?.severity === vscode.DiagnosticSeverity.Warning);
  });

  it('an invalid itar-guard.json is reported in the file and the analysis goes on with the settings', async () => {
    const uri = await writeConfig('{\n  "profile": "nowhere"\n}\n');
    const [d] = await waitFor('a configuration diagnostic', () => {
      const ds = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'ITAR Guard');
      return ds.length ? ds : undefined;
    });
    assert.match(d.message, /profile must be one of us-only, us-government, not-proscribed/);
    assert.equal((await extensionApi()).findings().filter((f) => f.span.uri.endsWith('storage.json') && !f.suppression && RULES_UNDER_TEST.has(f.ruleId)).length, 3);
  });

  it('itar-guard.json is validated against the contributed schema', async () => {
    const uri = await writeConfig('{\n  "profile": "nowhere"\n}\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'jsonc');
    const ds = await waitFor('a schema diagnostic from the JSON language service', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((x) => x.source !== 'ITAR Guard');
      return found.length ? found : undefined;
    }, 30_000);
    assert.ok(ds.some((x) => x.range.start.line === 1 && /us-only/.test(x.message)), ds.map((x) => x.message).join(' | '));
  });

  it('exclude leaves files out', async () => {
    await settings().update('exclude', ['arm/app*'], vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhere(fixtureUri('arm/app.json'), 'app.json excluded', (ds) => ds.length === 0);
    await settings().update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhere(fixtureUri('arm/app.json'), 'app.json back', (ds) => ds.length === 1);
  });

  it('with run = onSave, edits are checked when saved', async () => {
    await settings().update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    await (await extensionApi()).idle();
    await restoring('arm/storage.json', async (doc) => {
      await openFixture('arm/storage.json');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, rangeOfText(doc, '"westeurope"'), '"eastus"');
      await vscode.workspace.applyEdit(edit);
      await new Promise((r) => setTimeout(r, 600));
      await (await extensionApi()).idle();
      assert.ok(notAllowed(vscode.languages.getDiagnostics(doc.uri)), 'unchanged before saving');
      await doc.save();
      await diagnosticsWhere(doc.uri, 'checked on save', (ds) => !notAllowed(ds));
    });
  });

  it('Open Configuration creates itar-guard.json with the current settings', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('itarGuard.openConfiguration');
    assert.ok(editor.document.uri.path.endsWith('/itar-guard.json'));
    assert.deepEqual(JSON.parse(editor.document.getText()), { profile: 'us-only', rules: {}, exclude: [] });
  });

  it('exports a SARIF report of the workspace', async () => {
    const target = fixtureUri('report.sarif');
    try {
      await vscode.commands.executeCommand('itarGuard.exportSarif', target);
      const sarif = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
      assert.equal(sarif.version, '2.1.0');
      const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
      assert.deepEqual(results.filter((r) => RULES_UNDER_TEST.has(r.ruleId)).map((r) => `${r.ruleId}@${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`).sort(), [
        'region-not-allowed@arm/storage.json:35',
        'region-proscribed@arm/storage.json:7',
        'region-unresolved@arm/app.json:17',
        'region-unresolved@arm/storage.json:45',
        'region-not-allowed@bicep/main.bicep:18',
        'region-proscribed@bicep/main.bicep:2',
        'region-proscribed@bicep/archive.bicep:4',
        'region-proscribed@terraform/main.tf:3',
        'region-not-allowed@terraform/main.tf:22',
      ].sort());
    } finally {
      await vscode.workspace.fs.delete(target);
    }
  });
});
