import { describeRegion, proscribedCountryName } from '../regions/catalog';
import type { Rule } from './rule';
import { placementsOf, type JudgedLocation } from './region/placements';
import { affected, reportGroups } from './region/report';

function why(item: JudgedLocation): string {
  if (item.verdict.kind !== 'proscribed') return '';
  const r = item.verdict.region;
  return r.country
    ? `is in ${proscribedCountryName(r.country)}, a country proscribed by 22 CFR 126.1`
    : 'is a multi-country location that may resolve to a country proscribed by 22 CFR 126.1';
}

export const regionProscribed: Rule = {
  meta: {
    id: 'region-proscribed',
    title: 'Region in a 22 CFR 126.1 country',
    defaultSeverity: 'error',
    description: 'A resource may place data in a region located in a country proscribed by 22 CFR 126.1 (China including Hong Kong, Russia, Iran, …), under any profile.',
    help: [
      'ITAR technical data may never be stored in a country listed in 22 CFR 126.1, not even encrypted: the encryption carve-out of 22 CFR 120.54(a)(5) requires that the data is not stored in, nor sent from, such a country. Azure has regions in one of them: China (every region of the Azure China cloud, and Hong Kong SAR, which is the public cloud region `eastasia`). Multi-country logical locations such as `asiapacific` may resolve to them as well.',
      'The finding is anchored at the literal that names the region — a parameter default, an allowed-values entry, a parameter-file value, a module argument or the resource itself — with every resource it affects as a related location. A copy kept in the paired region is reported at the setting that keeps it (a geo-redundant storage SKU, geo-redundant database backups), at the declaration where a default keeps it (SQL database, managed instance and Cosmos DB periodic backups are geo-redundant unless set otherwise), and at the location for a key vault, which Key Vault copies to the paired region: Southeast Asia\'s pair is Hong Kong. A Terraform provider configured for the China cloud (`environment = "china"`) is reported at its `environment`, for every resource that uses it.',
      'Fix: replace the region with an allowed one (the quick fix offers the nearest), or for a geo-redundant copy keep every copy in the primary region (a locally or zone-redundant SKU or backup storage, geo-redundant backups off; the quick fix sets it). This rule applies whatever the profile or allowed list says.',
    ].join('\n\n'),
    policies: ['e56962a6-4747-49cd-b67b-bf8b01975c4c', 'e765b5de-1225-4ba3-bd56-1ac6695af988', '0473574d-2d43-4217-aefe-941fcdf7e684'],
    resourceTypes: [],
    fixable: true,
    alwaysOn: true,
    examples: {
      bad: {
        bicep: "param location string = 'eastasia'\n\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'itardata'\n  location: location\n  sku: { name: 'Standard_LRS' }\n  kind: 'StorageV2'\n}",
        arm: '"parameters": {\n  "location": { "type": "string", "defaultValue": "eastasia" }\n},\n"resources": [{\n  "type": "Microsoft.Storage/storageAccounts",\n  "apiVersion": "2023-05-01",\n  "name": "itardata",\n  "location": "[parameters(\'location\')]",\n  "sku": { "name": "Standard_LRS" },\n  "kind": "StorageV2"\n}]',
        terraform: 'resource "azurerm_resource_group" "rg" {\n  name     = "itar"\n  location = "East Asia"\n}',
      },
      good: {
        bicep: "param location string = 'usgovvirginia'",
        arm: '"location": { "type": "string", "defaultValue": "usgovvirginia" }',
        terraform: 'resource "azurerm_resource_group" "rg" {\n  name     = "itar"\n  location = "usgovvirginia"\n}',
      },
    },
  },
  check(ctx) {
    const items = placementsOf(ctx.resources, ctx.policy).judged.filter((j) => j.verdict.kind === 'proscribed');
    reportGroups(ctx, items, (group) => {
      const first = group[0];
      const region = first.role.kind === 'cloud' ? `The ${first.role.cloud}` : first.verdict.kind === 'proscribed' ? describeRegion(first.verdict.region) : first.name;
      return `${region} ${why(first)}: ${affected(ctx, group)}. ITAR technical data must never be stored there.`;
    });
  },
};
