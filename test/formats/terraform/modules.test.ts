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

test("the location passed to an Azure module outside the workspace is judged; another provider's module, a module of no known provider or a utility module is not", async () => {
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
module "named" {
  source   = "git::https://github.com/contoso/terraform-azurerm-vnet.git?ref=release/v1"
  location = "chinanorth3"
}
module "shorthand" {
  source   = "github.com/contoso/terraform-azapi-hub//modules/spoke"
  location = "southafricanorth"
}
module "archive" {
  source   = "https://example.com/terraform-azurerm-vnet-1.2.0.tar.gz"
  location = "eastus"
}
module "aws" {
  source   = "git::ssh://git@example.com/contoso/terraform-aws-vpc.git"
  location = "eastasia"
}
module "grouped" {
  source              = "git::https://dev.azure.com/contoso/infra/_git/modules//storage?ref=v2"
  resource_group_name = "rg-data"
  location            = "uksouth"
}
`;
  const result = await analyze({ 'outside/main.tf': main });
  const judged = result.findings.filter((f) => f.ruleId.startsWith('region-')).map((f) => `${f.ruleId} ${f.message.slice(f.message.indexOf(': ') + 2)}`);
  assert.deepEqual(judged.sort(), [
    "region-not-allowed module 'app.terraform.io/contoso/network/azurerm//modules/subnet' (module.submodule) is deployed to 'westeurope'.",
    "region-not-allowed module 'git::https://dev.azure.com/contoso/infra/_git/modules//storage?ref=v2' (module.grouped) is deployed to 'uksouth'.",
    "region-not-allowed module 'github.com/contoso/terraform-azapi-hub//modules/spoke' (module.shorthand) is deployed to 'southafricanorth'.",
    "region-proscribed module 'Azure/avm-res-storage-storageaccount/azurerm' (module.avm) is deployed to 'eastasia'. ITAR technical data must never be stored there.",
    "region-proscribed module 'git::https://github.com/contoso/terraform-azurerm-vnet.git?ref=release/v1' (module.named) is deployed to 'chinanorth3'. ITAR technical data must never be stored there.",
  ]);
  assert.equal(result.findings.filter((f) => f.ruleId === 'module-unresolved').length, 10, 'a utility module deploys nothing: its location is not judged');
});

const GROUP = `variable "name" {
  type = string
}
variable "location" {
  type = string
}
resource "azurerm_resource_group" "this" {
  name     = var.name
  location = var.location
}
output "name" {
  value = azurerm_resource_group.this.name
}
output "location" {
  value = azurerm_resource_group.this.location
}
`;

const VAULT = `variable "location" {
  type = string
}
resource "azurerm_key_vault" "kv" {
  name     = "kv"
  location = var.location
  sku_name = "premium"
}
`;

test('outputs of a module called with count or for_each: a known index or key reads that instance, an unknown one every instance', async () => {
  const main = `variable "regions" {
  default = ["eastus2", "eastasia"]
}
variable "pick" {
  type = number
}
module "counted" {
  source   = "./group"
  count    = 1
  name     = "rg-counted"
  location = "chinanorth"
}
module "keyed" {
  source   = "./group"
  for_each = toset(var.regions)
  name     = "rg-\${each.key}"
  location = each.value
}
module "by_index" {
  source   = "./vault"
  location = module.counted[0].location
}
module "by_hk_key" {
  source   = "./vault"
  location = module.keyed["eastasia"].location
}
module "by_us_key" {
  source   = "./vault"
  location = module.keyed["eastus2"].location
}
module "chained" {
  source   = "./vault"
  for_each = module.keyed
  location = each.value.location
}
module "by_unknown_index" {
  source   = "./vault"
  location = module.counted[var.pick].location
}
module "by_splat" {
  source   = "./vault"
  location = one(module.counted[*].location)
}
`;
  const result = await analyze({ 'm/main.tf': main, 'm/group/main.tf': GROUP, 'm/vault/main.tf': VAULT });
  const values = (address: string) => V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => [p.value, main.slice(p.origin.start, p.origin.end)]);
  assert.deepEqual(values('module.by_index.azurerm_key_vault.kv'), [['chinanorth', '"chinanorth"']]);
  assert.deepEqual(values('module.by_hk_key.azurerm_key_vault.kv'), [['eastasia', '"eastasia"']], "the instance of that key, at the literal of its element");
  assert.deepEqual(values('module.by_us_key.azurerm_key_vault.kv'), [['eastus2', '"eastus2"']]);
  assert.deepEqual(values('module.chained.azurerm_key_vault.kv').sort(), [['eastasia', '"eastasia"'], ['eastus2', '"eastus2"']]);
  assert.deepEqual(values('module.by_unknown_index.azurerm_key_vault.kv'), [['chinanorth', '"chinanorth"']]);
  assert.deepEqual(values('module.by_splat.azurerm_key_vault.kv'), [['chinanorth', '"chinanorth"']]);
  assert.ok(!result.findings.some((f) => f.ruleId === 'region-unresolved'), 'every output reference resolves');
  // One finding per literal, in the caller, with the vaults that read the output among its resources.
  const at = (literal: string) => result.findings.find((f) => f.ruleId === 'region-proscribed' && f.span.uri === `${ROOT}m/main.tf` && main.slice(f.span.start, f.span.end) === literal);
  const vaults = (literal: string) => at(literal)!.resources.filter((k) => k.endsWith('azurerm_key_vault.kv')).map((k) => /module\.(\w+)\./.exec(k)![1]).sort();
  assert.deepEqual(vaults('"chinanorth"'), ['by_index', 'by_splat', 'by_unknown_index']);
  assert.deepEqual(vaults('"eastasia"'), ['by_hk_key', 'chained']);
  assert.match(at('"eastasia"')!.message, /^'eastasia' .* is deployed to 'eastasia', and \d+ more resources?\./);
  assert.ok(at('"eastasia"')!.related.some((r) => main.slice(r.span.start, r.span.end) === 'module.keyed["eastasia"].location'), 'the reference is a hop');
});

test('a count the files leave open reads every instance as one; a module that cannot be read says which', async () => {
  const main = `variable "instances" {
  type = number
}
module "open" {
  source   = "./group"
  count    = var.instances
  name     = "rg"
  location = "usgovvirginia"
}
module "outside" {
  source = "Azure/avm-res-resources-resourcegroup/azurerm"
}
module "from_open" {
  source   = "./vault"
  location = module.open[2].location
}
module "from_outside" {
  source   = "./vault"
  location = module.outside.resource.location
}
`;
  const result = await analyze({ 'o/main.tf': main, 'o/group/main.tf': GROUP, 'o/vault/main.tf': VAULT });
  const location = (address: string) => V.lookup(resource(result.resources, address).body, 'location');
  assert.deepEqual(V.strings(location('module.from_open.azurerm_key_vault.kv')).map((p) => p.value), ['usgovvirginia']);
  const [unresolved] = result.findings.filter((f) => f.ruleId === 'region-unresolved');
  assert.match(unresolved.message, /module\.outside is not known: module 'outside' comes from 'Azure\/avm-res-resources-resourcegroup\/azurerm', outside the workspace/);
  assert.equal(main.slice(unresolved.related[0].span.start, unresolved.related[0].span.end), 'module.outside');
});

test('module instances are bounded: nested huge counts end, a count past the cap or written as a string still reads the value', async () => {
  const level = (next: string) => `module "m" {\n  source = "${next}"\n  count  = 1000000000\n}\noutput "loc" { value = module.m[*].loc }\n`;
  const started = Date.now();
  const nested = await analyze({
    'n/main.tf': 'module "a" {\n  source = "./m1"\n  count  = 1000000000\n}\nresource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = module.a[0].loc[0][0]\n}\n',
    'n/m1/main.tf': level('../m2'),
    'n/m2/main.tf': level('../m3'),
    'n/m3/main.tf': 'variable "x" { default = "eastasia" }\noutput "loc" { value = var.x }\n',
  });
  assert.ok(Date.now() - started < 20_000, 'bounded work');
  assert.equal(nested.findings.filter((f) => f.ruleId === 'region-proscribed').length, 1);
  const counted = await analyze({
    'c/main.tf':
      'module "many" {\n  source = "./m"\n  count  = 300\n}\nmodule "text" {\n  source = "./m"\n  count  = "2"\n}\n' +
      'resource "azurerm_resource_group" "a" {\n  name     = "a"\n  location = module.many[299].loc\n}\nresource "azurerm_resource_group" "b" {\n  name     = "b"\n  location = module.text[1].loc\n}\n',
    'c/m/main.tf': 'variable "x" { default = "chinaeast" }\noutput "loc" { value = var.x }\n',
  });
  const [f] = counted.findings.filter((x) => x.ruleId === 'region-proscribed');
  assert.deepEqual(f?.related?.filter((r) => /deployed to/.test(r.message)).length, 2, 'both resources read the module default');
  assert.equal(counted.findings.filter((x) => x.ruleId === 'region-unresolved').length, 0);
});

test('a legacy splat applies its attributes to every element and an index after them to the list, as HCL does', async () => {
  const r = await analyze({
    'splat/main.tf':
      'resource "azurerm_resource_group" "rgs" {\n  count    = 2\n  name     = "rg${count.index}"\n  location = "chinaeast2"\n}\n' +
      'resource "azurerm_resource_group" "x" {\n  name     = "x"\n  location = azurerm_resource_group.rgs.*.location[1]\n}\n' +
      'variable "sites" {\n  default = [{ location = "eastasia" }]\n}\nresource "azurerm_resource_group" "y" {\n  name     = "y"\n  location = var.sites.*.location[0]\n}\n',
  });
  assert.ok(r.findings.every((f) => !/could not be evaluated/.test(f.message)), r.findings.map((f) => f.message).join('\n'));
  assert.deepEqual(r.findings.filter((f) => f.ruleId === 'region-unresolved'), []);
  const deployed = r.findings.filter((f) => f.ruleId === 'region-proscribed').flatMap((f) => f.related?.filter((x) => /deployed to/.test(x.message)).map((x) => x.message.split(' ')[1]) ?? []);
  assert.deepEqual(deployed.sort(), ["'x'", "'y'", '(rgs)']);
});

test("a reference to another module's resource, through its inputs or its outputs, links the two", async () => {
  const server = `resource "azurerm_mssql_server" "s" {
  name                = "s"
  location            = "southeastasia"
  resource_group_name = "rg"
  version             = "12.0"
}
`;
  const database = `variable "server" {}
resource "azurerm_mssql_database" "d" {
  name      = "d"
  server_id = var.server.id
}
`;
  const inputs = await analyze({ 'app/main.tf': `${server}module "db" {\n  source = "./db"\n  server = { id = azurerm_mssql_server.s.id }\n}\n`, 'app/db/main.tf': database }, { profile: 'not-proscribed' });
  const db = resource(inputs.resources, 'module.db.azurerm_mssql_database.d');
  assert.deepEqual(db.links.filter((l) => l.kind === 'parent').map((l) => l.target), [resource(inputs.resources, 'azurerm_mssql_server.s').key]);
  // The database takes its server's region, and keeps its geo-redundant backups (the default) in its pair, Hong Kong.
  const [proscribed] = inputs.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.match(proscribed?.message ?? '', /azurerm_mssql_database 'd'.*'eastasia', the pair of 'southeastasia'/);

  const outputs = await analyze(
    {
      'app/main.tf': `module "srv" {\n  source = "./srv"\n}\nresource "azurerm_mssql_database" "d" {\n  name      = "d"\n  server_id = module.srv.id\n}\n`,
      'app/srv/main.tf': `${server}output "id" {\n  value = azurerm_mssql_server.s.id\n}\n`,
    },
    { profile: 'not-proscribed' },
  );
  const linked = resource(outputs.resources, 'azurerm_mssql_database.d');
  assert.deepEqual(linked.links.map((l) => l.target), [resource(outputs.resources, 'module.srv.azurerm_mssql_server.s').key]);
  assert.equal(outputs.findings.filter((f) => f.ruleId === 'region-proscribed').length, 1);
});

test('a link through the outputs of a module called with for_each or count names the resource the model holds', async () => {
  const srv = `resource "azurerm_mssql_server" "s" {\n  name                = "s"\n  location            = "southeastasia"\n  resource_group_name = "rg"\n  version             = "12.0"\n}\noutput "id" {\n  value = azurerm_mssql_server.s.id\n}\n`;
  for (const [call, ref] of [['for_each = toset(["a"])', 'module.srv["a"].id'], ['count = 1', 'module.srv[0].id']]) {
    const result = await analyze({ 'app/main.tf': `module "srv" {\n  source = "./srv"\n  ${call}\n}\nresource "azurerm_mssql_database" "d" {\n  name      = "d"\n  server_id = ${ref}\n}\n`, 'app/srv/main.tf': srv }, { profile: 'not-proscribed' });
    const db = resource(result.resources, 'azurerm_mssql_database.d');
    assert.deepEqual(db.links.map((l) => l.target), [resource(result.resources, 'module.srv.azurerm_mssql_server.s').key], call);
    assert.equal(result.findings.filter((f) => f.ruleId === 'region-proscribed').length, 1, call);
  }
});

test('a child of several parents keeps its copies in the pair of each, whatever the order of the parents', async () => {
  const servers = `resource "azurerm_mssql_server" "a" {\n  name                = "a"\n  location            = "eastus"\n  resource_group_name = "rg"\n  version             = "12.0"\n}\nresource "azurerm_mssql_server" "b" {\n  name                = "b"\n  location            = "southeastasia"\n  resource_group_name = "rg"\n  version             = "12.0"\n}\n`;
  const db = `variable "server_id" {}\nresource "azurerm_mssql_database" "d" {\n  name      = "d"\n  server_id = var.server_id\n}\n`;
  for (const order of ['a = azurerm_mssql_server.a.id, b = azurerm_mssql_server.b.id', 'b = azurerm_mssql_server.b.id, a = azurerm_mssql_server.a.id']) {
    const result = await analyze({ 'app/main.tf': `${servers}module "db" {\n  source    = "./db"\n  for_each  = { ${order} }\n  server_id = each.value\n}\n`, 'app/db/main.tf': db }, { profile: 'not-proscribed' });
    const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
    assert.equal(proscribed.length, 1, order);
    assert.match(proscribed[0].message, /'eastasia', the pair of 'southeastasia'/);
  }
});

test('a key passed into a module and used inside a block links the resource to that key', async () => {
  const main = `resource "azurerm_key_vault" "kv" {
  name                     = "kv"
  location                 = "eastus"
  resource_group_name      = "rg"
  tenant_id                = "t"
  sku_name                 = "premium"
  purge_protection_enabled = true
}
resource "azurerm_key_vault_key" "k" {
  name         = "k"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}
module "sa" {
  source = "./sa"
  key_id = azurerm_key_vault_key.k.id
}
`;
  const sa = `variable "key_id" {}
resource "azurerm_storage_account" "this" {
  name                     = "sa"
  location                 = "eastus"
  resource_group_name      = "rg"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  customer_managed_key {
    key_vault_key_id          = var.key_id
    user_assigned_identity_id = "id"
  }
}
`;
  const result = await analyze({ 'app/main.tf': main, 'app/sa/main.tf': sa });
  const account = resource(result.resources, 'module.sa.azurerm_storage_account.this');
  assert.ok(account.links.some((l) => l.target === resource(result.resources, 'azurerm_key_vault_key.k').key), JSON.stringify(account.links));
  const keyFinding = result.findings.find((f) => f.ruleId === 'key-not-hsm' && /key_type is 'RSA'/.test(f.message));
  assert.match(keyFinding?.message ?? '', /It protects the data of azurerm_storage_account 'sa' \(module\.sa\.this\)/);
});

test('a block of an override file is read in place of the block it overrides, whatever the order of the files, with a notice', async () => {
  for (const names of [['main.tf', 'x_override.tf'], ['z_main.tf', 'override.tf.json']]) {
    const override = names[1].endsWith('.json') ? JSON.stringify({ resource: { azurerm_resource_group: { rg: { location: 'eastasia' } } } }) : 'resource "azurerm_resource_group" "rg" {\n  location = "eastasia"\n}\n';
    const result = await analyze({ [`app/${names[0]}`]: 'resource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = "eastus"\n}\n', [`app/${names[1]}`]: override });
    assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.span.uri.slice(ROOT.length)}`).sort(), [`module-unresolved app/${names[1]}`, `region-proscribed app/${names[1]}`]);
  }
});

