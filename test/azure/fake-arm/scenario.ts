/**
 * The fake estate of the acceptance scenario: one subscription of 500 resources in Azure public (mostly in
 * `eastus`, one storage account in `eastasia`, one read-access geo-redundant account in `southeastasia` whose
 * copy lives in its pair, Hong Kong's `eastasia`; storage with and without a customer-managed key, the keys in a
 * premium vault, in a standard one that holds no HSM keys, and in one without purge protection) and one of 500 in
 * Azure Government (`usgovvirginia`).
 */
import { fillSubscription, keyVault, storageAccount, subscription, TENANT_ID, type FakeTenant } from './tenant';

export const GUEST_TENANT_ID = '0b9a8f3e-5c2d-4e1f-9a7b-6c5d4e3f2a1b';
export const GUEST_SUB = { ...subscription(3, 'Fabrikam research'), tenantId: GUEST_TENANT_ID };

export const PUBLIC_SUB = subscription(1, 'Contoso ITAR (public)');
export const GOV_SUB = subscription(2, 'Contoso ITAR (Government)');
const rg = 'rg-0';
export const IN_HONG_KONG = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'sthongkong', 'eastasia');
export const GEO_TO_HONG_KONG = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stsingapore', 'southeastasia', { sku: 'Standard_RAGRS' });
export const WITH_CMK = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stwithcmk', 'eastus', { cmkVault: 'kvhsm' });
export const HSM_VAULT = keyVault(PUBLIC_SUB.subscriptionId, rg, 'kvhsm', 'eastus', 'premium');
export const WITHOUT_CMK = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stnocmk', 'eastus');
export const STANDARD_VAULT = keyVault(PUBLIC_SUB.subscriptionId, rg, 'kvstandard', 'eastus', 'standard');
export const CMK_IN_STANDARD_VAULT = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stcmkstandard', 'eastus', { cmkVault: 'kvstandard' });
export const PURGEABLE_VAULT = keyVault(PUBLIC_SUB.subscriptionId, rg, 'kvpurgeable', 'eastus', 'premium', { purgeProtection: false });
export const CMK_IN_PURGEABLE_VAULT = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stcmkpurgeable', 'eastus', { cmkVault: 'kvpurgeable' });

export function publicTenant(): FakeTenant {
  const special = [IN_HONG_KONG, GEO_TO_HONG_KONG, WITH_CMK, HSM_VAULT, WITHOUT_CMK, STANDARD_VAULT, CMK_IN_STANDARD_VAULT, PURGEABLE_VAULT, CMK_IN_PURGEABLE_VAULT];
  const bulk = fillSubscription(PUBLIC_SUB.subscriptionId, 500 - special.length, 'eastus');
  return { tenantId: TENANT_ID, subscriptions: [PUBLIC_SUB], resources: [...bulk, ...special] };
}

export function governmentTenant(): FakeTenant {
  return { tenantId: TENANT_ID, subscriptions: [GOV_SUB], resources: fillSubscription(GOV_SUB.subscriptionId, 500, 'usgovvirginia') };
}

/**
 * The acceptance estate as one account sees it: its home tenant in each cloud (the two subscriptions above), and a
 * second tenant in Azure public that it is a guest in.
 */
export function bothClouds(): FakeTenant[] {
  return [
    { ...publicTenant(), cloud: 'AzureCloud', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' },
    { tenantId: GUEST_TENANT_ID, cloud: 'AzureCloud', displayName: 'Fabrikam', defaultDomain: 'fabrikam.onmicrosoft.com', subscriptions: [GUEST_SUB], resources: fillSubscription(GUEST_SUB.subscriptionId, 20, 'eastus') },
    { ...governmentTenant(), cloud: 'AzureUSGovernment', displayName: 'Contoso Government', defaultDomain: 'contosogov.onmicrosoft.us' },
  ];
}
