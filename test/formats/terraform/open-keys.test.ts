import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as V from '../../../src/engine/model/value';
import { analyze, resource } from './helpers';

/**
 * A map keyed by what Terraform learns only when it plans (a resource ID holding the subscription ID, a prefix that
 * is an input): its keys are unknown, its values are not.
 */
const MAP = `data "azurerm_client_config" "current" {}

variable "location" {
  default = "eastasia"
}

locals {
  groups = [
    { name = "rg-hub", location = var.location, enabled = true },
    { name = "rg-dns", location = "eastus", enabled = true },
    { name = "rg-off", location = "westeurope", enabled = false },
  ]
  by_id = {
    for g in local.groups :
    "/subscriptions/\${data.azurerm_client_config.current.subscription_id}/resourceGroups/\${g.name}" => g
    if g.enabled
  }
}
`;

function strings(v: V.Value): string[] {
  return [...new Set(V.strings(v).map((p) => p.value))].sort();
}

async function run(resources: string) {
  const result = await analyze({ 'main.tf': MAP + resources });
  const location = (address: string) => V.lookup(resource(result.resources, address).body, 'location');
  return { result, location };
}

test('for_each over a map whose keys are not known: each.value is every entry, each.key stays unknown', async () => {
  const { result, location } = await run(`resource "azurerm_resource_group" "rg" {
  for_each = local.by_id
  name     = each.key
  location = each.value.location
}
`);
  const rg = location('azurerm_resource_group.rg');
  assert.deepEqual(strings(rg), ['eastasia', 'eastus']);
  assert.equal(rg.unknowns.length, 0);
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.equal(proscribed[0].span.start, MAP.indexOf('"eastasia"'));
  assert.equal(result.findings.filter((f) => f.ruleId === 'region-unresolved').length, 0);
  const name = resource(result.resources, 'azurerm_resource_group.rg').name;
  assert.equal(name.options.length, 0);
  assert.match(name.unknowns[0].reason, /keys are not known/);
});

test('the entries of such a map are read through for expressions, values() and merge()', async () => {
  const { location } = await run(`locals {
  regions  = [for id, g in local.by_id : g.location]
  by_name  = { for g in values(local.by_id) : g.name => g }
  merged   = merge(local.by_id, { extra = { name = "rg-x", location = "usgovvirginia" } })
  rekeyed  = { for id, g in local.by_id : "\${id}-copy" => g }
}
resource "azurerm_resource_group" "listed" {
  count    = 1
  name     = "listed"
  location = local.regions[0]
}
resource "azurerm_resource_group" "named" {
  for_each = local.by_name
  name     = each.key
  location = each.value.location
}
resource "azurerm_resource_group" "merged" {
  for_each = local.merged
  name     = each.value.name
  location = each.value.location
}
resource "azurerm_resource_group" "rekeyed" {
  for_each = local.rekeyed
  name     = each.value.name
  location = each.value.location
}
`);
  for (const address of ['listed', 'named', 'rekeyed']) {
    const v = location(`azurerm_resource_group.${address}`);
    assert.deepEqual(strings(v), ['eastasia', 'eastus'], address);
    assert.equal(v.unknowns.length, 0, address);
  }
  const merged = location('azurerm_resource_group.merged');
  assert.deepEqual(strings(merged), ['eastasia', 'eastus', 'usgovvirginia']);
  assert.equal(merged.unknowns.length, 0);
});

test('what depends on the keys of such a map stays unknown: keys(), length()', async () => {
  const { result, location } = await run(`resource "azurerm_resource_group" "keys" {
  for_each = toset(keys(local.by_id))
  name     = "k"
  location = each.value
}
resource "azurerm_resource_group" "counted" {
  count    = length(local.by_id) > 5 ? 1 : 0
  name     = "c"
  location = "eastus"
}
`);
  const keys = location('azurerm_resource_group.keys');
  assert.ok(keys.unknowns.length > 0);
  assert.deepEqual(strings(keys), []);
  assert.equal(result.findings.filter((f) => f.ruleId === 'region-unresolved').length, 1);
  // The count is not known either way: the group may be deployed, so its region counts.
  assert.deepEqual(strings(location('azurerm_resource_group.counted')), ['eastus']);
});

