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

/** The tenants the account can sign in to, for a choice of tenant. */
export async function listTenants(connection: ArmConnection): Promise<{ id: string; displayName: string; defaultDomain?: string }[]> {
  const client = connection.authorize(new SubscriptionClient(connection.credential, connection.clientOptions()));
  const out: { id: string; displayName: string; defaultDomain?: string }[] = [];
  for await (const t of client.tenants.list({ abortSignal: connection.signal })) {
    if (t.tenantId) out.push({ id: t.tenantId, displayName: t.displayName ?? t.tenantId, defaultDomain: t.defaultDomain });
  }
  return out;
}
