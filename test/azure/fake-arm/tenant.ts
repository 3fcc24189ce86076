/**
 * Fake tenants for the fake Azure servers: subscriptions, resource groups and resources shaped like the Azure
 * REST API's examples (storage accounts, key vaults, Cosmos DB accounts, managed disks, SQL servers, virtual
 * networks), generated deterministically.
 */
export interface FakeSubscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId: string;
  readonly state: string;
}

/** A resource as ARM's GET returns it, with the resource group it lives in. */
export interface FakeResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly sku?: Record<string, unknown>;
  readonly kind?: string;
  readonly identity?: Record<string, unknown>;
  readonly tags?: Record<string, string>;
  readonly properties?: Record<string, unknown>;
}

export interface FakeTenant {
  readonly tenantId: string;
  /** The cloud whose tokens read this tenant; any cloud's when absent. */
  readonly cloud?: 'AzureCloud' | 'AzureUSGovernment';
  readonly displayName?: string;
  readonly defaultDomain?: string;
  readonly subscriptions: FakeSubscription[];
  /** Resource groups and resources. */
  readonly resources: FakeResource[];
}

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export function subscriptionId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function resourceGroup(sub: string, name: string, location: string): FakeResource {
  return {
    id: `/subscriptions/${sub}/resourceGroups/${name}`,
    name,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    resourceGroup: name,
    subscriptionId: sub,
    properties: { provisioningState: 'Succeeded' },
  };
}

function providerId(sub: string, rg: string, type: string, name: string): string {
  const [ns, ...types] = type.split('/');
  const names = name.split('/');
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}

/** Key Vault's DNS suffix in the cloud of a region (Azure US Government's regions are `usgov…` and `usdod…`). */
function vaultHost(name: string, location: string): string {
  return `${name}.${/^usgov|^usdod/i.test(location) ? 'vault.usgovcloudapi.net' : 'vault.azure.net'}`;
}

export function storageAccount(sub: string, rg: string, name: string, location: string, opts: { sku?: string; cmkVault?: string } = {}): FakeResource {
  const encryption = opts.cmkVault
    ? { keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyvaulturi: `https://${vaultHost(opts.cmkVault, location)}`, keyname: 'cmk', keyversion: '' }, services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } } }
    : { keySource: 'Microsoft.Storage', services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } } };
  return {
    id: providerId(sub, rg, 'Microsoft.Storage/storageAccounts', name),
    name,
    type: 'Microsoft.Storage/storageAccounts',
    location,
    resourceGroup: rg,
    subscriptionId: sub,
    sku: { name: opts.sku ?? 'Standard_LRS', tier: 'Standard' },
    kind: 'StorageV2',
    ...(opts.cmkVault ? { identity: { type: 'SystemAssigned', principalId: '356d057d-cba5-44dd-8a30-b2e547bc416b', tenantId: TENANT_ID } } : {}),
    tags: { env: 'test' },
    properties: {
      provisioningState: 'Succeeded',
      primaryLocation: location,
      statusOfPrimary: 'available',
      encryption,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` },
    },
  };
}

export function keyVault(sub: string, rg: string, name: string, location: string, skuName: 'standard' | 'premium', opts: { purgeProtection?: boolean } = {}): FakeResource {
  return {
    id: providerId(sub, rg, 'Microsoft.KeyVault/vaults', name),
    name,
    type: 'Microsoft.KeyVault/vaults',
    location,
    resourceGroup: rg,
    subscriptionId: sub,
    properties: {
      sku: { family: 'A', name: skuName },
      tenantId: TENANT_ID,
      vaultUri: `https://${vaultHost(name, location)}`,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      // Azure leaves the property out of a vault whose purge protection was never turned on.
      ...(opts.purgeProtection === false ? {} : { enablePurgeProtection: true }),
      enableRbacAuthorization: true,
      provisioningState: 'Succeeded',
    },
  };
}

