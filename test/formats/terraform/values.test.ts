import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as V from '../../../src/engine/model/value';
import type { Value } from '../../../src/engine/model/value';
import { analyze, resource } from './helpers';

/** The location possibilities of a resource: value, the text at its origin, and the texts of its hops. */
async function locations(main: string, address: string) {
  const result = await analyze({ 'v/main.tf': main });
  const r = resource(result.resources, address);
  return describe(V.lookup(r.body, 'location'), main);
}

function describe(v: Value, text: string) {
  return {
    values: V.strings(v).map((p) => [p.value, text.slice(p.origin.start, p.origin.end), ...p.via.map((h) => text.slice(h.start, h.end))]),
    unknowns: v.unknowns.map((u) => u.reason),
  };
}

test('literals, display names and string templates', async () => {
  const main = `variable "geo" {
  default = "us"
}
resource "azurerm_resource_group" "a" {
  location = "East US"
}
resource "azurerm_resource_group" "b" {
  location = "\${var.geo}gov\${"virginia"}"
}
`;
  assert.deepEqual((await locations(main, 'azurerm_resource_group.a')).values, [['East US', '"East US"']]);
  const b = await locations(main, 'azurerm_resource_group.b');
  assert.deepEqual(b.values.map((v) => v[0]), ['usgovvirginia']);
});

test('var: the default, and the allowed set of a contains() validation', async () => {
  const main = `variable "location" {
  type    = string
  default = "eastus"
  validation {
    condition     = contains(["eastus", "eastasia"], var.location)
    error_message = "no"
  }
}
variable "nodefault" {
  type = string
}
resource "azurerm_resource_group" "rg" {
  location = var.location
}
resource "azurerm_resource_group" "open" {
  location = var.nodefault
}
`;
  const rg = await locations(main, 'azurerm_resource_group.rg');
  assert.deepEqual(rg.values, [
    ['eastus', '"eastus"', 'var.location'],
    ['eastasia', '"eastasia"', 'var.location'],
    ['eastus', '"eastus"', 'var.location'],
  ]);
  const open = await locations(main, 'azurerm_resource_group.open');
  assert.deepEqual(open.values, []);
  assert.match(open.unknowns[0], /variable 'nodefault' has no default value/);
});

test('var: a contains() validation over a list kept in a local counts its entries, each at its literal', async () => {
  const main = `locals {
  approved = ["usgovvirginia", "usgovtexas"]
  mixed    = ["usgovvirginia", "eastasia"]
  fetched  = data.azurerm_locations.all.names
}
variable "approved" {
  type = string
  validation {
    condition     = contains(local.approved, var.approved)
    error_message = "no"
  }
}
variable "mixed" {
  type = string
  validation {
    condition     = contains(local.mixed, lower(var.mixed))
    error_message = "no"
  }
}
variable "fetched" {
  type = string
  validation {
    condition     = contains(local.fetched, var.fetched)
    error_message = "no"
  }
}
resource "azurerm_resource_group" "approved" {
  location = var.approved
}
resource "azurerm_resource_group" "mixed" {
  location = var.mixed
}
resource "azurerm_resource_group" "fetched" {
  location = var.fetched
}
`;
  assert.deepEqual((await locations(main, 'azurerm_resource_group.approved')).values, [
    ['usgovvirginia', '"usgovvirginia"', 'var.approved'],
    ['usgovtexas', '"usgovtexas"', 'var.approved'],
  ]);
  const fetched = await locations(main, 'azurerm_resource_group.fetched');
  assert.deepEqual(fetched.values, [], 'a list the files do not determine bounds nothing');
  assert.match(fetched.unknowns[0], /variable 'fetched' has no default value/);
  const result = await analyze({ 'v/main.tf': main });
  const byRule = (rule: string) => result.findings.filter((f) => f.ruleId === rule);
  const [proscribed] = byRule('region-proscribed');
  assert.equal(byRule('region-proscribed').length, 1);
  assert.deepEqual([main.slice(proscribed.span.start, proscribed.span.end), proscribed.span.start], ['"eastasia"', main.indexOf('"eastasia"')], 'at the entry in the local');
  assert.match(proscribed.message, /azurerm_resource_group \(mixed\) is deployed to 'eastasia'/);
  assert.deepEqual(byRule('region-unresolved').map((f) => /\((\w+)\)/.exec(f.message)?.[1]), ['fetched']);
});

test("local values and another resource's arguments keep the origin and add hops", async () => {
  const main = `locals {
  loc = azurerm_resource_group.rg.location
}
resource "azurerm_resource_group" "rg" {
  location = "eastasia"
}
resource "azurerm_storage_account" "sa" {
  location = local.loc
}
`;
  const sa = await locations(main, 'azurerm_storage_account.sa');
  assert.deepEqual(sa.values, [['eastasia', '"eastasia"', 'local.loc', 'azurerm_resource_group.rg.location']]);
});

