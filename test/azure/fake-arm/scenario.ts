/**
 * The fake estate of the acceptance scenario: one subscription of 500 resources in Azure public (mostly in
 * `eastus`, one storage account in `eastasia`, one read-access geo-redundant account in `southeastasia` whose
 * copy lives in its pair, Hong Kong's `eastasia`; storage with and without a customer-managed key) and one of
 * 500 in Azure Government (`usgovvirginia`).
 */
import { fillSubscription, keyVault, storageAccount, subscription, TENANT_ID, type FakeTenant } from './tenant';

export const PUBLIC_SUB = subscription(1, 'Contoso ITAR (public)');
export const GOV_SUB = subscription(2, 'Contoso ITAR (Government)');
const rg = 'rg-0';
export const IN_HONG_KONG = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'sthongkong', 'eastasia');
export const GEO_TO_HONG_KONG = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stsingapore', 'southeastasia', { sku: 'Standard_RAGRS' });
export const WITH_CMK = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stwithcmk', 'eastus', { cmkVault: 'kvhsm' });
export const HSM_VAULT = keyVault(PUBLIC_SUB.subscriptionId, rg, 'kvhsm', 'eastus', 'premium');
export const WITHOUT_CMK = storageAccount(PUBLIC_SUB.subscriptionId, rg, 'stnocmk', 'eastus');

export function publicTenant(): FakeTenant {
  const special = [IN_HONG_KONG, GEO_TO_HONG_KONG, WITH_CMK, HSM_VAULT, WITHOUT_CMK];
  const bulk = fillSubscription(PUBLIC_SUB.subscriptionId, 500 - special.length, 'eastus');
  return { tenantId: TENANT_ID, subscriptions: [PUBLIC_SUB], resources: [...bulk, ...special] };
}

export function governmentTenant(): FakeTenant {
  return { tenantId: TENANT_ID, subscriptions: [GOV_SUB], resources: fillSubscription(GOV_SUB.subscriptionId, 500, 'usgovvirginia') };
}
