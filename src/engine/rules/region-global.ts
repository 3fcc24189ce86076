import type { Rule } from './rule';
import { placementsOf } from './region/placements';
import { affected, reportGroups } from './region/report';

export const regionGlobal: Rule = {
  meta: {
    id: 'region-global',
    title: 'Global resource',
    defaultSeverity: 'information',
    description: "A resource's location is 'global': it is in no one region, and edge services serve it worldwide.",
    help: [
      "Global resources (Front Door, Traffic Manager, DNS zones, CDN profiles, …) have no region: Azure serves and may cache their data at edge locations in many countries. Azure Policy's built-in 'Allowed locations' definition excludes them for that reason.",
      'Review what such a resource carries: configuration and routing are fine; cached responses or logs holding technical data are not. Suppress the finding with the justification when the review is done.',
    ].join('\n\n'),
    policies: ['e56962a6-4747-49cd-b67b-bf8b01975c4c'],
    resourceTypes: [],
    fixable: false,
    examples: {
      bad: {
        bicep: "resource fd 'Microsoft.Cdn/profiles@2024-02-01' = {\n  name: 'edge'\n  location: 'global'\n  sku: { name: 'Premium_AzureFrontDoor' }\n}",
        arm: '{\n  "type": "Microsoft.Cdn/profiles",\n  "apiVersion": "2024-02-01",\n  "name": "edge",\n  "location": "global",\n  "sku": { "name": "Premium_AzureFrontDoor" }\n}',
        terraform: 'resource "azurerm_cdn_frontdoor_profile" "edge" {\n  name                = "edge"\n  resource_group_name = "itar"\n  sku_name            = "Premium_AzureFrontDoor"\n}',
      },
      // The finding is anchored at the location where it is written, so the justified comment goes above that line.
      good: {
        bicep: "resource fd 'Microsoft.Cdn/profiles@2024-02-01' = {\n  name: 'edge'\n  // itar-guard-ignore region-global: routes only; no technical data is cached\n  location: 'global'\n  sku: { name: 'Premium_AzureFrontDoor' }\n}",
        arm: '{\n  "type": "Microsoft.Cdn/profiles",\n  "apiVersion": "2024-02-01",\n  "name": "edge",\n  // itar-guard-ignore region-global: routes only; no technical data is cached\n  "location": "global",\n  "sku": { "name": "Premium_AzureFrontDoor" }\n}',
        terraform: '# itar-guard-ignore region-global: routes only; no technical data is cached\nresource "azurerm_cdn_frontdoor_profile" "edge" {\n  name                = "edge"\n  resource_group_name = "itar"\n  sku_name            = "Premium_AzureFrontDoor"\n}',
      },
    },
  },
  check(ctx) {
    const items = placementsOf(ctx.resources, ctx.policy).judged.filter((j) => j.verdict.kind === 'global');
    reportGroups(ctx, items, (group) => `${affected(ctx, group)}: a global resource is in no one region; Azure may keep and serve its data anywhere (edge services cache it worldwide). Make sure it holds, caches or logs no technical data.`, false);
  },
};
