import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as V from '../../../src/engine/model/value';
import type { Workspace } from '../../../src/engine/workspace/workspace';
import { analyze, resource, ROOT, workspaceWith } from './helpers';

type Result = ReturnType<Workspace['analyze']>;

/** Each finding of these rules as `rule file "anchored text"`, sorted. */
function anchors(result: Result, files: Record<string, string>, prefix = 'region-') {
  return result.findings
    .filter((f) => f.ruleId.startsWith(prefix))
    .map((f) => `${f.ruleId} ${f.span.uri.slice(ROOT.length)} ${files[f.span.uri.slice(ROOT.length)].slice(f.span.start, f.span.end)}`)
    .sort();
}

function locations(result: Result, address: string): string[] {
  return V.strings(V.lookup(resource(result.resources, address).body, 'location'))
    .map((p) => p.value)
    .sort();
}

const SITE = `variable "site" {
  type = object({
    name     = string
    location = optional(string, "eastasia")
    backup   = optional(string)
  })
  default = { name = "a" }
}
resource "azurerm_resource_group" "rg" {
  name     = var.site.name
  location = var.site.location
}
resource "azurerm_resource_group" "backup" {
  name     = "b"
  location = var.site.backup
}
`;

test("an optional attribute's default fills in where the declared default leaves it out; one without a default is null", async () => {
  const files = { 'o/main.tf': SITE };
  const result = await analyze(files);
  // The second group's location is null, as Terraform makes an optional attribute left out: not set, as a null
  // written in its place is (Terraform refuses it; nothing is deployed).
  assert.deepEqual(anchors(result, files), ['region-proscribed o/main.tf "eastasia"']);
  const backup = V.lookup(resource(result.resources, 'azurerm_resource_group.backup').body, 'location');
  assert.deepEqual([backup.options.map((p) => p.kind), backup.unknowns.length], [['absent'], 0]);
  const finding = result.findings.find((f) => f.ruleId === 'region-proscribed')!;
  const hops = finding.related.map((r) => files['o/main.tf'].slice(r.span.start, r.span.end));
  assert.ok(hops.includes('{ name = "a" }'), `the path passes through the object that leaves the attribute out: ${JSON.stringify(hops)}`);
  // The quick fix rewrites the default in the type, where the region is written.
  const fixed = result.findings.find((f) => f.ruleId === 'region-proscribed')!.fixes[0].edits[0];
  assert.equal(files['o/main.tf'].slice(fixed.span.start, fixed.span.end), '"eastasia"');
});

test('a value that gives the attribute keeps it; a null attribute takes the default; a null object takes none', async () => {
  const given = await analyze({ 'g/main.tf': SITE, 'g/terraform.tfvars': 'site = { name = "a", location = "usgovvirginia" }\n' });
  assert.deepEqual(locations(given, 'azurerm_resource_group.rg'), ['usgovvirginia']);
  const nulled = { 'n/main.tf': SITE, 'n/terraform.tfvars': 'site = { name = "a", location = null }\n' };
  assert.deepEqual(anchors(await analyze(nulled), nulled, 'region-proscribed'), ['region-proscribed n/main.tf "eastasia"']);
  const whole = await analyze({ 'w/main.tf': SITE.replace('default = { name = "a" }', 'default = null') });
  assert.deepEqual(locations(whole, 'azurerm_resource_group.rg'), [], 'Terraform applies no attribute default to a null value');
});

test('defaults apply to each element of a map, list, set or tuple of objects', async () => {
  const main = `variable "sites" {
  type = map(object({
    location = optional(string, "chinanorth")
  }))
  default = {
    a = {}
    b = { location = null }
    c = { location = "usgovvirginia" }
  }
}
variable "list" {
  type    = list(object({ location = optional(string, "usgovtexas") }))
  default = [{}, { location = "usgovarizona" }]
}
variable "pair" {
  type    = tuple([string, object({ location = optional(string, "usdodeast") })])
  default = ["x", {}]
}
resource "azurerm_resource_group" "many" {
  for_each = var.sites
  name     = each.key
  location = each.value.location
}
resource "azurerm_resource_group" "listed" {
  count    = 2
  name     = "l"
  location = var.list[count.index].location
}
resource "azurerm_resource_group" "paired" {
  name     = "p"
  location = var.pair[1].location
}
`;
  const files = { 'm/main.tf': main };
  const result = await analyze(files, { profile: 'us-government' });
  assert.deepEqual(anchors(result, files), ['region-proscribed m/main.tf "chinanorth"']);
  assert.deepEqual(locations(result, 'azurerm_resource_group.many'), ['chinanorth', 'chinanorth', 'usgovvirginia']);
  assert.deepEqual(locations(result, 'azurerm_resource_group.listed'), ['usgovarizona', 'usgovtexas']);
  assert.deepEqual(locations(result, 'azurerm_resource_group.paired'), ['usdodeast']);
});

