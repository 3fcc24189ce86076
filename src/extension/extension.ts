/**
 * The VS Code extension's entry point. Nothing of the engine loads with this module: on activation (a workspace
 * or an editor with infrastructure code) the session loads, and the parsers load only in the engine's worker
 * thread.
 */
import type * as vscode from 'vscode';
import type { ItarGuardApi } from './session';

export async function activate(context: vscode.ExtensionContext): Promise<ItarGuardApi> {
  const start = performance.now();
  const { startSession } = await import('./session');
  return startSession(context, start);
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}
