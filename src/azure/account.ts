/**
 * What the Azure Compliance view reads of one cloud for the signed-in account: the tenants it can reach, the
 * subscriptions of the chosen tenant, and the resources of those the user selected. A token is asked for per
 * tenant, since Azure's tokens are issued by one tenant and read that tenant only.
 */
import type { TokenCredential } from '@azure/core-auth';

/** The credential types the extension implements with VS Code's sessions. */
export type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { Cloud } from './clouds';
import { connect, type ConnectionOptions } from './connection';
import { describeAzureError } from './errors';
import { listVisibleSubscriptions, LiveLoadError, loadSubscriptions, type LiveLoad, type LoadProgress } from './load';
import { listTenants, type LiveSubscription, type LiveTenant } from './subscriptions';

export interface CloudReadOptions {
  readonly cloud: Cloud;
  /** A credential for a tenant, or for the account's home tenant when none is named. */
  readonly credentialFor: (tenantId?: string) => TokenCredential;
  /** The tenant the user chose before, when the account still reaches it. */
  readonly preferredTenant?: string;
  /** Only these subscriptions (IDs, any casing) of those the tenant lists; all when empty. */
  readonly subscriptionFilter?: readonly string[];
  /** An ARM endpoint other than the cloud's. */
  readonly endpoint?: string;
  readonly connection?: Omit<ConnectionOptions, 'endpoint' | 'scope' | 'signal'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LoadProgress) => void;
}

export interface CloudReading {
  readonly tenants: readonly LiveTenant[];
  /** The tenant read. */
  readonly tenant: LiveTenant;
  /** Every subscription the tenant lists, for a choice of subscriptions. */
  readonly visible: readonly LiveSubscription[];
  /** The selected subscriptions, read. */
  readonly load: LiveLoad;
}

export async function readCloud(options: CloudReadOptions): Promise<CloudReading> {
  const connectWith = (credential: TokenCredential) => connect(options.cloud, credential, { ...options.connection, endpoint: options.endpoint, signal: options.signal });
  const home = connectWith(options.credentialFor());
  let tenants: LiveTenant[];
  try {
    tenants = await listTenants(home);
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new LiveLoadError(`the tenants could not be listed: ${describeAzureError(e)}`, { cause: e });
  }
  const preferred = options.preferredTenant?.toLowerCase();
  const tenant = tenants.find((t) => t.id.toLowerCase() === preferred) ?? tenants.find((t) => t.home) ?? tenants[0];
  if (!tenant) throw new LiveLoadError('the account has no tenant in this cloud');
  // The home tenant's token (and its cache) serves the home tenant's subscriptions too.
  const connection = tenant.home ? home : connectWith(options.credentialFor(tenant.id));
  options.onProgress?.({ message: 'Listing subscriptions', resources: 0 });
  const visible = await listVisibleSubscriptions(connection);
  const wanted = new Set((options.subscriptionFilter ?? []).map((id) => id.trim().toLowerCase()).filter(Boolean));
  const selected = wanted.size ? visible.filter((s) => wanted.has(s.id.toLowerCase())) : visible;
  const load = await loadSubscriptions(connection, visible, selected, options.onProgress);
  return { tenants, tenant, visible, load };
}
