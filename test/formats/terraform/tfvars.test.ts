import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as V from '../../../src/engine/model/value';
import { Workspace } from '../../../src/engine/workspace/workspace';
import { analyze, ROOT, workspaceWith } from './helpers';

const MAIN = `variable "location" {
  default = "eastus"
}
variable "open" {}
resource "azurerm_resource_group" "rg" {
  location = var.location
}
resource "azurerm_resource_group" "other" {
  location = var.open
}
`;

function anchors(result: Awaited<ReturnType<Workspace['analyze']>>, files: Record<string, string>) {
  return result.findings
    .filter((f) => f.ruleId.startsWith('region-'))
    .map((f) => `${f.ruleId} ${f.span.uri.slice(ROOT.length)} ${files[f.span.uri.slice(ROOT.length)].slice(f.span.start, f.span.end)}`)
    .sort();
}

test('terraform.tfvars and *.auto.tfvars replace the default; findings land in the tfvars file', async () => {
  const files = { 't/main.tf': MAIN, 't/terraform.tfvars': 'location = "westus"\nopen = "eastasia"\n', 't/z.auto.tfvars': 'location = "chinanorth"\n' };
  const result = await analyze(files);
  assert.deepEqual(anchors(result, files), ['region-proscribed t/terraform.tfvars "eastasia"', 'region-proscribed t/z.auto.tfvars "chinanorth"']);
});

test('a null in terraform.tfvars leaves the default of a variable declared nullable = false', async () => {
  const main = `variable "strict" {
  default  = "chinanorth"
  nullable = false
}
variable "loose" {
  default = "chinanorth"
}
resource "azurerm_resource_group" "strict" {
  location = var.strict
}
resource "azurerm_resource_group" "loose" {
  location = var.loose
}
`;
  const files = { 'n/main.tf': main, 'n/terraform.tfvars': 'strict = null\nloose  = null\n' };
  const result = await analyze(files);
  assert.deepEqual(anchors(result, files), ['region-proscribed n/main.tf "chinanorth"']);
  const loose = result.resources.find((r) => r.key.endsWith('azurerm_resource_group.loose'))!;
  assert.deepEqual(V.strings(V.lookup(loose.body, 'location')), [], 'a nullable variable takes the null');
});

test('other .tfvars files are alternative runs: each value is one more possibility, as with ARM parameter files', async () => {
  const files = { 'a/main.tf': MAIN, 'a/dev.tfvars': 'location = "uaenorth"\n', 'a/prod.tfvars': 'location = "eastus2"\nopen = "westus"\n' };
  const result = await analyze(files);
  assert.deepEqual(anchors(result, files), ['region-not-allowed a/dev.tfvars "uaenorth"']);
  const rg = result.resources.find((r) => r.key.endsWith('azurerm_resource_group.rg'))!;
  assert.deepEqual(V.strings(V.lookup(rg.body, 'location')).map((p) => p.value).sort(), ['eastus', 'eastus2', 'uaenorth']);
});

test('.tfvars.json files load as their HCL forms do; an azd placeholder is filled in when azd provisions', async () => {
  const files = {
    'j/main.tf': MAIN,
    'j/terraform.tfvars.json': '{\n  "location": "westus",\n  "open": "eastasia"\n}\n',
    'j/z.auto.tfvars.json': '{ "location": "chinanorth" }\n',
    'j/main.tfvars.json': '{ "open": "${AZURE_LOCATION}" }\n',
    'j/broken.tfvars.json': '{ "open": ',
  };
  const result = await analyze(files);
  assert.deepEqual(anchors(result, files), ['region-proscribed j/terraform.tfvars.json "eastasia"', 'region-proscribed j/z.auto.tfvars.json "chinanorth"', 'region-unresolved j/main.tf var.open']);
  const unresolved = result.findings.find((f) => f.ruleId === 'region-unresolved')!;
  assert.match(unresolved.message, /'\$\{AZURE_LOCATION\}' is filled in from the azd environment variable AZURE_LOCATION/);
  assert.ok(result.findings.some((f) => f.ruleId === 'syntax-error' && f.span.uri === `${ROOT}j/broken.tfvars.json`), 'a file that does not parse is reported');
});

test('the fix for an unresolved region adds a validation block to the variable', async () => {
  const files = { 'f/main.tf': MAIN.replace('variable "open" {}', 'variable "open" {\n  type = string\n}') };
  const ws = await workspaceWith(files);
  const result = ws.analyze({ policy: { profile: 'us-government' } });
  const unresolved = result.findings.find((f) => f.ruleId === 'region-unresolved')!;
  const edit = unresolved.fixes[0].edits[0];
  const text = files['f/main.tf'];
  const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  assert.match(fixed, /variable "open" \{\n {2}type = string\n {2}validation \{\n {4}condition {5}= contains\(\["usgov[a-z]+", .*\], var\.open\)\n {4}error_message = ".+"\n {2}\}\n\}/);
  ws.setText(`${ROOT}f/main.tf`, fixed);
  assert.ok(!ws.analyze({ policy: { profile: 'us-government' } }).findings.some((f) => f.ruleId.startsWith('region-') && f.span.uri.endsWith('main.tf') && f.ruleId !== 'region-not-allowed'));
});

test('the fix opens a one-line variable block', async () => {
  const files = { 'g/main.tf': 'variable "open" {}\nresource "azurerm_resource_group" "rg" {\n  location = var.open\n}\n' };
  const ws = await workspaceWith(files);
  const unresolved = ws.analyze({ policy: { profile: 'us-only' } }).findings.find((f) => f.ruleId === 'region-unresolved')!;
  const edit = unresolved.fixes[0].edits[0];
  const text = files['g/main.tf'];
  const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  assert.match(fixed, /^variable "open" \{\n {2}validation \{\n {4}condition {5}= contains\(\[.*"eastus".*\], var\.open\)\n {4}error_message = ".+"\n {2}\}\n\}\n/);
});