test('data sources and attributes known only after apply are unknown, with the reason', async () => {
  const main = `data "azurerm_resource_group" "existing" {
  name = "rg"
}
resource "azurerm_storage_account" "a" {
  location = data.azurerm_resource_group.existing.location
}
resource "azurerm_resource_group" "rg" {
  location = "eastus"
}
resource "azurerm_storage_account" "b" {
  location = azurerm_resource_group.rg.id
}
`;
  assert.match((await locations(main, 'azurerm_storage_account.a')).unknowns[0], /data\.azurerm_resource_group\.existing is read from Azure/);
  assert.match((await locations(main, 'azurerm_storage_account.b')).unknowns[0], /azurerm_resource_group\.rg\.id is known only after Terraform applies/);
});

test('for_each over a set or a map and count: every element is a possibility', async () => {
  const main = `variable "regions" {
  default = {
    primary   = "eastus"
    secondary = "westeurope"
  }
}
resource "azurerm_resource_group" "set" {
  for_each = toset(["eastus", "eastasia"])
  name     = each.key
  location = each.value
}
resource "azurerm_resource_group" "map" {
  for_each = var.regions
  location = each.value
}
resource "azurerm_resource_group" "count" {
  count    = 2
  location = ["eastus", "westus"][count.index]
}
`;
  assert.deepEqual((await locations(main, 'azurerm_resource_group.set')).values.map((v) => v.slice(0, 3)), [
    ['eastasia', '"eastasia"', 'each.value'],
    ['eastus', '"eastus"', 'each.value'],
  ]);
  assert.deepEqual((await locations(main, 'azurerm_resource_group.map')).values.map((v) => v[0]), ['eastus', 'westeurope']);
  assert.deepEqual((await locations(main, 'azurerm_resource_group.count')).values.map((v) => v[0]), ['eastus', 'westus']);
});

test('a resource as a whole: chained for_each, for expressions and indexes read its instances; computed attributes stay unknown', async () => {
  const main = `resource "azurerm_resource_group" "rg" {
  for_each = { us = "eastus", hk = "eastasia" }
  name     = "rg-\${each.key}"
  location = each.value
}
resource "azurerm_resource_group" "set" {
  for_each = toset(["westus2"])
  location = each.key
}
resource "azurerm_resource_group" "one" {
  location = "centralus"
}
resource "azurerm_resource_group" "counted" {
  count    = 2
  location = "westus3"
}
resource "azurerm_storage_account" "chained" {
  for_each = azurerm_resource_group.rg
  location = each.value.location
}
resource "azurerm_storage_account" "chained_id" {
  for_each = azurerm_resource_group.rg
  location = each.value.id
}
resource "azurerm_storage_account" "chained_set" {
  for_each = azurerm_resource_group.set
  location = each.value.location
}
resource "azurerm_storage_account" "by_for" {
  location = one([for k, r in azurerm_resource_group.rg : r.location if k == "hk"])
}
resource "azurerm_storage_account" "by_values" {
  location = values(azurerm_resource_group.rg)[0].location
}
resource "azurerm_storage_account" "by_key" {
  location = azurerm_resource_group.rg["hk"].location
}
resource "azurerm_storage_account" "single" {
  location = azurerm_resource_group.one.location
}
resource "azurerm_storage_account" "whole_single" {
  location = lookup(azurerm_resource_group.one, "location", null)
}
resource "azurerm_storage_account" "whole_counted" {
  location = azurerm_resource_group.counted[0].location
}
resource "azurerm_storage_account" "by_index_key" {
  for_each = { for i, r in azurerm_resource_group.counted : i => r }
  location = each.value.location
}
`;
  const values = async (address: string) => (await locations(main, address)).values.map((v) => v[0]).sort();
  assert.deepEqual(await values('azurerm_storage_account.chained'), ['eastasia', 'eastus']);
  const id = await locations(main, 'azurerm_storage_account.chained_id');
  assert.deepEqual([id.values, id.unknowns.length], [[], 1]);
  assert.match(id.unknowns[0], /other attributes of azurerm_resource_group\.rg are known only after Terraform applies/);
  assert.deepEqual(await values('azurerm_storage_account.chained_set'), ['westus2']);
  assert.ok((await values('azurerm_storage_account.by_for')).includes('eastasia'));
  assert.ok((await values('azurerm_storage_account.by_values')).includes('eastasia'));
  assert.deepEqual(await values('azurerm_storage_account.by_key'), ['eastasia', 'eastus'], 'every instance as one, as elsewhere');
  assert.deepEqual(await values('azurerm_storage_account.single'), ['centralus']);
  assert.deepEqual(await values('azurerm_storage_account.whole_single'), ['centralus']);
  assert.deepEqual(await values('azurerm_storage_account.whole_counted'), ['westus3']);
  assert.deepEqual(await values('azurerm_storage_account.by_index_key'), ['westus3'], 'a number key becomes a string');
  const result = await analyze({ 'v/main.tf': main });
  // lookup() keeps what a computed attribute might hold: the whole resource may hold a location Azure sets.
  const unresolved = result.findings.filter((f) => f.ruleId === 'region-unresolved').map((f) => /\((\w+)\)/.exec(f.message)?.[1]);
  assert.deepEqual(unresolved.sort(), ['chained_id', 'whole_single']);
});

