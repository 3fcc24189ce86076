import assert from 'node:assert/strict';
import { test } from 'node:test';
import cmkData from '../../../data/cmk.json';
import { AZURERM, changesAnother, specs, type ArgumentTable } from '../../../src/engine/formats/terraform/mapping/table';
import { providerVersion } from '../../../src/engine/formats/terraform/mapping/provider-version';
import * as V from '../../../src/engine/model/value';
import { pairedCopyRules } from '../../../src/engine/rules/region/paired-copies';
import type { Value } from '../../../src/engine/model/value';
import { applyEdits } from '../../helpers/edits';
import { analyze, resource } from './helpers';

/** The plain values of a path (strings, numbers, booleans), in order. */
function at(body: Value, path: string): unknown[] {
  return V.lookup(body, path).options.filter((p) => p.kind === 'scalar').map((p) => (p as V.ScalarPossibility).value);
}

/** A premium vault and an HSM key in it, for the resources that take a customer-managed key. */
const HSM_KEY = `resource "azurerm_key_vault" "kv" {
  name     = "kv"
  location = "eastus"
  sku_name = "premium"
}
resource "azurerm_key_vault_key" "key" {
  name         = "cmk"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA-HSM"
}
`;

/** A resource and a separate customer-managed-key resource that gives it {@link HSM_KEY}. */
function withSeparateKey(type: string, keyType: string, targetArgument: string, keyArgument: string, count?: string): string {
  const instances = count ? `  count = ${count}\n` : '';
  return `${HSM_KEY}resource "${type}" "it" {\n  name     = "it"\n  location = "eastus"\n}\nresource "${keyType}" "cmk" {\n${instances}  ${targetArgument} = ${type}.it.id\n  ${keyArgument} = azurerm_key_vault_key.key.id\n}\n`;
}

interface CmkEntry {
  arm_type: string;
  terraform?: { azurerm?: { resources?: string[] } };
}

test('every resource type data/cmk.json names for azurerm has an entry, with an ARM type', () => {
  const missing: string[] = [];
  for (const entry of cmkData as CmkEntry[]) {
    for (const listed of entry.terraform?.azurerm?.resources ?? []) {
      const name = /^azurerm_[a-z0-9_]+/.exec(listed)?.[0];
      if (name && !AZURERM.resources[name]) missing.push(name);
    }
  }
  assert.deepEqual(missing, []);
  for (const [name, m] of Object.entries(AZURERM.resources)) assert.match(m.type, /^[A-Za-z0-9.]+\/[A-Za-z0-9/]+$/, name);
});

test('every ARM property the table maps to is named in data/cmk.json for that type (or a related type), or is a setting the region rules read', () => {
  const named = new Map<string, string>();
  for (const entry of cmkData as (CmkEntry & { related_types?: string[] })[]) {
    const text = JSON.stringify(entry).toLowerCase();
    for (const type of [entry.arm_type, ...(entry.related_types ?? []).map((t) => t.split(' ')[0])]) {
      named.set(type.toLowerCase(), (named.get(type.toLowerCase()) ?? '') + text);
    }
  }
  const unnamed: string[] = [];
  const check = (resource: string, type: string, path: string) => {
    if (pairedCopyRules(type).some((r) => 'path' in r && r.path === path)) return;
    const text = named.get(type.toLowerCase());
    const leaf = path.split(/\.|\[\*\]|\['|'\]/).filter(Boolean).pop()!.toLowerCase();
    if (text && !text.includes(leaf)) unnamed.push(`${resource}: ${path}`);
  };
  const walk = (resource: string, type: string, table: ArgumentTable, list?: string) => {
    for (const spec of Object.values(table)) {
      for (const m of specs(spec)) {
        if (m.block) walk(resource, type, m.block, m.list);
        for (const path of [m.path, ...Object.keys(m.implies ?? {})]) if (path) check(resource, type, list ? `${list}[*].${path}` : path);
      }
    }
  };
  for (const [name, m] of Object.entries(AZURERM.resources)) {
    if (m.arguments) walk(name, m.type, m.arguments);
    for (const path of [...Object.keys(m.implies ?? {}), ...Object.keys(m.defaults ?? {})]) check(name, m.type, path);
  }
  assert.deepEqual(unnamed, []);
});

