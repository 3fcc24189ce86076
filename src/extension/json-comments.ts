/**
 * ARM templates and parameter files may hold `//` and `/* *\/` comments (Azure Resource Manager accepts them; see
 * "Comments" in Microsoft's ARM template syntax reference), and suppressions are such comments. VS Code's `json`
 * language flags every comment as an error, so an ARM document with comments open in the `json` language is
 * switched to `jsonc` (JSON with Comments) once; the ARM Tools extension's own language is left alone.
 */
import { visit } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Analysis } from './analysis';
import { keyOf } from './convert';

function hasComment(text: string): boolean {
  let found = false;
  visit(text, { onComment: () => (found = true) });
  return found;
}

export class JsonComments {
  private readonly switched = new Set<string>();
  /** The version of each document last read without a comment: reading a large template at every analysis is slow. */
  private readonly readAt = new WeakMap<vscode.TextDocument, number>();

  constructor(private readonly analysis: Analysis) {}

  /** Switches the open ARM documents that hold comments from `json` to `jsonc`. */
  update(): void {
    for (const doc of vscode.workspace.textDocuments) {
      const key = keyOf(doc.uri);
      if (doc.languageId !== 'json' || this.switched.has(key) || this.readAt.get(doc) === doc.version) continue;
      if (this.analysis.formatOf(doc.uri) !== 'arm') continue;
      if (!hasComment(doc.getText())) {
        this.readAt.set(doc, doc.version);
        continue;
      }
      this.switched.add(key);
      void vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
    }
  }
}
