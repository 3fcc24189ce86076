/**
 * Files generated from the rules' metadata: one documentation page per rule, an index, and the JSON schema of
 * `itar-guard.json`. `npm run gen` writes them; a test fails when the committed copies are stale.
 */
import { configSchema } from '../src/engine/config';
import { policyInfo } from '../src/engine/rules/policies';
import { RULES } from '../src/engine/rules/registry';
import type { Rule, RuleExamples } from '../src/engine/rules/rule';

const FENCE: Record<keyof RuleExamples, string> = { bicep: 'bicep', arm: 'json', terraform: 'hcl' };
const FORMAT_NAMES: Record<keyof RuleExamples, string> = { bicep: 'Bicep', arm: 'ARM JSON', terraform: 'Terraform' };

function examples(title: string, ex: RuleExamples | undefined): string[] {
  if (!ex) return [];
  const out = [`### ${title}`, ''];
  for (const key of ['bicep', 'arm', 'terraform'] as const) {
    const code = ex[key];
    if (code) out.push(`${FORMAT_NAMES[key]}:`, '', '```' + FENCE[key], code, '```', '');
  }
  return out;
}

function rulePage(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `<!-- Generated from the rule's metadata (src/engine/rules) by \`npm run gen\`; do not edit. -->`,
    `# ${m.id}: ${m.title}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Default severity | ${m.defaultSeverity} |`,
    `| Quick fix | ${m.fixable ? 'yes' : 'no'} |`,
    `| Resource types | ${m.resourceTypes.length ? m.resourceTypes.map((t) => `\`${t}\``).join(', ') : 'all'} |`,
    '',
    m.description,
    '',
    m.help,
    '',
  ];
  if (m.policies.length) {
    lines.push('## Azure Policy built-ins this rule mirrors', '');
    for (const id of m.policies) lines.push(`- ${policyInfo(id)?.displayName ?? '(unknown)'} (\`${id}\`)`);
    lines.push('');
  }
  if (m.examples) lines.push('## Examples', '', ...examples('Reported', m.examples.bad), ...examples('Not reported', m.examples.good));
  lines.push('## Configuration', '', 'Change the level in `itar-guard.json`:', '', '```json', JSON.stringify({ rules: { [m.id]: m.defaultSeverity === 'error' ? 'warning' : 'error' } }, null, 2), '```', '');
  lines.push(`Suppress one finding with a justified comment on its line or the line above: \`itar-guard-ignore ${m.id}: <reason>\`.`, '');
  return lines.join('\n');
}

function index(): string {
  const lines = ['<!-- Generated from the rules\' metadata by `npm run gen`; do not edit. -->', '# Rules', '', '| Rule | Default | Fix | What it reports |', '|---|---|---|---|'];
  for (const r of RULES) lines.push(`| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.defaultSeverity} | ${r.meta.fixable ? 'yes' : ''} | ${r.meta.description} |`);
  return lines.join('\n') + '\n';
}

/** Repository-relative path → content. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of RULES) files.set(`docs/rules/${r.meta.id}.md`, rulePage(r));
  files.set('docs/rules/README.md', index());
  files.set('schemas/itar-guard.schema.json', JSON.stringify(configSchema(), null, 2) + '\n');
  return files;
}
