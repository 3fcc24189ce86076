import type { Rule } from './rule';
import { typesOf } from './encryption/requirements';
import { checkSettings } from './encryption/settings-check';

export const infrastructureEncryption: Rule = {
  meta: {
    id: 'infrastructure-encryption',
    title: 'Extra layer of platform encryption off',
    defaultSeverity: 'information',
    description: 'A resource offers a second layer of encryption at rest (infrastructure or double encryption, encryption at host) and it is off.',
    help: [
      'Several services can encrypt data twice: once with the customer-managed key and once more at the infrastructure layer with a platform key and a different algorithm and implementation, so that a flaw in one layer does not expose the data. Storage accounts and encryption scopes (`requireInfrastructureEncryption`), disk encryption sets and managed disks (`EncryptionAtRestWithPlatformAndCustomerKeys`), Log Analytics and Data Explorer clusters, Service Bus and Event Hubs Premium namespaces, Recovery Services and Backup vaults, NetApp capacity pools (`Double`) and Databricks workspaces offer it; virtual machines, scale sets, AKS node pools and HDInsight clusters offer encryption at host, which also covers temporary disks and caches.',
      'Most of these settings can be chosen only when the resource is created, so decide before the first deployment. Encryption at host needs the `Microsoft.Compute/EncryptionAtHost` feature registered in the subscription and a VM size that supports it.',
      'Fix: turn the layer on (the quick fix sets the property on the resource).',
    ].join('\n\n'),
    policies: [
      '4733ea7b-a883-42fe-8cac-97454c2a9e4a',
      'bfecdea6-31c4-4045-ad42-71b9dc87247d',
      'ca91455f-eace-4f96-be59-e6e2c35b4816',
      'fc4d8e41-e223-45ea-9bf5-eada37891d87',
      '41425d9f-d1a5-499a-9932-f8ed8453932c',
      'ebaf4f25-a4e8-415f-86a8-42d9155bef0b',
      '836cd60e-87f3-4e6a-a27c-29d687f01a4c',
      'ea0dfaed-95fb-448c-934e-d6e713ce393d',
      'd6588149-9f06-462c-a076-56aece45b5ba',
    ],
    resourceTypes: typesOf('infrastructure-encryption'),
    fixable: true,
    examples: {
      bad: {
        bicep: "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'itar-vm'\n  location: 'usgovvirginia'\n  properties: {\n    hardwareProfile: { vmSize: 'Standard_D4s_v5' }\n  }\n}",
        arm: '{\n  "type": "Microsoft.Storage/storageAccounts",\n  "apiVersion": "2023-05-01",\n  "name": "itardata",\n  "location": "usgovvirginia",\n  "sku": { "name": "Standard_LRS" },\n  "kind": "StorageV2",\n  "properties": {}\n}',
        terraform: 'resource "azurerm_storage_account" "data" {\n  name                     = "itardata"\n  resource_group_name      = "itar"\n  location                 = "usgovvirginia"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n}',
      },
      good: {
        bicep: "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'itar-vm'\n  location: 'usgovvirginia'\n  properties: {\n    hardwareProfile: { vmSize: 'Standard_D4s_v5' }\n    securityProfile: { encryptionAtHost: true }\n  }\n}",
        arm: '{\n  "type": "Microsoft.Storage/storageAccounts",\n  "apiVersion": "2023-05-01",\n  "name": "itardata",\n  "location": "usgovvirginia",\n  "sku": { "name": "Standard_LRS" },\n  "kind": "StorageV2",\n  "properties": { "encryption": { "requireInfrastructureEncryption": true } }\n}',
        terraform: 'resource "azurerm_storage_account" "data" {\n  name                              = "itardata"\n  resource_group_name               = "itar"\n  location                          = "usgovvirginia"\n  account_tier                      = "Standard"\n  account_replication_type          = "LRS"\n  infrastructure_encryption_enabled = true\n}',
      },
    },
  },
  check(ctx) {
    checkSettings(ctx, { rule: 'infrastructure-encryption', purpose: 'infrastructure-encryption', problem: 'the extra layer of platform encryption is off' });
  },
};
