/**
 * A rule's documentation page, generated from its metadata: `npm run gen` writes it under docs/rules, and the
 * editor shows the same page offline.
 */
import { policyInfo } from './policies';
import type { RuleExamples, RuleMeta } from './rule';

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

/** A rule's documentation page: the published one, and the one the editor shows offline. */
export function ruleMarkdown(m: RuleMeta): string {
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
  if (m.alwaysOn) lines.push('This rule cannot be turned off: a level of `off` is a configuration error.', '');
  lines.push(`Suppress one finding with a justified comment on its line or the line above: \`itar-guard-ignore ${m.id}: <reason>\`.`, '');
  return lines.join('\n');
}
