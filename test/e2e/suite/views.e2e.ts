/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Finding } from '../../../src/engine/model/finding';
import type { FindingsNode } from '../../../src/extension/findings-tree';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, hoverText, openFixture, rangeOfText, restoring } from './helpers';

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

describe('views, hovers and the status bar', () => {
  before(async () => {
    await extensionApi();
    await diagnosticsWhere(fixtureUri('arm/storage.json'), 'findings', (ds) => ds.length === 3);
  });

  it('groups findings by severity, rule and file with counts, and reveals a finding', async () => {
    const api = await extensionApi();
    // A finding's item offers its fix once the fixes, which follow the findings, have arrived.
    await api.idle();
    const tree = api.findingsTree;
    const active = api.findings().filter((f) => !f.suppression);
    const count = (p: (f: Finding) => boolean) => active.filter(p).length;
    const roots = tree.getChildren();
    assert.deepEqual(roots.map((n) => label(tree.getTreeItem(n))).slice(0, 2), [`Errors (${count((f) => f.severity === 'error')})`, `Warnings (${count((f) => f.severity === 'warning')})`]);
    const rules = tree.getChildren(roots[0]);
    assert.deepEqual(rules.map((n) => label(tree.getTreeItem(n))).slice(0, 2), ['Region in a 22 CFR 126.1 country (4)', 'Region outside the allowed regions (3)']);
    const files = tree.getChildren(rules[0]);
    assert.deepEqual(files.map((n) => label(tree.getTreeItem(n))), ['storage.json (1)', 'archive.bicep (1)', 'main.bicep (1)', 'main.tf (1)']);
    const [leaf] = tree.getChildren(files[0]);
    const item = tree.getTreeItem(leaf);
    assert.equal(item.contextValue, 'finding.fixable');
    assert.equal(item.command?.command, 'itarGuard.revealFinding');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await new Promise<vscode.TextEditor>((resolve) => {
      const e = vscode.window.activeTextEditor;
      if (e?.document.uri.path.endsWith('storage.json')) resolve(e);
      else vscode.window.onDidChangeActiveTextEditor((x) => x && resolve(x));
    });
    assert.ok(editor.selection.isEqual(rangeOfText(editor.document, '"eastasia"')));

    await vscode.commands.executeCommand('itarGuard.findings.groupByFile');
    const byFile = tree.getChildren();
    const uris = [...new Set(active.map((f) => f.span.uri))].sort();
    assert.deepEqual(
      byFile.map((n) => label(tree.getTreeItem(n))),
      uris.map((u) => `${u.slice(u.lastIndexOf('/') + 1)} (${count((x) => x.span.uri === u)})`),
    );
    assert.ok(['/arm/app.json', '/bicep/main.bicep', '/terraform/main.tf'].every((f) => uris.some((u) => u.endsWith(f))));
    const storage = uris.findIndex((u) => u.endsWith('/arm/storage.json'));
    assert.equal(tree.getChildren(byFile[storage]).length, count((x) => x.span.uri === uris[storage]));
    await vscode.commands.executeCommand('itarGuard.findings.groupBySeverity');
    assert.match(label(tree.getTreeItem(tree.getChildren()[0])), /^Errors \(\d+\)$/);
  });

  it('the context-menu commands take a tree item', async () => {
    const api = await extensionApi();
    const tree = api.findingsTree;
    const severity = tree.getChildren()[0];
    const rule = tree.getChildren(severity)[0] as Extract<FindingsNode, { kind: 'rule' }>;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('itarGuard.showRuleDocumentation', rule);
    assert.equal(uri.path, `/${rule.ruleId}.md`);

    // Fix and suppress from a finding's item: the proscribed region in storage.json.
    const findingNode = () => {
      const proscribed = tree.getChildren(tree.getChildren()[0]).find((n) => n.kind === 'rule' && n.ruleId === 'region-proscribed')!;
      const file = tree.getChildren(proscribed).find((n) => n.kind === 'file' && n.uri.endsWith('/arm/storage.json'))!;
      return tree.getChildren(file)[0];
    };
    await restoring('arm/storage.json', async (doc) => {
      assert.equal(await vscode.commands.executeCommand('itarGuard.applyFix', findingNode(), 1), true);
      assert.ok(!doc.getText().includes('"eastasia"'), 'the second fix replaced the region');
      await diagnosticsWhere(doc.uri, 'region-proscribed fixed from the tree', (ds) => !ds.some((d) => codeOf(d) === 'region-proscribed'));
    });
    await diagnosticsWhere(fixtureUri('arm/storage.json'), 'region-proscribed back', (ds) => ds.some((d) => codeOf(d) === 'region-proscribed'));
    await restoring('arm/storage.json', async (doc) => {
      assert.equal(await vscode.commands.executeCommand('itarGuard.suppress', findingNode(), 'accepted for the pilot'), true);
      assert.match(doc.getText(), /\/\/ itar-guard-ignore region-proscribed: accepted for the pilot\n\s*"defaultValue": "eastasia"/);
    });
  });

  it('Scan Workspace reads the workspace afresh', async () => {
    const api = await extensionApi();
    const list = () => api.findings().map((f) => `${f.ruleId}@${f.span.uri.slice(f.span.uri.lastIndexOf('/') + 1)}:${f.span.startLine}${f.suppression ? ' (suppressed)' : ''}`).sort();
    const before = list();
    await vscode.commands.executeCommand('itarGuard.scanWorkspace');
    await api.idle();
    assert.deepEqual(list(), before);
    await diagnosticsWhere(fixtureUri('arm/storage.json'), 'findings after the scan', (ds) => ds.length === 3);
  });

  it('hovers on a region literal tell the region, its country, pair and verdict', async () => {
    const editor = await openFixture('arm/storage.json');
    const doc = editor.document;
    const hk = await hoverText(doc.uri, rangeOfText(doc, 'eastasia').start.translate(0, 2));
    assert.match(hk, /\*\*East Asia\*\* \(`eastasia`\)/);
    assert.match(hk, /Country: HK — Hong Kong SAR/);
    assert.match(hk, /Paired region: Southeast Asia \(`southeastasia`\)/);
    assert.match(hk, /Proscribed/);
    assert.match(hk, /Azure public cloud/);
    // On a finding, the rule's help as well.
    assert.match(hk, /ITAR Guard: Region in a 22 CFR 126\.1 country/);
    const eu = await hoverText(doc.uri, rangeOfText(doc, 'westeurope').start);
    assert.match(eu, /Not allowed\*\* under profile `us-only`/);
  });

  it('switching the profile re-checks with it', async () => {
    const doc = (await openFixture('arm/storage.json')).document;
    try {
      assert.equal(await vscode.commands.executeCommand('itarGuard.switchProfile', 'not-proscribed'), 'not-proscribed');
      await diagnosticsWhere(doc.uri, 'westeurope allowed under not-proscribed', (ds) => !ds.some((d) => codeOf(d) === 'region-not-allowed'));
      const hover = await hoverText(doc.uri, rangeOfText(doc, 'westeurope').start);
      assert.match(hover, /Allowed\*\* under profile `not-proscribed`/);
    } finally {
      await vscode.commands.executeCommand('itarGuard.switchProfile', 'us-only');
    }
    await diagnosticsWhere(doc.uri, 'westeurope not allowed again', (ds) => ds.some((d) => codeOf(d) === 'region-not-allowed'));
  });
});