test('a look-up by a known key may select any entry whose key is open, beside a named one a merge may override', async () => {
  const { result, location } = await run(`locals {
  merged = merge({ fixed = { location = "usgovvirginia" } }, local.by_id)
}
resource "azurerm_resource_group" "byKey" {
  name     = "k"
  location = local.by_id["/subscriptions/0/resourceGroups/rg-hub"].location
}
resource "azurerm_resource_group" "byAttr" {
  name     = "a"
  location = local.by_id.hub.location
}
resource "azurerm_resource_group" "lookup" {
  name     = "l"
  location = lookup(local.by_id, "hub", { location = "centralus" }).location
}
resource "azurerm_resource_group" "named" {
  name     = "n"
  location = local.merged["fixed"].location
}
`);
  for (const address of ['byKey', 'byAttr']) {
    const v = location(`azurerm_resource_group.${address}`);
    assert.deepEqual(strings(v), ['eastasia', 'eastus'], address);
    assert.equal(v.unknowns.length, 0, address);
  }
  assert.deepEqual(strings(location('azurerm_resource_group.lookup')), ['centralus', 'eastasia', 'eastus']);
  assert.deepEqual(strings(location('azurerm_resource_group.named')), ['eastasia', 'eastus', 'usgovvirginia']);
  assert.equal(result.findings.filter((f) => f.ruleId === 'region-unresolved').length, 0);
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.equal(proscribed[0].span.start, MAP.indexOf('"eastasia"'));
});

test('an edit above such a map keeps the finding at the literal', async () => {
  const { workspaceWith, ROOT } = await import('./helpers');
  const above = (name: string) => `resource "azurerm_resource_group" "above" {
  name     = "${name}"
  location = "eastus"
}
`;
  const resources = `resource "azurerm_resource_group" "rg" {
  for_each = local.by_id
  name     = each.value.name
  location = each.value.location
}
`;
  const ws = await workspaceWith({ 'main.tf': above('a') + MAP + resources });
  ws.analyze({ policy: { profile: 'us-only' } });
  const edited = above('a longer name') + MAP + resources;
  ws.setText(`${ROOT}main.tf`, edited);
  const [finding] = ws.analyze({ policy: { profile: 'us-only' } }).findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(edited.slice(finding.span.start, finding.span.end), '"eastasia"');
});

test('an object written with a key the files leave open keeps its value; a known key computed from a literal reaches that literal', async () => {
  const main = `variable "prefix" {}

variable "dns_location" {
  default = "eastasia"
}

locals {
  by_prefix = {
    "\${var.prefix}-hub" = { location = "westeurope" }
    fixed                = { location = "eastus" }
  }
  by_location = {
    (var.dns_location) = "rg-dns"
  }
}

resource "azurerm_resource_group" "prefixed" {
  for_each = local.by_prefix
  name     = each.key
  location = each.value.location
}

resource "azurerm_resource_group" "dns" {
  for_each = local.by_location
  name     = each.value
  location = each.key
}

resource "azurerm_resource_group" "looped" {
  for_each = { for location, name in local.by_location : name => location }
  name     = each.key
  location = each.value
}
`;
  const result = await analyze({ 'main.tf': main });
  const location = (address: string) => V.lookup(resource(result.resources, address).body, 'location');
  const prefixed = location('azurerm_resource_group.prefixed');
  assert.deepEqual(strings(prefixed), ['eastus', 'westeurope']);
  assert.equal(prefixed.unknowns.length, 0);
  // The key is the variable's default, read through the object's key: the finding is at the default, where the
  // region is written, not at the key expression.
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.equal(main.slice(proscribed[0].span.start, proscribed[0].span.end), '"eastasia"');
  assert.deepEqual(
    [...proscribed[0].resources].sort(),
    ['dns', 'looped'].map((n) => resource(result.resources, `azurerm_resource_group.${n}`).key).sort(),
  );
  assert.ok(proscribed[0].related!.some((r) => main.slice(r.span.start, r.span.end) === 'var.dns_location'));
  assert.equal(result.findings.filter((f) => f.ruleId === 'region-unresolved').length, 0);
});

