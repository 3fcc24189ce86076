/**
 * Registry and git modules that `terraform init` installed under `.terraform/modules`: read from disk through the
 * manifest, as Terraform reads them, and never edited.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { nodeHost } from '../../../src/cli/io';
import { ADAPTERS } from '../../../src/engine/formats';
import { sameSource } from '../../../src/engine/formats/terraform/installed-modules';
import { moduleVersionAllows } from '../../../src/engine/formats/terraform/module-version';
import type { Finding } from '../../../src/engine/model/finding';
import { Workspace, type WorkspaceHost } from '../../../src/engine/workspace/workspace';
import { adaptersReady } from '../../helpers/workspace';

const ROOT = 'file:///infra/';

const MAIN = `module "storage" {
  source              = "Azure/avm-res-storage-storageaccount/azurerm"
  version             = "0.6.4"
  location            = var.location
  resource_group_name = "rg"
}
variable "location" {
  default = "eastus"
}
`;

/** The registry module as installed: a storage account with weak TLS, and a nested local and registry call. */
const STORAGE = `variable "location" {}
variable "resource_group_name" {}
resource "azurerm_storage_account" "this" {
  name                     = "stitar"
  location                 = var.location
  resource_group_name      = var.resource_group_name
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_0"
}
module "vault" {
  source   = "./modules/vault"
  location = var.location
}
module "network" {
  source   = "Azure/avm-res-network-virtualnetwork/azurerm"
  location = "chinanorth3"
}
`;

const VAULT = `variable "location" {}
resource "azurerm_key_vault" "kv" {
  name                       = "kv"
  location                   = var.location
  resource_group_name        = "rg"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "premium"
  purge_protection_enabled   = true
  soft_delete_retention_days = 90
}
`;

const NETWORK = `variable "location" {}
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  location            = var.location
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
`;

const MANIFEST = JSON.stringify({
  Modules: [
    { Key: '', Source: '', Dir: '.' },
    { Key: 'storage', Source: 'registry.terraform.io/Azure/avm-res-storage-storageaccount/azurerm', Version: '0.6.4', Dir: '.terraform/modules/storage' },
    { Key: 'storage.vault', Source: './modules/vault', Dir: '.terraform/modules/storage/modules/vault' },
    { Key: 'storage.network', Source: 'registry.terraform.io/Azure/avm-res-network-virtualnetwork/azurerm', Version: '0.4.0', Dir: '.terraform/modules/storage.network' },
  ],
});

/** Files on a disk the workspace reads through its host, as the command line and the extension read what they were not given. */
function disk(files: Record<string, string>): WorkspaceHost & { files: Record<string, string> } {
  return {
    files,
    readFile: (uri) => files[uri],
    listFolder: (folder) => Object.keys(files).filter((uri) => uri.startsWith(folder) && !uri.slice(folder.length).includes('/')),
  };
}