test('the fix adds a validation block beside one the variable already has', async () => {
  const text = 'variable "open" {\n  type = string\n  validation {\n    condition     = length(var.open) > 0\n    error_message = "empty"\n  }\n}\nresource "azurerm_resource_group" "rg" {\n  location = var.open\n}\n';
  const ws = await workspaceWith({ 'v/main.tf': text });
  const unresolved = ws.analyze({ policy: { profile: 'us-only' } }).findings.find((f) => f.ruleId === 'region-unresolved')!;
  const edit = unresolved.fixes[0]?.edits[0];
  assert.ok(edit, 'a fix is offered');
  const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  assert.match(fixed, /error_message = "empty"\n {2}\}\n {2}validation \{\n {4}condition {5}= contains\(\[.*"eastus".*\], var\.open\)/);
  ws.setText(`${ROOT}v/main.tf`, fixed);
  assert.ok(!ws.analyze({ policy: { profile: 'us-only' } }).findings.some((f) => f.ruleId === 'region-unresolved'));
});

test('Terraform loads *.auto.tfvars by the name as written: dev.AUTO.tfvars is a file given with -var-file', async () => {
  const files = { 'c/main.tf': MAIN, 'c/terraform.tfvars': 'location = "westus"\n', 'c/dev.AUTO.tfvars': 'location = "eastus2"\n' };
  const result = await analyze(files);
  const rg = result.resources.find((r) => r.key.endsWith('azurerm_resource_group.rg'))!;
  assert.deepEqual(V.strings(V.lookup(rg.body, 'location')).map((p) => p.value).sort(), ['eastus2', 'westus']);
});

test('variable files kept in a folder of their own pair with the root module above, or the one beside that declares them', async () => {
  const files = {
    'r/main.tf': MAIN,
    // Not loaded by Terraform unless passed with -var-file: an alternative, even as terraform.tfvars.
    'r/environments/prod/terraform.tfvars': 'location = "chinanorth"\n',
    's/infra/main.tf': MAIN,
    's/other/main.tf': 'variable "sku" {}\n',
    's/vars/hk.tfvars': 'open = "eastasia"\n',
    // The root above declares none of what it sets: the root beside that does.
    'b/bootstrap.tf': 'resource "azurerm_resource_group" "tfstate" {\n  location = "eastus"\n}\n',
    'b/app/main.tf': MAIN,
    'b/app-vars/prod.tfvars': 'open = "chinanorth3"\n',
  };
  const result = await analyze(files);
  assert.deepEqual(anchors(result, files), [
    'region-proscribed b/app-vars/prod.tfvars "chinanorth3"',
    'region-proscribed r/environments/prod/terraform.tfvars "chinanorth"',
    'region-proscribed s/vars/hk.tfvars "eastasia"',
    'region-unresolved r/main.tf var.open',
  ]);
  const rg = result.resources.find((r) => r.key.includes('/r/') && r.key.endsWith('azurerm_resource_group.rg'))!;
  assert.deepEqual(V.strings(V.lookup(rg.body, 'location')).map((p) => p.value).sort(), ['chinanorth', 'eastus'], 'the default stays a possibility');
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'module-unresolved'), []);
});

test('a variable file that pairs with no root module is a notice, and the rest is still checked', async () => {
  const files = {
    'p/main.tf': MAIN,
    // Two folders beside it declare what it sets: which one it is for is not in the files.
    'q/a/main.tf': MAIN,
    'q/b/main.tf': MAIN,
    'q/vars/hk.tfvars': 'open = "eastasia"\n',
    // Above it is a module that a root calls, not a root: Terraform takes variable files for a root module only.
    'm/main.tf': 'module "child" {\n  source = "./child"\n}\n',
    'm/child/main.tf': MAIN,
    'm/child/env/x.tfvars': 'open = "chinanorth"\n',
  };
  const result = await analyze(files);
  const notices = result.findings.filter((f) => f.ruleId === 'module-unresolved').map((f) => `${f.span.uri.slice(ROOT.length)}:${f.span.startLine}`);
  assert.deepEqual(notices.sort(), ['m/child/env/x.tfvars:0', 'q/vars/hk.tfvars:0']);
  assert.match(result.findings.find((f) => f.ruleId === 'module-unresolved')!.message, /pairs with no root module in the files checked, so its values are not checked/);
  assert.deepEqual(anchors(result, files).filter((a) => a.startsWith('region-proscribed')), []);
});

test("OpenTofu's configuration takes its variable files too: a .tofu root is a root for them", async () => {
  const files = {
    'o/main.tofu': MAIN,
    'o/terraform.tfvars': 'open = "eastasia"\n',
    'o/envs/prod.tfvars': 'location = "chinanorth"\n',
  };
  const result = await analyze(files);
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'module-unresolved'), []);
  assert.deepEqual(anchors(result, files), ['region-proscribed o/envs/prod.tfvars "chinanorth"', 'region-proscribed o/terraform.tfvars "eastasia"']);
});

test('a module that a root calls and that has variable files of its own is run on its own too, with them', async () => {
  const files = {
    'c/main.tf': 'module "child" {\n  source = "./child"\n  open   = "westus"\n}\n',
    'c/child/main.tf': MAIN,
    'c/child/prod.tfvars': 'open = "chinanorth"\n',
  };
  const result = await analyze(files);
  assert.deepEqual(anchors(result, files), ['region-proscribed c/child/prod.tfvars "chinanorth"']);
});
