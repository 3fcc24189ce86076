/**
 * The subscriptions the signed-in account can see (`GET /subscriptions`, through
 * `@azure/arm-resources-subscriptions`, which has the list operation that `@azure/arm-subscriptions` dropped).
 */
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { ArmConnection } from './connection';

export interface LiveSubscription {
  /** The subscription ID (a GUID). */
  readonly id: string;
  readonly displayName: string;
  readonly tenantId?: string;
  /** `Enabled`, `Disabled`, `Warned`, `PastDue`, `Deleted`. */
  readonly state?: string;
}

export async function listSubscriptions(connection: ArmConnection): Promise<LiveSubscription[]> {
  const client = connection.authorize(new SubscriptionClient(connection.credential, connection.clientOptions()));
  const out: LiveSubscription[] = [];
  for await (const s of client.subscriptions.list({ abortSignal: connection.signal })) {
    if (!s.subscriptionId) continue;
    out.push({ id: s.subscriptionId, displayName: s.displayName ?? s.subscriptionId, tenantId: s.tenantId, state: s.state });
  }
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
}

export interface LiveTenant {
  readonly id: string;
  readonly displayName: string;
  readonly defaultDomain?: string;
  /** The account's home tenant (ARM's `tenantCategory: Home`), as opposed to one it is a guest in or manages. */
  readonly home: boolean;
}

/** The tenants the account can sign in to, for a choice of tenant. */
export async function listTenants(connection: ArmConnection): Promise<LiveTenant[]> {
  const client = connection.authorize(new SubscriptionClient(connection.credential, connection.clientOptions()));
  const out: LiveTenant[] = [];
  for await (const t of client.tenants.list({ abortSignal: connection.signal })) {
    if (t.tenantId) out.push({ id: t.tenantId, displayName: t.displayName ?? t.tenantId, defaultDomain: t.defaultDomain, home: t.tenantCategory === 'Home' });
  }
  return out;
}
