/**
 * Generates a realistic infrastructure repository for benchmarks: Bicep, ARM and Terraform in equal parts, with
 * modules, parameter files, .bicepparam and tfvars files, the resource types platform teams deploy, and a few
 * regions a scan should report. Deterministic for a given seed.
 *
 *   node --import tsx bench/generate-workspace.ts <folder> [files=5000] [seed=1]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const REGIONS = ['eastus', 'eastus2', 'westus2', 'westus3', 'centralus', 'usgovvirginia', 'usgovtexas'];
/** Offending values, used sparingly, so the scan has something to report. */
const BAD_REGIONS = ['eastasia', 'westeurope', 'chinanorth3'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Generator {
  private readonly random: () => number;
  readonly files = new Map<string, string>();
  constructor(seed: number) {
    this.random = rng(seed);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  region(): string {
    return this.random() < 0.03 ? this.pick(BAD_REGIONS) : this.pick(REGIONS);
  }

  /** An ARM template with parameters, variables, several resources, sometimes a nested deployment; ~1 in 3 gets a parameter file. */
  arm(dir: string, i: number): void {
    const resources: object[] = [];
    const count = 4 + Math.floor(this.random() * 8);
    for (let r = 0; r < count; r++) resources.push(this.armResource(`${i}x${r}`));
    if (this.random() < 0.2) {
      resources.push({
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: `nested${i}`,
        properties: {
          mode: 'Incremental',
          expressionEvaluationOptions: { scope: 'inner' },
          parameters: { location: { value: "[parameters('location')]" } },
          template: {
            $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
            contentVersion: '1.0.0.0',
            parameters: { location: { type: 'string' } },
            resources: [this.armResource(`${i}n`)],
          },
        },
      });
    }
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        location: { type: 'string', defaultValue: this.region(), allowedValues: [...new Set([this.region(), ...REGIONS.slice(0, 4)])] },
        environment: { type: 'string', defaultValue: 'prod', allowedValues: ['dev', 'test', 'prod'] },
        skuName: { type: 'string', defaultValue: this.pick(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS']) },
      },
      variables: { prefix: "[concat('itar', parameters('environment'))]", tags: { program: 'itar', owner: 'platform' } },
      resources,
      outputs: { location: { type: 'string', value: "[parameters('location')]" } },
    };
    this.files.set(`${dir}/template${i}.json`, JSON.stringify(template, null, 2));
    if (this.random() < 0.35) {
      this.files.set(
        `${dir}/template${i}.parameters.json`,
        JSON.stringify(
          {
            $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
            contentVersion: '1.0.0.0',
            parameters: { location: { value: this.region() }, environment: { value: 'prod' } },
          },
          null,
          2,
        ),
      );
    }
  }

  private armResource(id: string): object {
    const location = this.random() < 0.8 ? "[parameters('location')]" : this.random() < 0.5 ? '[resourceGroup().location]' : this.region();
    switch (Math.floor(this.random() * 6)) {
      case 0:
        return { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: `[concat(variables('prefix'), '${id}')]`, location, sku: { name: "[parameters('skuName')]" }, kind: 'StorageV2', tags: "[variables('tags')]", properties: { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true } };
      case 1:
        return { type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01', name: `vnet${id}`, location, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'default', properties: { addressPrefix: '10.0.0.0/24' } }] } };
      case 2:
        return { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: `kv${id}`, location, properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'premium' }, enablePurgeProtection: true, enableSoftDelete: true } };
      case 3:
        return { type: 'Microsoft.Sql/servers', apiVersion: '2023-05-01-preview', name: `sql${id}`, location, properties: { minimalTlsVersion: '1.2', administratorLogin: 'itaradmin' }, resources: [{ type: 'databases', apiVersion: '2023-05-01-preview', name: 'db', location, sku: { name: 'S0' } }] };
      case 4:
        return { type: 'Microsoft.DocumentDB/databaseAccounts', apiVersion: '2024-05-15', name: `cosmos${id}`, location, properties: { databaseAccountOfferType: 'Standard', locations: [{ locationName: location, failoverPriority: 0 }, { locationName: this.region(), failoverPriority: 1 }] } };
      default:
        return { type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name: `app${id}`, location, properties: { httpsOnly: true, siteConfig: { minTlsVersion: '1.2' } } };
    }
  }

  /** A Bicep root with two local modules and a .bicepparam file. */
  bicep(dir: string, i: number): void {
    const mod = (kind: string) => `modules/${kind}${i}.bicep`;
    this.files.set(
      `${dir}/${mod('storage')}`,
      `@description('Where the data lives.')
param location string
param name string
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param skuName string = 'Standard_ZRS'

resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  sku: { name: skuName }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

output id string = sa.id
`,
    );
    this.files.set(
      `${dir}/${mod('network')}`,
      `param location string
param prefix string

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: '\${prefix}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.1.0.0/16' ] }
    subnets: [for n in range(0, 3): {
      name: 'subnet\${n}'
      properties: { addressPrefix: '10.1.\${n}.0/24' }
    }]
  }
}
`,
    );
    const regions = [...new Set([this.region(), ...REGIONS.slice(0, 3)])].map((r) => `  '${r}'`).join('\n');
    this.files.set(
      `${dir}/main${i}.bicep`,
      `targetScope = 'resourceGroup'

@allowed([
${regions}
])
param location string = '${this.pick(REGIONS)}'
param environment string = 'prod'

var prefix = 'itar\${environment}${i}'
var tags = {
  program: 'itar'
  owner: 'platform'
}

module storage './${mod('storage')}' = {
  name: 'storage${i}'
  params: {
    location: location
    name: '\${prefix}sa'
  }
}

module network './${mod('network')}' = {
  name: 'network${i}'
  params: {
    location: location
    prefix: prefix
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '\${prefix}-plan'
  location: location
  sku: { name: 'P1v3' }
  tags: tags
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '\${prefix}-app'
  location: location
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: { minTlsVersion: '1.2' }
  }
}
`,
    );
    this.files.set(`${dir}/main${i}.bicepparam`, `using './main${i}.bicep'\n\nparam location = '${this.region()}'\nparam environment = 'prod'\n`);
  }

  /** A Terraform root module with variables, tfvars and a local module. */
  terraform(dir: string, i: number): void {
    this.files.set(
      `${dir}/main.tf`,
      `terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "rg" {
  name     = "itar-${i}"
  location = var.location
}

resource "azurerm_storage_account" "data" {
  name                     = "itardata${i}"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = azurerm_resource_group.rg.location
  account_tier             = "Standard"
  account_replication_type = "${this.pick(['LRS', 'ZRS', 'GRS'])}"
  min_tls_version          = "TLS1_2"
}

resource "azurerm_key_vault" "kv" {
  name                     = "itarkv${i}"
  location                 = azurerm_resource_group.rg.location
  resource_group_name      = azurerm_resource_group.rg.name
  tenant_id                = var.tenant_id
  sku_name                 = "premium"
  purge_protection_enabled = true
}

module "network" {
  source   = "./modules/network"
  location = azurerm_resource_group.rg.location
  name     = "itar-${i}"
}
`,
    );
    this.files.set(
      `${dir}/variables.tf`,
      `variable "location" {
  type    = string
  default = "${this.pick(REGIONS)}"
  validation {
    condition     = contains(["${REGIONS.slice(0, 4).join('", "')}"], var.location)
    error_message = "Only approved regions."
  }
}

variable "tenant_id" {
  type = string
}
`,
    );
    this.files.set(`${dir}/terraform.tfvars`, `location  = "${this.region()}"\ntenant_id = "00000000-0000-0000-0000-000000000000"\n`);
    this.files.set(
      `${dir}/modules/network/main.tf`,
      `variable "location" {
  type = string
}

variable "name" {
  type = string
}

resource "azurerm_virtual_network" "vnet" {
  name                = "\${var.name}-vnet"
  location            = var.location
  resource_group_name = var.name
  address_space       = ["10.2.0.0/16"]
}
`,
    );
  }
}

/** Writes about `count` files under `root` (replacing what is there). */
export function generateWorkspace(root: string, count: number, seed = 1): Map<string, string> {
  const g = new Generator(seed);
  let i = 0;
  while (g.files.size < count) {
    const kind = i % 3;
    const group = `team${Math.floor(i / 60)}`;
    if (kind === 0) g.arm(`${group}/arm`, i);
    else if (kind === 1) g.bicep(`${group}/bicep`, i);
    else g.terraform(`${group}/terraform/stack${i}`, i);
    i++;
  }
  rmSync(root, { recursive: true, force: true });
  for (const [rel, text] of g.files) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return g.files;
}

if (require.main === module) {
  const [root, count = '5000', seed = '1'] = process.argv.slice(2);
  if (!root) {
    console.error('usage: generate-workspace.ts <folder> [files] [seed]');
    process.exit(2);
  }
  const files = generateWorkspace(root, Number(count), Number(seed));
  console.log(`wrote ${files.size} files under ${root}`);
}