test('resources whose for_each read each other as a whole end as unknown, not in an endless evaluation', async () => {
  const main = `resource "azurerm_resource_group" "b" {
  for_each = azurerm_resource_group.c
  location = each.value.location
}
resource "azurerm_resource_group" "c" {
  for_each = azurerm_resource_group.b
  location = "eastasia"
}
`;
  const b = await locations(main, 'azurerm_resource_group.b');
  assert.deepEqual(b.values, []);
  assert.match(b.unknowns.join(' '), /the for_each of azurerm_resource_group\.[bc] refers to itself/);
});

test('try() keeps an undetermined argument and reads on; a template refuses a null, as Terraform does', async () => {
  const main = `variable "name" {
  default = null
}
variable "settings" {}
resource "random_string" "suffix" {
  length = 8
}
resource "azurerm_resource_group" "computed_first" {
  location = try(random_string.suffix.result, "eastus")
}
resource "azurerm_resource_group" "input_first" {
  location = try(var.settings.location, "eastasia")
}
resource "azurerm_resource_group" "known_first" {
  location = try("westus2", "eastasia")
}
resource "azurerm_resource_group" "null_in_template" {
  location = "\${var.name}eastus"
}
`;
  const computed = await locations(main, 'azurerm_resource_group.computed_first');
  assert.deepEqual([computed.values.map((v) => v[0]), computed.unknowns.length], [['eastus'], 1]);
  const input = await locations(main, 'azurerm_resource_group.input_first');
  assert.deepEqual([input.values.map((v) => v[0]), input.unknowns.length], [['eastasia'], 1]);
  const known = await locations(main, 'azurerm_resource_group.known_first');
  assert.deepEqual([known.values.map((v) => v[0]), known.unknowns.length], [['westus2'], 0]);
  assert.deepEqual((await locations(main, 'azurerm_resource_group.null_in_template')).values, []);
});