test('storage account: SKU from tier and replication, anchored at the replication literal; defaults at the declaration', async () => {
  const text = `resource "azurerm_storage_account" "sa" {
  name                     = "sa"
  location                 = "eastus"
  account_tier             = "Standard"
  account_replication_type = "RAGRS"
  public_network_access_enabled = false
}
`;
  const { resources } = await analyze({ 'sa/main.tf': text });
  const sa = resource(resources, 'azurerm_storage_account.sa');
  assert.equal(sa.type, 'Microsoft.Storage/storageAccounts');
  assert.equal(sa.sourceType, 'azurerm_storage_account');
  const sku = V.strings(V.lookup(sa.body, 'sku.name'));
  assert.deepEqual(sku.map((s) => s.value), ['Standard_RAGRS']);
  assert.equal(text.slice(sku[0].origin.start, sku[0].origin.end), '"RAGRS"');
  assert.equal(sku[0].literal, 'hcl', "the replication type's literal, which a fix replaces with its part of the new SKU");
  assert.deepEqual(at(sa.body, 'properties.minimumTlsVersion'), ['TLS1_2']);
  assert.deepEqual(at(sa.body, 'properties.supportsHttpsTrafficOnly'), [true]);
  assert.deepEqual(at(sa.body, 'kind'), ['StorageV2']);
  assert.deepEqual(at(sa.body, 'properties.publicNetworkAccess'), ['Disabled']);
  const tls = V.scalars(V.lookup(sa.body, 'properties.minimumTlsVersion'))[0];
  assert.equal(text.slice(tls.origin.start, tls.origin.end), 'resource "azurerm_storage_account" "sa" {', 'a provider default is anchored at the declaration');
  const loc = V.strings(V.lookup(sa.body, 'location'))[0];
  assert.equal(loc.literal, 'hcl');
});

test('an explicit weak TLS version stays a literal at its place', async () => {
  const text = 'resource "azurerm_storage_account" "sa" {\n  location        = "eastus"\n  min_tls_version = "TLS1_0"\n}\n';
  const { resources } = await analyze({ 'tls/main.tf': text });
  const tls = V.strings(V.lookup(resource(resources, 'azurerm_storage_account.sa').body, 'properties.minimumTlsVersion'))[0];
  assert.equal(tls.value, 'TLS1_0');
  assert.equal(tls.literal, 'hcl');
  assert.equal(text.slice(tls.origin.start, tls.origin.end), '"TLS1_0"');
});

test('a separate customer-managed-key resource is merged into the storage account and linked from it', async () => {
  const text = withSeparateKey('azurerm_storage_account', 'azurerm_storage_account_customer_managed_key', 'storage_account_id', 'key_vault_key_id');
  const { resources } = await analyze({ 'cmk/main.tf': text });
  const sa = resource(resources, 'azurerm_storage_account.it');
  const cmk = resource(resources, 'azurerm_storage_account_customer_managed_key.cmk');
  const key = resource(resources, 'azurerm_key_vault_key.key');
  const kv = resource(resources, 'azurerm_key_vault.kv');
  assert.deepEqual(at(sa.body, 'properties.encryption.keySource'), ['Microsoft.Keyvault']);
  assert.ok(V.isPresent(V.lookup(sa.body, 'properties.encryption.keyvaultproperties.keyvaulturi')), 'the key URI is there (known after apply)');
  assert.deepEqual(sa.links.map((l) => [l.kind, l.target]), [['encryption-config', cmk.key]]);
  assert.ok(cmk.existing, 'the configuration resource deploys nothing of its own');
  assert.equal(cmk.type, 'Microsoft.Storage/storageAccounts');
  assert.deepEqual(cmk.links.map((l) => [l.kind, l.target]), [['key', key.key], ['parent', sa.key]]);
  assert.equal(key.type, 'Microsoft.KeyVault/vaults/keys');
  assert.deepEqual(at(key.body, 'properties.kty'), ['RSA-HSM']);
  assert.deepEqual(key.links.map((l) => [l.kind, l.target]).sort(), [['parent', kv.key], ['vault', kv.key]]);
  assert.deepEqual(at(kv.body, 'properties.sku.name'), ['premium']);
});

test('of the resources that configure another one, only those with an ARM type of their own deploy something', () => {
  const own = Object.entries(AZURERM.resources).filter(([, m]) => m.configures && !changesAnother(m));
  assert.deepEqual(own.map(([name, m]) => `${name} ${m.type}`), [
    'azurerm_mssql_managed_instance_transparent_data_encryption Microsoft.Sql/managedInstances/encryptionProtector',
    'azurerm_mssql_server_transparent_data_encryption Microsoft.Sql/servers/encryptionProtector',
    'azurerm_synapse_workspace_key Microsoft.Synapse/workspaces/keys',
  ]);
});

