/**
 * Files generated from the rules' metadata: one documentation page per rule, an index, and the JSON schema of
 * `itar-guard.json`. `npm run gen` writes them; a test fails when the committed copies are stale.
 */
import { configSchema } from '../src/engine/config';
import { ruleMarkdown } from '../src/engine/rules/docs';
import { RULES } from '../src/engine/rules/registry';

function index(): string {
  const lines = ['<!-- Generated from the rules\' metadata by `npm run gen`; do not edit. -->', '# Rules', '', '| Rule | Default | Fix | What it reports |', '|---|---|---|---|'];
  for (const r of RULES) lines.push(`| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.defaultSeverity} | ${r.meta.fixable ? 'yes' : ''} | ${r.meta.description} |`);
  return lines.join('\n') + '\n';
}

/** Repository-relative path → content. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of RULES) files.set(`docs/rules/${r.meta.id}.md`, ruleMarkdown(r.meta));
  files.set('docs/rules/README.md', index());
  files.set('schemas/itar-guard.schema.json', JSON.stringify(configSchema(), null, 2) + '\n');
  return files;
}
