import { describeRegion } from '../regions/catalog';
import type { RegionPolicy } from '../regions/profiles';
import type { Rule, RuleContext } from './rule';
import { placementsOf, type JudgedLocation } from './region/placements';
import { affected, reportGroups } from './region/report';

function policyText(policy: RegionPolicy): string {
  return policy.allowedRegions ? 'the configured allowed regions' : `profile '${policy.profile}'`;
}

function message(ctx: RuleContext, group: JudgedLocation[]): string {
  const policy = ctx.policy;
  const first = group[0];
  if (first.verdict.kind === 'unknown') {
    return `'${first.name}' is not an Azure location name, so where the data would go is unknown: ${affected(ctx, group)}. Use a region allowed by ${policyText(policy)}.`;
  }
  const region = first.verdict.kind === 'not-allowed' ? describeRegion(first.verdict.region) : first.name;
  return `${region} is not allowed by ${policyText(policy)}: ${affected(ctx, group)}.`;
}

export const regionNotAllowed: Rule = {
  meta: {
    id: 'region-not-allowed',
    title: 'Region outside the allowed regions',
    defaultSeverity: 'error',
    description: 'A resource may place data in a region that the active profile or allowed-regions list does not allow, or in a location that is no Azure region.',
    help: [
      'An ITAR program decides where its technical data may be stored: by default (profile `us-only`) the US regions of Azure public and Azure Government; `us-government` allows only Azure Government, DoD and the air-gapped US clouds; `not-proscribed` allows every region outside 22 CFR 126.1 countries. An explicit `allowedRegions` list in `itar-guard.json` replaces the profile.',
      'Every possible value counts: parameter defaults, each allowed-values entry or union-type member, parameter-file and tfvars values, module arguments, the `optional()` defaults of Terraform variable types, the `default_location` of the azapi provider for a resource that gives no location, both branches of a condition (only one where the files alone decide it, as the arguments of a module call can; a resource whose condition they decide is false is not deployed), replication targets (Cosmos DB locations, the linked cache of a Redis geo-replication link, the partner region of a SQL managed instance failover group, the partner servers of a SQL failover group and the destination account of a storage object replication policy (each judged by its own location where the files deploy it, region-unresolved where they do not), the secondary regions of a geo-replicated Service Bus or Event Hubs namespace), and the paired region where a copy is kept: a geo-redundant storage account, geo-redundant backups of a PostgreSQL or MySQL server, the backups of a SQL database or managed instance and the periodic backups of a Cosmos DB account (geo-redundant unless set otherwise), geo-redundant Recovery Services or backup vault storage (a Recovery Services vault is geo-redundant unless it or a `backupstorageconfig` child the files deploy says otherwise), and every key vault (Key Vault copies a vault to the paired region, except in Brazil South, Brazil Southeast and West US 3); a copy that a default or the service keeps is reported only where the resource\'s own location is allowed. A name that is no Azure region is reported too, so a typo is never silently allowed.',
      'Fix: replace the value with an allowed region (the quick fix offers the nearest ones), or change the profile if the program allows that region. For a copy a setting keeps in the paired region, the quick fix sets it to keep every copy in the primary region (a locally redundant SKU or backup storage, geo-redundant backups off).',
    ].join('\n\n'),
    policies: ['e56962a6-4747-49cd-b67b-bf8b01975c4c', 'e765b5de-1225-4ba3-bd56-1ac6695af988', '0473574d-2d43-4217-aefe-941fcdf7e684'],
    resourceTypes: [],
    fixable: true,
    examples: {
      bad: {
        bicep: "@allowed([\n  'eastus'\n  'westeurope'\n])\nparam location string = 'eastus'",
        arm: '"location": {\n  "type": "string",\n  "defaultValue": "eastus",\n  "allowedValues": [ "eastus", "westeurope" ]\n}',
        terraform: 'variable "location" {\n  default = "westeurope"\n}',
      },
      good: {
        bicep: "@allowed([\n  'eastus'\n  'westus2'\n])\nparam location string = 'eastus'",
        arm: '"location": {\n  "type": "string",\n  "defaultValue": "eastus",\n  "allowedValues": [ "eastus", "westus2" ]\n}',
        terraform: 'variable "location" {\n  default = "eastus2"\n}',
      },
    },
  },
  check(ctx) {
    const items = placementsOf(ctx.resources, ctx.policy).judged.filter((j) => j.verdict.kind === 'not-allowed' || j.verdict.kind === 'unknown');
    reportGroups(ctx, items, (group) => message(ctx, group));
  },
};
