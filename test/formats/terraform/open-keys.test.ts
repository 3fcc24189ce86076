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

test('what depends on the keys of such a map stays unknown: a look-up by key, keys(), length()', async () => {
  const { result, location } = await run(`resource "azurerm_resource_group" "byKey" {
  name     = "k"
  location = local.by_id["/subscriptions/0/resourceGroups/rg-hub"].location
}
resource "azurerm_resource_group" "keys" {
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
  for (const address of ['byKey', 'keys']) {
    const v = location(`azurerm_resource_group.${address}`);
    assert.ok(v.unknowns.length > 0, address);
    assert.deepEqual(strings(v), [], address);
  }
  const unresolved = result.findings.filter((f) => f.ruleId === 'region-unresolved');
  assert.equal(unresolved.length, 2);
  // The count is not known either way: the group may be deployed, so its region counts.
  assert.deepEqual(strings(location('azurerm_resource_group.counted')), ['eastus']);
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
