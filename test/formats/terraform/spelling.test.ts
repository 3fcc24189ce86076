import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/engine/model/finding';
import { applyEdits } from '../../helpers/edits';
import { analyze, ROOT, workspaceWith } from './helpers';

const PROVIDER = (constraint: string) => `terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm", version = "${constraint}" }\n  }\n}\n`;

const AKS = `resource "azurerm_kubernetes_cluster" "aks" {
  location   = "eastus"
  dns_prefix = "a"
  default_node_pool {
    name       = "d"
    vm_size    = "Standard_D2_v2"
  }
}
`;

function storage(more: string): string {
  return `resource "azurerm_storage_account" "sa" {\n  location                 = "eastus"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n${more}}\n`;
}

function one(findings: readonly Finding[], ruleId: string, resource: string): Finding {
  const found = findings.filter((f) => f.ruleId === ruleId && f.message.includes(resource));
  assert.equal(found.length, 1, `${ruleId} for ${resource}: ${findings.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
  return found[0];
}

test('spelling: an azurerm setting is named by its argument through its blocks, with the value as written', async () => {
  const text = `${PROVIDER('~> 4.0')}resource "azurerm_linux_web_app" "app" {
  location        = "eastus"
  service_plan_id = "plan"
  https_only      = true
  site_config {
    minimum_tls_version = "1.0"
  }
}
resource "azurerm_recovery_services_vault" "rsv" {
  location = "eastus"
  sku      = "Standard"
  encryption {
    key_id                            = "https://v.vault.azure.net/keys/k"
    infrastructure_encryption_enabled = false
  }
}
`;
  const r = await analyze({ 'main.tf': text });
  const tls = one(r.findings, 'tls-version', 'azurerm_linux_web_app');
  assert.match(tls.message, /\(site_config\.minimum_tls_version is '1\.0'\)/);
  assert.equal(tls.fixes[0]?.title, "Replace '1.0' with '1.2' (site_config.minimum_tls_version)");
  // The vault maps `false` to ARM 'Disabled': the message says what the file says.
  const infra = one(r.findings, 'infrastructure-encryption', 'azurerm_recovery_services_vault');
  assert.match(infra.message, /\(encryption\.infrastructure_encryption_enabled is false\)/);
  assert.equal(infra.fixes[0]?.title, 'Set encryption.infrastructure_encryption_enabled to true');
  assert.match(applyEdits(text, infra.fixes[0]?.edits ?? []), /infrastructure_encryption_enabled = true\n/);
});

test('spelling: of renamed twins, the argument the resource writes; else the one of its provider version', async () => {
  const written = await analyze({
    'old/main.tf': PROVIDER('~> 4.0') + storage('  https_traffic_only_enabled = false\n'),
    'v3/main.tf': PROVIDER('~> 3.0') + AKS,
    'v4/main.tf': PROVIDER('~> 4.0') + AKS,
  });
  assert.match(one(written.findings, 'https-only', 'azurerm_storage_account').message, /\(https_traffic_only_enabled is false\)/);
  const hosts = written.findings.filter((f) => f.ruleId === 'infrastructure-encryption' && f.message.includes('azurerm_kubernetes_cluster'));
  const byFolder = (folder: string) => hosts.find((f) => f.span.uri.includes(`/${folder}/`))?.message ?? '';
  assert.match(byFolder('v3'), /default_node_pool\.enable_host_encryption is not set/);
  assert.match(byFolder('v4'), /default_node_pool\.host_encryption_enabled is not set/);
});

test('spelling: what a customer-managed key needs, as the resource, a separate key resource or a child writes it', async () => {
  const r = await analyze({
    'main.tf': `${PROVIDER('~> 4.0')}${storage('')}resource "azurerm_eventhub_namespace" "eh" {
  location = "eastus"
  sku      = "Premium"
}
resource "azurerm_mssql_server" "sql" {
  location = "eastus"
  version  = "12.0"
}
resource "azurerm_log_analytics_workspace" "law" {
  location = "eastus"
}
resource "azurerm_kusto_cluster" "adx" {
  location = "eastus"
  sku {
    name     = "Standard_D11_v2"
    capacity = 2
  }
}
resource "azurerm_eventhub_namespace" "std" {
  location = "eastus"
  sku      = "Standard"
}
resource "azapi_resource" "body" {
  type      = "Microsoft.Storage/storageAccounts@2023-05-01"
  name      = "body"
  location  = "eastus"
  parent_id = "rg"
  body = {
    kind       = "StorageV2"
    sku        = { name = "Standard_LRS" }
    properties = { minimumTlsVersion = "TLS1_2" }
  }
}
`,
  });
  // The block implies the key source and one key ID gives the vault and key name: named once.
  assert.match(one(r.findings, 'cmk-missing', 'azurerm_storage_account').message, /\(needs customer_managed_key\.key_vault_key_id\)\.$/);
  assert.match(one(r.findings, 'cmk-missing', 'azurerm_eventhub_namespace (eh)').message, /\(needs azurerm_eventhub_namespace_customer_managed_key\.key_vault_key_ids\)\.$/);
  assert.match(
    one(r.findings, 'cmk-missing', 'azurerm_mssql_server').message,
    /\(needs transparent_data_encryption_key_vault_key_id, or an azurerm_mssql_server_transparent_data_encryption with key_vault_key_id\)\.$/,
  );
  // A type a setting must name, as azurerm declares it.
  assert.match(one(r.findings, 'cmk-missing', 'azurerm_log_analytics_workspace').message, /\(needs an azurerm_log_analytics_linked_service with write_access_id naming an azurerm_log_analytics_cluster\)\.$/);
  // The key arguments one separate resource holds together, named once with it.
  assert.match(one(r.findings, 'cmk-missing', 'azurerm_kusto_cluster').message, /\(needs an azurerm_kusto_cluster_customer_managed_key with key_vault_id, key_name, key_version\)\.$/);
  assert.match(one(r.findings, 'cmk-missing', 'azurerm_eventhub_namespace (std)').message, /: sku is 'Standard', which cannot encrypt/);
  // An azapi body holds ARM properties.
  assert.match(one(r.findings, 'cmk-missing', 'azapi_resource').message, /needs properties\.encryption\.keySource = 'Microsoft\.Keyvault', properties\.encryption\.keyvaultproperties\.keyname/);
});

test('spelling: a replication target is named by its block argument', async () => {
  const r = await analyze({
    'main.tf': `${PROVIDER('~> 4.0')}variable "other" {
  type = string
}
resource "azurerm_cosmosdb_account" "c" {
  location   = "eastus"
  offer_type = "Standard"
  geo_location {
    location          = "eastus"
    failover_priority = 0
  }
  geo_location {
    location          = var.other
    failover_priority = 1
  }
  geo_location {
    location          = "westeurope"
    failover_priority = 2
  }
}
`,
  });
  assert.match(one(r.findings, 'region-unresolved', 'azurerm_cosmosdb_account').message, /^The replication target \(geo_location\.location\) of /);
  assert.match(one(r.findings, 'region-not-allowed', 'azurerm_cosmosdb_account').message, /replicates data to 'westeurope' \(geo_location\.location\)/);
});

test('spelling: what no known argument of the resource writes is said to be out of reach, and left out beside an alternative', async () => {
  const r = await analyze({
    'main.tf': `${PROVIDER('~> 4.0')}resource "azurerm_virtual_machine" "vm" {
  location = "eastus"
  vm_size  = "Standard_DS1_v2"
  storage_os_disk {
    name          = "os"
    create_option = "FromImage"
  }
}
resource "azurerm_mssql_managed_instance" "mi" {
  location = "eastus"
  sku_name = "GP_Gen5"
}
resource "azurerm_databricks_workspace" "dbw" {
  location = "eastus"
  sku      = "premium"
}
`,
  });
  assert.match(
    one(r.findings, 'cmk-missing', 'azurerm_virtual_machine').message,
    /\(needs properties\.storageProfile\.osDisk\.managedDisk\.diskEncryptionSet\.id; ITAR Guard knows no azurerm_virtual_machine argument for it\)\.$/,
  );
  assert.match(
    one(r.findings, 'infrastructure-encryption', 'azurerm_virtual_machine').message,
    /is not set, so the service default applies, and ITAR Guard knows no azurerm_virtual_machine argument for it\)\.$/,
  );
  // The instance's own key ID has no argument; the separate resource has.
  assert.match(one(r.findings, 'cmk-missing', 'azurerm_mssql_managed_instance').message, /\(needs an azurerm_mssql_managed_instance_transparent_data_encryption with key_vault_key_id\)\.$/);
  // Each key ID argument implies its key source.
  assert.match(one(r.findings, 'cmk-missing', 'azurerm_databricks_workspace').message, /\(needs managed_services_cmk_key_vault_key_id, managed_disk_cmk_key_vault_key_id, azurerm_databricks_workspace_root_dbfs_customer_managed_key\)\.$/);
});

test('spelling: a separate key resource in the files is where the key is named, and no fix writes a key block beside it', async () => {
  const r = await analyze({
    'main.tf': `${PROVIDER('~> 3.0')}${storage('')}resource "azurerm_storage_account_customer_managed_key" "sacmk" {
  storage_account_id = azurerm_storage_account.sa.id
  key_vault_id       = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
  key_name           = ""
}
`,
  });
  const cmk = one(r.findings, 'cmk-missing', 'azurerm_storage_account');
  assert.match(cmk.message, /\(needs azurerm_storage_account_customer_managed_key\.key_name\)\.$/);
  assert.deepEqual(cmk.related.map((x) => x.message), ["azurerm_storage_account_customer_managed_key.key_name is '' here"]);
  // A customer_managed_key block beside the separate resource would conflict with it (the key source it implies is asked for by no change).
  assert.deepEqual(cmk.fixes, []);
  // The separate resource in a file of its own is read there.
  const apart = await analyze({
    'apart/main.tf': PROVIDER('~> 3.0') + storage(''),
    'apart/keys.tf': 'resource "azurerm_storage_account_customer_managed_key" "sacmk" {\n  storage_account_id = azurerm_storage_account.sa.id\n  key_vault_id       = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"\n  key_name           = ""\n}\n',
  });
  assert.match(one(apart.findings, 'cmk-missing', 'azurerm_storage_account').message, /\(needs azurerm_storage_account_customer_managed_key\.key_name\)\.$/);
});

test("spelling: a called module's resources are named at the root module's provider version", async () => {
  const r = await analyze({
    'root/main.tf': `${PROVIDER('~> 3.0')}module "aks" {\n  source = "../child"\n}\n`,
    'child/main.tf': PROVIDER('>= 3.0') + AKS,
  });
  const host = one(r.findings, 'infrastructure-encryption', 'azurerm_kubernetes_cluster');
  assert.match(host.message, /default_node_pool\.enable_host_encryption is not set/);
  assert.equal(host.fixes[0]?.title, 'Set default_node_pool.enable_host_encryption to true');
});

test('spelling: a renamed argument the resource writes is named even where its provider version has the other name', async () => {
  const r = await analyze({ 'main.tf': PROVIDER('>= 3.0') + storage('  enable_https_traffic_only = false\n') });
  const https = one(r.findings, 'https-only', 'azurerm_storage_account');
  assert.match(https.message, /\(enable_https_traffic_only is false\)/);
  assert.equal(https.fixes[0]?.title, 'Replace false with true (enable_https_traffic_only)');
});

test('spelling: an edit of the lock file alone changes the provider version names are spelled at', async () => {
  const lock = (version: string) => `provider "registry.terraform.io/hashicorp/azurerm" {\n  version = "${version}"\n}\n`;
  const ws = await workspaceWith({ 'main.tf': PROVIDER('>= 3.0') + AKS, '.terraform.lock.hcl': lock('3.117.1') });
  const host = () => one(ws.analyze({ policy: { profile: 'us-only' } }).findings, 'infrastructure-encryption', 'azurerm_kubernetes_cluster').message;
  assert.match(host(), /default_node_pool\.enable_host_encryption is not set/);
  ws.setText(`${ROOT}.terraform.lock.hcl`, lock('4.20.0'));
  assert.match(host(), /default_node_pool\.host_encryption_enabled is not set/);
});

test('a fix in a module that root modules of different provider versions call is offered only where each would write the same', async () => {
  const call = 'module "aks" {\n  source = "../child"\n}\n';
  const fixes = async (second: string) => {
    const r = await analyze({ 'a/main.tf': PROVIDER('~> 3.0') + call, 'b/main.tf': PROVIDER(second) + call, 'child/main.tf': AKS });
    return r.findings.filter((f) => f.ruleId === 'infrastructure-encryption').map((f) => f.fixes.map((x) => x.title));
  };
  // 3.x writes enable_host_encryption, which 4.x no longer accepts.
  assert.deepEqual(await fixes('~> 4.0'), [[]]);
  assert.deepEqual(await fixes('~> 3.100'), [['Set default_node_pool.enable_host_encryption to true']]);
});