test("such a map's entries are read through a module's variable type, keys(), a look-up by each.key, a resource or module as a whole, and a grouping for", async () => {
  const main = `data "azurerm_client_config" "c" {}

locals {
  prefix = "/subscriptions/\${data.azurerm_client_config.c.subscription_id}/resourceGroups"
  groups = { for g in [{ name = "rg-a", location = "eastus" }, { name = "rg-b" }] : "\${local.prefix}/\${g.name}" => g }
  hubs   = { for g in [{ name = "rg-hub" }] : "\${local.prefix}/\${g.name}" => g }
  hub_dr = { for id in keys(local.hubs) : "\${id}-dr" => { location = "westeurope" } }
  listed = { for g in [{ name = "rg-l", location = "centralus" }] : "\${local.prefix}/\${g.name}" => g... }
}

module "typed" {
  source = "./typed"
  groups = local.groups
}

resource "azurerm_resource_group" "dr" {
  for_each = local.hub_dr
  name     = "dr"
  location = each.value.location
}

resource "azurerm_resource_group" "by_key" {
  for_each = local.groups
  name     = "k"
  location = local.groups[each.key].location
}

resource "azurerm_resource_group" "chained" {
  for_each = azurerm_resource_group.by_key
  name     = "c"
  location = each.value.location
}

resource "azurerm_resource_group" "from_module" {
  for_each = module.typed
  name     = "m"
  location = each.value.location
}

resource "azurerm_resource_group" "grouped" {
  for_each = local.listed
  name     = "g"
  location = each.value[0].location
}
`;
  const typed = `variable "groups" {
  type = map(object({
    name     = string
    location = optional(string, "eastasia")
  }))
}

resource "azurerm_resource_group" "rg" {
  for_each = var.groups
  name     = each.value.name
  location = each.value.location
}

output "location" {
  value = one(values(azurerm_resource_group.rg)).location
}
`;
  const result = await analyze({ 'main.tf': main, 'typed/main.tf': typed });
  const location = (address: string) => V.lookup(resource(result.resources, address).body, 'location');
  const expect = (address: string, regions: string[]) => {
    const v = location(address);
    assert.deepEqual(strings(v), regions, address);
    assert.equal(v.unknowns.length, 0, address);
  };
  // The entry without a location takes the type's default, which is proscribed.
  expect('module.typed.azurerm_resource_group.rg', ['eastasia', 'eastus']);
  expect('azurerm_resource_group.dr', ['westeurope']);
  expect('azurerm_resource_group.by_key', ['eastus']);
  expect('azurerm_resource_group.chained', ['eastus']);
  expect('azurerm_resource_group.grouped', ['centralus']);
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.equal(typed.slice(proscribed[0].span.start, proscribed[0].span.end), '"eastasia"');
});

test('keys stay open through keys(), a for over them and a merge; a merge with a resource read as a whole reads its instances', async () => {
  const { result, location } = await run(`locals {
  ids      = keys(local.by_id)
  key_map  = { for id in local.ids : id => { location = "eastus" } }
  merged   = merge(local.key_map, { x = { location = "eastus" } })
}
resource "azurerm_resource_group" "hub" {
  for_each = local.by_id
  name     = "h"
  location = each.value.location
}
resource "azurerm_storage_account" "diag" {
  for_each                 = merge(azurerm_resource_group.hub, { spoke = { name = "s", location = "eastus" } })
  name                     = "diag"
  resource_group_name      = each.value.name
  location                 = each.value.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_resource_group" "merged" {
  for_each = local.merged
  name     = each.key
  location = each.value.location
}
`);
  const diag = location('azurerm_storage_account.diag');
  assert.deepEqual(strings(diag), ['eastasia', 'eastus']);
  const merged = location('azurerm_resource_group.merged');
  assert.deepEqual(strings(merged), ['eastus']);
  assert.equal(merged.unknowns.length, 0);
  const name = resource(result.resources, 'azurerm_resource_group.merged').name;
  assert.deepEqual(strings(name), ['x']);
  assert.ok(name.unknowns.length > 0);
});

test('alternatives that share entries with open keys, merged step after step, keep each entry once', async () => {
  const toggles = Array.from({ length: 18 }, (_, i) => `  s${i + 1} = var.f${i} ? merge(local.s${i}, { k${i} = { location = "eastus" } }) : local.s${i}`);
  const result = await analyze({
    'main.tf': `${MAP}
${toggles.map((_, i) => `variable "f${i}" { type = bool }`).join('\n')}
locals {
  s0 = local.by_id
${toggles.join('\n')}
}
resource "azurerm_resource_group" "rg" {
  for_each = local.s18
  name     = "rg"
  location = each.value.location
}
`,
    'other.tf': `resource "azurerm_resource_group" "other" {
  name     = "other"
  location = "chinanorth"
}
`,
  });
  const location = V.lookup(resource(result.resources, 'azurerm_resource_group.rg').body, 'location');
  assert.deepEqual(strings(location), ['eastasia', 'eastus']);
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed').map((f) => f.span.uri.split('/').pop());
  assert.deepEqual(proscribed.sort(), ['main.tf', 'other.tf']);
});

