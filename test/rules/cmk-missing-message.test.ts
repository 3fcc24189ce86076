/**
 * What a `cmk-missing` finding says: the instances of one declaration in one finding that counts them, and of an
 * alternative partly met, only what is missing.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { adaptersReady, analyzeTexts, byRule } from '../helpers/workspace';

before(adaptersReady);

test('a module used twice: one finding at the declaration, naming both accounts', () => {
  const module = "param name string\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: name\n  location: 'eastus'\n  kind: 'StorageV2'\n  sku: { name: 'Standard_LRS' }\n}\n";
  const main = "module a './sa.bicep' = { name: 'a', params: { name: 'sa1' } }\nmodule b './sa.bicep' = { name: 'b', params: { name: 'sa2' } }\n";
  const r = analyzeTexts({ 'main.bicep': main, 'sa.bicep': module });
  const [finding, ...others] = byRule(r, 'cmk-missing');
  assert.equal(others.length, 0);
  assert.match(finding.message, /^Microsoft\.Storage\/storageAccounts 'sa1' \(sa\) and 1 more resource: data at rest/);
  assert.equal(finding.resources.length, 2);
  assert.equal(finding.related.filter((x) => x.message.includes('deployed through this module')).length, 2);
});

test('a Databricks workspace with its DBFS key set needs only the keys it lacks', () => {
  const main = `resource "azurerm_databricks_workspace" "dbw" {
  name                         = "dbw"
  resource_group_name          = "rg"
  location                     = "eastus"
  sku                          = "premium"
  customer_managed_key_enabled = true
}
resource "azurerm_databricks_workspace_customer_managed_key" "cmk" {
  workspace_id     = azurerm_databricks_workspace.dbw.id
  key_vault_key_id = "https://kv.vault.azure.net/keys/k/0123456789abcdef"
}
`;
  const [finding] = byRule(analyzeTexts({ 'dbw/main.tf': main }), 'cmk-missing');
  // Named as the workspace writes them: each key ID argument implies its key source.
  assert.match(finding.message, /\(needs managed_services_cmk_key_vault_key_id, managed_disk_cmk_key_vault_key_id\)\.$/);
});
