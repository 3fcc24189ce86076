/**
 * Findings → diagnostics. Only the files whose findings changed are republished.
 */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../engine/model/finding';
import { ruleDocsUrl } from '../engine/rules/registry';
import { locationOf, rangeOf, uriOf } from './convert';
import { addTo, sameItems } from '../engine/model/grouping';

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

/**
 * A finding's diagnostic and what it shows, made once per finding: the engine gives again the finding objects an edit
 * did not change, and a large file's findings are published again whenever one of them changes.
 */
const shown = new WeakMap<Finding, { readonly diagnostic: vscode.Diagnostic; readonly signature: string }>();

function shownAs(f: Finding): { readonly diagnostic: vscode.Diagnostic; readonly signature: string } {
  let known = shown.get(f);
  if (!known) {
    const signature = JSON.stringify([f.ruleId, f.severity, f.message, f.span.start, f.span.end, f.related.map((r) => [r.span.uri, r.span.start, r.span.end, r.message])]);
    shown.set(f, (known = { diagnostic: toDiagnostic(f), signature }));
  }
  return known;
}

/** What a file's findings show, to tell whether its diagnostics must be published again. */
function signature(findings: readonly Finding[]): string {
  return findings.map((f) => shownAs(f).signature).join('\n');
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('itar-guard');
  /** Per file, the findings last shown and their signature. */
  private readonly published = new Map<string, { readonly findings: readonly Finding[]; readonly signature: string }>();

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
      const known = this.published.get(key);
      // The engine gives again the finding objects an edit did not change: a file's same findings need no signature,
      // which would otherwise be written for every finding of the workspace at every keystroke.
      if (known && sameItems(known.findings, list)) continue;
      const sig = signature(list);
      this.published.set(key, { findings: list, signature: sig });
      if (known?.signature !== sig) this.collection.set(uriOf(key), list.map((f) => shownAs(f).diagnostic));
    }
  }

  dispose(): void {
    this.collection.dispose();
  }
}