test('what reads a list of open keys or of open length does not take it as definite: contains(), join(), a look-up with a default, try()', async () => {
  const { result, location } = await run(`variable "hub_id" {
  default = "/subscriptions/0/resourceGroups/rg-hub"
}
variable "fallback" {
  default = "chinanorth"
}
locals {
  ids       = [for id, g in local.by_id : id]
  dr        = { for g in local.groups : g.name => g if contains(local.ids, var.hub_id) }
  primary   = join("", [for id, g in local.by_id : g.location if g.name == "rg-hub"])
  overrides = { for id, g in local.by_id : id => "eastus" if g.name == "rg-dns" }
}
resource "azurerm_resource_group" "dr" {
  for_each = local.dr
  name     = each.key
  location = each.value.location
}
resource "azurerm_resource_group" "joined" {
  name     = "j"
  location = local.primary
}
resource "azurerm_resource_group" "looked" {
  for_each = local.by_id
  name     = "l"
  location = lookup(local.overrides, each.key, var.fallback)
}
resource "azurerm_resource_group" "tried" {
  for_each = local.by_id
  name     = "t"
  location = try(local.overrides[each.key], var.fallback)
}
`);
  assert.deepEqual(strings(location('azurerm_resource_group.dr')), ['eastasia', 'eastus', 'westeurope']);
  const joined = location('azurerm_resource_group.joined');
  assert.deepEqual(strings(joined), ['eastasia']);
  assert.match(joined.unknowns[0]?.reason ?? '', /join\(\) of a list whose length/);
  for (const address of ['looked', 'tried']) assert.deepEqual(strings(location(`azurerm_resource_group.${address}`)), ['chinanorth', 'eastus'], address);
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 2);
});

test('a resource named by keys some of which are open is not described by the one key the files give', async () => {
  const { result } = await run(`locals {
  all = merge(local.by_id, { "rg-us" = { name = "rg-us", location = "eastus" } })
}
resource "azurerm_resource_group" "rg" {
  for_each = local.all
  name     = each.key
  location = each.value.location
}
`);
  const [proscribed] = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.match(proscribed.message, /azurerm_resource_group \(rg\) is deployed to 'eastasia'/);
  assert.doesNotMatch(proscribed.message, /rg-us/);
});

test('open entries replace a named one only from a later merge argument; a map read by its own keys lacks none; try() does not see into calls or optional attributes', async () => {
  const result = await analyze({
    'main.tf': `variable "prefix" { type = string }
variable "flag" { type = bool }
variable "sites" {
  type    = map(object({ location = optional(string) }))
  default = { a = { location = "westus" }, b = {} }
}
locals {
  generated = { for s in [{ name = "a", location = "eastasia" }] : "\${var.prefix}-\${s.name}" => s }
  earlier   = merge(local.generated, { hub = { location = "westus" } })
  later     = merge({ hub = { location = "westus" } }, local.generated)
  own       = { for s in [{ name = "a", location = "westus" }] : "\${var.prefix}-\${s.name}" => s }
  either    = var.flag ? { location = "westus" } : { name = "x" }
}
resource "azurerm_resource_group" "earlier" {
  name     = "e"
  location = local.earlier["hub"].location
}
resource "azurerm_resource_group" "later" {
  name     = "l"
  location = local.later.hub.location
}
resource "azurerm_resource_group" "looked" {
  for_each = local.own
  name     = "o"
  location = lookup(local.own, each.key, { location = "chinaeast" }).location
}
resource "azurerm_resource_group" "tried" {
  for_each = local.own
  name     = "t"
  location = try(local.own[each.key].location, "chinanorth")
}
resource "azurerm_resource_group" "called" {
  name     = "c"
  location = try(coalesce(local.either.location, "eastasia"), "westus")
}
resource "azurerm_resource_group" "optional" {
  for_each = var.sites
  name     = each.key
  location = coalesce(try(each.value.location, "chinanorth"), "westus2")
}
`,
  });
  const location = (address: string) => strings(V.lookup(resource(result.resources, address).body, 'location'));
  assert.deepEqual(location('azurerm_resource_group.earlier'), ['westus']);
  assert.deepEqual(location('azurerm_resource_group.later'), ['eastasia', 'westus']);
  assert.deepEqual(location('azurerm_resource_group.looked'), ['westus']);
  assert.deepEqual(location('azurerm_resource_group.tried'), ['westus']);
  assert.deepEqual(location('azurerm_resource_group.called'), ['westus']);
  assert.ok(!location('azurerm_resource_group.optional').includes('chinanorth'));
  const proscribed = result.findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(proscribed.length, 1);
  assert.match(proscribed[0].message, /azurerm_resource_group 'l' \(later\)/);
});
