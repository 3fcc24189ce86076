/**
 * Shared steps of the end-to-end tests: the extension's API, the fixture workspace, waiting for diagnostics.
 */
import * as vscode from 'vscode';
import type { ItarGuardApi } from '../../../src/extension/session';

export const EXTENSION_ID = 'itar-guard.itar-guard';

export async function extensionApi(): Promise<ItarGuardApi> {
  const ext = vscode.extensions.getExtension<ItarGuardApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  await api.idle();
  return api;
}

export function fixtureUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relative));
  return vscode.window.showTextDocument(doc);
}

/**
 * The rules these tests exercise: the region rules and the workspace's own. Rules added later (the encryption
 * pillar) report on the same fixtures; their findings are left to their own tests.
 */
export const RULES_UNDER_TEST = new Set(['region-proscribed', 'region-not-allowed', 'region-unresolved', 'region-global', 'module-unresolved', 'suppression-unjustified', 'syntax-error']);

/** The extension's diagnostics of a file, for the rules under test. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ITAR Guard' && RULES_UNDER_TEST.has(codeOf(d) ?? ''));
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/** Polls until `fn` returns a value other than undefined or false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The range of the n-th occurrence of `text` in a document. */
export function rangeOfText(doc: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = doc.getText().indexOf(text, at + 1);
    if (at < 0) throw new Error(`'${text}' occurs fewer than ${occurrence + 1} times in ${doc.uri.path}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

/**
 * Replaces a document's whole text and saves it. The document is looked up again by its URI: switching its
 * language (as the extension does for ARM files with comments) replaces the document object.
 */
export async function setText(stale: vscode.TextDocument, text: string, save = true): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(stale.uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${doc.uri.path}`);
  if (save) await doc.save();
}

/** Runs a test body on a document and puts its text back afterwards, whatever the body did. */
export async function restoring<T>(relative: string, body: (doc: vscode.TextDocument) => Promise<T>): Promise<T> {
  const uri = fixtureUri(relative);
  const original = (await vscode.workspace.openTextDocument(uri)).getText();
  try {
    return await body(await vscode.workspace.openTextDocument(uri));
  } finally {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.getText() !== original) await setText(doc, original);
    else if (doc.isDirty) await doc.save();
  }
}

/** Waits until the diagnostics of a file satisfy a condition, after an analysis has run. */
export async function diagnosticsWhere(uri: vscode.Uri, what: string, ok: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const ds = ours(uri);
    return ok(ds) ? ds : undefined;
  }, timeoutMs);
}

/** The extension's code actions at a range (other extensions' left out: the command returns no diagnostics to tell them by). */
export async function itarGuardActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  // Read after the provider, which waits for the fixes (they follow the findings from the engine).
  const titles = new Set((await extensionApi()).findings().flatMap((f) => f.fixes.map((x) => x.title)));
  return all.filter((a) => titles.has(a.title) || a.command?.command.startsWith('itarGuard.'));
}

/** The text of every hover at a position. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}
