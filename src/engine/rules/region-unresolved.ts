import type { Fix, RelatedLocation } from '../model/finding';
import { deployableAllowedRegions } from '../regions/profiles';
import { describeResource, describeResources } from './describe';
import { placeKey } from './own-place';
import type { Rule, RuleContext } from './rule';
import { useSite } from '../model/value';
import { placementsOf, type UnresolvedLocation } from './region/placements';

function restrictFixes(ctx: RuleContext, item: UnresolvedLocation): Fix[] {
  const input = item.unknown.input;
  if (!input) return [];
  const regions = deployableAllowedRegions(ctx.policy).map((r) => r.name);
  const edits = ctx.edits.restrictInput(input, regions);
  return edits ? [{ title: `Allow only the regions of the active profile for '${input.name}'`, edits, preferred: true }] : [];
}

export const regionUnresolved: Rule = {
  meta: {
    id: 'region-unresolved',
    title: 'Region cannot be determined',
    defaultSeverity: 'warning',
    description: "A resource's region, or a place it replicates to, cannot be determined from the files: a parameter without a default, the deployment's resource group location, a data source, a function evaluated at deployment, an expression that yields no value, a SQL failover group partner or an object replication destination account that the files do not deploy.",
    help: [
      "When the region comes from outside the files — `resourceGroup().location`, a parameter that has no default and no parameter file, a Terraform data source — nothing stops a deployment to a region the program does not allow. ITAR Guard cannot vouch for such a resource.",
      'Fix: restrict the input to the allowed regions (the quick fix adds an `@allowed` list in Bicep, `allowedValues` in ARM or a `validation` block in Terraform with the regions of the active profile), or, for an input without a default, give the region in a parameter file, `.bicepparam` or tfvars file that the workspace contains (a parameter file is one way to deploy, so an undetermined default such as `deployment().location` stays possible beside its value). An Azure Policy "Allowed locations" assignment is the platform-side guard for the same risk.',
    ].join('\n\n'),
    policies: ['e56962a6-4747-49cd-b67b-bf8b01975c4c'],
    resourceTypes: [],
    fixable: true,
    examples: {
      bad: {
        bicep: 'param location string = resourceGroup().location',
        arm: '"location": { "type": "string", "defaultValue": "[resourceGroup().location]" }',
        terraform: 'variable "location" {\n  type = string\n}',
      },
      good: {
        bicep: "@allowed([\n  'usgovvirginia'\n  'usgovtexas'\n])\nparam location string = resourceGroup().location",
        arm: '"location": {\n  "type": "string",\n  "defaultValue": "[resourceGroup().location]",\n  "allowedValues": [ "usgovvirginia", "usgovtexas" ]\n}',
        terraform: 'variable "location" {\n  type = string\n  validation {\n    condition     = contains(["usgovvirginia", "usgovtexas"], var.location)\n    error_message = "Only ITAR-approved regions are allowed."\n  }\n}',
      },
    },
  },
  check(ctx) {
    const groups = new Map<string, UnresolvedLocation[]>();
    for (const item of placementsOf(ctx.resources, ctx.policy).unresolved) {
      // One finding per place: the instances of one declaration (a module used twice) share it, and are counted.
      const key = `${placeKey(useSite(item.unknown), item.resource)}|${item.path}`;
      const g = groups.get(key);
      if (g) g.push(item);
      else groups.set(key, [item]);
    }
    for (const group of groups.values()) {
      const first = group[0];
      const reasons = [...new Set(group.map((g) => g.unknown.reason))];
      const related: RelatedLocation[] = [];
      for (const g of group) {
        if (g.unknown.via.length) related.push({ span: g.unknown.span, message: g.unknown.reason });
        for (const hop of g.unknown.via.slice(1)) related.push({ span: hop, message: 'the value reaches the resource through here' });
      }
      const resources = [...new Map(group.map((g) => [g.resource.key, g.resource])).values()];
      for (const r of resources) for (const call of r.via) related.push({ span: call, message: `${describeResource(r)} is deployed through this module or nested deployment` });
      const where = first.path === 'location' ? 'region' : `replication target (${ctx.edits.spell(first.resource, first.path).name})`;
      ctx.report({
        span: useSite(first.unknown),
        message: `The ${where} of ${describeResources(resources)} cannot be determined from the files: ${reasons.join('; ')}.`,
        related,
        fixes: () => restrictFixes(ctx, first),
        resources: resources.map((r) => r.key),
      });
    }
  },
};
