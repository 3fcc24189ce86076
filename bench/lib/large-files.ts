/**
 * Large files of each format for the one-file benchmarks: realistic mixes of the constructs real templates use,
 * with distinct names, up to a line count.
 */

const REGIONS = ['eastus', 'eastus2', 'westus2', 'centralus', 'usgovvirginia'];

function bicepBlock(i: number): string {
  return `@description('Region of block ${i}')
@allowed([
  'eastus'
  'westus2'
  'usgovvirginia'
])
param location${i} string = 'eastus'

var settings${i} = {
  name: 'itar${i}'
  tags: {
    block: '${i}'
    owner: 'itar'
  }
  regions: [
    location${i}
    'usgovvirginia'
  ]
}

resource sa${i} 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: toLower('\${settings${i}.name}data')
  location: location${i}
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  tags: settings${i}.tags
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    encryption: {
      keySource: 'Microsoft.Keyvault'
      services: {
        blob: { enabled: true }
      }
    }
  }

  resource blobs${i} 'blobServices' = {
    name: 'default'
  }
}

resource replicas${i} 'Microsoft.Storage/storageAccounts@2023-05-01' = [for (region, j) in settings${i}.regions: {
  name: 'rep${i}\${j}'
  location: region
  kind: 'StorageV2'
}]

output id${i} string = sa${i}.id
`;
}

/** A Bicep file of about `lines` lines. */
export function largeBicep(lines = 5000): string {
  const parts: string[] = [];
  for (let i = 0, n = 0; n < lines; i++) {
    const b = bicepBlock(i);
    parts.push(b);
    n += b.split('\n').length;
  }
  return parts.join('\n').split('\n').slice(0, lines).join('\n');
}

/** A module-sized configuration: variables, locals and a realistic mix of resources, about `lines` lines long. */
export function largeTerraform(lines = 5000, seed = 0): string {
  const out: string[] = [
    'terraform {',
    '  required_providers {',
    '    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }',
    '  }',
    '}',
    '',
    'variable "location" {',
    '  type    = string',
    `  default = "${REGIONS[seed % REGIONS.length]}"`,
    '  validation {',
    '    condition     = contains(["eastus", "eastus2", "westus2"], var.location)',
    '    error_message = "US regions only."',
    '  }',
    '}',
    '',
    'locals {',
    '  prefix = "itar"',
    '  tags   = { owner = "platform", env = "prod" }',
    '}',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const region = REGIONS[(i + seed) % REGIONS.length];
    out.push(
      `resource "azurerm_resource_group" "rg${i}" {`,
      `  name     = "\${local.prefix}-rg-${i}"`,
      `  location = "${region}"`,
      '  tags     = local.tags',
      '}',
      '',
      `resource "azurerm_storage_account" "sa${i}" {`,
      `  name                     = "\${local.prefix}sa${i}"`,
      `  resource_group_name      = azurerm_resource_group.rg${i}.name`,
      `  location                 = azurerm_resource_group.rg${i}.location`,
      '  account_tier             = "Standard"',
      `  account_replication_type = "${i % 3 ? 'LRS' : 'GRS'}"`,
      '  min_tls_version          = "TLS1_2"',
      '  network_rules {',
      '    default_action = "Deny"',
      '    ip_rules       = ["203.0.113.0/24"]',
      '  }',
      '  tags = merge(local.tags, { index = "' + i + '" })',
      '}',
      '',
      `resource "azurerm_virtual_network" "vnet${i}" {`,
      `  name                = "vnet-${i}"`,
      '  location            = var.location',
      `  resource_group_name = azurerm_resource_group.rg${i}.name`,
      `  address_space       = ["10.${i % 250}.0.0/16"]`,
      '}',
      '',
      `resource "azurerm_linux_web_app" "app${i}" {`,
      `  name                = "app-${i}"`,
      `  location            = azurerm_resource_group.rg${i}.location`,
      `  resource_group_name = azurerm_resource_group.rg${i}.name`,
      '  service_plan_id     = "/subscriptions/0/resourceGroups/r/providers/Microsoft.Web/serverFarms/p"',
      '  https_only          = true',
      '  site_config {',
      '    minimum_tls_version = "1.2"',
      '  }',
      '}',
      '',
    );
  }
  return out.join('\n') + '\n';
}

/** An ARM template of about `lines` lines (pretty-printed as Azure tooling writes them). */
export function largeArm(lines = 5000, seed = 0): string {
  const resources: object[] = [];
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string', defaultValue: REGIONS[seed % REGIONS.length], allowedValues: REGIONS } },
    variables: { prefix: 'itar', tags: { owner: 'platform' } },
    resources,
  };
  for (let i = 0; JSON.stringify(template, null, 2).split('\n').length < lines; i++) {
    resources.push(
      {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-05-01',
        name: `[concat(variables('prefix'), 'sa${i}')]`,
        location: "[parameters('location')]",
        sku: { name: i % 3 ? 'Standard_LRS' : 'Standard_GRS' },
        kind: 'StorageV2',
        tags: "[variables('tags')]",
        properties: { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true, encryption: { keySource: 'Microsoft.Storage' } },
      },
      {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        name: `vnet${i}`,
        location: REGIONS[(i + seed) % REGIONS.length],
        properties: { addressSpace: { addressPrefixes: [`10.${i % 250}.0.0/16`] }, subnets: [{ name: 'default', properties: { addressPrefix: `10.${i % 250}.0.0/24` } }] },
      },
      {
        type: 'Microsoft.Web/sites',
        apiVersion: '2023-12-01',
        name: `app${i}`,
        // As Bicep compiles `location: sa.location`: a look-up of a declared resource by type and name.
        location: `[reference(resourceId('Microsoft.Storage/storageAccounts', concat(variables('prefix'), 'sa${i}')), '2023-05-01', 'full').location]`,
        properties: { httpsOnly: true, siteConfig: { minTlsVersion: '1.2' } },
      },
    );
  }
  return JSON.stringify(template, null, 2) + '\n';
}
