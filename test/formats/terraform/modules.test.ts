import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as V from '../../../src/engine/model/value';
import { analyze, resource, ROOT } from './helpers';

const MODULE = `variable "location" {
  type = string
}
variable "sku" {
  default = "Standard_LRS"
}
resource "azurerm_storage_account" "sa" {
  name     = "sa"
  location = var.location
}
output "location" {
  value = azurerm_storage_account.sa.location
}
`;

test("a local module is evaluated with the caller's arguments; findings land in the caller", async () => {
  const main = `module "one" {
  source   = "./modules/storage"
  location = "eastasia"
}
module "two" {
  source   = "./modules/storage/"
  location = "eastus"
}
resource "azurerm_resource_group" "rg" {
  location = module.one.location
}
`;
  const result = await analyze({ 'app/main.tf': main, 'app/modules/storage/main.tf': MODULE });
  const one = resource(result.resources, 'module.one.azurerm_storage_account.sa');
  const two = resource(result.resources, 'module.two.azurerm_storage_account.sa');
  assert.notEqual(one.key, two.key);
  assert.equal(main.slice(one.via[0].start, one.via[0].end), 'module "one" {');
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.equal(proscribed[0].span.uri, `${ROOT}app/main.tf`);
  assert.equal(main.slice(proscribed[0].span.start, proscribed[0].span.end), '"eastasia"');
  assert.equal(proscribed[0].resources.length, 2, 'the module resource and the resource group reading its output');
  assert.ok(proscribed[0].related.some((r) => r.message.includes('deployed through this module')));
  // The module folder is evaluated through its caller only: no finding about the module's own missing input.
  assert.ok(!result.findings.some((f) => f.ruleId === 'region-unresolved'));
});

test('registry and git modules are one information notice each; a cycle ends with a notice', async () => {
  const main = `module "avm" {
  source  = "Azure/avm-res-storage-storageaccount/azurerm"
  version = "0.2.0"
}
module "git" {
  source = "git::https://example.com/modules.git//storage"
}
module "a" {
  source = "./a"
}
`;
  const result = await analyze({ 'c/main.tf': main, 'c/a/main.tf': 'module "b" {\n  source = "../b"\n}\n', 'c/b/main.tf': 'module "a" {\n  source = "../a"\n}\nresource "azurerm_resource_group" "rg" {\n  location = "eastus"\n}\n' });
  const notices = result.findings.filter((f) => f.ruleId === 'module-unresolved');
  assert.equal(notices.length, 3);
  assert.equal(notices.every((n) => n.severity === 'information'), true);
  assert.ok(notices.some((n) => /module cycle/.test(n.message)));
  assert.ok(result.resources.some((r) => r.key.includes('module.a.module.b.azurerm_resource_group.rg')));
});

test('a module folder scanned on its own is a root', async () => {
  const result = await analyze({ 'solo/main.tf': MODULE });
  assert.ok(result.findings.some((f) => f.ruleId === 'region-unresolved'));
});

test('a null module argument takes the default only for a variable declared nullable = false', async () => {
  const variable = (name: string, nullable: string) => `variable "${name}" {\n  type    = string\n  default = "chinanorth"\n${nullable}}\n`;
  const mod = `${variable('strict', '  nullable = false\n')}${variable('loose', '')}resource "azurerm_resource_group" "strict" {\n  name     = "a"\n  location = var.strict\n}\nresource "azurerm_resource_group" "loose" {\n  name     = "b"\n  location = var.loose\n}\n`;
  const main = 'module "m" {\n  source = "./mod"\n  strict = null\n  loose  = null\n}\n';
  const result = await analyze({ 'app/main.tf': main, 'app/mod/main.tf': mod });
  const scalars = (address: string) => V.lookup(resource(result.resources, address).body, 'location').options.map((p) => (p.kind === 'scalar' ? p.value : p.kind));
  assert.deepEqual(scalars('module.m.azurerm_resource_group.strict'), ['chinanorth']);
  assert.deepEqual(scalars('module.m.azurerm_resource_group.loose'), ['absent'], 'a nullable variable (the default) passes the null on, and a null argument is no argument');
  const [f] = result.findings.filter((x) => x.ruleId === 'region-proscribed');
  assert.equal(mod.slice(f.span.start, f.span.end), '"chinanorth"');
  assert.ok(f.related.some((r) => r.span.uri === `${ROOT}app/main.tf` && main.slice(r.span.start, r.span.end) === 'strict'), 'the path passes through the null argument');
});

