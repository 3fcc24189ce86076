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
variable "region" {
  default = null
}
resource "azurerm_resource_group" "tpl" {
  name     = "t"
  location = "\${var.region}" == null ? "usgovvirginia" : "westeurope"
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
  lifecycle {
    ignore_changes = [body.properties.encryption.keySource]
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
  assert.deepEqual(location('module.decided.azurerm_resource_group.tpl'), ['usgovvirginia'], "the module's own default, which the caller leaves");
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
  // A template of one interpolation is the value itself: null when a deployment leaves the root variable unset.
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'azurerm_resource_group.tpl').body, 'location')), ['usgovvirginia', 'westeurope']);
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'azapi_resource.sa').body, 'properties.encryption.keySource')), ['Microsoft.Keyvault', 'Microsoft.Storage']);
});

test('only exact forms of condition take one branch: comparisons, functions and attributes keep both', async () => {
  const child = `variable "commercial" {
  type    = bool
  default = false
}
variable "cfg" {
  default = {}
}
variable "flag" {
  default = false
}
locals {
  flagged = var.flag
}
resource "azurerm_resource_group" "compared" {
  name     = "c"
  location = var.commercial == true ? "westeurope" : "usgovvirginia"
}
resource "azurerm_resource_group" "attribute" {
  name     = "a"
  location = var.cfg.key != null ? "usgovvirginia" : "westeurope"
}
resource "azurerm_resource_group" "counted" {
  name     = "n"
  location = length([var.flag]) > 1 ? "westeurope" : "usgovvirginia"
}
resource "azurerm_resource_group" "local" {
  name     = "l"
  location = !local.flagged ? "usgovvirginia" : "westeurope"
}
`;
  const main = 'module "m" {\n  source     = "./child"\n  commercial = "true"\n  cfg        = { key = "k" }\n  flag       = false\n}\n';
  const result = await analyze({ 'x/main.tf': main, 'x/child/main.tf': child });
  const location = (name: string) => strings(V.lookup(resource(result.resources, `module.m.azurerm_resource_group.${name}`).body, 'location'));
  // Terraform converts "true" to true here: the comparison is not exact in the files, so both branches count.
  assert.deepEqual(location('compared'), ['usgovvirginia', 'westeurope']);
  assert.deepEqual(location('attribute'), ['usgovvirginia', 'westeurope']);
  assert.deepEqual(location('counted'), ['usgovvirginia', 'westeurope']);
  assert.deepEqual(location('local'), ['usgovvirginia'], 'a local holding a flag the caller sets is exact');
});

test('a comparison of strings the files fix is exact: the caller picks the branch and the count', async () => {
  const child = `variable "os_type" {
  type = string
}
variable "size" {
  type    = number
  default = 1
}
resource "azurerm_resource_group" "windows" {
  count    = lower(var.os_type) == "windows" ? 1 : 0
  name     = "w"
  location = "eastasia"
}
resource "azurerm_resource_group" "linux" {
  count    = var.os_type != "Linux" ? 0 : 1
  name     = "l"
  location = "eastus"
}
resource "azurerm_resource_group" "typed" {
  name     = "t"
  location = var.size == "1" ? "eastus" : "westeurope"
}
variable "zone" {
  type    = string
  default = 1
}
resource "azurerm_resource_group" "converted" {
  name     = "z"
  location = var.zone == "1" ? "eastasia" : "eastus"
}
`;
  const main = 'module "m" {\n  source  = "./child"\n  os_type = "Linux"\n}\n';
  const result = await analyze({ 's/main.tf': main, 's/child/main.tf': child });
  assert.deepEqual(result.resources.map((r) => r.symbolicName).sort(), ['module.m.converted', 'module.m.linux', 'module.m.typed']);
  // Terraform converts the default 1 to "1" for a string variable, which the evaluator does not: both branches.
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'module.m.azurerm_resource_group.converted').body, 'location')).sort(), ['eastasia', 'eastus']);
  // A number compared with a string: Terraform's conversions make it inexact here, so both branches count.
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'module.m.azurerm_resource_group.typed').body, 'location')).sort(), ['eastus', 'westeurope']);
  // As a root module, a deployment sets os_type: both resources count.
  const root = await analyze({ 'sr/main.tf': child });
  assert.deepEqual(root.resources.map((r) => r.symbolicName).sort(), ['converted', 'linux', 'typed', 'windows']);
});

