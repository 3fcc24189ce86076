/**
 * The VS Code extension's entry point. The engine, its parsers and data load only when the extension activates
 * (a workspace or an editor with infrastructure code), and then outside the module's own load.
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
