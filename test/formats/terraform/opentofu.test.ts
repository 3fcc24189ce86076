/**
 * OpenTofu's files: `.tofu` and `.tofu.json` are read as OpenTofu reads them (a `.tofu` file takes the place of the
 * `.tf` file of its name), and the same folder as Terraform reads it (without them), since either tool may deploy it.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { terraformAdapter } from '../../../src/engine/formats/terraform/adapter';
import { filesReadBy } from '../../../src/engine/formats/terraform/readers';
import { applyEdits } from '../../helpers/edits';
import { SourceText } from '../../../src/engine/model/span';
import { adaptersReady, anchorText, byRule } from '../../helpers/workspace';
import { analyze, resource, workspaceWith, ROOT } from './helpers';

const group = (name: string, location: string) => `resource "azurerm_resource_group" "${name}" {\n  name     = "${name}"\n  location = "${location}"\n}\n`;

before(adaptersReady);

test('a .tofu file takes the place of the .tf file of its name for OpenTofu only; .tofu.json that of .tf.json', () => {
  const uris = ['main.tf', 'main.tofu', 'net.tf', 'app.tf.json', 'app.tofu.json', 'db.tofu'].map((n) => ({ uri: `${ROOT}${n}` }));
  const names = (reader: 'terraform' | 'opentofu') => filesReadBy(reader, uris).map((f) => f.uri.slice(ROOT.length));
  assert.deepEqual(names('terraform'), ['main.tf', 'net.tf', 'app.tf.json']);
  assert.deepEqual(names('opentofu'), ['main.tofu', 'net.tf', 'app.tofu.json', 'db.tofu']);
  assert.ok(terraformAdapter.accepts('file:///x/main.tofu') && terraformAdapter.accepts('file:///x/main.tofu.json'));
});

test('a folder is checked as each tool reads it: what either deploys is reported, what both deploy once', async () => {
  const result = await analyze({
    'main.tf': group('primary', 'eastasia'),
    'main.tofu': group('primary', 'eastus'),
    'shared.tf': group('shared', 'chinaeast2'),
    'only.tofu.json': JSON.stringify({ resource: { azurerm_resource_group: { json: { name: 'json', location: 'westeurope' } } } }),
  });
  const found = result.findings.map((f) => `${f.ruleId} ${f.span.uri.slice(ROOT.length)} ${anchorText(result, f)} ${f.resources.length}`).sort();
  assert.deepEqual(found, [
    'region-not-allowed only.tofu.json "westeurope" 1',
    'region-proscribed main.tf "eastasia" 1',
    'region-proscribed shared.tf "chinaeast2" 1',
  ]);
});

test('a folder without .tofu files is read once; a local module of .tofu files is OpenTofu\'s alone', async () => {
  const ws = await workspaceWith({ 'main.tf': `${group('a', 'eastus')}module "m" {\n  source = "./m"\n}\n`, 'm/only.tofu': group('b', 'westeurope') });
  const result = ws.analyze({ policy: { profile: 'us-only' } });
  assert.deepEqual(byRule(result, 'region-not-allowed').map((f) => f.span.uri.slice(ROOT.length)), ['m/only.tofu']);
  assert.deepEqual(byRule(result, 'module-unresolved'), [], 'checked through OpenTofu, so no notice that Terraform reads nothing there');
  const units = (names: string[]) => {
    const docs = names.map((n) => terraformAdapter.parse(new SourceText(`${ROOT}${n}`, group('a', 'eastus')))!);
    return terraformAdapter.units({ get: (uri) => docs.find((d) => d.uri === uri), all: () => docs }).map((u) => u.id.slice(0, u.id.indexOf(':')));
  };
  assert.deepEqual(units(['main.tf']), ['terraform'], 'no second reading where it would read the same');
  assert.deepEqual(units(['main.tf', 'extra.tofu']), ['terraform', 'opentofu']);
  assert.deepEqual(units(['only.tofu']), ['opentofu']);
});

test('a fix in a .tofu file is written as in a .tf file', async () => {
  const text = 'resource "azurerm_storage_account" "sa" {\n  name                     = "sa"\n  resource_group_name      = "rg"\n  location                 = "eastus"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n  min_tls_version          = "TLS1_0"\n}\n';
  const result = await analyze({ 'main.tofu': text });
  const [tls] = byRule(result, 'tls-version');
  assert.equal(anchorText(result, tls), '"TLS1_0"');
  const [infra] = byRule(result, 'infrastructure-encryption');
  const fixed = applyEdits(text, infra.fixes[0].edits);
  assert.match(fixed, /infrastructure_encryption_enabled = true/);
  const after = await analyze({ 'main.tofu': fixed });
  assert.equal(byRule(after, 'infrastructure-encryption').length, 0);
});

test('a module that only OpenTofu\'s files call is no root for Terraform: it is deployed through that call', async () => {
  const mod = `variable "loc" {\n  default = "eastasia"\n}\nresource "azurerm_resource_group" "a" {\n  name     = "a"\n  location = var.loc\n}\n`;
  const call = (loc: string) => `module "m" {\n  source = "./m"\n  loc    = "${loc}"\n}\n`;
  assert.deepEqual((await analyze({ 'main.tofu': call('eastus'), 'm/main.tf': mod })).findings, []);
  assert.deepEqual((await analyze({ 'main.tf': group('x', 'eastus'), 'calls.tofu': call('eastus'), 'm/main.tf': mod })).findings, []);
  const through = await analyze({ 'main.tofu': call('chinaeast2'), 'm/main.tf': mod });
  assert.deepEqual(through.findings.map((f) => `${f.ruleId} ${f.span.uri.slice(ROOT.length)}`), ['region-proscribed main.tofu'], 'evaluated through the call');
});

test("each tool's deployment is joined only to its own: a vault's finding names what its keys protect in that reading", async () => {
  const vault = (extra: string) => `resource "azurerm_key_vault" "kv" {\n  name                = "kv"\n  location            = "eastus"\n  resource_group_name = "rg"\n  tenant_id           = "t"\n  sku_name            = "premium"\n${extra}}\n`;
  const main = [
    'resource "azurerm_key_vault_key" "k" {\n  name         = "k"\n  key_vault_id = azurerm_key_vault.kv.id\n  key_type     = "RSA-HSM"\n  key_size     = 2048\n  key_opts     = ["wrapKey", "unwrapKey"]\n}',
    'resource "azurerm_storage_account" "sa" {\n  name                              = "sa"\n  resource_group_name               = "rg"\n  location                          = "eastus"\n  account_tier                      = "Standard"\n  account_replication_type          = "LRS"\n  infrastructure_encryption_enabled = true\n  customer_managed_key {\n    key_vault_key_id = azurerm_key_vault_key.k.id\n  }\n}',
  ].join('\n');
  const result = await analyze({ 'kv.tf': vault(''), 'kv.tofu': vault('  purge_protection_enabled = true\n'), 'main.tf': main });
  const [protection] = byRule(result, 'key-vault-protection');
  assert.equal(protection.span.uri, `${ROOT}kv.tf`);
  assert.match(protection.message, /It protects the data of azurerm_storage_account 'sa'/);
});

test('a fix in a file both tools read is offered only where both would write the same', async () => {
  const aks = 'resource "azurerm_kubernetes_cluster" "k" {\n  name                = "k"\n  location            = "eastus"\n  resource_group_name = "rg"\n  dns_prefix          = "k"\n  default_node_pool {\n    name       = "default"\n    node_count = 1\n    vm_size    = "Standard_D2_v2"\n  }\n}\n';
  const versions = (v: string) => `terraform {\n  required_providers {\n    azurerm = {\n      source  = "hashicorp/azurerm"\n      version = "~> ${v}"\n    }\n  }\n}\n`;
  const hostFix = async (files: Record<string, string>) => byRule(await analyze(files), 'infrastructure-encryption')[0].fixes.length;
  assert.equal(await hostFix({ 'main.tf': aks, 'versions.tf': versions('3.0') }), 1);
  // azurerm 4.x renamed the argument: Terraform's 3.x and OpenTofu's 4.x would take different text.
  assert.equal(await hostFix({ 'main.tf': aks, 'versions.tf': versions('3.0'), 'versions.tofu': versions('4.0') }), 0);
  assert.equal(await hostFix({ 'main.tf': aks, 'main.tofu': aks, 'versions.tf': versions('3.0'), 'versions.tofu': versions('4.0') }), 1, 'OpenTofu does not read main.tf');
});

test('configuration files are named as the tools load them: lower-case suffixes, no hidden files', () => {
  const accepted = ['main.tf', 'main.tofu', 'x.tf.json', 'x.tofu.json', 'MAIN.TF', 'a.Tofu', '.old.tf', '.old.tofu', 'terraform.TFVARS'].filter((n) => terraformAdapter.accepts(`file:///x/${n}`));
  assert.deepEqual(accepted, ['main.tf', 'main.tofu', 'x.tf.json', 'x.tofu.json', 'terraform.TFVARS']);
});

test('a module that no reading reaches with files it reads is checked on its own, not left out', async () => {
  const result = await analyze({
    'main.tf': `module "m" {\n  source = "./m"\n}\n`,
    'main.tofu': group('root', 'eastus'),
    'm/only.tofu': group('m', 'eastasia'),
  });
  assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.span.uri.slice(ROOT.length)}`), ['region-proscribed m/only.tofu']);
});

test('a vault both tools read names, in each reading, what that reading keeps under its keys', async () => {
  const vault = 'resource "azurerm_key_vault" "kv" {\n  name                = "kv"\n  location            = "eastus"\n  resource_group_name = "rg"\n  tenant_id           = "t"\n  sku_name            = "premium"\n}\nresource "azurerm_key_vault_key" "k" {\n  name         = "k"\n  key_vault_id = azurerm_key_vault.kv.id\n  key_type     = "RSA-HSM"\n  key_size     = 2048\n  key_opts     = ["wrapKey", "unwrapKey"]\n}\n';
  const storage = 'resource "azurerm_storage_account" "tofusa" {\n  name                              = "tofusa"\n  resource_group_name               = "rg"\n  location                          = "eastus"\n  account_tier                      = "Standard"\n  account_replication_type          = "LRS"\n  infrastructure_encryption_enabled = true\n  customer_managed_key {\n    key_vault_key_id = azurerm_key_vault_key.k.id\n  }\n}\n';
  const result = await analyze({ 'kv.tf': vault, 'a.tofu': storage });
  const [protection] = byRule(result, 'key-vault-protection');
  const tofusa = resource(result.resources, 'azurerm_storage_account.tofusa');
  assert.ok(protection.related.some((r) => r.span.uri === tofusa.declaration.uri && r.span.start === tofusa.declaration.start), 'OpenTofu\'s storage account is what the vault protects in its reading');
});