test('each.value over a for_each the files leave empty gives no region: undetermined, with why, at the location', async () => {
  const main = `variable "tables" {
  type    = map(object({ location = string }))
  default = {}
}
resource "azurerm_route_table" "rt" {
  for_each = var.tables
  name     = each.key
  location = each.value.location
}
`;
  const result = await analyze({ 'v/main.tf': main });
  const [f] = result.findings.filter((x) => x.ruleId === 'region-unresolved');
  assert.equal(main.slice(f.span.start, f.span.end), 'location');
  assert.match(f.message, /no value \(it names a property or element they do not define, such as an element of a collection they leave empty/);
});

test('conditionals give both branches; functions over known inputs', async () => {
  const main = `variable "dr" {
  default = false
}
locals {
  regions = { a = "EASTUS", b = "westus" }
}
resource "azurerm_resource_group" "cond" {
  location = var.dr ? "eastasia" : "eastus"
}
resource "azurerm_resource_group" "fns" {
  location = lower(lookup(local.regions, "a", "centralus"))
}
resource "azurerm_resource_group" "coalesce" {
  location = coalesce("", null, upper("westus2"))
}
resource "azurerm_resource_group" "list" {
  location = tolist(toset(["northeurope"]))[0]
}
resource "azurerm_resource_group" "fmt" {
  location = format("%s%s", "west", "us3")
}
resource "azurerm_resource_group" "map" {
  location = tomap({ x = "southcentralus" })["x"]
}
`;
  assert.deepEqual((await locations(main, 'azurerm_resource_group.cond')).values.map((v) => v[0]), ['eastasia', 'eastus']);
  const fns = await locations(main, 'azurerm_resource_group.fns');
  assert.deepEqual(fns.values.map((v) => v.slice(0, 2)), [['eastus', '"EASTUS"']], 'lower() keeps the literal as origin');
  assert.deepEqual((await locations(main, 'azurerm_resource_group.coalesce')).values.map((v) => v[0]), ['WESTUS2']);
  assert.deepEqual((await locations(main, 'azurerm_resource_group.list')).values.map((v) => v[0]), ['northeurope']);
  assert.deepEqual((await locations(main, 'azurerm_resource_group.fmt')).values.map((v) => v[0]), ['westus3']);
  assert.deepEqual((await locations(main, 'azurerm_resource_group.map')).values.map((v) => v[0]), ['southcentralus']);
});

test('dynamic blocks and for expressions', async () => {
  const main = `variable "replicas" {
  default = ["eastus", "japaneast"]
}
resource "azurerm_cosmosdb_account" "db" {
  location = "eastus"
  dynamic "geo_location" {
    for_each = var.replicas
    content {
      location          = geo_location.value
      failover_priority = geo_location.key
    }
  }
}
resource "azurerm_resource_group" "rg" {
  location = [for r in var.replicas : upper(r) if r != "eastus"][0]
}
`;
  const result = await analyze({ 'd/main.tf': main });
  const db = resource(result.resources, 'azurerm_cosmosdb_account.db');
  assert.deepEqual(V.strings(V.lookup(db.body, 'properties.locations[*].locationName')).map((p) => p.value), ['eastus', 'japaneast']);
  const rg = resource(result.resources, 'azurerm_resource_group.rg');
  assert.deepEqual(V.strings(V.lookup(rg.body, 'location')).map((p) => p.value), ['JAPANEAST']);
  assert.ok(result.findings.some((f) => f.ruleId === 'region-not-allowed' && main.slice(f.span.start, f.span.end) === '"japaneast"'));
});

test('a dynamic block over a collection the files leave empty generates no block', async () => {
  const account = (name: string, forEach: string) => `resource "azurerm_storage_account" "${name}" {
  name     = "${name}"
  location = "eastus"
  dynamic "customer_managed_key" {
    for_each = ${forEach}
    content {
      key_vault_key_id          = "https://kv.vault.azure.net/keys/cmk"
      user_assigned_identity_id = "id"
    }
  }
}
`;
  const main = `variable "keys" {
  default = {}
}
variable "maybe" {
  default = null
}
${account('none', 'var.keys')}${account('literal', '[]')}${account('either', 'var.maybe == null ? [] : [var.maybe]')}${account('unknown', 'var.given')}`;
  const result = await analyze({ 'e/main.tf': main });
  const keyUri = (name: string) => V.lookup(resource(result.resources, `azurerm_storage_account.${name}`).body, 'properties.encryption.keyvaultproperties.keyvaulturi');
  assert.equal(V.isPresent(keyUri('none')), false);
  assert.equal(V.isPresent(keyUri('literal')), false);
  assert.equal(V.isPresent(keyUri('either')), true, 'one branch has an element');
  assert.equal(V.isPresent(keyUri('unknown')), true, 'an undeclared variable may have elements');
  const missing = result.findings.filter((f) => f.ruleId === 'cmk-missing').flatMap((f) => f.resources.map((k) => k.split('.').pop()));
  assert.deepEqual(missing.sort(), ['either', 'literal', 'none'], 'the branch with no element leaves the key out');
});

test('a key that only some cases write (a dynamic block that may be empty, a null, a separate key that may have no instance) is missing in the others', async () => {
  const account = (name: string, key: string) => `resource "azurerm_storage_account" "${name}" {
  name                     = "${name}"
  location                 = "eastus"
  account_tier             = "Standard"
  account_replication_type = "LRS"
${key}}
`;
  const dynamic = (forEach: string) => `  dynamic "customer_managed_key" {
    for_each = ${forEach}
    content {
      key_vault_key_id = "https://kv.vault.azure.net/keys/cmk"
    }
  }
`;
  const separate = (name: string, count: string) => `resource "azurerm_storage_account_customer_managed_key" "${name}" {
  count              = ${count}
  storage_account_id = azurerm_storage_account.${name}.id
  key_vault_key_id   = "https://kv.vault.azure.net/keys/cmk"
}
`;
  const module = `variable "enable_cmk" {
  type    = bool
  default = false
}
${account('flag', dynamic('var.enable_cmk ? [1] : []'))}${account('always', dynamic('[1]'))}${account('nullable', '  customer_managed_key {\n    key_vault_key_id = var.enable_cmk ? "https://kv.vault.azure.net/keys/cmk" : null\n  }\n')}${account('counted', '')}${separate('counted', 'var.enable_cmk ? 1 : 0')}${account('once', '')}${separate('once', '1')}`;
  const missing = (findings: readonly { ruleId: string; resources: readonly string[]; span: { start: number; end: number } }[]) =>
    findings.filter((f) => f.ruleId === 'cmk-missing').flatMap((f) => f.resources.map((k) => k.split('.').pop()!)).sort();
  // A root module's variable may be set either way when it is deployed, whatever its default.
  const root = await analyze({ 'root/main.tf': module });
  assert.deepEqual(missing(root.findings), ['counted', 'flag', 'nullable']);
  const flag = root.findings.find((f) => f.ruleId === 'cmk-missing' && f.resources.some((k) => k.endsWith('.flag')))!;
  assert.equal(module.slice(flag.span.start, flag.span.end), 'resource "azurerm_storage_account" "flag" {', 'at the declaration');
  assert.match(flag.message, /^azurerm_storage_account 'flag': data at rest is not encrypted with a customer-managed key \(needs customer_managed_key\.key_vault_key_id\)/);
  const keySource = V.lookup(resource(root.resources, 'azurerm_storage_account.flag').body, 'properties.encryption.keySource');
  assert.deepEqual(keySource.options.map((p) => [p.kind, module.slice(p.origin.start, p.origin.end)]), [['scalar', '"customer_managed_key"'], ['absent', '[]']], 'the key where the block is, none where the empty branch is');
  // A caller that turns the key on decides every condition: each account has its key.
  const on = await analyze({ 'on/main.tf': 'module "sa" {\n  source     = "./sa"\n  enable_cmk = true\n}\n', 'on/sa/main.tf': module });
  assert.deepEqual(missing(on.findings), []);
  const off = await analyze({ 'off/main.tf': 'module "sa" {\n  source     = "./sa"\n  enable_cmk = false\n}\n', 'off/sa/main.tf': module });
  assert.deepEqual(missing(off.findings), ['counted', 'flag', 'nullable']);
  // A count the files leave open may be zero too.
  const open = await analyze({ 'open/main.tf': `variable "keys" {\n  type = number\n}\n${account('opened', '')}${separate('opened', 'var.keys')}` });
  assert.deepEqual(missing(open.findings), ['opened']);
});

test("var: another variable's list in a contains() validation does not bound the variable, which its deployer may change", async () => {
  const main = `variable "allowed" {
  type    = list(string)
  default = ["usgovvirginia"]
}
variable "location" {
  type = string
  validation {
    condition     = contains(var.allowed, var.location)
    error_message = "no"
  }
}
resource "azurerm_resource_group" "rg" {
  location = var.location
}
`;
  const found = await locations(main, 'azurerm_resource_group.rg');
  assert.deepEqual(found.values, []);
  assert.match(found.unknowns[0], /variable 'location' has no default value/);
});

test('every use of an undeclared variable is unknown where it is written, whichever is read first', async () => {
  const main = `resource "azurerm_resource_group" "a" {
  location = var.region
}
resource "azurerm_resource_group" "b" {
  location = var.region
}
`;
  const result = await analyze({ 'v/main.tf': main });
  for (const [address, at] of [['azurerm_resource_group.a', main.indexOf('var.region')], ['azurerm_resource_group.b', main.lastIndexOf('var.region')]] as const) {
    const [u] = V.lookup(resource(result.resources, address).body, 'location').unknowns;
    assert.equal(u.reason, "variable 'region' is not declared in this module");
    assert.deepEqual([u.span.start, u.via.map((h) => h.start)], [at, [at]], address);
  }
});

test('maps and sets are read in the order Terraform gives them: keys sorted, set elements sorted and unique', async () => {
  const main = `variable "m" {
  default = { zulu = "westus", alpha = "chinanorth3" }
}
locals {
  byname = { secondary = "eastasia", primary = "eastus" }
}
resource "azurerm_resource_group" "keys" {
  location = var.m[keys(var.m)[0]]
}
resource "azurerm_resource_group" "values" {
  location = values(local.byname)[1]
}
resource "azurerm_resource_group" "for" {
  location = [for k, v in local.byname : v][1]
}
resource "azurerm_resource_group" "set" {
  location = tolist(toset(["westus", "eastasia", "westus"]))[0]
}
resource "azurerm_resource_group" "distinct" {
  location = distinct(["westus", "westus", "eastasia"])[1]
}
`;
  for (const [name, region] of [['keys', 'chinanorth3'], ['values', 'eastasia'], ['for', 'eastasia'], ['set', 'eastasia'], ['distinct', 'eastasia']]) {
    assert.deepEqual((await locations(main, `azurerm_resource_group.${name}`)).values.map((v) => v[0]), [region], name);
  }
});

test('the instances of a module called with for_each are a map by key: values() reads them sorted', async () => {
  const r = await analyze({
    'vals/main.tf': 'variable "locs" {\n  default = ["eastasia", "centralus"]\n}\nmodule "region" {\n  source   = "./m"\n  for_each = toset(var.locs)\n  location = each.key\n}\nresource "azurerm_resource_group" "b" {\n  name     = "b"\n  location = values(module.region)[1].location\n}\n',
    'vals/m/main.tf': 'variable "location" {\n  type = string\n}\noutput "location" {\n  value = var.location\n}\n',
  });
  const proscribed = r.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.ok(proscribed[0].related?.some((x) => /azurerm_resource_group 'b'/.test(x.message)));
});

test('try() reads its fallback for an instance of a resource that may have none', async () => {
  const result = await analyze({
    'main.tf': `variable "create" { type = bool }
resource "azurerm_resource_group" "rg" {
  count    = var.create ? 1 : 0
  name     = "rg"
  location = "westus"
}
resource "azurerm_resource_group" "always" {
  count    = 1
  name     = "a"
  location = "westus"
}
resource "azurerm_resource_group" "created" {
  name     = "c"
  location = try(azurerm_resource_group.rg[0].location, "eastasia")
}
resource "azurerm_resource_group" "certain" {
  name     = "d"
  location = try(azurerm_resource_group.always[0].location, "chinanorth")
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  assert.deepEqual(location('azurerm_resource_group.created'), ['eastasia', 'westus']);
  assert.deepEqual(location('azurerm_resource_group.certain'), ['westus']);
});

test('a list a filter the files do not decide made has no element at a certain place, nor a certain length', async () => {
  const result = await analyze({
    'main.tf': `variable "primary" { type = string }
locals {
  regions = ["westus", "eastasia", "eastus"]
  chosen  = [for r in local.regions : r if r == var.primary]
}
resource "azurerm_resource_group" "joined" {
  name     = "j"
  location = join("", local.chosen)
}
resource "azurerm_resource_group" "first" {
  name     = "f"
  location = local.chosen[0]
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  assert.deepEqual(location('azurerm_resource_group.joined'), ['eastasia', 'eastus', 'westus']);
  assert.deepEqual(location('azurerm_resource_group.first'), ['eastasia', 'eastus', 'westus']);
  assert.equal(result.findings.filter((f) => f.ruleId === 'region-proscribed').length, 1);
  assert.ok(!result.findings.some((f) => /westuseastasia/.test(f.message)));
});

test("try() reads its fallback for an attribute an object lacks, but not for an optional one its variable's type declares, which Terraform makes null", async () => {
  const result = await analyze({
    'main.tf': `variable "location" {
  default = "eastasia"
}
variable "typed" {
  type    = map(object({ name = string, location = optional(string) }))
  default = { a = { name = "a", location = "westus" }, b = { name = "b" } }
}
variable "site" {
  type    = object({ location = optional(string) })
  default = {}
}
locals {
  things = {
    a = { location = "westus" }
    b = { name = "x" }
  }
  config = { network = { name = "n" } }
  empty  = {}
}
resource "azurerm_resource_group" "untyped" {
  for_each = local.things
  name     = each.key
  location = try(each.value.location, var.location)
}
resource "azurerm_resource_group" "nested" {
  name     = "n"
  location = try(local.config.network.location, local.empty.network.location, "chinanorth")
}
resource "azurerm_resource_group" "bound" {
  for_each = { for k, v in local.things : k => try(v.location, var.location) }
  name     = each.key
  location = each.value
}
resource "azurerm_resource_group" "typed" {
  for_each = var.typed
  name     = each.key
  location = coalesce(try(each.value.location, "chinaeast"), "westus2")
}
resource "azurerm_resource_group" "null" {
  name     = "s"
  location = try(var.site.location, "chinaeast2")
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  assert.deepEqual(location('azurerm_resource_group.untyped'), ['eastasia', 'westus']);
  assert.deepEqual(location('azurerm_resource_group.nested'), ['chinanorth']);
  assert.deepEqual(location('azurerm_resource_group.bound'), ['eastasia', 'westus']);
  assert.deepEqual(location('azurerm_resource_group.typed'), ['westus', 'westus2']);
  assert.deepEqual(location('azurerm_resource_group.null'), []);
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed').map((f) => f.message);
  assert.equal(proscribed.length, 2, proscribed.join('\n'));
});

test('under try(), an attribute an object lacks fails the list, object, template, call or for it is in, so try reads on', async () => {
  const result = await analyze({
    'main.tf': `variable "flag" { type = bool }
locals {
  a      = { name = "a" }
  either = var.flag ? { location = "westus" } : { name = "x" }
}
resource "azurerm_resource_group" "list" {
  name     = "l"
  location = try([local.a.location], ["eastasia"])[0]
}
resource "azurerm_resource_group" "object" {
  name     = "o"
  location = try({ at = local.a.location }, { at = "chinanorth" }).at
}
resource "azurerm_resource_group" "template" {
  name     = "t"
  location = try("\${local.a.location}2", "chinaeast")
}
resource "azurerm_resource_group" "call" {
  name     = "c"
  location = try(lower(local.a.location), "chinaeast2")
}
resource "azurerm_resource_group" "inner" {
  name     = "i"
  location = try(coalesce(local.either.location, "chinanorth2"), "westus2")
}
resource "azurerm_resource_group" "nested" {
  name     = "n"
  location = try(lower(try(local.a.location, local.a.region)), "chinaeast3")
}
resource "azurerm_resource_group" "for" {
  name     = "f"
  location = try([for s in [local.a, local.either] : s.location], ["chinanorth3"])[0]
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  assert.deepEqual(location('azurerm_resource_group.list'), ['eastasia']);
  assert.deepEqual(location('azurerm_resource_group.object'), ['chinanorth']);
  assert.deepEqual(location('azurerm_resource_group.template'), ['chinaeast']);
  assert.deepEqual(location('azurerm_resource_group.call'), ['chinaeast2']);
  assert.deepEqual(location('azurerm_resource_group.inner'), ['westus', 'westus2']);
  assert.deepEqual(location('azurerm_resource_group.nested'), ['chinaeast3']);
  assert.deepEqual(location('azurerm_resource_group.for'), ['chinanorth3']);
});

test("under try(), an attribute of a null or a null a function refuses fails, as a splat or a condition's test may; a guarded branch and a parallel count do not", async () => {
  const result = await analyze({
    'main.tf': `variable "create" { type = bool }
variable "fallback" { default = "eastasia" }
module "net" {
  source = "./mod"
  vnets  = { a = { name = "a", location = "westus", settings = { location = "westus" } }, b = { name = "b" } }
}
locals {
  s      = { custom = false }
  things = [{ location = "westus" }, { name = "x" }]
  byname = { a = { location = "westus" }, b = { name = "x" } }
}
resource "azurerm_resource_group" "guarded" {
  name     = "g"
  location = try(local.s.custom ? local.s.location : "westus2", "chinanorth")
}
resource "azurerm_resource_group" "splat" {
  name     = "s"
  location = try(local.things[*].location, ["chinaeast"])[0]
}
resource "azurerm_resource_group" "test" {
  for_each = local.byname
  name     = each.key
  location = try(each.value.location == "westus" ? "westus" : "westus2", "chinaeast2")
}
resource "azurerm_resource_group" "rg" {
  count    = var.create ? 1 : 0
  name     = "rg"
  location = "westus"
}
resource "azurerm_storage_account" "parallel" {
  count               = var.create ? 1 : 0
  name                = "sa"
  resource_group_name = "rg"
  location            = try(lower(azurerm_resource_group.rg[count.index].location), var.fallback)
}
`,
    'mod/main.tf': `variable "vnets" {
  type = map(object({ name = string, location = optional(string), settings = optional(object({ location = optional(string) })) }))
}
resource "azurerm_resource_group" "nested" {
  for_each = var.vnets
  name     = each.value.name
  location = try(each.value.settings.location, "chinanorth2")
}
resource "azurerm_resource_group" "lowered" {
  for_each = var.vnets
  name     = "\${each.value.name}-l"
  location = try(lower(each.value.location), "chinanorth3")
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  assert.deepEqual(location('azurerm_resource_group.guarded'), ['westus2']);
  // A splat reads its elements as one, so the list may also be one that succeeds: the fallback is what counts.
  assert.ok(location('azurerm_resource_group.splat').includes('chinaeast'));
  assert.deepEqual(location('azurerm_resource_group.test'), ['chinaeast2', 'westus', 'westus2']);
  assert.deepEqual(location('azurerm_storage_account.parallel'), ['westus']);
  assert.deepEqual(location('module.net.azurerm_resource_group.nested'), ['chinanorth2', 'westus']);
  assert.deepEqual(location('module.net.azurerm_resource_group.lowered'), ['chinanorth3', 'westus']);
});

test('under try(), a null fails where the function refuses it in that argument, and as a condition; not where it may be null', async () => {
  const result = await analyze({
    'main.tf': `variable "cfg" {
  type    = object({ location = optional(string), regions = optional(map(string)), secondary = optional(bool) })
  default = {}
}
resource "azurerm_resource_group" "format" {
  name     = "f"
  location = try(format("%s", var.cfg.location), "chinanorth")
}
resource "azurerm_resource_group" "map" {
  name     = "m"
  location = try(lookup(var.cfg.regions, "prod", "westus"), "chinaeast")
}
resource "azurerm_resource_group" "default" {
  name     = "d"
  location = coalesce(try(lookup({}, "prod", var.cfg.location), "chinaeast2"), "westus2")
}
resource "azurerm_resource_group" "test" {
  name     = "t"
  location = try(var.cfg.secondary ? "chinanorth2" : "westus", "eastus")
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  assert.deepEqual(location('azurerm_resource_group.format'), ['chinanorth']);
  assert.deepEqual(location('azurerm_resource_group.map'), ['chinaeast']);
  assert.deepEqual(location('azurerm_resource_group.default'), ['westus2']);
  assert.deepEqual(location('azurerm_resource_group.test'), ['eastus']);
});

test('one() of a list that may be empty may be null, as Terraform gives for an empty list', async () => {
  const result = await analyze({
    'main.tf': `variable "create" { type = bool }
variable "locs" { default = [] }
resource "azurerm_resource_group" "rg" {
  count    = var.create ? 1 : 0
  name     = "rg"
  location = "westus"
}
resource "azurerm_resource_group" "coalesced" {
  name     = "c"
  location = coalesce(one(azurerm_resource_group.rg[*].location), "chinaeast2")
}
resource "azurerm_resource_group" "tried" {
  name     = "t"
  location = coalesce(try(one(var.locs), "chinanorth"), "westus2")
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  assert.deepEqual(location('azurerm_resource_group.coalesced'), ['chinaeast2', 'westus']);
  assert.deepEqual(location('azurerm_resource_group.tried'), ['westus2']);
});

test("under try(), an instance under a key the resource's for_each may not have may fail, as Terraform's index does", async () => {
  const result = await analyze({
    'main.tf': `variable "groups" {
  type    = map(string)
  default = {}
}
locals {
  sites = { east = "eastus", west = "westus2" }
}
resource "azurerm_resource_group" "rg" {
  for_each = toset(["spoke1", "spoke2"])
  name     = each.key
  location = "eastus"
}
resource "azurerm_resource_group" "site" {
  for_each = local.sites
  name     = each.key
  location = each.value
}
resource "azurerm_resource_group" "replaced" {
  for_each = var.groups
  name     = each.key
  location = "centralus"
}
resource "azurerm_resource_group" "zones" {
  for_each = toset(["1", "2"])
  name     = each.key
  location = "eastasia"
}
resource "azurerm_virtual_network" "missing" {
  name     = "hub"
  location = try(azurerm_resource_group.rg["hub"].location, "chinanorth")
}
resource "azurerm_virtual_network" "present" {
  name     = "spoke"
  location = try(azurerm_resource_group.rg["spoke1"].location, "chinanorth")
}
resource "azurerm_virtual_network" "deployed" {
  name     = "deployed"
  location = try(azurerm_resource_group.replaced["main"].location, "westus2")
}
resource "azurerm_virtual_network" "numbered" {
  name     = "numbered"
  location = try(azurerm_resource_group.zones[1].location, "westus")
}
resource "azurerm_virtual_network" "parallel" {
  for_each = local.sites
  name     = each.key
  location = try(azurerm_resource_group.site[each.key].location, "chinaeast")
}
resource "azurerm_virtual_network" "wider" {
  for_each = merge(local.sites, { north = "northcentralus" })
  name     = each.key
  location = try(azurerm_resource_group.site[each.key].location, "chinaeast2")
}
`,
  });
  const location = (address: string) => [...new Set(V.strings(V.lookup(resource(result.resources, address).body, 'location')).map((p) => p.value))].sort();
  // The instances stay possible: keys may come from what a deployment replaces, as the root variable's default here.
  assert.deepEqual(location('azurerm_virtual_network.missing'), ['chinanorth', 'eastus']);
  assert.deepEqual(location('azurerm_virtual_network.deployed'), ['centralus', 'westus2']);
  assert.deepEqual(location('azurerm_virtual_network.numbered'), ['eastasia'], 'Terraform reads the number as the key "1"');
  assert.deepEqual(location('azurerm_virtual_network.present'), ['eastus']);
  assert.deepEqual(location('azurerm_virtual_network.parallel'), ['eastus', 'westus2']);
  assert.deepEqual(location('azurerm_virtual_network.wider'), ['chinaeast2', 'eastus', 'westus2']);
});

test('an index converts as Terraform converts it: a number or a boolean to a map key, a string spelling a number to a list position', async () => {
  const main = `locals {
  by_number = { "1" = "eastasia", "2" = "usgovvirginia", "true" = "chinanorth" }
  list      = ["usgovtexas", "usgovarizona"]
}
resource "azurerm_resource_group" "number_key" {
  location = local.by_number[1]
}
resource "azurerm_resource_group" "bool_key" {
  location = local.by_number[true]
}
resource "azurerm_resource_group" "decided_key" {
  location = local.by_number[false ? 1 : 2]
}
resource "azurerm_resource_group" "string_position" {
  location = local.list["1"]
}
resource "azurerm_resource_group" "lookup_number" {
  location = lookup(local.by_number, 1, "westus")
}
resource "azurerm_resource_group" "element_string" {
  location = element(local.list, "0")
}
resource "azurerm_resource_group" "missing_key" {
  location = try(local.by_number[3], "usgovtexas")
}
resource "azurerm_resource_group" "position_out_of_range" {
  location = try(local.list["2"], "usgoviowa")
}
resource "azurerm_resource_group" "fraction" {
  location = try(local.list[0.5], "usgovvirginia")
}
resource "azurerm_resource_group" "element_fraction" {
  location = element(local.list, 1.5)
}
resource "azurerm_resource_group" "fraction_alone" {
  location = local.list[1.5]
}
`;
  const at = async (name: string) => (await locations(main, `azurerm_resource_group.${name}`)).values.map((v) => v[0]).sort();
  assert.deepEqual(await at('number_key'), ['eastasia']);
  assert.deepEqual(await at('bool_key'), ['chinanorth']);
  assert.deepEqual(await at('decided_key'), ['usgovvirginia']);
  assert.deepEqual(await at('string_position'), ['usgovarizona']);
  assert.deepEqual(await at('lookup_number'), ['eastasia']);
  assert.deepEqual(await at('element_string'), ['usgovtexas']);
  // Under try(), a key or position that converts and is missing fails, so the fallback is read.
  assert.deepEqual(await at('missing_key'), ['usgovtexas']);
  assert.deepEqual(await at('position_out_of_range'), ['usgoviowa']);
  assert.deepEqual(await at('fraction'), ['usgovvirginia']);
  // A fractional position selects nothing (deploying fails); the file is still evaluated.
  assert.deepEqual(await at('element_fraction'), []);
  assert.deepEqual(await at('fraction_alone'), []);
});

test('jsondecode(): JSON gives its values; text that is not JSON fails, which try() catches', async () => {
  const main = `variable "settings" {
  default = ""
}
locals {
  decoded = jsondecode("{\\"location\\": \\"eastasia\\"}")
}
resource "azurerm_resource_group" "decoded" {
  location = local.decoded.location
}
resource "azurerm_resource_group" "fallback" {
  location = try(jsondecode(var.settings).location, "usgovvirginia")
}
resource "azurerm_resource_group" "bare" {
  location = jsondecode(var.settings).location
}
`;
  assert.deepEqual((await locations(main, 'azurerm_resource_group.decoded')).values.map((v) => v[0]), ['eastasia']);
  assert.deepEqual(await locations(main, 'azurerm_resource_group.fallback').then((l) => [l.values.map((v) => v[0]), l.unknowns]), [['usgovvirginia'], []]);
  assert.deepEqual((await locations(main, 'azurerm_resource_group.bare')).unknowns, ['jsondecode() of a string that is not JSON']);
});
