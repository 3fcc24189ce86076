import type { Rule } from './rule';

/** Reported by the format adapters when a module or linked template is outside the workspace. */
export const moduleUnresolved: Rule = {
  meta: {
    id: 'module-unresolved',
    title: 'Module not checked',
    defaultSeverity: 'information',
    description: 'A module or linked template is not in the workspace (a registry, template spec, remote or missing file), or is not evaluated, so the resources it deploys are not checked.',
    help: [
      'Registry modules (`br:`, `br/public:`), template specs (`ts:`), linked templates by URI and Terraform registry or git modules live outside the workspace. ITAR Guard checks what the caller passes to them, but not the resources they create.',
      'In Bicep, a `Microsoft.Resources/deployments` resource declared as such (rather than a `module`) is reported too: its template, inline or linked, is not evaluated. Write it as a module, or as an ARM JSON template, whose nested deployments are checked.',
      'Review such modules once and suppress the finding with the justification, or vendor the module into the repository so that it is checked with every change.',
    ].join('\n\n'),
    policies: [],
    resourceTypes: [],
    fixable: false,
  },
};