test("a block the caller's arguments leave without instances deploys nothing; a root module's is still judged", async () => {
  const child = `variable "pools" {
  type    = map(object({ location = string }))
  default = {}
}
variable "instances" {
  default = 1
}
resource "azurerm_storage_account" "pool" {
  for_each = var.pools
  name     = each.key
  location = each.value.location
}
resource "azurerm_storage_account" "optional" {
  count    = var.instances
  name     = "optional"
  location = "eastasia"
}
module "nested" {
  source = "./nested"
  count  = var.instances
}
`;
  const nested = 'resource "azurerm_resource_group" "rg" {\n  name     = "n"\n  location = "chinanorth"\n}\n';
  const main = `module "none" {
  source    = "./child"
  instances = 0
}
module "some" {
  source = "./child"
  pools  = { a = { location = "usgovvirginia" } }
}
`;
  const files = { 'c/main.tf': main, 'c/child/main.tf': child, 'c/child/nested/main.tf': nested };
  const result = await analyze(files);
  const keys = result.resources.map((r) => r.symbolicName).sort();
  assert.deepEqual(keys, ['module.some.module.nested.rg', 'module.some.optional', 'module.some.pool']);
  assert.ok(!result.findings.some((f) => f.ruleId === 'region-unresolved'), 'no finding about the pools module.none does not deploy');
  // The same module scanned as a root: its inputs may still be given when it is deployed.
  const root = await analyze({ 'r/main.tf': child, 'r/nested/main.tf': nested });
  assert.ok(resource(root.resources, 'azurerm_storage_account.pool'));
  // So may a root variable whose default the root passes on: the called module's blocks are judged too.
  const wrapper = 'variable "instances" {\n  default = 0\n}\nmodule "passed" {\n  source    = "./child"\n  instances = var.instances\n}\n';
  const passed = await analyze({ 'w/main.tf': wrapper, 'w/child/main.tf': child, 'w/child/nested/main.tf': nested });
  assert.deepEqual(passed.resources.map((r) => r.symbolicName).sort(), ['module.passed.module.nested.rg', 'module.passed.optional']);
  // Also through a for expression or a function, which make a value of their own.
  const derived = 'variable "pools" {\n  default = {}\n}\nmodule "viafor" {\n  source = "./child"\n  pools  = { for k, v in var.pools : k => v }\n}\nmodule "viamerge" {\n  source = "./child"\n  pools  = merge(var.pools, {})\n}\n';
  const both = await analyze({ 'v/main.tf': derived, 'v/child/main.tf': child, 'v/child/nested/main.tf': nested });
  assert.ok(resource(both.resources, 'module.viafor.azurerm_storage_account.pool') && resource(both.resources, 'module.viamerge.azurerm_storage_account.pool'));
});

test('a root block the files alone leave without instances deploys nothing; one a root variable may fill is judged', async () => {
  const main = `variable "pools" {
  default = {}
}
variable "instances" {
  default = 0
}
locals {
  none = toset([])
}
resource "azurerm_storage_account" "zero" {
  count    = 0
  location = "eastasia"
}
resource "azurerm_storage_account" "off" {
  count    = true ? 1 : 0
  location = "eastasia"
}
resource "azurerm_resource_group" "empty_set" {
  for_each = toset([])
  location = "eastasia"
}
resource "azurerm_resource_group" "empty_local" {
  for_each = local.none
  location = "eastasia"
}
resource "azurerm_resource_group" "from_variable" {
  for_each = var.pools
  location = "eastasia"
}
resource "azurerm_resource_group" "counted_by_variable" {
  count    = var.instances
  location = "eastasia"
}
resource "azurerm_resource_group" "length_of_variable" {
  count    = length(var.pools)
  location = "eastasia"
}
module "never" {
  source = "./child"
  count  = 0
}
resource "azurerm_storage_account" "chained_empty" {
  for_each = azurerm_resource_group.empty_set
  location = each.value.location
}
resource "azurerm_storage_account" "chained_counted" {
  for_each = azurerm_storage_account.zero
  location = each.value.location
}
`;
  const child = 'resource "azurerm_resource_group" "rg" {\n  location = "chinanorth"\n}\n';
  const result = await analyze({ 'root-empty/main.tf': main, 'root-empty/child/main.tf': child });
  const names = result.resources.map((r) => r.symbolicName).sort();
  assert.deepEqual(names, ['counted_by_variable', 'from_variable', 'length_of_variable', 'off']);
});

test("the location passed to an Azure registry module is judged; another provider's module, a git module or a utility module is not", async () => {
  const main = `module "avm" {
  source   = "Azure/avm-res-storage-storageaccount/azurerm"
  location = "eastasia"
}
module "submodule" {
  source   = "app.terraform.io/contoso/network/azurerm//modules/subnet"
  location = "westeurope"
}
module "gke" {
  source   = "terraform-google-modules/kubernetes-engine/google"
  location = "us-central1"
}
module "git" {
  source   = "git::https://example.com/modules.git//storage"
  location = "eastasia"
}
module "sku" {
  source   = "Azure/avm-utl-sku-finder/azapi"
  location = "eastasia"
}
`;
  const result = await analyze({ 'outside/main.tf': main });
  const judged = result.findings.filter((f) => f.ruleId.startsWith('region-')).map((f) => `${f.ruleId} ${f.message.slice(f.message.indexOf(': ') + 2)}`);
  assert.deepEqual(judged.sort(), [
    "region-not-allowed module 'app.terraform.io/contoso/network/azurerm//modules/subnet' (module.submodule) is deployed to 'westeurope'.",
    "region-proscribed module 'Azure/avm-res-storage-storageaccount/azurerm' (module.avm) is deployed to 'eastasia'. ITAR technical data must never be stored there.",
  ]);
  assert.equal(result.findings.filter((f) => f.ruleId === 'module-unresolved').length, 5, 'a utility module deploys nothing: its location is not judged');
});
