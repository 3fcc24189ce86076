/**
 * Copies of a resource's data outside its location: settings whose default or value keeps a copy in the paired
 * region, services that copy every resource there, and replication targets named in the body. The fixtures under
 * test/fixtures/region/ give each in all three formats; these cases read deployed resources, where no format differs.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { liveResource, type LiveResourceJson } from '../../src/engine/formats/arm/live';
import type { ProfileName } from '../../src/engine/regions/profiles';
import { typesWithPropertyReads } from '../../src/engine/rules/property-reads';
import { checkResources } from '../../src/engine/workspace/workspace';
import { adaptersReady, analyzeTexts, ENCRYPTION_OFF } from '../helpers/workspace';

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

describe('Terraform: what the provider sends, and which server a database is on', () => {
  before(adaptersReady);
  const regionMessages = (texts: Record<string, string>) =>
    analyzeTexts(texts, { profile: 'not-proscribed' }, ENCRYPTION_OFF)
      .findings.filter((f) => f.ruleId.startsWith('region'))
      .map((f) => f.message);
  const instance = (version: string) => `terraform {\n  required_providers {\n    azurerm = {\n      source  = "hashicorp/azurerm"\n      version = "${version}"\n    }\n  }\n}\nresource "azurerm_mssql_managed_instance" "mi" {\n  name     = "mi"\n  location = "southeastasia"\n}\n`;

  test("azurerm 3.x sends a managed instance's backup redundancy as storageAccountType, 4.x as requestedBackupStorageRedundancy", () => {
    assert.deepEqual(regionMessages({ 'v3/main.tf': instance('~> 3.0') }).map((m) => /\(([a-z_.]+) is not set/.exec(m)?.[1]), ['storage_account_type']);
    assert.match(regionMessages({ 'v3/main.tf': instance('~> 3.0') })[0], /the default 'GRS' applies/);
    assert.match(regionMessages({ 'v4/main.tf': instance('~> 4.0') })[0], /the default 'Geo' applies/);
  });

  test("a database on one instance of a server with for_each is not judged by another instance's region, and says so", () => {
    const main = `resource "azurerm_mssql_server" "sql" {\n  for_each = { sg = "southeastasia", us = "eastus" }\n  name     = each.key\n  location = each.value\n}\nresource "azurerm_mssql_database" "us" {\n  name      = "us"\n  server_id = azurerm_mssql_server.sql["us"].id\n}\n`;
    const [unresolved, ...rest] = regionMessages({ 'each/main.tf': main });
    assert.deepEqual(rest, []);
    assert.match(unresolved, /The region of azurerm_mssql_database 'us' .*: it is on an instance of azurerm_mssql_server .*, whose instances are in southeastasia, eastus, and which one it is on is not known/);
  });

  test('a database on a server whose one region a condition or an input chooses keeps its backups in the pair of each', () => {
    const main = `variable "location" {\n  default = "eastus"\n  validation {\n    condition     = contains(["eastus", "southeastasia"], var.location)\n    error_message = "US or Singapore."\n  }\n}\nresource "azurerm_mssql_server" "sql" {\n  name     = "sql"\n  location = var.location\n}\nresource "azurerm_mssql_database" "db" {\n  name      = "db"\n  server_id = azurerm_mssql_server.sql.id\n}\n`;
    const messages = regionMessages({ 'choice/main.tf': main });
    assert.ok(messages.some((m) => /azurerm_mssql_database 'db'.*'eastasia', the pair of 'southeastasia'/.test(m)), messages.join('\n'));
  });

  test('a China-cloud provider does not make a role assignment, which stores no data, a finding', () => {
    const main = `provider "azurerm" {\n  features {}\n  environment = "china"\n}\nresource "azurerm_role_assignment" "ra" {\n  scope                = "/subscriptions/s"\n  role_definition_name = "Reader"\n  principal_id         = "p"\n}\nresource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = "eastus"\n}\n`;
    assert.equal(regionMessages({ 'cn/main.tf': main }).length, 1, 'the resource group only');
  });
});

test('a Recovery Services vault is geo-redundant by default; the fix writes the setting on the vault only where its API version takes it', () => {
  const vault = (apiVersion: string) =>
    `resource rsv 'Microsoft.RecoveryServices/vaults@${apiVersion}' = {\n  name: 'rsv'\n  location: 'southeastasia'\n  sku: { name: 'RS0', tier: 'Standard' }\n  properties: {}\n}\n`;
  const findings = (apiVersion: string) => analyzeTexts({ 'main.bicep': vault(apiVersion) }, { profile: 'not-proscribed' }, ENCRYPTION_OFF).findings;
  const [current] = findings('2024-04-01');
  assert.match(current.message, /standardTierStorageRedundancy is not set, so the default 'GeoRedundant' applies/);
  assert.deepEqual(
    current.fixes.map((f) => f.title),
    ["Set properties.redundancySettings.standardTierStorageRedundancy to 'LocallyRedundant' so that every copy stays in the primary region"],
  );
  const [older] = findings('2023-04-01');
  assert.match(older.message, /the pair of 'southeastasia'/);
  assert.deepEqual(older.fixes, [], 'the vault shows the setting read-only before 2023-08-01');
  // A deployed vault reports the redundancy Azure keeps.
  const live = { id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv', type: 'Microsoft.RecoveryServices/vaults', name: 'rsv', location: 'southeastasia' };
  assert.equal(regionFindings([{ ...live, properties: { redundancySettings: { standardTierStorageRedundancy: 'LocallyRedundant' } } }]).length, 0);
  assert.equal(regionFindings([{ ...live, properties: {} }]).length, 1);
});
