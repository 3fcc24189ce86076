import type { Rule } from './rule';

/** Reported by the workspace when it reads suppression comments. */
export const suppressionUnjustified: Rule = {
  meta: {
    id: 'suppression-unjustified',
    title: 'Suppression without a reason',
    defaultSeverity: 'warning',
    description: 'An `itar-guard-ignore` comment gives no reason, so it suppresses nothing.',
    help: [
      'A suppression is a compliance decision and must say why: `itar-guard-ignore <rule-id>[, <rule-id>…]: <reason>`, on the line of the finding or the line above it (`//` in Bicep and ARM JSON with comments, `#` or `//` in Terraform). Suppressed findings stay in SARIF reports with the justification, so auditors can review them.',
      'A comment without a reason, or naming no known rule, does not suppress anything. Add the reason after a colon.',
    ].join('\n\n'),
    policies: [],
    resourceTypes: [],
    fixable: false,
    examples: {
      bad: { bicep: '// itar-guard-ignore region-global', arm: '// itar-guard-ignore region-global', terraform: '# itar-guard-ignore region-global' },
      good: {
        bicep: '// itar-guard-ignore region-global: serves only public marketing pages',
        arm: '// itar-guard-ignore region-global: serves only public marketing pages',
        terraform: '# itar-guard-ignore region-global: serves only public marketing pages',
      },
    },
  },
};
