/**
 * Copies of a resource's data outside its location: settings whose default or value keeps a copy in the paired
 * region, services that copy every resource there, and replication targets named in the body. The fixtures under
 * test/fixtures/region/ give each in all three formats; these cases read deployed resources, where no format differs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveResource, type LiveResourceJson } from '../../src/engine/formats/arm/live';
import type { ProfileName } from '../../src/engine/regions/profiles';
import { typesWithPropertyReads } from '../../src/engine/rules/property-reads';
import { checkResources } from '../../src/engine/workspace/workspace';
import { ENCRYPTION_OFF } from '../helpers/workspace';

const RG = '/subscriptions/s1/resourceGroups/rg/providers';

function regionFindings(resources: LiveResourceJson[], profile: ProfileName = 'not-proscribed'): string[] {
  const findings = checkResources(resources.map((r) => liveResource(r)), { policy: { profile }, rules: ENCRYPTION_OFF });
  return findings.map((f) => `${f.ruleId}: ${f.message}`);
}

const managedInstance = (apiVersionProperties: Record<string, unknown>) => ({
  id: `${RG}/Microsoft.Sql/managedInstances/mi`,
  type: 'Microsoft.Sql/managedInstances',
  name: 'mi',
  location: 'southeastasia',
  properties: apiVersionProperties,
});

test('a managed instance keeps geo-redundant backups unless a setting of either generation says otherwise', () => {
  assert.match(regionFindings([managedInstance({})]).join('\n'), /requestedBackupStorageRedundancy is not set, so the default 'Geo' applies/);
  assert.deepEqual(regionFindings([managedInstance({ storageAccountType: 'LRS' })]), [], 'the older setting decides: no default');
  assert.deepEqual(regionFindings([managedInstance({ requestedBackupStorageRedundancy: 'Zone' })]), []);
  assert.match(regionFindings([managedInstance({ storageAccountType: 'GRS' })]).join('\n'), /storageAccountType is 'GRS'/);
});

test('a SQL database copies its backups to the pair of its own location; locally redundant backups stay', () => {
  const db = (properties: Record<string, unknown>) => ({ id: `${RG}/Microsoft.Sql/servers/s/databases/d`, type: 'Microsoft.Sql/servers/databases', name: 'd', location: 'southeastasia', properties });
  assert.equal(regionFindings([db({ requestedBackupStorageRedundancy: 'Geo' })]).length, 1);
  assert.deepEqual(regionFindings([db({ requestedBackupStorageRedundancy: 'Local' })]), []);
  assert.deepEqual(regionFindings([{ ...db({}), location: 'eastus' }], 'us-only'), [], "eastus's pair westus is allowed");
});

test('a managed instance failover group and a geo-replicated namespace replicate to the regions they name', () => {
  const findings = regionFindings([
    { id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/locations/eastus/instanceFailoverGroups/fg', type: 'Microsoft.Sql/locations/instanceFailoverGroups', name: 'fg', properties: { partnerRegions: [{ location: 'East Asia' }] } },
    {
      id: `${RG}/Microsoft.ServiceBus/namespaces/sb`,
      type: 'Microsoft.ServiceBus/namespaces',
      name: 'sb',
      location: 'eastus',
      properties: { geoDataReplication: { locations: [{ locationName: 'eastus', roleType: 'Primary' }, { locationName: 'chinanorth3', roleType: 'Secondary' }] } },
    },
  ]);
  assert.equal(findings.length, 2);
  assert.match(findings.join('\n'), /replicates data to 'East Asia' \(properties\.partnerRegions\[\*\]\.location\)/);
  assert.match(findings.join('\n'), /replicates data to 'chinanorth3' \(properties\.geoDataReplication\.locations\[\*\]\.locationName\)/);
});

test('a key vault is copied to its pair, and a location already reported is not reported again for its pair (the exceptions: fixture key-vault-pair)', () => {
  const vault = (location: string) => ({ id: `${RG}/Microsoft.KeyVault/vaults/${location}`, type: 'Microsoft.KeyVault/vaults', name: location, location, properties: {} });
  assert.match(regionFindings([vault('southeastasia')]).join('\n'), /keeps a copy in 'eastasia', the pair of 'southeastasia' \(Azure Key Vault replicates/);
  assert.equal(regionFindings([vault('eastasia')], 'us-only').length, 1, "the vault's own location, not also its pair");
});

test('the live reader fetches the properties of the types whose backups the region rules read', () => {
  const types = typesWithPropertyReads();
  for (const t of ['microsoft.sql/servers/databases', 'microsoft.sql/managedinstances', 'microsoft.dbforpostgresql/flexibleservers', 'microsoft.dbformysql/flexibleservers']) assert.ok(types.has(t), t);
});