test('an update replaces values only when it is certain: one update, one plain target, deployed in every case, a determined body', async () => {
  const text = (update: string, ignored: string) => `variable "keys" {
  default = ["data"]
}
variable "patch" {}
variable "nothing" {
  default = null
}
resource "azapi_resource" "sa" {
  type      = "Microsoft.Storage/storageAccounts@2023-05-01"
  name      = "sa"
  parent_id = "/subscriptions/0/resourceGroups/rg"
  location  = "usgovvirginia"
  body = {
    properties = { minimumTlsVersion = "TLS1_0" }
  }
  lifecycle {
    ignore_changes = [${ignored}]
  }
}
resource "azapi_resource" "other" {
  type      = "Microsoft.Storage/storageAccounts@2023-05-01"
  name      = "other"
  parent_id = "/subscriptions/0/resourceGroups/rg"
  location  = "usgovvirginia"
}
locals {
  either = length(var.keys) > 0 ? azapi_resource.sa : azapi_resource.other
}
${update}
`;
  const tls = async (update: string, ignored = 'body.properties.minimumTlsVersion') => {
    const result = await analyze({ 'u/main.tf': text(update, ignored) });
    return strings(V.lookup(resource(result.resources, 'azapi_resource.sa').body, 'properties.minimumTlsVersion'));
  };
  const write = (extra: string, body = '{ properties = { minimumTlsVersion = "TLS1_2" } }', name = 'u') =>
    `resource "azapi_update_resource" "${name}" {\n  type        = "Microsoft.Storage/storageAccounts@2023-05-01"\n  resource_id = azapi_resource.sa.id\n  body        = ${body}\n${extra}}\n`;
  assert.deepEqual(await tls(write('')), ['TLS1_2']);
  assert.deepEqual(await tls(write(''), 'body.properties'), ['TLS1_2'], 'ignore_changes on a parent path covers it');
  assert.deepEqual(await tls(write(''), 'body'), ['TLS1_2'], 'and on the whole body');
  assert.deepEqual(await tls(write(''), 'body.kind'), ['TLS1_0', 'TLS1_2'], 'the next apply may write the account\'s own value back');
  assert.deepEqual(await tls(write('', '{ properties = { minimumTlsVersion = var.nothing } }')), ['TLS1_0'], 'a null may leave the value there');
  assert.deepEqual(await tls(write('').replace('azapi_resource.sa.id', 'local.either.id')), ['TLS1_0', 'TLS1_2'], 'a local may name either resource');
  assert.deepEqual(await tls(write('  count = length(var.keys)\n')), ['TLS1_0', 'TLS1_2'], 'a root default decides the count');
  assert.deepEqual(await tls(write('', '{ properties = { minimumTlsVersion = var.patch } }')), ['TLS1_0'], 'an undetermined value may leave the one there');
  assert.deepEqual(await tls(write('') + write('', '{ properties = { minimumTlsVersion = "TLS1_1" } }', 'v')), ['TLS1_0', 'TLS1_1', 'TLS1_2'], 'two updates: either may be last');
  const unresolved = write('', '{ properties = { minimumTlsVersion = "TLS1_1" } }', 'v').replace('"Microsoft.Storage/storageAccounts@2023-05-01"', '"Microsoft.Storage/storageAccounts@${var.patch}"');
  assert.deepEqual(await tls(write('') + unresolved), ['TLS1_0', 'TLS1_2'], 'another update, even one the model cannot place, may be last');
  const passed = text(write('') + 'module "m" {\n  source = "./m"\n  id     = azapi_resource.sa.id\n}\n', 'body.properties.minimumTlsVersion');
  const inModule = 'variable "id" {}\nresource "azapi_update_resource" "w" {\n  type        = "Microsoft.Storage/storageAccounts@2023-05-01"\n  resource_id = var.id\n  body        = { properties = { minimumTlsVersion = "TLS1_0" } }\n}\n';
  const viaModule = await analyze({ 'p/main.tf': passed, 'p/m/main.tf': inModule });
  assert.deepEqual(strings(V.lookup(resource(viaModule.resources, 'azapi_resource.sa').body, 'properties.minimumTlsVersion')), ['TLS1_0', 'TLS1_2'], 'a module given its ID may update it too');
});

test("a root module's variables never decide a condition, whatever terraform.tfvars gives; a for iterator named local hides the local", async () => {
  const main = `variable "gov" {
  default = true
}
variable "sites" {
  default = [{ gov = false }]
}
locals {
  gov = true
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = var.gov ? "usgovvirginia" : "westeurope"
}
resource "azurerm_resource_group" "each" {
  for_each = toset([for local in var.sites : local.gov ? "usgovvirginia" : "westeurope"])
  name     = each.key
  location = each.key
}
`;
  const result = await analyze({ 't/main.tf': main, 't/terraform.tfvars': 'gov = true\n' });
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'azurerm_resource_group.rg').body, 'location')), ['usgovvirginia', 'westeurope'], '-var-file may override terraform.tfvars');
  assert.deepEqual(strings(V.lookup(resource(result.resources, 'azurerm_resource_group.each').body, 'location')), ['usgovvirginia', 'westeurope']);
});

test('contains() of a string the files fix in a list of them is exact: the caller picks the count; a root variable keeps both', async () => {
  const child = `variable "location" {
  type = string
}
variable "zonal" {
  type    = list(string)
  default = ["eastus", "westus2"]
}
locals {
  paired = ["westus", "eastus"]
}
resource "azurerm_resource_group" "listed" {
  count    = contains(["westus", "eastus"], "eastasia") ? 1 : 0
  name     = "l"
  location = "eastasia"
}
resource "azurerm_resource_group" "local" {
  count    = contains(local.paired, var.location) ? 1 : 0
  name     = "p"
  location = var.location
}
resource "azurerm_resource_group" "default" {
  count    = contains(var.zonal, lower(var.location)) ? 0 : 1
  name     = "d"
  location = "westus"
}
`;
  const main = 'module "m" {\n  source   = "./child"\n  location = "eastasia"\n}\n';
  const result = await analyze({ 'c/main.tf': main, 'c/child/main.tf': child });
  assert.deepEqual(result.resources.map((r) => r.symbolicName).sort(), ['module.m.default']);
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'region-proscribed').length, 0);
  // As a root module, a deployment sets the location: the resources that depend on it count.
  const root = await analyze({ 'cr/main.tf': child });
  assert.deepEqual(root.resources.map((r) => r.symbolicName).sort(), ['default', 'local']);
});