test('resources that change another one (network rules, a separate key, a diagnostic setting) are never judged as it', async () => {
  const external = (type: string) => `"/subscriptions/0/resourceGroups/rg/providers/${type}/x"`;
  const text = `resource "azurerm_storage_account" "sa" {
  name                     = "sa"
  location                 = "eastus"
  min_tls_version          = "TLS1_2"
}
resource "azurerm_storage_account_network_rules" "here" {
  storage_account_id = azurerm_storage_account.sa.id
  default_action     = "Deny"
}
resource "azurerm_storage_account_network_rules" "elsewhere" {
  storage_account_id = ${external('Microsoft.Storage/storageAccounts')}
  default_action     = "Deny"
}
resource "azurerm_storage_account_customer_managed_key" "elsewhere" {
  storage_account_id = ${external('Microsoft.Storage/storageAccounts')}
  key_vault_id       = ${external('Microsoft.KeyVault/vaults')}
  key_name           = "cmk"
}
resource "azurerm_monitor_diagnostic_setting" "diag" {
  name               = "diag"
  target_resource_id = ${external('Microsoft.KeyVault/vaults')}
}
resource "azurerm_synapse_role_assignment" "ra" {
  synapse_workspace_id = ${external('Microsoft.Synapse/workspaces')}
  role_name            = "Synapse SQL Administrator"
  principal_id         = "00000000-0000-0000-0000-000000000000"
}
`;
  const { resources, findings } = await analyze({ 'companions/main.tf': text });
  const judged = resources.filter((r) => !r.existing).map((r) => r.sourceType);
  assert.deepEqual(judged, ['azurerm_storage_account', 'azurerm_monitor_diagnostic_setting']);
  assert.equal(resource(resources, 'azurerm_monitor_diagnostic_setting.diag').type, 'Microsoft.Insights/diagnosticSettings');
  assert.deepEqual(resource(resources, 'azurerm_storage_account.sa').links.map((l) => l.kind), ['encryption-config'], 'the rules in the files link from the account');
  const about = [...new Set(findings.flatMap((f) => f.resources.map((k) => resources.find((r) => r.key === k)!.sourceType)))];
  assert.deepEqual(about, ['azurerm_storage_account'], findings.map((f) => f.message).join('\n'));
});

test("a separate Data Factory key sets the factory's customer-managed key", async () => {
  const text = withSeparateKey('azurerm_data_factory', 'azurerm_data_factory_customer_managed_key', 'data_factory_id', 'customer_managed_key_id');
  const { resources, findings } = await analyze({ 'adf/main.tf': text });
  const adf = resource(resources, 'azurerm_data_factory.it');
  assert.ok(V.isPresent(V.lookup(adf.body, 'properties.encryption.keyName')));
  assert.ok(resource(resources, 'azurerm_data_factory_customer_managed_key.cmk').existing);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'cmk-missing').map((f) => f.message), []);
});

