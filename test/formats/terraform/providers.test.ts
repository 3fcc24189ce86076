import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takesLocation } from '../../../src/engine/formats/terraform/providers';
import * as V from '../../../src/engine/model/value';
import type { Resource } from '../../../src/engine/model/resource';
import { analyze, resource } from './helpers';

function locations(resources: readonly Resource[], address: string): string[] {
  return V.strings(V.lookup(resource(resources, address).body, 'location')).map((p) => p.value);
}

const azapi = (name: string, type: string, extra = '') => `resource "azapi_resource" "${name}" {
  type      = "${type}"
  name      = "${name}"
  parent_id = "/subscriptions/x"
${extra}}
`;

test("azapi: the provider's default_location is the location of a resource that gives none, if its type takes one", async () => {
  const main = `provider "azapi" {
  default_location = "eastasia"
}
provider "azapi" {
  alias            = "us"
  default_location = "East US"
}
provider "azapi" {
  alias            = "none"
  default_location = ""
}
${azapi('rg', 'Microsoft.Resources/resourceGroups@2021-04-01')}
${azapi('argument', 'Microsoft.Resources/resourceGroups@2021-04-01', '  location = "westus2"\n')}
${azapi('body', 'Microsoft.KeyVault/vaults@2023-02-01', '  body = { location = "centralus" }\n')}
${azapi('aliased', 'Microsoft.KeyVault/vaults@2023-02-01', '  provider = azapi.us\n')}
${azapi('empty', 'Microsoft.KeyVault/vaults@2023-02-01', '  provider = azapi.none\n')}
${azapi('child', 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01')}
${azapi('policy', 'Microsoft.Authorization/policyDefinitions@2021-06-01')}
${azapi('lock', 'Microsoft.Authorization/locks@2020-05-01')}
${azapi('database', 'Microsoft.Sql/servers/databases@2023-08-01')}
`;
  const { resources, findings } = await analyze({ 'default-location/main.tf': main });
  assert.deepEqual(locations(resources, 'azapi_resource.rg'), ['eastasia']);
  assert.deepEqual(locations(resources, 'azapi_resource.argument'), ['westus2'], 'the argument overrides the default');
  assert.deepEqual(locations(resources, 'azapi_resource.body'), ['centralus'], "the body's location overrides the default");
  assert.deepEqual(locations(resources, 'azapi_resource.aliased'), ['East US'], 'the configuration its provider argument names');
  assert.deepEqual(locations(resources, 'azapi_resource.empty'), [], 'an empty default is none');
  assert.deepEqual(locations(resources, 'azapi_resource.child'), [], 'a child type not known to take a location');
  assert.deepEqual(locations(resources, 'azapi_resource.policy'), [], 'a top-level type whose schema has no location');
  assert.deepEqual(locations(resources, 'azapi_resource.lock'), [], 'a location-less type');
  assert.deepEqual(locations(resources, 'azapi_resource.database'), ['eastasia'], 'a child type whose schema has a location');
  const proscribed = findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.equal(main.slice(proscribed[0].span.start, proscribed[0].span.end), '"eastasia"', 'anchored at the default, where the fix changes it');
  assert.deepEqual(proscribed[0].resources.map((k) => k.slice(k.indexOf('#') + 1)).sort(), ['azapi_resource.database', 'azapi_resource.rg']);
});

test("azapi: a called module uses the configuration its providers map passes, else inherits the caller's default one", async () => {
  const main = `variable "region" {
  default = "eastasia"
}
provider "azapi" {
  default_location = var.region
}
provider "azapi" {
  alias            = "us"
  default_location = "eastus"
}
provider "azapi" {
  alias            = "inner"
  default_location = "eastasia"
}
module "inherits" {
  source = "./vault"
}
module "passed" {
  source    = "./vault"
  providers = { azapi = azapi.us }
}
module "other" {
  source    = "./vault"
  providers = { azurerm = azurerm }
}
module "aliased" {
  source = "./aliased"
}
module "aliased_passed" {
  source    = "./aliased"
  providers = { azapi.inner = azapi.us }
}
`;
  const vault = azapi('kv', 'Microsoft.KeyVault/vaults@2023-02-01');
  const aliased = azapi('kv', 'Microsoft.KeyVault/vaults@2023-02-01', '  provider = azapi.inner\n');
  const { resources } = await analyze({ 'inherit/main.tf': main, 'inherit/vault/main.tf': vault, 'inherit/aliased/main.tf': aliased });
  assert.deepEqual(locations(resources, 'module.inherits.azapi_resource.kv'), ['eastasia'], 'the default configuration, evaluated in the caller');
  assert.deepEqual(locations(resources, 'module.passed.azapi_resource.kv'), ['eastus']);
  assert.deepEqual(locations(resources, 'module.other.azapi_resource.kv'), ['eastasia'], 'a default configuration a providers map leaves out is still inherited');
  assert.deepEqual(locations(resources, 'module.aliased.azapi_resource.kv'), [], 'an alias is never inherited');
  assert.deepEqual(locations(resources, 'module.aliased_passed.azapi_resource.kv'), ['eastus']);
});

test('takesLocation: as the resource schemas say; of a type they do not know, a top-level one does and a child one does not', () => {
  assert.ok(takesLocation('Microsoft.Storage/storageAccounts'));
  assert.ok(takesLocation('microsoft.sql/servers/databases'));
  assert.ok(takesLocation('Microsoft.Synapse/workspaces/sqlPools'));
  assert.ok(takesLocation('Microsoft.Compute/virtualMachines/extensions'));
  assert.ok(!takesLocation('Microsoft.NewService/widgets/parts'), 'a child type the data does not know');
  assert.ok(takesLocation('Microsoft.NewService/widgets'), 'a top-level type the data does not know');
  assert.ok(!takesLocation('Microsoft.Authorization/roleAssignments'));
  assert.ok(!takesLocation('Microsoft.Consumption/budgets'));
  assert.ok(!takesLocation('Microsoft.Storage/storageAccounts/blobServices'));
  assert.ok(!takesLocation('Microsoft.Network/virtualNetworks/subnets'));
});

test('azapi: the default location is one more possibility where only some cases leave the location out', async () => {
  const main = `provider "azapi" {
  default_location = "eastasia"
}
provider "azapi" {
  alias            = var.dynamic
  default_location = "westus2"
}
variable "flag" {
  default = true
}
variable "dynamic" {}
${azapi('cond_body', 'Microsoft.Resources/resourceGroups@2021-04-01', '  body = var.flag ? { location = "eastus" } : {}\n')}
${azapi('cond_argument', 'Microsoft.Resources/resourceGroups@2021-04-01', '  location = var.flag ? "eastus" : null\n')}
${azapi('both', 'Microsoft.Resources/resourceGroups@2021-04-01', '  location = var.flag ? "eastus" : null\n  body     = { location = "centralus" }\n')}
`;
  const { resources } = await analyze({ 'partial/main.tf': main });
  assert.deepEqual(locations(resources, 'azapi_resource.cond_body').sort(), ['eastasia', 'eastus']);
  assert.deepEqual(locations(resources, 'azapi_resource.cond_argument').sort(), ['eastasia', 'eastus']);
  assert.ok(!locations(resources, 'azapi_resource.both').includes('eastasia'), "where the argument is null the body's location applies");
});
