/**
 * The status bar item: the active profile with the error and warning counts; clicking it switches the profile.
 */
import * as vscode from 'vscode';
import type { Analysis } from './analysis';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('itarGuard.status', vscode.StatusBarAlignment.Left, 50);
  /** What the item shows: set again only when it changes, since every change is sent to the window and drawn there. */
  private shown = '';

  constructor(private readonly analysis: Analysis) {
    this.item.name = 'ITAR Guard';
    this.item.command = 'itarGuard.switchProfile';
  }

  /** The profile shown: the active editor's folder's, else the first folder's. */
  private profile(): string {
    const editor = vscode.window.activeTextEditor;
    const scope = (editor && this.analysis.scopeOf(editor.document.uri)) ?? this.analysis.allScopes().find((s) => s.folder) ?? this.analysis.allScopes()[0];
    const policy = scope?.settings.config.policy;
    if (!policy) return 'us-only';
    return policy.allowedRegions ? `${policy.allowedRegions.length} allowed regions` : policy.profile;
  }

  update(): void {
    const active = this.analysis.findings().filter((f) => !f.suppression);
    const errors = active.filter((f) => f.severity === 'error').length;
    const warnings = active.filter((f) => f.severity === 'warning').length;
    const problems = this.analysis.allScopes().flatMap((s) => s.settings.problems);
    const text = `$(shield) ${this.profile()}  $(error) ${errors}  $(warning) ${warnings}${problems.length ? '  $(alert)' : ''}`;
    const tip = new vscode.MarkdownString(`**ITAR Guard** — profile ${this.profile()}: ${errors} error(s), ${warnings} warning(s).\n\nClick to switch the profile.`);
    for (const p of problems) tip.appendMarkdown(`\n\n$(alert) ${p.message}`);
    const visible = this.analysis.hasInfrastructure() || problems.length > 0;
    const shown = JSON.stringify([text, tip.value, visible]);
    if (shown === this.shown) return;
    this.shown = shown;
    this.item.text = text;
    tip.supportThemeIcons = true;
    this.item.tooltip = tip;
    this.item.backgroundColor = problems.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
