/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, extensionApi, fixtureUri, itarGuardActions, openFixture, ours, rangeOfText, restoring, RULES_UNDER_TEST, setText, waitFor } from './helpers';

const REASON = 'approved by the export-control office, ticket 1234';

/** The offset of a position in a text (lines split as the editor splits them). */
function offsetIn(text: string, pos: vscode.Position): number {
  const lines = text.split(/(?<=\r\n|\n|\r)/);
  return lines.slice(0, pos.line).reduce((n, l) => n + l.length, 0) + pos.character;
}

/** Asserts that each edit's new text stands where the edit put it, edits before it shifting it. */
function assertApplied(before: string, after: string, edits: { range: vscode.Range; newText: string }[], title: string): void {
  let shift = 0;
  const spans = edits.map((e) => ({ start: offsetIn(before, e.range.start), end: offsetIn(before, e.range.end), newText: e.newText })).sort((a, b) => a.start - b.start);
  for (const e of spans) {
    assert.equal(after.slice(e.start + shift, e.start + shift + e.newText.length), e.newText, title);
    shift += e.newText.length - (e.end - e.start);
  }
}

/** Every (uri, range, newText) of a workspace edit. */
function editsOf(edit: vscode.WorkspaceEdit): { uri: vscode.Uri; range: vscode.Range; newText: string }[] {
  return edit.entries().flatMap(([uri, list]) => list.map((e) => ({ uri, range: e.range, newText: e.newText })));
}