function installed(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const files: Record<string, string | undefined> = {
    [`${ROOT}.terraform/modules/modules.json`]: MANIFEST,
    [`${ROOT}.terraform/modules/storage/main.tf`]: STORAGE,
    [`${ROOT}.terraform/modules/storage/modules/vault/main.tf`]: VAULT,
    [`${ROOT}.terraform/modules/storage.network/main.tf`]: NETWORK,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
}

async function scan(main: string, files: Record<string, string>) {
  await adaptersReady();
  const ws = new Workspace(ADAPTERS, disk(files));
  ws.setText(`${ROOT}main.tf`, main);
  return { ws, result: ws.analyze({ policy: { profile: 'us-only' } }) };
}

const ofRule = (findings: readonly Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);
const fixesOf = (f: Finding) => (typeof f.fixes === 'function' ? (f.fixes as () => Finding['fixes'])() : f.fixes);

test('an installed registry module is evaluated with the arguments of its call, down to the modules it calls', async () => {
  const { result } = await scan(MAIN, installed());
  const keys = result.resources.map((r) => r.key.slice(r.key.lastIndexOf('|') + 1)).sort();
  assert.deepEqual(keys, ['module.storage.azurerm_storage_account.this', 'module.storage.module.network.azurerm_virtual_network.vnet', 'module.storage.module.vault.azurerm_key_vault.kv']);
  assert.ok(!ofRule(result.findings, 'module-unresolved').length, JSON.stringify(ofRule(result.findings, 'module-unresolved')));
  // A region the installed module hard-codes is reported: at the call in the user's code, with the literal related.
  const [proscribed] = ofRule(result.findings, 'region-proscribed');
  assert.equal(proscribed.span.uri, `${ROOT}main.tf`);
  assert.equal(MAIN.slice(proscribed.span.start, proscribed.span.end), 'module "storage" {');
  assert.equal(proscribed.related[0].span.uri, `${ROOT}.terraform/modules/storage/main.tf`);
  assert.equal(STORAGE.slice(proscribed.related[0].span.start, proscribed.related[0].span.end), '"chinanorth3"');
  assert.match(proscribed.related[0].message, /terraform init/);
});

test('a finding inside an installed module is anchored at the call, offers no fix that edits the module, and a comment there suppresses it', async () => {
  const { result } = await scan(MAIN, installed());
  const [tls] = ofRule(result.findings, 'tls-version');
  assert.equal(tls.span.uri, `${ROOT}main.tf`);
  assert.ok(tls.message.includes('min_tls_version'), tls.message);
  assert.deepEqual(fixesOf(tls) ?? [], []);
  for (const f of result.findings) for (const fix of fixesOf(f) ?? []) for (const e of fix.edits) assert.ok(!e.span.uri.includes('/.terraform/'), `${f.ruleId}: ${fix.title}`);
  const commented = `# itar-guard-ignore tls-version: the module's TLS is raised by policy at the subscription\n${MAIN}`;
  const again = await scan(commented, installed());
  assert.ok(ofRule(again.result.findings, 'tls-version').every((f) => f.suppression), JSON.stringify(ofRule(again.result.findings, 'tls-version')));
  // The region argument the user passes stays where the user writes it.
  const eastasia = await scan(MAIN.replace('var.location', '"eastasia"'), installed());
  const atArgument = ofRule(eastasia.result.findings, 'region-proscribed').find((f) => MAIN.replace('var.location', '"eastasia"').slice(f.span.start, f.span.end) === '"eastasia"');
  assert.ok(atArgument);
});

test('without a manifest, with one that does not parse, or with another source installed, the call is outside the workspace as before', async () => {
  const withoutManifest = await scan(MAIN, installed({ [`${ROOT}.terraform/modules/modules.json`]: undefined }));
  assert.equal(withoutManifest.result.resources.filter((r) => r.type !== 'module').length, 0);
  assert.match(ofRule(withoutManifest.result.findings, 'module-unresolved')[0].message, /not in the workspace.*terraform init/);

  const broken = await scan(MAIN, installed({ [`${ROOT}.terraform/modules/modules.json`]: '{"Modules": [' }));
  assert.equal(broken.result.resources.filter((r) => r.type !== 'module').length, 0);

  const stale = await scan(MAIN.replace('avm-res-storage-storageaccount', 'avm-res-storage-other'), installed());
  assert.equal(stale.result.resources.filter((r) => r.type !== 'module').length, 0);
  const [notice] = ofRule(stale.result.findings, 'module-unresolved');
  assert.match(notice.message, /installed was from 'registry\.terraform\.io\/Azure\/avm-res-storage-storageaccount\/azurerm'.*run `terraform init` again/);
  // Its location is still judged where the call passes it, as for any module outside the workspace.
  const staleEastAsia = await scan(MAIN.replace('avm-res-storage-storageaccount', 'avm-res-storage-other').replace('var.location', '"eastasia"'), installed());
  assert.equal(ofRule(staleEastAsia.result.findings, 'region-proscribed').length, 1);

  const emptied = await scan(MAIN, installed({ [`${ROOT}.terraform/modules/storage/main.tf`]: undefined }));
  assert.match(ofRule(emptied.result.findings, 'module-unresolved')[0].message, /installed it in a folder that now has no Terraform files/);
});

test('a module installed again is read again by the next analysis, and one removed is gone', async () => {
  const files = installed();
  const { ws, result } = await scan(MAIN, files);
  assert.equal(ofRule(result.findings, 'tls-version').length, 1);
  files[`${ROOT}.terraform/modules/storage/main.tf`] = STORAGE.replace('"TLS1_0"', '"TLS1_2"');
  assert.equal(ofRule(ws.analyze({ policy: { profile: 'us-only' } }).findings, 'tls-version').length, 0);
  // Unchanged, the files read are the same documents: nothing is evaluated again.
  const again = ws.analyze({ policy: { profile: 'us-only' } });
  assert.equal(again.resources[0], ws.analyze({ policy: { profile: 'us-only' } }).resources[0]);
  delete files[`${ROOT}.terraform/modules/modules.json`];
  const uninstalled = ws.analyze({ policy: { profile: 'us-only' } });
  assert.equal(uninstalled.resources.filter((r) => r.type !== 'module').length, 0);
});

test('findings moved from several places of an installed module to one call stay apart', async () => {
  const twoRegions = `${STORAGE}resource "azurerm_storage_account" "hk" {
  name                     = "sthk"
  location                 = "eastasia"
  resource_group_name      = "rg"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_2"
}
`;
  const { result } = await scan(MAIN, installed({ [`${ROOT}.terraform/modules/storage/main.tf`]: twoRegions }));
  const proscribed = ofRule(result.findings, 'region-proscribed');
  assert.equal(proscribed.length, 2);
  assert.ok(proscribed.every((f) => f.span.uri === `${ROOT}main.tf`));
  assert.deepEqual(proscribed.map((f) => /'(eastasia|chinanorth3)'/.exec(f.message)?.[1]).sort(), ['chinanorth3', 'eastasia']);
});

/** A resource group whose region an installed utility module gives. */
const READS_REGION = `module "regions" {
  source = "Azure/avm-utl-regions/azurerm"
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = module.regions.region
}
`;

test('a value an installed module gives to a resource of the user is reported at that resource; a notice inside the module at the call', async () => {
  const main = READS_REGION;
  const manifest = JSON.stringify({ Modules: [{ Key: 'regions', Source: 'registry.terraform.io/Azure/avm-utl-regions/azurerm', Dir: '.terraform/modules/regions' }] });
  const module = `output "region" {
  value = "eastasia"
}
module "nested" {
  source   = "Azure/avm-utl-interfaces/azure"
  location = "eastus"
}
`;
  const { result } = await scan(main, { [`${ROOT}.terraform/modules/modules.json`]: manifest, [`${ROOT}.terraform/modules/regions/main.tf`]: module });
  const [proscribed] = ofRule(result.findings, 'region-proscribed');
  assert.equal(main.slice(proscribed.span.start, proscribed.span.end), 'resource "azurerm_resource_group" "rg" {');
  assert.equal(module.slice(proscribed.related[0].span.start, proscribed.related[0].span.end), '"eastasia"');
  const [notice] = ofRule(result.findings, 'module-unresolved');
  assert.equal(main.slice(notice.span.start, notice.span.end), 'module "regions" {');
  assert.match(notice.message, /Module 'nested' .*`terraform init` has not installed it since it was added/);
  const commented = await scan(main.replace('resource "azurerm_resource_group"', '# itar-guard-ignore region-proscribed: the resource group holds no data\nresource "azurerm_resource_group"'), { [`${ROOT}.terraform/modules/modules.json`]: manifest, [`${ROOT}.terraform/modules/regions/main.tf`]: module });
  assert.ok(ofRule(commented.result.findings, 'region-proscribed')[0].suppression);
});

test('a resource of a local module that reads an installed module\'s value is reported at that resource', async () => {
  const app = READS_REGION;
  const manifest = JSON.stringify({ Modules: [{ Key: 'app.regions', Source: 'registry.terraform.io/Azure/avm-utl-regions/azurerm', Dir: '.terraform/modules/app.regions' }] });
  await adaptersReady();
  const ws = new Workspace(ADAPTERS, disk({ [`${ROOT}.terraform/modules/modules.json`]: manifest, [`${ROOT}.terraform/modules/app.regions/main.tf`]: 'output "region" {\n  value = "eastasia"\n}\n' }));
  ws.setText(`${ROOT}main.tf`, 'module "app" {\n  source = "./app"\n}\n');
  ws.setText(`${ROOT}app/main.tf`, app);
  const [proscribed] = ofRule(ws.analyze({ policy: { profile: 'us-only' } }).findings, 'region-proscribed');
  assert.equal(proscribed.span.uri, `${ROOT}app/main.tf`);
  assert.equal(app.slice(proscribed.span.start, proscribed.span.end), 'resource "azurerm_resource_group" "rg" {');
});

test('a version constraint the installed version does not meet leaves the module unchecked, as Terraform refuses it', async () => {
  const stale = await scan(MAIN.replace('"0.6.4"', '"~> 0.7"'), installed());
  assert.equal(stale.result.resources.filter((r) => r.type !== 'module').length, 0);
  assert.match(ofRule(stale.result.findings, 'module-unresolved')[0].message, /asks for version '~> 0\.7', but `terraform init` installed 0\.6\.4/);
  const met = await scan(MAIN.replace('"0.6.4"', '">= 0.6, < 1.0"'), installed());
  assert.equal(met.result.resources.length, 3);
});

test('an installed version meets a call\'s constraint as Terraform checks modules (hashicorp/go-version)', () => {
  const cases: [string, string, boolean][] = [
    ['0.6.4', '0.6.4', true],
    ['= 0.6.4', 'v0.6.4', true],
    ['~> 0.6', '0.10.0', true],
    ['~> 0.6.0', '0.7.0', false],
    ['~> 1', '2.3.0', true],
    ['~> 1.2', '2.0.0', false],
    ['>= 0.6, < 1.0', '0.9.9', true],
    ['~> 0.4, != 0.4.0', '0.4.0', false],
    ['0.5.0-rc.1', '0.5.0-rc.1', true],
    ['= 0.5.0-rc.1', '0.5.0-rc.1+build.5', true],
    ['~> 0.5', '0.5.0-rc.1', false],
    ['0.5.0', '0.5.0-beta1', false],
    ['1.2.3-beta', '1.2.3', false],
    ['>= 1.2.3-beta', '1.2.3-beta.2', true],
    ['>= 1.2.3-beta', '1.2.4-beta', false],
    ['garbage', '1.0.0', false],
  ];
  for (const [constraint, version, allowed] of cases) assert.equal(moduleVersionAllows(constraint, version), allowed, `${constraint} / ${version}`);
});

test('a call is matched to its installed copy whichever form Terraform recorded its source in', () => {
  assert.ok(sameSource('git::ssh://git@github.com/org/terraform-azurerm-x.git?ref=v1', 'git@github.com:org/terraform-azurerm-x.git?ref=v1'));
  assert.ok(sameSource('git::ssh://git@github.com/org/terraform-azurerm-x.git?ref=v1', 'git::git@github.com:org/terraform-azurerm-x.git?ref=v1'));
  assert.ok(sameSource('git::ssh://git@ssh.dev.azure.com/v3/org/proj/repo?ref=v1', 'git@ssh.dev.azure.com:v3/org/proj/repo?ref=v1'));
  assert.ok(sameSource('file:///srv/modules/terraform-azurerm-x', '/srv/modules/terraform-azurerm-x'));
  assert.ok(sameSource('registry.opentofu.org/Azure/avm-res-storage-storageaccount/azurerm', 'Azure/avm-res-storage-storageaccount/azurerm'));
  assert.ok(sameSource('registry.terraform.io/Azure/avm-res-storage-storageaccount/azurerm', 'Azure/avm-res-storage-storageaccount/azurerm'));
  assert.ok(sameSource('registry.terraform.io/azure/avm-res-storage-storageaccount/azurerm', 'Azure/avm-res-storage-storageaccount/azurerm'));
  assert.ok(sameSource('git::https://github.com/org/terraform-azurerm-net.git?ref=v1.2.0', 'github.com/org/terraform-azurerm-net?ref=v1.2.0'));
  assert.ok(sameSource('git::https://example.com/modules.git//storage?ref=v1', 'git::https://example.com/modules.git//storage?ref=v1'));
  assert.ok(!sameSource('git::https://example.com/modules.git//storage?ref=v1', 'git::https://example.com/modules.git//storage?ref=v2'));
  assert.ok(!sameSource('git::https://example.com/modules.git//Storage', 'git::https://example.com/modules.git//storage'));
  assert.ok(!sameSource('registry.terraform.io/Azure/avm-res-storage-storageaccount/azurerm', 'Azure/avm-res-keyvault-vault/azurerm'));
});

test('on disk: the scan reads what `terraform init` installed without taking its folders as root modules', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'itar-guard-installed-'));
  try {
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('main.tf', MAIN);
    for (const [uri, text] of Object.entries(installed())) write(uri.slice(ROOT.length), text);
    await adaptersReady();
    const ws = new Workspace(ADAPTERS, nodeHost);
    // What the command line gives: the files its walk finds, which skips `.terraform`.
    ws.setText(pathToFileURL(path.join(dir, 'main.tf')).toString(), MAIN);
    const result = ws.analyze({ policy: { profile: 'us-only' } });
    assert.equal(result.resources.length, 3);
    assert.equal(ofRule(result.findings, 'region-proscribed').length, 1);
    assert.ok(result.findings.every((f) => f.span.uri.endsWith('/main.tf') && !f.span.uri.includes('.terraform')), JSON.stringify(result.findings.map((f) => f.span.uri)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an installed module with OpenTofu\'s files is checked as OpenTofu reads it too, though the workspace has no .tofu file', async () => {
  const main = 'module "st" {\n  source = "Azure/st/azurerm"\n}\n';
  const manifest = JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'st', Source: 'registry.terraform.io/Azure/st/azurerm', Version: '1.0.0', Dir: '.terraform/modules/st' }] });
  const group = (location: string) => `resource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = "${location}"\n}\n`;
  const { result } = await scan(main, { [`${ROOT}.terraform/modules/modules.json`]: manifest, [`${ROOT}.terraform/modules/st/main.tf`]: group('eastus'), [`${ROOT}.terraform/modules/st/main.tofu`]: group('eastasia') });
  const [f] = ofRule(result.findings, 'region-proscribed');
  assert.equal(f?.span.uri, `${ROOT}main.tf`, 'shown at the call');
  assert.ok(f.related.some((r) => r.span.uri === `${ROOT}.terraform/modules/st/main.tofu`));
});
