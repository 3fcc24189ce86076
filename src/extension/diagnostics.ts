/**
 * Findings → diagnostics. Only the files whose findings changed are republished.
 */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../engine/model/finding';
import { ruleDocsUrl } from '../engine/rules/registry';
import { locationOf, rangeOf, uriOf } from './convert';
import { addTo } from '../engine/model/grouping';

export const SOURCE = 'ITAR Guard';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeOf(f.span), f.message, SEVERITY[f.severity]);
  d.source = SOURCE;
  d.code = { value: f.ruleId, target: vscode.Uri.parse(ruleDocsUrl(f.ruleId)) };
  d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(locationOf(r.span), r.message));
  return d;
}

function signature(findings: readonly Finding[]): string {
  return JSON.stringify(findings.map((f) => [f.ruleId, f.severity, f.message, f.span.start, f.span.end, f.related.map((r) => [r.span.uri, r.span.start, r.span.end, r.message])]));
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('itar-guard');
  private readonly published = new Map<string, string>();

  /** Shows the unsuppressed findings; files that no longer have any are cleared. */
  publish(findings: readonly Finding[]): void {
    const byUri = new Map<string, Finding[]>();
    for (const f of findings) if (!f.suppression) addTo(byUri, f.span.uri, f);
    for (const key of [...this.published.keys()]) {
      if (byUri.has(key)) continue;
      this.collection.delete(uriOf(key));
      this.published.delete(key);
    }
    for (const [key, list] of byUri) {
      const sig = signature(list);
      if (this.published.get(key) === sig) continue;
      this.collection.set(uriOf(key), list.map(toDiagnostic));
      this.published.set(key, sig);
    }
  }

  dispose(): void {
    this.collection.dispose();
  }
}
