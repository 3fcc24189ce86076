/**
 * SQL failover groups copy their databases to partner servers named by ID, object replication copies blobs to a
 * destination account. A partner the files deploy is judged by its own location (test/fixtures/region/failover-partner-*,
 * object-replication); these cases follow the ID through modules, existing resources, data sources and deployed
 * resources, where the formats differ.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { liveResource } from '../../src/engine/formats/arm/live';
import { checkResources } from '../../src/engine/workspace/workspace';
import { adaptersReady, analyzeTexts, byRule, ENCRYPTION_OFF } from '../helpers/workspace';

before(adaptersReady);

const unresolved = (texts: Record<string, string>) => byRule(analyzeTexts(texts, undefined, ENCRYPTION_OFF), 'region-unresolved').map((f) => f.message);

const BICEP_GROUP = (partnerId: string) => `resource primary 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: 'sql-primary'
  location: 'eastus'
}
resource fog 'Microsoft.Sql/servers/failoverGroups@2023-08-01-preview' = {
  parent: primary
  name: 'fog'
  properties: {
    partnerServers: [ { id: ${partnerId} } ]
    readWriteEndpoint: { failoverPolicy: 'Manual' }
  }
}
`;

test('Bicep: a partner passed into a module as the ID of a server the caller deploys is no gap', () => {
  const main = `resource secondary 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: 'sql-secondary'
  location: 'westus'
}
module group 'group.bicep' = {
  name: 'group'
  params: { partnerId: secondary.id }
}
`;
  assert.deepEqual(unresolved({ 'main.bicep': main, 'group.bicep': `param partnerId string\n${BICEP_GROUP('partnerId')}` }), []);
  // The same module deployed on its own leaves the partner open.
  assert.equal(unresolved({ 'group.bicep': `param partnerId string\n${BICEP_GROUP('partnerId')}` }).length, 1);
});

test('Bicep: an existing server as partner is undetermined, and no region list is offered for an ID', () => {
  const text = `resource other 'Microsoft.Sql/servers@2023-08-01-preview' existing = {\n  name: 'sql-other'\n}\n${BICEP_GROUP('other.id')}`;
  const result = analyzeTexts({ 'main.bicep': text }, undefined, ENCRYPTION_OFF);
  const [finding, ...rest] = byRule(result, 'region-unresolved');
  assert.equal(rest.length, 0);
  assert.match(finding.message, /replication target \(properties\.partnerServers\[\*\]\.id\) of Microsoft\.Sql\/servers\/failoverGroups 'sql-primary\/fog'.*existing resource 'other'/);
  const input = byRule(analyzeTexts({ 'main.bicep': `param partnerId string\n${BICEP_GROUP('partnerId')}` }, undefined, ENCRYPTION_OFF), 'region-unresolved')[0];
  assert.deepEqual(input.fixes, [], 'an @allowed list of regions does not belong on a server ID');
});

test('ARM: resourceId() of a server named by another parameter than the one the template deploys is undetermined', () => {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { secondaryName: { type: 'string' }, partnerName: { type: 'string' } },
    resources: [
      { type: 'Microsoft.Sql/servers', apiVersion: '2023-08-01-preview', name: 'sql-primary', location: 'eastus' },
      { type: 'Microsoft.Sql/servers', apiVersion: '2023-08-01-preview', name: "[parameters('secondaryName')]", location: 'westus' },
      {
        type: 'Microsoft.Sql/servers/failoverGroups',
        apiVersion: '2023-08-01-preview',
        name: 'sql-primary/fog',
        properties: {
          partnerServers: [{ id: "[resourceId('Microsoft.Sql/servers', parameters('secondaryName'))]" }, { id: "[resourceId('Microsoft.Sql/servers', parameters('partnerName'))]" }],
          readWriteEndpoint: { failoverPolicy: 'Manual' },
        },
      },
    ],
  };
  const messages = unresolved({ 'main.json': JSON.stringify(template, null, 2) });
  // The region of the deployed server is unresolved too (its name is open, its location is not): only the partner gap counts here.
  const partners = messages.filter((m) => m.includes('replication target'));
  assert.equal(partners.length, 1);
  assert.match(partners[0], /resourceId\(\) is evaluated by Azure at deployment/);
});

test('Terraform: a partner read from a data source, and a managed instance partner outside the files, are undetermined', () => {
  const tf = `data "azurerm_mssql_server" "other" {
  name                = "sql-other"
  resource_group_name = "rg"
}
resource "azurerm_mssql_server" "primary" {
  name                = "sql-primary"
  location            = "eastus"
  resource_group_name = "rg"
  version             = "12.0"
}
resource "azurerm_mssql_failover_group" "fog" {
  name      = "fog"
  server_id = azurerm_mssql_server.primary.id
  partner_server {
    id = data.azurerm_mssql_server.other.id
  }
  read_write_endpoint_failover_policy {
    mode = "Manual"
  }
}
resource "azurerm_mssql_managed_instance_failover_group" "mi" {
  name                        = "mi-fog"
  location                    = "eastus"
  managed_instance_id         = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi-primary"
  partner_managed_instance_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi-dr"
  read_write_endpoint_failover_policy {
    mode = "Manual"
  }
}
`;
  const messages = unresolved({ 'main.tf': tf });
  assert.equal(messages.length, 2);
  assert.match(messages.find((m) => m.includes('partner_server.id')) ?? '', /data\.azurerm_mssql_server\.other is read from Azure/);
  assert.match(messages.find((m) => m.includes('partner_managed_instance_id')) ?? '', /the partner '.*\/managedInstances\/mi-dr' is not deployed by these files/);
});

test('Terraform: a managed instance partner from a module output that deploys it is no gap', () => {
  const module = `variable "location" {\n  type = string\n}\nresource "azurerm_mssql_managed_instance" "mi" {\n  name                = "mi"\n  location            = var.location\n  resource_group_name = "rg"\n}\noutput "id" {\n  value = azurerm_mssql_managed_instance.mi.id\n}\n`;
  const main = `module "secondary" {
  source   = "./mi"
  location = "westus"
}
resource "azurerm_mssql_managed_instance_failover_group" "mi" {
  name                        = "mi-fog"
  location                    = "eastus"
  managed_instance_id         = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi-primary"
  partner_managed_instance_id = module.secondary.id
  read_write_endpoint_failover_policy {
    mode = "Manual"
  }
}
`;
  assert.deepEqual(unresolved({ 'main.tf': main, 'mi/main.tf': module }), []);
});

test('deployed: a failover group is judged by the partner regions Azure reports', () => {
  const RG = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/servers';
  const group = {
    id: `${RG}/sql-primary/failoverGroups/fog`,
    type: 'Microsoft.Sql/servers/failoverGroups',
    name: 'sql-primary/fog',
    properties: { partnerServers: [{ id: `${RG}/sql-hk`, location: 'East Asia', replicationRole: 'Secondary' }] },
  };
  const findings = checkResources([liveResource(group)], { policy: { profile: 'us-only' }, rules: ENCRYPTION_OFF });
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['region-proscribed'],
  );
  assert.match(findings[0].message, /replicates data to 'East Asia'/);
});

const armTemplate = (parameters: Record<string, unknown>, resources: unknown[]) =>
  JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', parameters, resources }, null, 2);
const armServer = (name: string, location: string) => ({ type: 'Microsoft.Sql/servers', apiVersion: '2023-08-01-preview', name, location });
const armGroup = (partnerId: string) => ({
  type: 'Microsoft.Sql/servers/failoverGroups',
  apiVersion: '2023-08-01-preview',
  name: 'sql-primary/fog',
  properties: { partnerServers: [{ id: partnerId }], readWriteEndpoint: { failoverPolicy: 'Manual' } },
});

test('ARM: an undetermined name is the same name only where the template writes the same expression', () => {
  const partnerGaps = (name: string, partner: string) =>
    unresolved({ 'main.json': armTemplate({ p: { type: 'string' } }, [armServer('sql-primary', 'eastus'), armServer(name, 'westus'), armGroup(partner)]) }).filter((m) =>
      m.includes('replication target'),
    );
  assert.equal(partnerGaps("[concat(parameters('p'), '-a')]", "[resourceId('Microsoft.Sql/servers', concat(parameters('p'), '-b'))]").length, 1, 'another server of the same parameter');
  assert.deepEqual(partnerGaps("[concat(parameters('p'), '-a')]", "[resourceId('Microsoft.Sql/servers', concat(parameters('p'),'-a'))]"), []);
  assert.deepEqual(partnerGaps("[concat('sql-', uniqueString(resourceGroup().id))]", "[resourceId('Microsoft.Sql/servers', concat('sql-', uniqueString(resourceGroup().id)))]"), []);
});

test('ARM: a key vault named by a parameter is not the vault of another name built from it', () => {
  const vault = {
    type: 'Microsoft.KeyVault/vaults',
    apiVersion: '2023-07-01',
    name: "[concat(parameters('p'), '-kv')]",
    location: 'eastus',
    properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, accessPolicies: [] },
  };
  const account = (vaultName: string) => ({
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: '2023-01-01',
    name: 'stx',
    location: 'eastus',
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS' },
    identity: { type: 'SystemAssigned' },
    properties: { encryption: { keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyname: 'k', keyvaulturi: `[reference(resourceId('Microsoft.KeyVault/vaults', ${vaultName})).vaultUri]` } } },
  });
  const protects = (vaultName: string) =>
    byRule(analyzeTexts({ 'main.json': armTemplate({ p: { type: 'string' } }, [vault, account(vaultName)]) }), 'key-not-hsm').some((f) => f.message.includes('It protects the data of'));
  assert.equal(protects("concat(parameters('p'), '-kv')"), true);
  assert.equal(protects("concat(parameters('p'), '-other')"), false);
});

test('Terraform: a partner read from each instance of a repeated server is no gap', () => {
  const servers = `resource "azurerm_mssql_server" "primary" {
  name                = "sql-primary"
  location            = "eastus"
  resource_group_name = "rg"
  version             = "12.0"
}
resource "azurerm_mssql_server" "sec" {
  for_each            = toset(["westus", "eastus2"])
  name                = "sql-\${each.key}"
  location            = each.key
  resource_group_name = "rg"
  version             = "12.0"
}
`;
  const group = (head: string, partner: string) => `resource "azurerm_mssql_failover_group" "fog" {
  ${head}
  name      = "fog"
  server_id = azurerm_mssql_server.primary.id
  ${partner}
  read_write_endpoint_failover_policy {
    mode = "Manual"
  }
}
`;
  assert.deepEqual(unresolved({ 'main.tf': servers + group('for_each = azurerm_mssql_server.sec', 'partner_server {\n    id = each.value.id\n  }') }), []);
  const dynamic = 'dynamic "partner_server" {\n    for_each = azurerm_mssql_server.sec\n    content {\n      id = partner_server.value.id\n    }\n  }';
  assert.deepEqual(unresolved({ 'main.tf': servers + group('', dynamic) }), []);
});

test("Bicep: resourceId() of a server the file declares, and an existing declaration of a server the files deploy, are no gap", () => {
  const declared = (name: string) => `param secName string\nresource secondary 'Microsoft.Sql/servers@2023-08-01-preview' = {\n  name: ${name}\n  location: 'westus'\n}\n`;
  assert.deepEqual(unresolved({ 'main.bicep': declared("'sql-secondary'") + BICEP_GROUP("resourceId('Microsoft.Sql/servers', 'sql-secondary')") }), []);
  assert.deepEqual(unresolved({ 'main.bicep': declared('secName') + BICEP_GROUP("resourceId('Microsoft.Sql/servers', secName)") }).filter((m) => m.includes('replication target')), []);
  assert.equal(unresolved({ 'main.bicep': declared("'sql-secondary'") + BICEP_GROUP("resourceId('Microsoft.Sql/servers', 'sql-other')") }).length, 1);
  const existing = `module sec 'sec.bicep' = {\n  name: 'sec'\n}\nresource secRef 'Microsoft.Sql/servers@2023-08-01-preview' existing = {\n  name: 'sql-secondary'\n  dependsOn: [ sec ]\n}\n`;
  const sec = `resource secondary 'Microsoft.Sql/servers@2023-08-01-preview' = {\n  name: 'sql-secondary'\n  location: 'westus'\n}\n`;
  assert.deepEqual(unresolved({ 'main.bicep': existing + BICEP_GROUP('secRef.id'), 'sec.bicep': sec }), []);
});

test('ARM: object replication may name the destination account by its name alone', () => {
  const account = (name: string) => ({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name, location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } });
  const policy = (destination: string) => ({
    type: 'Microsoft.Storage/storageAccounts/objectReplicationPolicies',
    apiVersion: '2023-05-01',
    name: 'stsource/default',
    properties: { sourceAccount: 'stsource', destinationAccount: destination, rules: [{ sourceContainer: 'data', destinationContainer: 'data' }] },
  });
  const gaps = (destination: string) => unresolved({ 'main.json': armTemplate({}, [account('stsource'), account('stdest'), policy(destination)]) });
  assert.deepEqual(gaps('stdest'), []);
  assert.match(gaps('stelsewhere').join('\n'), /replication target \(properties\.destinationAccount\).*the partner 'stelsewhere' is not deployed by these files/);
});

test('Bicep: object replication set up by two modules on accounts the caller deploys with open names is no gap', () => {
  const files = {
    'main.bicep': `param location string = 'eastus'
param destLocation string = 'westus'

resource src 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'stsrc\${uniqueString(resourceGroup().id)}'
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
}

resource dst 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'stdst\${uniqueString(resourceGroup().id)}'
  location: destLocation
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
}

module destSide 'dest.bicep' = {
  name: 'destSide'
  params: {
    destinationStorageAccountName: dst.name
    sourceStorageAccountId: src.id
  }
}

module sourceSide 'source.bicep' = {
  name: 'sourceSide'
  params: {
    sourceStorageAccountName: src.name
    destinationStorageAccountId: dst.id
    replicationPolicyId: destSide.outputs.policyId
  }
}
`,
    'dest.bicep': `param destinationStorageAccountName string
param sourceStorageAccountId string

resource destAccount 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
  name: destinationStorageAccountName
}

resource policy 'Microsoft.Storage/storageAccounts/objectReplicationPolicies@2023-01-01' = {
  parent: destAccount
  name: 'default'
  properties: {
    sourceAccount: sourceStorageAccountId
    destinationAccount: destAccount.id
    rules: [ { sourceContainer: 'src', destinationContainer: 'dst' } ]
  }
}
output policyId string = policy.properties.policyId
`,
    'source.bicep': `param sourceStorageAccountName string
param destinationStorageAccountId string
param replicationPolicyId string

resource srcAccount 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
  name: sourceStorageAccountName
}

resource policy 'Microsoft.Storage/storageAccounts/objectReplicationPolicies@2023-01-01' = {
  parent: srcAccount
  name: replicationPolicyId
  properties: {
    sourceAccount: srcAccount.id
    destinationAccount: destinationStorageAccountId
    rules: [ { ruleId: 'r1', sourceContainer: 'src', destinationContainer: 'dst' } ]
  }
}
`,
  };
  assert.deepEqual(unresolved(files).filter((m) => m.includes('replication target')), []);
  // The destination side deployed on its own: the policy's destination is its own parent, where the policy is.
  assert.deepEqual(unresolved({ 'dest.bicep': files['dest.bicep'] }).filter((m) => m.includes('replication target')), []);
  // The source side on its own copies to an account the files do not describe.
  assert.equal(unresolved({ 'source.bicep': files['source.bicep'] }).filter((m) => m.includes('replication target')).length, 1);
});

test('Bicep: a destination given by the name of an account the file deploys under an open name is no gap', () => {
  const text = `var dstName = 'stdst\${uniqueString(resourceGroup().id)}'
resource src 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'stsrc'
  location: 'eastus'
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
}
resource dst 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: dstName
  location: 'westus'
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
}
resource policy 'Microsoft.Storage/storageAccounts/objectReplicationPolicies@2023-01-01' = {
  parent: src
  name: 'default'
  properties: { sourceAccount: src.name, destinationAccount: dst.name, rules: [] }
}
`;
  assert.deepEqual(unresolved({ 'main.bicep': text }), []);
});

test('a partner ID a module computes with resourceId() of the server it deploys (a compiled registry module) is no gap', () => {
  const serverModule = armTemplate({ name: { type: 'string' }, location: { type: 'string' } }, [armServer("[parameters('name')]", "[parameters('location')]")]);
  const withOutput = JSON.stringify({ ...JSON.parse(serverModule), outputs: { resourceId: { type: 'string', value: "[resourceId('Microsoft.Sql/servers', parameters('name'))]" } } }, null, 2);
  const main = (name: string) => `module secondary 'server.json' = {
  name: 'secondary'
  params: { name: '${name}', location: 'westus' }
}
${BICEP_GROUP('secondary.outputs.resourceId')}`;
  assert.deepEqual(unresolved({ 'main.bicep': main('sql-secondary'), 'server.json': withOutput }), []);
  // A name the files do not deploy, and an ID that may name either, are said so.
  const idOnly = JSON.stringify({ ...JSON.parse(withOutput), resources: [] }, null, 2);
  assert.match(unresolved({ 'main.bicep': main('sql-external'), 'server.json': idOnly }).join('\n'), /the partner 'sql-external' is not deployed by these files/);
  const either = `param external bool\nresource secondary 'Microsoft.Sql/servers@2023-08-01-preview' = {\n  name: 'sql-secondary'\n  location: 'westus'\n}\n${BICEP_GROUP("resourceId('Microsoft.Sql/servers', external ? 'sql-external' : 'sql-secondary')")}`;
  assert.match(unresolved({ 'main.bicep': either }).join('\n'), /the partner 'sql-external' is not deployed by these files/);
  // An ARM nested deployment that passes resourceId() of a server its parent template deploys, by a name the files give.
  const nested = armTemplate({ partnerName: { type: 'string', defaultValue: 'sql-secondary' } }, [
    armServer('sql-primary', 'eastus'),
    armServer("[parameters('partnerName')]", 'westus'),
    {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: 'group',
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: { partnerId: { value: "[resourceId('Microsoft.Sql/servers', parameters('partnerName'))]" } },
        template: JSON.parse(armTemplate({ partnerId: { type: 'string' } }, [armGroup("[parameters('partnerId')]")])),
      },
    },
  ]);
  assert.deepEqual(unresolved({ 'main.json': nested }).filter((m) => m.includes('replication target')), []);
});

test('Bicep: an ID or an existing declaration that may name a server the files do not deploy is a gap', () => {
  const secondary = `resource secondary 'Microsoft.Sql/servers@2023-08-01-preview' = {\n  name: 'sql-secondary'\n  location: 'westus'\n}\n`;
  const gaps = (text: string) => unresolved({ 'main.bicep': text }).filter((m) => m.includes('replication target'));
  assert.equal(gaps(`param c bool\nparam p string\n${secondary}${BICEP_GROUP("resourceId('Microsoft.Sql/servers', c ? 'sql-secondary' : p)")}`).length, 1);
  const existing = `param c bool\n${secondary}resource either 'Microsoft.Sql/servers@2023-08-01-preview' existing = {\n  name: c ? 'sql-secondary' : 'sql-other'\n}\n`;
  assert.equal(gaps(existing + BICEP_GROUP('either.id')).length, 1);
  // In a loop, a local of the same name as the parameter the server is named by is another value.
  const looped = `param secName string\nresource named 'Microsoft.Sql/servers@2023-08-01-preview' = {\n  name: secName\n  location: 'westus'\n}\nresource primary 'Microsoft.Sql/servers@2023-08-01-preview' = {\n  name: 'sql-primary'\n  location: 'eastus'\n}\nresource fogs 'Microsoft.Sql/servers/failoverGroups@2023-08-01-preview' = [for secName in ['sql-dr']: {\n  parent: primary\n  name: 'fog-\${secName}'\n  properties: {\n    partnerServers: [ { id: resourceId('Microsoft.Sql/servers', secName) } ]\n    readWriteEndpoint: { failoverPolicy: 'Manual' }\n  }\n}]\n`;
  assert.match(gaps(looped).join('\n'), /the partner 'sql-dr' is not deployed by these files/);
});
