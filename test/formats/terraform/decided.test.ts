import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as V from '../../../src/engine/model/value';
import { analyze, resource } from './helpers';

const CHILD = `variable "dr" {
  default = false
}
variable "cmk" {
  default = null
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = var.dr ? "westeurope" : "eastus"
}
resource "azapi_resource" "sa" {
  type      = "Microsoft.Storage/storageAccounts@2023-05-01"
  name      = "sa"
  parent_id = "/subscriptions/0/resourceGroups/rg"
  location  = "eastus"
  body = {
    properties = { encryption = { keySource = "Microsoft.Storage" } }
  }
}
resource "azapi_update_resource" "cmk" {
  count       = var.cmk != null ? 1 : 0
  type        = "Microsoft.Storage/storageAccounts@2023-05-01"
  resource_id = azapi_resource.sa.id
  body = {
    properties = {
      encryption = var.cmk != null ? {
        keySource          = "Microsoft.Keyvault"
        keyvaultproperties = { keyname = "data", keyvaulturi = "https://data.vault.usgovcloudapi.net/" }
      } : null
    }
  }
}
`;

function strings(value: V.Value): string[] {
  return V.strings(value)
    .map((p) => p.value)
    .sort();
}

test("a condition the caller's arguments decide takes one branch; one a root variable's default decides keeps both", async () => {
  const main = `variable "dr" {
  default = false
}
resource "azurerm_key_vault" "kv" {
  name = "data"
}
module "decided" {
  source = "./child"
  dr     = false
  cmk    = { key = azurerm_key_vault.kv.id }
}
module "open" {
  source = "./child"
  dr     = var.dr
}
`;
  const result = await analyze({ 'd/main.tf': main, 'd/child/main.tf': CHILD });
  const location = (address: string) => strings(V.lookup(resource(result.resources, address).body, 'location'));
  assert.deepEqual(location('module.decided.azurerm_resource_group.rg'), ['eastus']);
  assert.deepEqual(location('module.open.azurerm_resource_group.rg'), ['eastus', 'westeurope'], 'a deployment may set var.dr');
  // An object the caller writes is not null, whatever it holds, so the update is deployed and its key source replaces
  // the account's; without the argument the update deploys nothing.
  const keySource = (address: string) => strings(V.lookup(resource(result.resources, address).body, 'properties.encryption.keySource'));
  assert.deepEqual(keySource('module.decided.azapi_resource.sa'), ['Microsoft.Keyvault']);
  assert.deepEqual(keySource('module.open.azapi_resource.sa'), ['Microsoft.Storage']);
  assert.ok(!result.findings.some((f) => f.ruleId === 'cmk-missing' && f.resources.some((key) => key.includes('module.decided'))));
});

test('the same module as a root keeps both branches and the account without the update', async () => {
  const result = await analyze({ 'r/main.tf': CHILD });
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'azurerm_resource_group.rg').body, 'location')), ['eastus', 'westeurope']);
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'azapi_resource.sa').body, 'properties.encryption.keySource')), ['Microsoft.Keyvault', 'Microsoft.Storage']);
});