test('a default object is completed by the defaults nested in its own type', async () => {
  const main = `variable "settings" {
  type = object({
    storage = optional(object({
      min_tls = optional(string, "TLS1_0")
    }), {})
  })
  default = {}
}
resource "azurerm_storage_account" "sa" {
  name                     = "sa"
  resource_group_name      = "rg"
  location                 = "usgovvirginia"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = var.settings.storage.min_tls
}
`;
  const files = { 't/main.tf': main };
  const result = await analyze(files);
  assert.deepEqual(anchors(result, files, 'tls-'), ['tls-version t/main.tf "TLS1_0"']);
});

test("a module's type defaults complete the caller's argument", async () => {
  const child = `variable "cfg" {
  type = object({
    location = optional(string, "eastasia")
  })
}
resource "azurerm_resource_group" "rg" {
  name     = "c"
  location = var.cfg.location
}
`;
  const files = {
    'r/main.tf': 'module "omits" {\n  source = "./child"\n  cfg    = {}\n}\nmodule "gives" {\n  source = "./child"\n  cfg    = { location = "usgovvirginia" }\n}\n',
    'r/child/main.tf': child,
  };
  const result = await analyze(files);
  assert.deepEqual(locations(result, 'module.gives.azurerm_resource_group.rg'), ['usgovvirginia']);
  assert.deepEqual(locations(result, 'module.omits.azurerm_resource_group.rg'), ['eastasia']);
  assert.deepEqual(anchors(result, files), ['region-proscribed r/child/main.tf "eastasia"']);
});

test('an edit to a type default is seen by the next analysis', async () => {
  const ws = await workspaceWith({ 'e/main.tf': SITE });
  assert.ok(ws.analyze({ policy: { profile: 'us-only' } }).findings.some((f) => f.ruleId === 'region-proscribed'));
  ws.setText(`${ROOT}e/main.tf`, SITE.replace('"eastasia"', '"eastus"'));
  const after = ws.analyze({ policy: { profile: 'us-only' } });
  assert.deepEqual(after.findings.filter((f) => f.ruleId === 'region-proscribed' || f.ruleId === 'region-not-allowed'), []);
});

test('quoted attribute names, sets, an optional object without a default, and a null attribute completed by nested defaults', async () => {
  const main = `variable "cfg" {
  type = object({
    "primary" = optional(string, "eastasia")
    replicas  = optional(set(object({ location = optional(string, "chinaeast") })), [])
    backup    = optional(object({ location = optional(string, "chinanorth3") }))
    dr        = optional(object({ location = optional(string, "chinanorth2") }), {})
  })
  default = { replicas = [{}], dr = null }
}
resource "azurerm_resource_group" "primary" {
  name     = "p"
  location = var.cfg.primary
}
resource "azurerm_resource_group" "replica" {
  for_each = var.cfg.replicas
  name     = "r"
  location = each.value.location
}
resource "azurerm_resource_group" "dr" {
  name     = "d"
  location = var.cfg.dr.location
}
`;
  const files = { 'q/main.tf': main };
  const result = await analyze(files);
  // No finding names chinanorth3: an optional object with no default of its own stays null, whatever its type nests.
  assert.deepEqual(anchors(result, files, 'region-proscribed'), ['region-proscribed q/main.tf "chinaeast"', 'region-proscribed q/main.tf "chinanorth2"', 'region-proscribed q/main.tf "eastasia"']);
});

test('a default that is not a constant is undetermined, as Terraform refuses it', async () => {
  const main = `variable "cfg" {
  type = object({
    location = optional(string, var.cfg.location)
  })
  default = {}
}
resource "azurerm_resource_group" "rg" {
  name     = "c"
  location = var.cfg.location
}
`;
  const result = await analyze({ 'k/main.tf': main });
  const unresolved = result.findings.filter((f) => f.ruleId === 'region-unresolved');
  assert.equal(unresolved.length, 1);
  assert.match(unresolved[0].message, /a default in a type constraint must be a constant/);
});
