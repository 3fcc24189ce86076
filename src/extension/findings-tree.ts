/**
 * The Findings view: severity → rule → file → finding, or file → finding, with counts in the labels.
 */
import * as vscode from 'vscode';
import { markdownText } from './markdown-text';
import { SEVERITY_ORDER, type Finding, type Severity } from '../engine/model/finding';
import { compareSpans } from '../engine/model/span';
import { RULES, ruleById } from '../engine/rules/registry';
import type { Analysis } from './analysis';
import { rangeOf, uriOf } from './convert';
import { refOf } from './findings';
import { addTo } from '../engine/model/grouping';

export type Grouping = 'severity' | 'file';

export type FindingsNode =
  | { readonly kind: 'severity'; readonly severity: Severity; readonly findings: readonly Finding[] }
  | { readonly kind: 'rule'; readonly ruleId: string; readonly findings: readonly Finding[] }
  | { readonly kind: 'file'; readonly uri: string; readonly findings: readonly Finding[] }
  | { readonly kind: 'finding'; readonly finding: Finding };

const SEVERITY_LABEL: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', information: 'Information' };
export const SEVERITY_ICON: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** Rules in the order reports list them (the registry's). */
function ruleOrder(id: string): number {
  const rule = ruleById(id);
  return rule ? RULES.indexOf(rule) : RULES.length;
}

function groupBy<K>(findings: readonly Finding[], key: (f: Finding) => K): Map<K, Finding[]> {
  const out = new Map<K, Finding[]>();
  for (const f of findings) addTo(out, key(f), f);
  return out;
}

/**
 * How long the tree waits for the findings to stop changing. It lists every finding of the workspace, expanded:
 * rebuilt after each analysis of a large file and again when its fixes arrived, it held up the editor's next
 * keystroke by some hundreds of milliseconds.
 */
const SETTLE_MS = 500;

export class FindingsTree implements vscode.TreeDataProvider<FindingsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private grouping: Grouping = 'severity';
  private settling: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly analysis: Analysis) {}

  setGrouping(g: Grouping): void {
    this.grouping = g;
    void vscode.commands.executeCommand('setContext', 'itarGuard.findingsGrouping', g);
    this.refresh();
  }

  /** Shows the findings as they are now. */
  refresh(): void {
    clearTimeout(this.settling);
    this.settling = undefined;
    this.changed.fire(undefined);
  }

  /** Shows the findings once they have not changed for a moment (analyses follow keystrokes; fixes follow analyses). */
  refreshSoon(): void {
    clearTimeout(this.settling);
    this.settling = setTimeout(() => this.refresh(), SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.settling);
    this.changed.dispose();
  }

  private current(): Finding[] {
    return this.analysis
      .findings()
      .filter((f) => !f.suppression)
      .sort((a, b) => compareSpans(a.span, b.span));
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    if (!node) {
      const all = this.current();
      if (this.grouping === 'file') return this.files(all);
      return [...groupBy(all, (f) => f.severity)]
        .sort(([a], [b]) => SEVERITY_ORDER[b] - SEVERITY_ORDER[a])
        .map(([severity, findings]) => ({ kind: 'severity', severity, findings }));
    }
    switch (node.kind) {
      case 'severity':
        return [...groupBy(node.findings, (f) => f.ruleId)]
          .sort(([a], [b]) => ruleOrder(a) - ruleOrder(b))
          .map(([ruleId, findings]) => ({ kind: 'rule', ruleId, findings }));
      case 'rule':
        return this.files(node.findings);
      case 'file':
        return node.findings.map((finding) => ({ kind: 'finding', finding }));
      case 'finding':
        return [];
    }
  }

  private files(findings: readonly Finding[]): FindingsNode[] {
    return [...groupBy(findings, (f) => f.span.uri)].map(([uri, list]) => ({ kind: 'file', uri, findings: list }));
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Expanded;
    switch (node.kind) {
      case 'severity': {
        const item = new vscode.TreeItem(`${SEVERITY_LABEL[node.severity]} (${node.findings.length})`, collapsed);
        item.iconPath = SEVERITY_ICON[node.severity];
        return item;
      }
      case 'rule': {
        const meta = ruleById(node.ruleId)?.meta;
        const item = new vscode.TreeItem(`${meta?.title ?? node.ruleId} (${node.findings.length})`, collapsed);
        item.description = node.ruleId;
        item.tooltip = meta?.description;
        item.contextValue = 'rule';
        item.iconPath = new vscode.ThemeIcon('law');
        return item;
      }
      case 'file': {
        const uri = uriOf(node.uri);
        const item = new vscode.TreeItem(`${uri.path.slice(uri.path.lastIndexOf('/') + 1)} (${node.findings.length})`, collapsed);
        item.resourceUri = uri;
        item.description = vscode.workspace.asRelativePath(uri.with({ path: uri.path.slice(0, uri.path.lastIndexOf('/')) || '/' }));
        item.iconPath = vscode.ThemeIcon.File;
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
        item.description = `${f.ruleId} · Ln ${f.span.startLine + 1}, Col ${f.span.startCharacter + 1}`;
        item.tooltip = new vscode.MarkdownString(`**${f.ruleId}**\n\n${markdownText(f.message)}`);
        item.iconPath = SEVERITY_ICON[f.severity];
        item.contextValue = f.fixes.length ? 'finding.fixable' : 'finding';
        item.command = { command: 'itarGuard.revealFinding', title: 'Reveal', arguments: [refOf(f)] };
        return item;
      }
    }
  }

  /** Reveals a finding in its editor with its range selected. */
  static async reveal(f: Finding): Promise<void> {
    await vscode.window.showTextDocument(uriOf(f.span.uri), { selection: rangeOf(f.span), preserveFocus: false });
  }
}