test("module arguments may read their own call's outputs, or each other's, where Terraform can order them; a true cycle is unknown", async () => {
  const child = 'variable "loc" {}\nresource "azurerm_resource_group" "r" {\n  location = var.loc\n}\noutput "out" {\n  value = "eastasia"\n}\noutput "echo" {\n  value = var.loc\n}\n';
  const result = await analyze({
    'selfread/main.tf': [
      'module "m" {\n  source = "./mod"\n  loc    = module.m.out\n}',
      'module "a" {\n  source = "./mod"\n  loc    = module.b.out\n}',
      'module "b" {\n  source = "./mod"\n  loc    = module.a.out\n}',
      'module "each" {\n  source   = "./mod"\n  for_each = toset(["x", "y"])\n  loc      = module.each["x"].out\n}',
      'module "cycle" {\n  source = "./mod"\n  loc    = module.cycle.echo\n}',
      '',
    ].join('\n'),
    'selfread/mod/main.tf': child,
  });
  const location = (address: string) => V.lookup(resource(result.resources, address).body, 'location');
  for (const call of ['m', 'a', 'b', 'each']) {
    const value = location(`module.${call}.azurerm_resource_group.r`);
    assert.deepEqual([V.strings(value).map((p) => p.value), value.unknowns.map((u) => u.reason)], [['eastasia'], []], call);
  }
  const cycle = location('module.cycle.azurerm_resource_group.r');
  assert.deepEqual(V.strings(cycle), []);
  assert.match(cycle.unknowns.map((u) => u.reason).join(' '), /refers to itself/);
});
