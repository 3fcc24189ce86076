/**
 * Everything the extension does, wired together once the extension activates. The results of each analysis run
 * flow one way: diagnostics, the Findings view, the status bar.
 */
import * as vscode from 'vscode';
import type { Finding } from '../engine/model/finding';
import { Analysis } from './analysis';
import { CodeActions } from './code-actions';
import { Commands } from './commands';
import { DiagnosticsPublisher, SOURCE } from './diagnostics';
import { FindingsTree } from './findings-tree';
import { Hovers } from './hover';
import { JsonComments } from './json-comments';
import { AzureCommands } from './live/live-commands';
import { AZURE_VIEW, LiveState } from './live/live-state';
import { AzureTree } from './live/live-tree';
import { RULE_DOCS_SCHEME, RuleDocs } from './rule-docs';
import { SECTION, type ConfigProblem } from './settings';
import { StatusBar } from './status-bar';

/** What the extension returns from `activate`: for other extensions and for its tests. */
export interface ItarGuardApi {
  /** `lastAnalysisMs`: the engine's own time for the last published analysis, which the latency an editor shows includes. */
  readonly timings: { activationMs: number; startupScanMs?: number; readonly lastAnalysisMs?: number };
  /** Resolves when no analysis is pending or running and the fixes of the findings have arrived. */
  idle(): Promise<void>;
  findings(): Finding[];
  readonly findingsTree: FindingsTree;
  readonly azureTree: AzureTree;
  /** The folder of the extension's log (`ITAR Guard.log`), which tests read to see that no token is written. */
  readonly logUri: vscode.Uri;
}

function configDiagnostic(p: ConfigProblem): vscode.Diagnostic {
  const line = Number(/:(\d+):/.exec(p.message)?.[1] ?? 1) - 1;
  const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, vscode.DiagnosticSeverity.Error);
  d.source = SOURCE;
  return d;
}

export function startSession(context: vscode.ExtensionContext, activationStart: number): ItarGuardApi {
  const log = vscode.window.createOutputChannel('ITAR Guard', { log: true });
  const analysis = new Analysis(vscode.Uri.joinPath(context.extensionUri, 'dist', 'engine-worker.js').fsPath, log);
  const diagnostics = new DiagnosticsPublisher();
  const configDiagnostics = vscode.languages.createDiagnosticCollection('itar-guard-config');
  const tree = new FindingsTree(analysis);
  const view = vscode.window.createTreeView('itarGuard.findings', { treeDataProvider: tree, showCollapseAll: true });
  const status = new StatusBar(analysis);
  const commands = new Commands(analysis, tree);
  const selector = [...new Set(['file', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)])].map((scheme) => ({ scheme }));
  const shownProblems = new Set<string>();
  const jsonComments = new JsonComments(analysis);
  // The Azure Compliance view: its state and items need no Azure SDK until the view is shown.
  const live = new LiveState(context, analysis, log);
  const azureTree = new AzureTree(live, context.workspaceState);
  const azureView = vscode.window.createTreeView(AZURE_VIEW, { treeDataProvider: azureTree, showCollapseAll: true });

  const refresh = () => {
    const findings = analysis.findings();
    diagnostics.publish(findings);
    jsonComments.update();
    tree.refreshSoon();
    status.update();
    const active = findings.filter((f) => !f.suppression).length;
    // Set only when the count changes: each setting is sent to the window, which draws the badge again.
    if (active !== (view.badge?.value ?? 0)) view.badge = active ? { value: active, tooltip: `${active} ITAR Guard finding${active === 1 ? '' : 's'}` } : undefined;
    void vscode.commands.executeCommand('setContext', 'itarGuard.hasInfrastructure', analysis.hasInfrastructure());
    configDiagnostics.clear();
    for (const scope of analysis.allScopes()) {
      for (const p of scope.settings.problems) {
        if (p.file) configDiagnostics.set(p.file, [configDiagnostic(p)]);
        else if (!shownProblems.has(p.message)) {
          shownProblems.add(p.message);
          void vscode.window.showWarningMessage(`ITAR Guard: ${p.message}`);
        }
      }
    }
  };

  context.subscriptions.push(
    log,
    analysis,
    diagnostics,
    configDiagnostics,
    tree,
    view,
    status,
    live,
    azureTree,
    azureView,
    live.attach(azureView),
    ...new AzureCommands(live, azureTree, analysis).register(),
    analysis.onDidAnalyze(refresh),
    // A finding's tree item offers its fix once the fixes have arrived.
    analysis.engine.onFixes(() => tree.refreshSoon()),
    vscode.languages.registerCodeActionsProvider(selector, new CodeActions(analysis), { providedCodeActionKinds: CodeActions.kinds }),
    vscode.languages.registerHoverProvider(selector, new Hovers(analysis)),
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, new RuleDocs()),
    ...commands.register(),
    vscode.window.onDidChangeActiveTextEditor(() => status.update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.run`)) void analysis.start();
      else if (e.affectsConfiguration(SECTION)) void analysis.reloadConfig();
    }),
  );
  void vscode.commands.executeCommand('setContext', 'itarGuard.findingsGrouping', 'severity');

  const timings: ItarGuardApi['timings'] = {
    activationMs: 0,
    get lastAnalysisMs() {
      return analysis.lastAnalysisMs;
    },
  };
  const scanStart = performance.now();
  void vscode.commands.executeCommand('setContext', 'itarGuard.scanning', true);
  void vscode.window
    .withProgress({ location: vscode.ProgressLocation.Window, title: 'ITAR Guard' }, (p) => analysis.start(p))
    .then(() => {
      timings.startupScanMs = performance.now() - scanStart;
      void vscode.commands.executeCommand('setContext', 'itarGuard.scanning', false);
    });
  timings.activationMs = performance.now() - activationStart;
  return { timings, idle: () => analysis.idle().then(() => analysis.fixesSettled()), findings: () => analysis.findings(), findingsTree: tree, azureTree, logUri: context.logUri };
}
