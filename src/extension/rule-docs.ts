/**
 * Rule documentation, rendered from the rules' metadata and shown in the Markdown preview, so it is there
 * offline and always matches the installed version.
 */
import * as vscode from 'vscode';
import { ruleMarkdown } from '../engine/rules/docs';
import { RULES, ruleById } from '../engine/rules/registry';

export const RULE_DOCS_SCHEME = 'itar-guard-rule';

export class RuleDocs implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const rule = ruleById(id);
    return rule ? ruleMarkdown(rule.meta) : `# Unknown rule\n\nITAR Guard has no rule '${id}'. Known rules: ${RULES.map((r) => r.meta.id).join(', ')}.\n`;
  }

  static uriOf(ruleId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${ruleId}.md` });
  }

  /** Shows a rule's page; without an id, lets the user pick the rule. Resolves to the page's URI. */
  static async show(ruleId?: string): Promise<vscode.Uri | undefined> {
    const id =
      ruleId ??
      (
        await vscode.window.showQuickPick(
          RULES.map((r) => ({ label: r.meta.title, description: r.meta.id, detail: r.meta.description, id: r.meta.id })),
          { title: 'ITAR Guard: Show Rule Documentation', matchOnDescription: true },
        )
      )?.id;
    if (!id) return undefined;
    const uri = RuleDocs.uriOf(id);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
    return uri;
  }
}