describe('code actions', () => {
  before(async () => {
    await extensionApi();
    await openFixture('arm/storage.json');
  });

  it('every finding offers its fixes, a justified suppression and its documentation, and each applies', async () => {
    await restoring('arm/storage.json', async (opened) => {
      const uri = opened.uri;
      const original = opened.getText();
      const all = () => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'ITAR Guard');
      const countOf = (code: string) => all().filter((x) => codeOf(x) === code).length;
      await diagnosticsWhere(uri, 'the region findings', (d) => d.length === 3);
      const before = all();
      for (const d of before) {
        const code = codeOf(d)!;
        await (await extensionApi()).idle();
        const finding = (await extensionApi()).findings().find((f) => f.ruleId === code && !f.suppression && new vscode.Range(f.span.startLine, f.span.startCharacter, f.span.endLine, f.span.endCharacter).isEqual(d.range))!;
        assert.ok(finding, `the finding behind ${code}`);
        const titles = new Set(finding.fixes.map((x) => x.title));
        const actions = (await itarGuardActions(uri, d.range)).filter(
          (a) => titles.has(a.title) || (a.command?.command === 'itarGuard.suppress' && (a.command.arguments?.[0] as { ruleId: string; start: number }).ruleId === code && (a.command.arguments?.[0] as { start: number }).start === finding.span.start) || (a.command?.command === 'itarGuard.showRuleDocumentation' && a.command.arguments?.[0] === code),
        );
        const fixes = actions.filter((a) => a.edit);
        assert.equal(fixes.length, finding.fixes.length, `the fixes of ${code}`);
        assert.ok(actions.some((a) => a.title === `Suppress ${code} with justification…`), `suppress for ${code}`);
        assert.ok(actions.some((a) => a.title === `Show documentation for ${code}`), `docs for ${code}`);
        assert.ok(fixes.filter((a) => a.isPreferred).length <= 1, `at most one preferred fix for ${code}`);
        if (RULES_UNDER_TEST.has(code)) assert.equal(fixes.filter((a) => a.isPreferred).length, 1, `the preferred fix for ${code}`);
        for (const a of actions) {
          assert.equal(a.kind?.value, 'quickfix');
          const n = countOf(code);
          if (a.edit) {
            const edits = editsOf(a.edit);
            assert.ok(edits.every((e) => e.uri.toString() === uri.toString()), 'the fix edits the template');
            assert.ok(await vscode.workspace.applyEdit(a.edit), `applies: ${a.title}`);
            const doc = await vscode.workspace.openTextDocument(uri);
            assertApplied(original, doc.getText(), edits, a.title);
            await waitFor(`${code} fixed by '${a.title}'`, () => countOf(code) < n);
            await setText(doc, original, false);
          } else if (a.command?.command === 'itarGuard.suppress') {
            assert.ok(await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []), REASON));
            const doc = await vscode.workspace.openTextDocument(uri);
            const indent = /^\s*/.exec(doc.lineAt(d.range.start.line + 1).text)![0];
            assert.equal(doc.lineAt(d.range.start.line).text, `${indent}// itar-guard-ignore ${code}: ${REASON}`);
            await waitFor(`${code} suppressed`, () => countOf(code) < n);
            await setText(doc, original, false);
          } else if (a.command?.command === 'itarGuard.showRuleDocumentation') {
            const page = await vscode.workspace.openTextDocument(await vscode.commands.executeCommand<vscode.Uri>(a.command.command, ...(a.command.arguments ?? [])));
            assert.match(page.getText(), new RegExp(`^# ${code}: `, 'm'));
          } else {
            assert.fail(`unexpected action ${a.title}`);
          }
          await waitFor('the findings back after reverting', () => all().length === before.length && countOf(code) === n);
        }
      }
    });
  });

  it('replaces a proscribed region with the nearest allowed one', async () => {
    await restoring('arm/storage.json', async (doc) => {
      const d = (await diagnosticsWhere(doc.uri, 'region-proscribed', (ds) => ds.some((x) => codeOf(x) === 'region-proscribed'))).find((x) => codeOf(x) === 'region-proscribed')!;
      const preferred = (await itarGuardActions(doc.uri, d.range)).find((a) => a.isPreferred)!;
      const [, , region] = /^Replace '(.+?)' with '(.+?)'/.exec(preferred.title) ?? [];
      assert.ok(region, preferred.title);
      await vscode.workspace.applyEdit(preferred.edit!);
      assert.equal(doc.getText(rangeOfText(doc, `"${region}"`)), `"${region}"`);
      const after = await diagnosticsWhere(doc.uri, 'no region-proscribed', (ds) => !ds.some((x) => codeOf(x) === 'region-proscribed'));
      assert.equal(after.length, 2);
    });
  });

  it('restricts an unresolved location parameter to the allowed regions', async () => {
    await restoring('arm/storage.json', async (doc) => {
      const d = (await diagnosticsWhere(doc.uri, 'region-unresolved', (ds) => ds.some((x) => codeOf(x) === 'region-unresolved'))).find((x) => codeOf(x) === 'region-unresolved')!;
      const fix = (await itarGuardActions(doc.uri, d.range)).find((a) => a.edit)!;
      assert.match(fix.title, /Allow only the regions of the active profile for 'networkLocation'/);
      await vscode.workspace.applyEdit(fix.edit!);
      const inserted = doc.lineAt(rangeOfText(doc, '"networkLocation": {').start.line + 1).text;
      assert.match(inserted, /^ {6}"allowedValues": \["centralus", "eastus", .*"usgovvirginia".*\],$/);
      await diagnosticsWhere(doc.uri, 'region-unresolved gone', (ds) => !ds.some((x) => codeOf(x) === 'region-unresolved'));
    });
  });

  it('fixes every finding of a file at once (source.fixAll.itarGuard)', async () => {
    await restoring('arm/storage.json', async (doc) => {
      await diagnosticsWhere(doc.uri, 'three findings', (d) => d.length === 3);
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), 'source.fixAll.itarGuard');
      const fixAll = all.filter((a) => a.kind?.value === 'source.fixAll.itarGuard');
      assert.equal(fixAll.length, 1);
      // One edit per region finding (the rules added later may add theirs).
      assert.ok(editsOf(fixAll[0].edit!).length >= 3);
      await vscode.workspace.applyEdit(fixAll[0].edit!);
      await diagnosticsWhere(doc.uri, 'no findings left', (ds) => ds.length === 0);
      assert.deepEqual(ours(fixtureUri('arm/storage.json')), []);
    });
  });

  it('suppression without a reason is refused, and a finding with one on the line above stays suppressed', async () => {
    await restoring('arm/storage.json', async (doc) => {
      const d = (await diagnosticsWhere(doc.uri, 'region-not-allowed', (ds) => ds.some((x) => codeOf(x) === 'region-not-allowed'))).find((x) => codeOf(x) === 'region-not-allowed')!;
      const suppress = (await itarGuardActions(doc.uri, d.range)).find((a) => a.command?.command === 'itarGuard.suppress')!;
      assert.equal(await vscode.commands.executeCommand(suppress.command!.command, ...(suppress.command!.arguments ?? []), '   '), false);
      assert.equal(doc.isDirty, false);
      assert.ok(await vscode.commands.executeCommand(suppress.command!.command, ...(suppress.command!.arguments ?? []), REASON));
      await waitFor('the suppression comment', () => doc.getText().includes(`// itar-guard-ignore region-not-allowed: ${REASON}`));
      await diagnosticsWhere(doc.uri, 'region-not-allowed suppressed', (ds) => !ds.some((x) => codeOf(x) === 'region-not-allowed'));
      // A template with comments is JSON with Comments: VS Code's JSON language would flag the comment.
      await waitFor('the template in the jsonc language', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString())?.languageId === 'jsonc');
      assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => /Comments are not permitted/.test(d.message)), []);
      // Switching the language closes and reopens the document: the edited text must stay the one analysed.
      await new Promise((r) => setTimeout(r, 500));
      await (await extensionApi()).idle();
      assert.deepEqual(ours(doc.uri).map(codeOf).sort(), ['region-proscribed', 'region-unresolved']);
    });
  });
});
