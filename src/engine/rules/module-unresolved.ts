import type { Rule } from './rule';

/** Reported by the format adapters when a module or linked template is outside the workspace. */
export const moduleUnresolved: Rule = {
  meta: {
    id: 'module-unresolved',
    title: 'Module not checked',
    defaultSeverity: 'information',
    description: 'A module or linked template is not in the workspace (a registry, template spec, remote or missing file), or is not evaluated, so the resources it deploys are not checked.',
    help: [
      'Registry modules (`br:`, `br/public:`), template specs (`ts:`), linked templates by URI and Terraform registry or git modules live outside the workspace. ITAR Guard does not check the resources they create; the `location` the caller passes to such a module (a Bicep `params.location`, the `location` argument of a Terraform module for azurerm or azapi: a registry address for that provider, a git or archive source named `terraform-azurerm-…` or `terraform-azapi-…` as the registry names module repositories, or a call that also passes `resource_group_name`, an ARM `parameters.location`) is judged by the region rules as where those resources go, named after the source of the module in their findings (not for an Azure Verified Modules utility module, which deploys no Azure resources but deployment scripts).',
      'In Bicep, a `Microsoft.Resources/deployments` resource declared as such (rather than a `module`) is reported too: its template, inline or linked, is not evaluated (one whose inline template lists no resources, such as a telemetry deployment, is not reported). Write it as a module, or as an ARM JSON template, whose nested deployments are checked.',
      'A Terraform registry or git module that `terraform init` has installed is checked: it is read from `.terraform/modules`, as its manifest (`modules.json`) lists it for the call, as long as the call still names the source it was installed from and a version constraint the installed version meets (Terraform refuses the call otherwise too). Its findings are anchored at the call in your code (or at your resource that reads a value of the module), with the place in the module as a related location, so a suppression comment goes above the call and covers the findings of that rule from inside the module; no fix edits the installed copy, which the next `terraform init` replaces. So run `terraform init` (`-backend=false` is enough) before scanning in CI.',
      'A Bicep registry module (`br:`, `br/public:`, or an alias that `bicepconfig.json` configures) that Bicep has restored is checked too: `bicep restore` (or `bicep build`, or the Bicep extension as it opens the file) writes the compiled module into Bicep\'s cache (`~/.bicep`, or the `cacheRootDirectory` of the nearest `bicepconfig.json`), from which it is read with the `params` of the call, or the values of a `.bicepparam` file whose `using` line names it. A template spec (`ts:`, or an alias) that Bicep restored is read from the same cache, as the template its version holds. Findings are anchored at the `module` (or `using`) line, as for Terraform, and no fix edits the cache. So run `bicep restore` before scanning in CI.',
      'A Terraform override file (`override.tf`, `x_override.tf`, and their JSON and OpenTofu forms) is not merged into the blocks it overrides: each of its blocks is read in place of the block of the same name, and reported, so a value only the overridden block writes is not checked. Write the values in one block.',
      'Review other such modules once and suppress the finding with the justification, or vendor the module into the repository so that it is checked with every change.',
    ].join('\n\n'),
    policies: [],
    resourceTypes: [],
    fixable: false,
  },
};
