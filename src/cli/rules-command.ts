/**
 * `itar-guard rules`: the rules with their default severity, the Azure Policy built-ins they mirror and their
 * documentation.
 */
import { policyInfo } from '../engine/rules/policies';
import { RULES, ruleDocsUrl } from '../engine/rules/registry';
import type { Io } from './io';

export function runRules(io: Io, format: 'text' | 'json'): number {
  if (format === 'json') {
    const rules = RULES.map((r) => ({
      id: r.meta.id,
      title: r.meta.title,
      defaultSeverity: r.meta.defaultSeverity,
      fixable: r.meta.fixable,
      description: r.meta.description,
      resourceTypes: r.meta.resourceTypes,
      azurePolicies: r.meta.policies.map((id) => ({ id, displayName: policyInfo(id)?.displayName })),
      docs: ruleDocsUrl(r.meta.id),
    }));
    io.stdout(JSON.stringify(rules, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...RULES.map((r) => r.meta.id.length));
  const lines: string[] = [];
  for (const r of RULES) {
    const m = r.meta;
    lines.push(`${m.id.padEnd(width)}  ${m.defaultSeverity.padEnd(11)}  ${m.fixable ? 'fixable' : '       '}  ${m.title}`);
    lines.push(`${' '.repeat(width)}  ${m.description}`);
    if (m.resourceTypes.length) lines.push(`${' '.repeat(width)}  types: ${m.resourceTypes.join(', ')}`);
    for (const id of m.policies) lines.push(`${' '.repeat(width)}  Azure Policy ${id}: ${policyInfo(id)?.displayName ?? '(not in the data)'}`);
    lines.push(`${' '.repeat(width)}  docs: ${ruleDocsUrl(m.id)}`, '');
  }
  io.stdout(lines.join('\n'));
  return 0;
}
