/**
 * The extension's commands. Each takes its input as arguments when given (tree items, code actions and tests
 * pass them) and asks the user otherwise.
 */
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../engine/config';
import type { Finding } from '../engine/model/finding';
import { PROFILE_DESCRIPTIONS, PROFILE_NAMES, type ProfileName } from '../engine/regions/profiles';
import { toSarif } from '../engine/report/sarif';
import { VERSION } from '../version';
import type { Analysis } from './analysis';
import { uriOf, workspaceEdit } from './convert';
import { isFinding, lookup, refOf, type FindingRef } from './findings';
import { FindingsTree, type FindingsNode } from './findings-tree';
import { RuleDocs } from './rule-docs';
import { configFileOf, SECTION } from './settings';

/** A finding named by a reference (code actions, tests) or by its tree item (context menus). */
function refFrom(arg: unknown): FindingRef | undefined {
  if (isFinding(arg)) return arg;
  const node = arg as FindingsNode | undefined;
  return node?.kind === 'finding' ? refOf(node.finding) : undefined;
}

/** The folder a command acts on: the active editor's, the only one, or the one the user picks. */
async function targetFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const editor = vscode.window.activeTextEditor;
  const folder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri);
  if (folder) return folder;
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length <= 1 ? folders[0] : vscode.window.showWorkspaceFolderPick();
}

export class Commands {
  constructor(
    private readonly analysis: Analysis,
    private readonly tree: FindingsTree,
  ) {}