export function cosmosAccount(sub: string, rg: string, name: string, locations: string[]): FakeResource {
  return {
    id: providerId(sub, rg, 'Microsoft.DocumentDB/databaseAccounts', name),
    name,
    type: 'Microsoft.DocumentDB/databaseAccounts',
    location: locations[0],
    resourceGroup: rg,
    subscriptionId: sub,
    kind: 'GlobalDocumentDB',
    properties: {
      provisioningState: 'Succeeded',
      databaseAccountOfferType: 'Standard',
      locations: locations.map((l, i) => ({ id: `${name}-${l}`, locationName: l, failoverPriority: i, isZoneRedundant: false })),
      minimalTlsVersion: 'Tls12',
    },
  };
}

function disk(sub: string, rg: string, name: string, location: string, n: number): FakeResource {
  return {
    id: providerId(sub, rg, 'Microsoft.Compute/disks', name),
    name,
    type: 'Microsoft.Compute/disks',
    location,
    resourceGroup: rg,
    subscriptionId: sub,
    sku: { name: 'Premium_LRS', tier: 'Premium' },
    properties: {
      creationData: { createOption: 'Empty' },
      diskSizeGB: 128,
      encryption: { type: n % 2 ? 'EncryptionAtRestWithPlatformKey' : 'EncryptionAtRestWithCustomerKey', ...(n % 2 ? {} : { diskEncryptionSetId: providerId(sub, rg, 'Microsoft.Compute/diskEncryptionSets', 'des') }) },
      provisioningState: 'Succeeded',
    },
  };
}

function sqlServer(sub: string, rg: string, name: string, location: string): FakeResource {
  return {
    id: providerId(sub, rg, 'Microsoft.Sql/servers', name),
    name,
    type: 'Microsoft.Sql/servers',
    location,
    resourceGroup: rg,
    subscriptionId: sub,
    kind: 'v12.0',
    properties: { administratorLogin: 'dbadmin', version: '12.0', state: 'Ready', fullyQualifiedDomainName: `${name}.database.windows.net`, minimalTlsVersion: '1.2', publicNetworkAccess: 'Disabled' },
  };
}

function virtualNetwork(sub: string, rg: string, name: string, location: string): FakeResource {
  return {
    id: providerId(sub, rg, 'Microsoft.Network/virtualNetworks', name),
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location,
    resourceGroup: rg,
    subscriptionId: sub,
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'default', properties: { addressPrefix: '10.0.0.0/24' } }], provisioningState: 'Succeeded' },
  };
}

/**
 * `count` resources (resource groups included) in one subscription, all in `location`: a mix of the types above,
 * every third storage account with a customer-managed key.
 */
export function fillSubscription(sub: string, count: number, location: string): FakeResource[] {
  const out: FakeResource[] = [];
  const groups = Math.max(1, Math.ceil(count / 50));
  for (let g = 0; g < groups && out.length < count; g++) {
    const rg = `rg-${g}`;
    out.push(resourceGroup(sub, rg, location));
    for (let i = 0; out.length < count && i < 49; i++) {
      const n = g * 49 + i;
      const suffix = `${sub.slice(-4)}${n}`;
      switch (n % 6) {
        case 0:
          out.push(storageAccount(sub, rg, `st${suffix}`, location, n % 18 === 0 ? { cmkVault: `kv${suffix}` } : {}));
          break;
        case 1:
          out.push(keyVault(sub, rg, `kv${suffix}`, location, n % 4 === 1 ? 'premium' : 'standard'));
          break;
        case 2:
          out.push(disk(sub, rg, `disk${suffix}`, location, n));
          break;
        case 3:
          out.push(sqlServer(sub, rg, `sql${suffix}`, location));
          break;
        case 4:
          out.push(cosmosAccount(sub, rg, `cosmos${suffix}`, [location]));
          break;
        default:
          out.push(virtualNetwork(sub, rg, `vnet${suffix}`, location));
      }
    }
  }
  return out;
}

export function subscription(n: number, displayName = `Subscription ${n}`): FakeSubscription {
  return { subscriptionId: subscriptionId(n), displayName, tenantId: TENANT_ID, state: 'Enabled' };
}

/** A tenant of `subscriptions` subscriptions of `perSubscription` resources each, in `location`. */
export function bulkTenant(subscriptions: number, perSubscription: number, location: string): FakeTenant {
  const subs = Array.from({ length: subscriptions }, (_, i) => subscription(i + 1));
  return { tenantId: TENANT_ID, subscriptions: subs, resources: subs.flatMap((s) => fillSubscription(s.subscriptionId, perSubscription, location)) };
}