test("a key some of which only a separate resource takes is written in both: a Databricks workspace's own keys and its DBFS key", async () => {
  const text = 'resource "azurerm_databricks_workspace" "dbw" {\n  location = "eastus"\n  sku      = "premium"\n}\n';
  const { findings } = await analyze({ 'dbw/main.tf': text });
  const [fix] = findings.find((f) => f.ruleId === 'cmk-missing')?.fixes ?? [];
  assert.ok(fix, 'a fix is offered');
  const fixed = applyEdits(text, fix.edits);
  assert.match(fixed, /managed_services_cmk_key_vault_key_id = var\.cmk_key_id\n/);
  assert.match(fixed, /managed_disk_cmk_key_vault_key_id\s+= var\.cmk_key_id\n/);
  assert.match(fixed, /resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "dbw" \{\n {2}workspace_id\s+= azurerm_databricks_workspace\.dbw\.id\n {2}key_vault_key_id = var\.cmk_key_id\n\}/);
  // The workspace's keys need their version (the rule asks for it), so the new variable says so.
  assert.match(fixed, /description = "Key ID of the customer-managed key, with its version: /);
  const after = await analyze({ 'dbw/main.tf': fixed });
  assert.deepEqual(after.findings.filter((f) => f.ruleId === 'cmk-missing' || f.ruleId === 'syntax-error').map((f) => f.message), []);
});

test("an AI Foundry hub's encryption block sets its key as a machine learning workspace's does", async () => {
  const hub = (encryption: string) => `${HSM_KEY}resource "azurerm_ai_foundry" "hub" {\n  location = "eastus"\n${encryption}}\n`;
  const keyed = await analyze({ 'hub/main.tf': hub('  encryption {\n    key_vault_id = azurerm_key_vault.kv.id\n    key_id       = azurerm_key_vault_key.key.id\n  }\n') });
  assert.deepEqual(at(resource(keyed.resources, 'azurerm_ai_foundry.hub').body, 'properties.encryption.status'), ['Enabled']);
  assert.deepEqual(keyed.findings.filter((f) => f.ruleId === 'cmk-missing').map((f) => f.message), []);
  const bare = await analyze({ 'bare/main.tf': hub('') });
  assert.match(bare.findings.find((f) => f.ruleId === 'cmk-missing')?.message ?? '', /\(needs encryption\.key_vault_id, encryption\.key_id\)\.$/);
});

test("a Kusto cluster's key fix writes the separate key resource with the vault ID, key name and version its message names", async () => {
  const text = 'resource "azurerm_kusto_cluster" "adx" {\n  location = "eastus"\n}\n';
  const { findings } = await analyze({ 'adx/main.tf': text });
  const cmk = findings.find((f) => f.ruleId === 'cmk-missing');
  assert.match(cmk?.message ?? '', /\(needs an azurerm_kusto_cluster_customer_managed_key with key_vault_id, key_name, key_version\)\.$/);
  const fixed = applyEdits(text, cmk?.fixes[0]?.edits ?? []);
  assert.match(fixed, /key_vault_id = var\.cmk_key_vault_id\n {2}key_name {5}= var\.cmk_key_name\n {2}key_version {2}= var\.cmk_key_version\n/);
  assert.match(fixed, /variable "cmk_key_vault_id" \{\n {2}description = "Resource ID of the Premium key vault/);
  const after = await analyze({ 'adx/main.tf': fixed });
  assert.deepEqual(after.findings.filter((f) => f.ruleId === 'cmk-missing' || f.ruleId === 'syntax-error').map((f) => f.message), []);
});

test('a fix adds no separate key resource beside one the files have, nor for a resource of several instances', async () => {
  const fixesOf = async (name: string, text: string) => (await analyze({ [`${name}/main.tf`]: text })).findings.filter((f) => f.ruleId === 'cmk-missing').map((f) => f.fixes.length);
  const kusto = 'resource "azurerm_kusto_cluster" "r" {\n  location = "eastus"\n}\nresource "azurerm_kusto_cluster_customer_managed_key" "r" {\n  cluster_id   = azurerm_kusto_cluster.r.id\n  key_vault_id = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"\n  key_name     = ""\n}\n';
  assert.deepEqual(await fixesOf('kusto', kusto), [0], 'a second key resource would conflict with the first');
  const namespaces = 'resource "azurerm_eventhub_namespace" "ns" {\n  for_each = toset(["a", "b"])\n  location = "eastus"\n  sku      = "Premium"\n}\n';
  assert.deepEqual(await fixesOf('eh', namespaces), [0], 'azurerm_eventhub_namespace.ns.id names no one instance');
  assert.deepEqual(await fixesOf('eh1', namespaces.replace('  for_each = toset(["a", "b"])\n', '')), [1]);
});

test('a separate key resource with no instance in any case (count = 0) gives the resource no key', async () => {
  const never = withSeparateKey('azurerm_storage_account', 'azurerm_storage_account_customer_managed_key', 'storage_account_id', 'key_vault_key_id', '0');
  const maybe = withSeparateKey('azurerm_storage_account', 'azurerm_storage_account_customer_managed_key', 'storage_account_id', 'key_vault_key_id', 'var.cmk ? 1 : 0');
  const keyed = async (text: string) => {
    const { resources, findings } = await analyze({ 'count/main.tf': text });
    const sa = resource(resources, 'azurerm_storage_account.it');
    return { key: at(sa.body, 'properties.encryption.keySource'), missing: findings.some((f) => f.ruleId === 'cmk-missing' && f.resources.includes(sa.key)) };
  };
  assert.deepEqual(await keyed(never), { key: [], missing: true });
  assert.deepEqual(await keyed(maybe), { key: ['Microsoft.Keyvault'], missing: true }, 'a count that may be 1 is a key that may be there, and one that may be 0 a key that may not');
});

test('an inline customer-managed key splits the key ID the way the provider does', async () => {
  const text = `resource "azurerm_storage_account" "sa" {
  location = "eastus"
  customer_managed_key {
    key_vault_key_id          = "https://kv1.vault.azure.net/keys/cmk/0123abcd"
    user_assigned_identity_id = "/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u"
  }
}
resource "azurerm_mssql_server" "sql" {
  location = "eastus"
}
resource "azurerm_mssql_server_transparent_data_encryption" "tde" {
  server_id        = azurerm_mssql_server.sql.id
  key_vault_key_id = "https://kv1.vault.azure.net/keys/tde/v2"
}
`;
  const { resources } = await analyze({ 'inline/main.tf': text });
  const sa = resource(resources, 'azurerm_storage_account.sa');
  assert.deepEqual(at(sa.body, 'properties.encryption.keySource'), ['Microsoft.Keyvault']);
  assert.deepEqual(at(sa.body, 'properties.encryption.keyvaultproperties.keyvaulturi'), ['https://kv1.vault.azure.net/']);
  assert.deepEqual(at(sa.body, 'properties.encryption.keyvaultproperties.keyname'), ['cmk']);
  assert.deepEqual(at(sa.body, 'properties.encryption.keyvaultproperties.keyversion'), ['0123abcd']);
  const tde = resource(resources, 'azurerm_mssql_server_transparent_data_encryption.tde');
  const sql = resource(resources, 'azurerm_mssql_server.sql');
  assert.equal(tde.type, 'Microsoft.Sql/servers/encryptionProtector');
  assert.equal(tde.existing, false, 'the encryption protector is a resource of its own');
  assert.deepEqual(at(tde.body, 'properties.serverKeyType'), ['AzureKeyVault']);
  assert.deepEqual(at(tde.body, 'properties.serverKeyName'), ['kv1_tde_v2']);
  assert.deepEqual(sql.links.map((l) => [l.kind, l.target]), [['encryption-config', tde.key]]);
  assert.deepEqual(at(sql.body, 'properties.minimalTlsVersion'), ['1.2']);
});

test('provider versions: required_providers and the lock file choose defaults and argument names', async () => {
  assert.deepEqual(providerVersion('~> 3.0', undefined), [3, Infinity]);
  assert.deepEqual(providerVersion('>= 3.0, < 4.0', undefined), [3, Infinity]);
  assert.deepEqual(providerVersion('>= 3.0', undefined), [5, Infinity]);
  assert.deepEqual(providerVersion('~> 4.1.0', undefined), [4, 1, Infinity]);
  assert.deepEqual(providerVersion(undefined, undefined), [5, Infinity]);
  assert.deepEqual(providerVersion('~> 4.0', '3.117.1'), [3, 117, 1]);
  const cosmos = (constraint: string) => `terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm", version = "${constraint}" }\n  }\n}\nresource "azurerm_cosmosdb_account" "db" {\n  location = "eastus"\n  local_authentication_disabled = true\n}\nresource "azurerm_storage_account" "sa" {\n  location = "eastus"\n}\n`;
  const v3 = await analyze({ 'v3/main.tf': cosmos('~> 3.0') });
  const v4 = await analyze({ 'v4/main.tf': cosmos('~> 4.0') });
  const v5 = await analyze({ 'v5/main.tf': cosmos('~> 5.0') });
  assert.deepEqual(at(resource(v3.resources, 'azurerm_cosmosdb_account.db').body, 'properties.minimalTlsVersion'), [], 'no provider default in 3.x: the service decides');
  assert.deepEqual(at(resource(v4.resources, 'azurerm_cosmosdb_account.db').body, 'properties.minimalTlsVersion'), ['Tls12']);
  assert.deepEqual(at(resource(v3.resources, 'azurerm_cosmosdb_account.db').body, 'properties.disableLocalAuth'), [true], 'the 3.x name still maps');
  assert.deepEqual(at(resource(v4.resources, 'azurerm_storage_account.sa').body, 'properties.allowBlobPublicAccess'), [true]);
  assert.deepEqual(at(resource(v5.resources, 'azurerm_storage_account.sa').body, 'properties.allowBlobPublicAccess'), [false]);
  const locked = await analyze({ 'lock/main.tf': cosmos('~> 4.0'), 'lock/.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/azurerm" {\n  version     = "3.117.1"\n  constraints = "~> 3.0"\n}\n' });
  assert.deepEqual(at(resource(locked.resources, 'azurerm_cosmosdb_account.db').body, 'properties.minimalTlsVersion'), []);
  // The deprecated `version` of a provider block constrains the provider too, with required_providers where both are written.
  const legacy = cosmos('>= 3.0').replace('resource "azurerm_cosmosdb_account"', 'provider "azurerm" {\n  version = "~> 3.0"\n  features {}\n}\nresource "azurerm_cosmosdb_account"');
  const old = await analyze({ 'legacy/main.tf': legacy });
  assert.deepEqual(at(resource(old.resources, 'azurerm_cosmosdb_account.db').body, 'properties.minimalTlsVersion'), [], 'read as 3.x');
});

test('provider versions: the newest release a constraint allows, as Terraform reads it', () => {
  assert.deepEqual(providerVersion('=3.0.2', undefined), [3, 0, 2]);
  assert.deepEqual(providerVersion('3.0.2', undefined), [3, 0, 2]);
  assert.deepEqual(providerVersion('= 3.0', undefined), [3, 0, 0], 'a part left out is 0');
  assert.deepEqual(providerVersion('~>2.0', undefined), [2, Infinity]);
  assert.deepEqual(providerVersion('~> 2', undefined), [2, Infinity], '`~> 2` allows 2.x only');
  assert.deepEqual(providerVersion('~> 3.90', undefined), [3, Infinity]);
  assert.deepEqual(providerVersion('>= 4.0, < 4.68.0', undefined), [4, 67, Infinity]);
  assert.deepEqual(providerVersion('<= 4.50.1', undefined), [4, 50, 1]);
  assert.deepEqual(providerVersion('!= 5.0.0', undefined), [5, Infinity]);
  assert.deepEqual(providerVersion('>= 6.0', undefined), [6, Infinity], 'a major newer than the table knows');
  assert.deepEqual(providerVersion('~> 3.0, >= 4.0', undefined), [5, Infinity], 'no release satisfies it: terraform init fails');
});

test('provider versions: a major the table does not know gets no provider defaults, so the service default applies', async () => {
  const storage = (constraint: string) =>
    `terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm", version = "${constraint}" }\n  }\n}\nresource "azurerm_storage_account" "sa" {\n  location                 = "eastus"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n}\n`;
  const v2 = await analyze({ 'v2/main.tf': storage('~>2.0') });
  const sa = resource(v2.resources, 'azurerm_storage_account.sa');
  assert.deepEqual(at(sa.body, 'properties.minimumTlsVersion'), []);
  assert.deepEqual(at(sa.body, 'properties.supportsHttpsTrafficOnly'), []);
  assert.deepEqual(at(sa.body, 'sku.name'), ['Standard_LRS'], 'what the files write is still mapped');
  const tls = v2.findings.filter((f) => f.ruleId === 'tls-version').map((f) => f.message);
  assert.equal(tls.length, 1);
  assert.match(tls[0], /min_tls_version is not set, so the service default applies/);
  // The service's HTTPS default depends on the API version, which is the provider's: not known, so not reported.
  assert.deepEqual(v2.findings.filter((f) => f.ruleId === 'https-only').map((f) => f.message), []);
  const locked = await analyze({ 'v2-lock/main.tf': storage('>= 2.0'), 'v2-lock/.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/azurerm" {\n  version = "2.99.0"\n}\n' });
  assert.deepEqual(at(resource(locked.resources, 'azurerm_storage_account.sa').body, 'properties.minimumTlsVersion'), []);
  const v3 = await analyze({ 'v3-known/main.tf': storage('~> 3.0') });
  assert.deepEqual(at(resource(v3.resources, 'azurerm_storage_account.sa').body, 'properties.minimumTlsVersion'), ['TLS1_2']);
});

test('IoT Hub: the provider sends min_tls_version 1.2 unless set only from 4.68.0', async () => {
  const hub = 'resource "azurerm_iothub" "hub" {\n  location = "eastus"\n}\n';
  const lock = (version: string) => `provider "registry.terraform.io/hashicorp/azurerm" {\n  version = "${version}"\n}\n`;
  const tls = async (folder: string, files: Record<string, string>) => {
    const { resources, findings } = await analyze({ [`${folder}/main.tf`]: hub, ...Object.fromEntries(Object.entries(files).map(([n, t]) => [`${folder}/${n}`, t])) });
    return { value: at(resource(resources, 'azurerm_iothub.hub').body, 'properties.minTlsVersion'), reported: findings.some((f) => f.ruleId === 'tls-version') };
  };
  assert.deepEqual(await tls('hub-4.67', { '.terraform.lock.hcl': lock('4.67.0') }), { value: [], reported: true });
  assert.deepEqual(await tls('hub-4.68', { '.terraform.lock.hcl': lock('4.68.0') }), { value: ['1.2'], reported: false });
  const v3 = 'terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }\n  }\n}\n';
  assert.deepEqual(await tls('hub-3', { 'versions.tf': v3 }), { value: [], reported: true });
  const pinned = 'terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm", version = "= 4.67.0" }\n  }\n}\n';
  assert.deepEqual(await tls('hub-pinned', { 'versions.tf': pinned }), { value: [], reported: true }, 'an exact pin is that release, not the newest 4.x');
});

test('global resources, web app HTTPS defaults, Cosmos DB replicas', async () => {
  const text = `resource "azurerm_cdn_frontdoor_profile" "fd" {
  name     = "edge"
  sku_name = "Premium_AzureFrontDoor"
}
resource "azurerm_linux_web_app" "app" {
  location = "eastus"
  site_config {
    minimum_tls_version = "1.0"
  }
}
resource "azurerm_cosmosdb_account" "db" {
  location = "eastus"
  geo_location {
    location          = "eastus"
    failover_priority = 0
  }
  geo_location {
    location          = "westus"
    failover_priority = 1
  }
}
`;
  const { resources } = await analyze({ 'misc/main.tf': text });
  assert.deepEqual(at(resource(resources, 'azurerm_cdn_frontdoor_profile.fd').body, 'location'), ['global']);
  const app = resource(resources, 'azurerm_linux_web_app.app');
  assert.deepEqual(at(app.body, 'properties.httpsOnly'), [false]);
  assert.deepEqual(at(app.body, 'properties.siteConfig.minTlsVersion'), ['1.0']);
  assert.deepEqual(at(app.body, 'properties.siteConfig.scmMinTlsVersion'), ['1.2']);
  assert.deepEqual(at(resource(resources, 'azurerm_cosmosdb_account.db').body, 'properties.locations[*].locationName'), ['eastus', 'westus']);
});

test('Flex Consumption function apps and Standard logic apps: HTTPS and TLS as the provider sends them', async () => {
  const text = `resource "azurerm_function_app_flex_consumption" "secure" {
  location   = "eastus"
  https_only = true
  site_config {}
}
resource "azurerm_function_app_flex_consumption" "weak" {
  location = "eastus"
  site_config {
    minimum_tls_version = "1.0"
  }
}
resource "azurerm_logic_app_standard" "secure" {
  location   = "eastus"
  https_only = true
}
resource "azurerm_logic_app_standard" "weak" {
  location = "eastus"
  site_config {
    min_tls_version = "1.1"
    ftps_state      = "AllAllowed"
  }
}
`;
  const { resources, findings } = await analyze({ 'sites/main.tf': text });
  const flex = resource(resources, 'azurerm_function_app_flex_consumption.secure');
  assert.deepEqual(at(flex.body, 'properties.httpsOnly'), [true]);
  assert.deepEqual(at(flex.body, 'properties.siteConfig.minTlsVersion'), ['1.2']);
  assert.deepEqual(at(flex.body, 'properties.siteConfig.scmMinTlsVersion'), ['1.2']);
  assert.deepEqual(at(resource(resources, 'azurerm_function_app_flex_consumption.weak').body, 'properties.httpsOnly'), [false]);
  const logic = resource(resources, 'azurerm_logic_app_standard.secure');
  assert.deepEqual(at(logic.body, 'properties.httpsOnly'), [true]);
  assert.deepEqual(at(logic.body, 'properties.siteConfig.minTlsVersion'), [], 'no provider default: the service decides');
  const found = (rule: string) =>
    findings
      .filter((f) => f.ruleId === rule)
      .flatMap((f) => f.resources.map((k) => k.slice(k.lastIndexOf('#') + 1)))
      .sort();
  assert.deepEqual(found('https-only'), ['azurerm_function_app_flex_consumption.weak', 'azurerm_logic_app_standard.weak', 'azurerm_logic_app_standard.weak']);
  assert.deepEqual(found('tls-version'), ['azurerm_function_app_flex_consumption.weak', 'azurerm_logic_app_standard.weak']);
  // Before 4.31.0 the resource has no https_only and the provider sends no httpsOnly.
  const lock = 'provider "registry.terraform.io/hashicorp/azurerm" {\n  version = "4.30.0"\n}\n';
  const old = await analyze({ 'flex-4.30/main.tf': 'resource "azurerm_function_app_flex_consumption" "fa" {\n  location = "eastus"\n  site_config {}\n}\n', 'flex-4.30/.terraform.lock.hcl': lock });
  assert.deepEqual(at(resource(old.resources, 'azurerm_function_app_flex_consumption.fa').body, 'properties.httpsOnly'), []);
});

test('azurerm_ai_services is a Cognitive Services account of kind AIServices, judged as one', async () => {
  const text = `resource "azurerm_cognitive_account" "a" {
  location = "eastus"
  kind     = "AIServices"
  sku_name = "S0"
}
resource "azurerm_ai_services" "b" {
  location = "eastus"
  sku_name = "S0"
}
`;
  const { resources, findings } = await analyze({ 'ai/main.tf': text });
  const ai = resource(resources, 'azurerm_ai_services.b');
  assert.equal(ai.type, 'Microsoft.CognitiveServices/accounts');
  assert.deepEqual(at(ai.body, 'kind'), ['AIServices']);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'cmk-missing').map((f) => f.message), []);
});

test('azapi: type, location and body (an object or jsonencode) at ARM paths; an update merges into its target', async () => {
  const text = `resource "azurerm_resource_group" "rg" {
  location = "eastus"
}
resource "azapi_resource" "sa" {
  type      = "Microsoft.Storage/storageAccounts@2023-05-01"
  name      = "sa"
  parent_id = azurerm_resource_group.rg.id
  location  = "eastasia"
  body = jsonencode({
    kind = "StorageV2"
    sku  = { name = "Standard_GRS" }
    properties = { minimumTlsVersion = "TLS1_0" }
  })
}
resource "azurerm_storage_account" "other" {
  location = "eastus"
}
resource "azapi_update_resource" "tls" {
  type        = "Microsoft.Storage/storageAccounts@2023-05-01"
  resource_id = azurerm_storage_account.other.id
  body = {
    properties = { minimumTlsVersion = "TLS1_1" }
  }
}
`;
  const { resources } = await analyze({ 'azapi/main.tf': text });
  const sa = resource(resources, 'azapi_resource.sa');
  assert.equal(sa.type, 'Microsoft.Storage/storageAccounts');
  assert.equal(sa.apiVersion, '2023-05-01');
  assert.deepEqual(at(sa.body, 'location'), ['eastasia']);
  assert.deepEqual(at(sa.body, 'sku.name'), ['Standard_GRS']);
  assert.deepEqual(at(sa.body, 'properties.minimumTlsVersion'), ['TLS1_0']);
  assert.deepEqual(sa.links.map((l) => l.kind), ['parent']);
  const other = resource(resources, 'azurerm_storage_account.other');
  // The account sets its own TLS version (the provider's default), which the next apply may write back: both count.
  assert.deepEqual(at(other.body, 'properties.minimumTlsVersion').sort(), ['TLS1_1', 'TLS1_2']);
  assert.ok(resource(resources, 'azapi_update_resource.tls').existing);
});

test("azapi: with a location argument, a body the files do not determine holds no location (azapi refuses both)", async () => {
  const text = `variable "body" {}
variable "where" {}
resource "azapi_resource" "given" {
  type     = "Microsoft.Network/privateEndpoints@2024-05-01"
  name     = "pe"
  location = "eastus"
  body     = var.body
}
resource "azapi_resource" "unsaid" {
  type = "Microsoft.Network/privateEndpoints@2024-05-01"
  name = "pe2"
  body = var.body
}
resource "azapi_resource" "open" {
  type     = "Microsoft.Network/privateEndpoints@2024-05-01"
  name     = "pe3"
  location = var.where
  body     = { location = "eastasia" }
}
resource "azurerm_storage_account" "sa" {
  location = "eastus"
}
resource "azapi_update_resource" "update" {
  type        = "Microsoft.Storage/storageAccounts@2023-05-01"
  resource_id = azurerm_storage_account.sa.id
  body        = var.body
}
`;
  const { resources } = await analyze({ 'azapi-unknown/main.tf': text });
  const given = V.lookup(resource(resources, 'azapi_resource.given').body, 'location');
  assert.deepEqual([at(given, ''), given.unknowns.length], [['eastus'], 0]);
  assert.equal(V.lookup(resource(resources, 'azapi_resource.given').body, 'properties.subnet').unknowns.length, 1, 'the rest of the body stays undetermined');
  assert.equal(V.lookup(resource(resources, 'azapi_resource.unsaid').body, 'location').unknowns.length, 1);
  // An argument the files do not determine may be null, and then the body's location is the one azapi sends.
  const open = V.lookup(resource(resources, 'azapi_resource.open').body, 'location');
  assert.deepEqual([at(open, ''), open.unknowns.length], [['eastasia'], 1]);
  const sa = V.lookup(resource(resources, 'azurerm_storage_account.sa').body, 'location');
  assert.deepEqual([at(sa, ''), sa.unknowns.length], [['eastus'], 0], "an update's body changes no location");
});