  register(): vscode.Disposable[] {
    const c = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);
    return [
      c('itarGuard.scanWorkspace', () => this.scanWorkspace()),
      c('itarGuard.exportSarif', (target?: vscode.Uri) => this.exportSarif(target)),
      c('itarGuard.switchProfile', (profile?: string) => this.switchProfile(profile)),
      c('itarGuard.showRuleDocumentation', (arg?: unknown) => RuleDocs.show(ruleIdFrom(arg))),
      c('itarGuard.openConfiguration', () => this.openConfiguration()),
      c('itarGuard.suppress', (arg: unknown, reason?: string) => this.suppress(arg, reason)),
      c('itarGuard.applyFix', (arg: unknown, index?: number) => this.applyFix(arg, index)),
      c('itarGuard.revealFinding', (arg: unknown) => this.reveal(arg)),
      c('itarGuard.findings.groupByFile', () => this.tree.setGrouping('file')),
      c('itarGuard.findings.groupBySeverity', () => this.tree.setGrouping('severity')),
    ];
  }

  scanWorkspace(): Thenable<void> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ITAR Guard: checking the workspace' }, (p) => this.analysis.start(p));
  }

  /** The finding an argument names, in the results of the current text (pending edits analysed first). */
  private async finding(arg: unknown): Promise<Finding | undefined> {
    await this.analysis.flush();
    await this.analysis.fixesSettled();
    const ref = refFrom(arg);
    const f = ref && lookup(this.analysis, ref);
    if (!f) void vscode.window.showWarningMessage('ITAR Guard: that finding is no longer current; the file has changed since.');
    return f;
  }

  async reveal(arg: unknown): Promise<void> {
    const f = await this.finding(arg);
    if (f) await FindingsTree.reveal(f);
  }

  /** Applies a finding's fix: the one at `index`, the only one, or the one the user picks. */
  async applyFix(arg: unknown, index?: number): Promise<boolean> {
    const f = await this.finding(arg);
    if (!f || !f.fixes.length) return false;
    const fix =
      index !== undefined
        ? f.fixes[index]
        : f.fixes.length === 1
          ? f.fixes[0]
          : (await vscode.window.showQuickPick(f.fixes.map((x) => ({ label: x.title, fix: x })), { title: 'ITAR Guard: choose a fix' }))?.fix;
    return fix ? vscode.workspace.applyEdit(workspaceEdit(fix.edits)) : false;
  }

  /** Writes `itar-guard-ignore <rule>: <reason>` above the finding, in its file's comment syntax. */
  async suppress(arg: unknown, reason?: string): Promise<boolean> {
    const f = await this.finding(arg);
    if (!f) return false;
    const why =
      reason ??
      (await vscode.window.showInputBox({
        title: `Suppress ${f.ruleId}`,
        prompt: 'Why is this acceptable? The reason is written into the file and kept in reports.',
        placeHolder: 'for example: approved by the export-control office, ticket 1234',
        validateInput: (v) => (v.trim() ? undefined : 'A reason is required: a suppression without one suppresses nothing.'),
      }));
    if (!why?.trim()) return false;
    const edit = await this.analysis.suppression(f, why);
    if (edit) return vscode.workspace.applyEdit(workspaceEdit([edit]));
    void vscode.window.showWarningMessage(`ITAR Guard: ${f.ruleId} cannot be suppressed in this file, whose syntax allows no comments. Change the value, or set the rule in ${CONFIG_FILE_NAME}.`);
    return false;
  }

  async exportSarif(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    await this.analysis.idle();
    await this.analysis.fixesSettled();
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'ITAR Guard: Export SARIF Report',
        defaultUri: folder && vscode.Uri.joinPath(folder.uri, 'itar-guard.sarif'),
        filters: { SARIF: ['sarif', 'json'] },
      }));
    if (!uri) return undefined;
    const displayPath = (key: string) => {
      const u = uriOf(key);
      return vscode.workspace.getWorkspaceFolder(u) ? vscode.workspace.asRelativePath(u, false) : key;
    };
    const sarif = toSarif(this.analysis.findings(), { displayPath, toolVersion: VERSION });
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(sarif, null, 2) + '\n'));
    if (!target) void vscode.window.showInformationMessage(`ITAR Guard: SARIF report written to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  }

  /** Sets the profile where it is read from: `itar-guard.json` when that file sets it, the settings otherwise. */
  async switchProfile(profile?: string): Promise<ProfileName | undefined> {
    const folder = await targetFolder();
    const scope = folder ? this.analysis.scopeOf(folder.uri) : this.analysis.allScopes()[0];
    const current = scope?.settings.config.policy.profile;
    const picked =
      profile ??
      (
        await vscode.window.showQuickPick(
          PROFILE_NAMES.map((p) => ({ label: p, description: p === current ? '(active)' : undefined, detail: PROFILE_DESCRIPTIONS[p] })),
          { title: 'ITAR Guard: Switch Profile' },
        )
      )?.label;
    if (!picked) return undefined;
    if (!(PROFILE_NAMES as readonly string[]).includes(picked)) {
      void vscode.window.showErrorMessage(`ITAR Guard: no profile '${picked}' (profiles: ${PROFILE_NAMES.join(', ')}).`);
      return undefined;
    }
    const file = scope?.settings.file;
    if (file && scope.settings.fileKeys.has('profile')) {
      const doc = await vscode.workspace.openTextDocument(file);
      const text = doc.getText();
      const edits = modify(text, ['profile'], picked, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
      const next = applyEdits(text, edits);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(file, new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), next);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
    } else {
      const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration(SECTION, folder?.uri).update('profile', picked, target);
    }
    await this.analysis.reloadConfig();
    return picked as ProfileName;
  }

  /** Opens the folder's `itar-guard.json`, or a new one (unsaved) with the current settings. */
  async openConfiguration(): Promise<vscode.TextEditor | undefined> {
    const folder = await targetFolder();
    if (!folder) {
      void vscode.window.showWarningMessage(`ITAR Guard: open a folder to give it an ${CONFIG_FILE_NAME}.`);
      return undefined;
    }
    const file = configFileOf(folder);
    try {
      await vscode.workspace.fs.stat(file);
    } catch {
      const config = this.analysis.scopeOf(folder.uri)?.settings.config;
      const body = { profile: config?.policy.profile ?? 'us-only', ...(config?.policy.allowedRegions ? { allowedRegions: config.policy.allowedRegions } : {}), rules: config?.rules ?? {}, exclude: config?.exclude ?? [] };
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(file, { ignoreIfExists: true, contents: new TextEncoder().encode(JSON.stringify(body, null, 2) + '\n') });
      await vscode.workspace.applyEdit(edit);
    }
    return vscode.window.showTextDocument(file);
  }
}

function ruleIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (isFinding(arg)) return arg.ruleId;
  const node = arg as FindingsNode | undefined;
  if (node?.kind === 'finding') return node.finding.ruleId;
  if (node?.kind === 'rule') return node.ruleId;
  return undefined;
}

