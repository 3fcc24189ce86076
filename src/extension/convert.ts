/**
 * Engine ↔ VS Code: document keys, ranges and edits. The engine names documents by URI strings; file URIs are
 * written the way Node's `pathToFileURL` writes them, so that the keys the extension gives and the URIs the
 * engine resolves from relative references (module paths, `metadata.template`) are the same strings.
 */
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import type { TextEdit } from '../engine/model/finding';
import type { Span } from '../engine/model/span';

export function keyOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? pathToFileURL(uri.fsPath).href : uri.toString();
}

export function uriOf(key: string): vscode.Uri {
  return vscode.Uri.parse(key, true);
}

export function rangeOf(span: Span): vscode.Range {
  return new vscode.Range(span.startLine, span.startCharacter, span.endLine, span.endCharacter);
}

export function locationOf(span: Span): vscode.Location {
  return new vscode.Location(uriOf(span.uri), rangeOf(span));
}

export function workspaceEdit(edits: readonly TextEdit[], into = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const e of edits) into.replace(uriOf(e.span.uri), rangeOf(e.span), e.newText);
  return into;
}
