/**
 * Quick fixes for findings: the engine's fixes, a justified suppression, the rule's documentation; and fix-all
 * for a file (`source.fixAll.itarGuard`), which applies every finding's preferred fix.
 */
import * as vscode from 'vscode';
import type { Finding } from '../engine/model/finding';
import type { Analysis } from './analysis';
import { rangeOf, workspaceEdit } from './convert';
import { SOURCE, toDiagnostic } from './diagnostics';
import { fixAllEdits, refOf } from './findings';
import { runMode } from './settings';

export const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('itarGuard');

function diagnosticFor(f: Finding, context: vscode.CodeActionContext): vscode.Diagnostic {
  const range = rangeOf(f.span);
  const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
  return context.diagnostics.find((d) => d.source === SOURCE && code(d) === f.ruleId && d.range.isEqual(range) && d.message === f.message) ?? toDiagnostic(f);
}

export class CodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL];

  constructor(private readonly analysis: Analysis) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    // Ranges and edits are only right for the text that was analysed: analyse pending edits first.
    if (!this.analysis.isCurrent(document) && runMode() === 'onType') await this.analysis.flush();
    if (!this.analysis.isCurrent(document)) return [];
    await this.analysis.fixesSettled(document.uri);
    const findings = this.analysis.findingsOf(document.uri).filter((f) => !f.suppression);
    const actions: vscode.CodeAction[] = [];
    if (!context.only || context.only.contains(vscode.CodeActionKind.QuickFix)) {
      for (const f of findings) if (rangeOf(f.span).intersection(range)) actions.push(...quickFixes(f, diagnosticFor(f, context)));
    }
    if (context.only?.contains(FIX_ALL)) {
      const edits = fixAllEdits(findings);
      if (edits.length) {
        const all = new vscode.CodeAction('Fix all ITAR Guard findings in this file', FIX_ALL);
        all.edit = workspaceEdit(edits);
        actions.push(all);
      }
    }
    return actions;
  }
}

function quickFixes(f: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  for (const fix of f.fixes) {
    const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    a.edit = workspaceEdit(fix.edits);
    a.diagnostics = [diagnostic];
    a.isPreferred = !!fix.preferred;
    actions.push(a);
  }
  const suppress = new vscode.CodeAction(`Suppress ${f.ruleId} with justification…`, vscode.CodeActionKind.QuickFix);
  suppress.command = { command: 'itarGuard.suppress', title: suppress.title, arguments: [refOf(f)] };
  suppress.diagnostics = [diagnostic];
  const docs = new vscode.CodeAction(`Show documentation for ${f.ruleId}`, vscode.CodeActionKind.QuickFix);
  docs.command = { command: 'itarGuard.showRuleDocumentation', title: docs.title, arguments: [f.ruleId] };
  docs.diagnostics = [diagnostic];
  return [...actions, suppress, docs];
}
