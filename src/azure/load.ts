/**
 * Loads the deployed state of the subscriptions: Resource Graph first (one query per batch of subscriptions),
 * Azure Resource Manager subscription by subscription where Resource Graph is refused. A subscription that
 * cannot be read is reported and the others still load; a load that stops part-way keeps what it read and says
 * so. Only reads: `GET` requests and Resource Graph queries.
 */
import type { LiveResourceJson } from '../engine/formats/arm/live';
import { runLimited } from './concurrency';
import type { ArmConnection } from './connection';
import { describeAzureError, isAccessDenied } from './errors';
import { queryResources } from './resource-graph';
import { listSubscriptionResources } from './resource-manager';
import { listSubscriptions, type LiveSubscription } from './subscriptions';

export interface SubscriptionLoad {
  readonly subscription: LiveSubscription;
  readonly resources: LiveResourceJson[];
  /** Which service the resources came from. */
  readonly source: 'resource-graph' | 'resource-manager';
  /** False when some of the subscription's resources may be missing (see {@link error}). */
  readonly complete: boolean;
  /** Why the subscription could not be read, or not completely. */
  readonly error?: string;
  /** Whether the account was refused access to the subscription. */
  readonly denied?: boolean;
}

export interface LiveLoad {
  readonly subscriptions: SubscriptionLoad[];
  /** Set when Resource Graph was refused and Resource Manager was read instead. */
  readonly fallbackReason?: string;
}

export interface LoadProgress {
  readonly message: string;
  readonly resources: number;
  /** The number of resources expected, when known. */
  readonly total?: number;
}

export interface LoadOptions {
  /** Only these subscriptions (IDs); one the account does not list is still tried, and reported if refused. */
  readonly subscriptionIds?: readonly string[];
  readonly onProgress?: (progress: LoadProgress) => void;
}

/** Thrown when nothing can be loaded at all (the subscriptions cannot be listed). */
export class LiveLoadError extends Error {}

/**
 * A query names at most this many subscriptions, as Resource Graph's guidance for throttled requests batches
 * them ("Grouping queries").
 */
const SUBSCRIPTIONS_PER_QUERY = 1000;
/** Subscriptions read at once through Resource Manager. */
const ARM_CONCURRENCY = 4;

export async function loadLiveState(connection: ArmConnection, options: LoadOptions = {}): Promise<LiveLoad> {
  const progress = options.onProgress ?? (() => undefined);
  progress({ message: 'Listing subscriptions', resources: 0 });
  const visible = await listVisibleSubscriptions(connection);
  return loadSubscriptions(connection, visible, select(visible, options.subscriptionIds), progress);
}

/** The subscriptions the account can see; a {@link LiveLoadError} when they cannot be listed. */
export async function listVisibleSubscriptions(connection: ArmConnection): Promise<LiveSubscription[]> {
  try {
    return await listSubscriptions(connection);
  } catch (e) {
    if (connection.signal?.aborted) throw e;
    throw new LiveLoadError(`the subscriptions could not be listed: ${describeAzureError(e)}`, { cause: e });
  }
}

/**
 * Reads the selected subscriptions. `visible` are those the account lists: Resource Graph leaves out
 * subscriptions the account cannot see without saying so, so the others are read one by one, and a refusal is
 * reported.
 */
export async function loadSubscriptions(
  connection: ArmConnection,
  visible: readonly LiveSubscription[],
  selected: readonly LiveSubscription[],
  onProgress?: (progress: LoadProgress) => void,
): Promise<LiveLoad> {
  const progress = onProgress ?? (() => undefined);
  const loads = new Map<string, SubscriptionLoad>();
  let fallbackReason: string | undefined;
  let count = 0;
  const readThroughResourceManager = (batch: readonly LiveSubscription[]) =>
    runLimited(batch, ARM_CONCURRENCY, async (s) => {
      const loaded = await loadThroughResourceManager(connection, s, (n) => progress({ message: `Reading ${s.displayName} through Resource Manager`, resources: count + n }));
      loads.set(s.id, loaded);
      count += loaded.resources.length;
    });

  const listed = new Set(visible.map((s) => s.id.toLowerCase()));
  const queried = selected.filter((s) => listed.has(s.id.toLowerCase()));
  await readThroughResourceManager(selected.filter((s) => !listed.has(s.id.toLowerCase())));
  for (let i = 0; i < queried.length; i += SUBSCRIPTIONS_PER_QUERY) {
    const batch = queried.slice(i, i + SUBSCRIPTIONS_PER_QUERY);
    const rows = new Map<string, LiveResourceJson[]>(batch.map((s) => [s.id.toLowerCase(), []]));
    // The query's total counts this batch's resources; those read before it come first.
    const before = count;
    progress({ message: 'Reading resources through Resource Graph', resources: count });
    try {
      const outcome = await queryResources(
        connection,
        batch.map((s) => s.id),
        (page, total) => {
          for (const row of page) rows.get(subscriptionOf(row))?.push(row);
          count += page.length;
          progress({ message: 'Reading resources through Resource Graph', resources: count, total: before + total });
        },
      );
      for (const s of batch) loads.set(s.id, { subscription: s, resources: rows.get(s.id.toLowerCase()) ?? [], source: 'resource-graph', complete: outcome.complete, error: outcome.error });
    } catch (e) {
      if (connection.signal?.aborted) throw e;
      fallbackReason = `Resource Graph refused the query (${describeAzureError(e)}); resources were read through Resource Manager`;
      await readThroughResourceManager(batch);
    }
  }
  return { subscriptions: selected.map((s) => loads.get(s.id)!), fallbackReason };
}

async function loadThroughResourceManager(connection: ArmConnection, subscription: LiveSubscription, onCount: (n: number) => void): Promise<SubscriptionLoad> {
  try {
    const outcome = await listSubscriptionResources(connection, subscription.id, onCount);
    return { subscription, source: 'resource-manager', ...outcome };
  } catch (e) {
    if (connection.signal?.aborted) throw e;
    const denied = isAccessDenied(e);
    const error = denied ? `access denied: ${describeAzureError(e)}` : describeAzureError(e);
    return { subscription, resources: [], source: 'resource-manager', complete: false, error, denied };
  }
}

/** The subscriptions to read: those asked for (in that order), or every one the account sees. */
function select(visible: readonly LiveSubscription[], wanted: readonly string[] | undefined): LiveSubscription[] {
  if (!wanted?.length) return [...visible];
  const byId = new Map(visible.map((s) => [s.id.toLowerCase(), s]));
  const out: LiveSubscription[] = [];
  const seen = new Set<string>();
  for (const id of wanted) {
    const key = id.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(byId.get(key) ?? { id: id.trim(), displayName: id.trim() });
  }
  return out;
}

function subscriptionOf(row: LiveResourceJson): string {
  const column = row.subscriptionId;
  if (typeof column === 'string' && column) return column.toLowerCase();
  return /^\/subscriptions\/([^/]+)/i.exec(row.id)?.[1]?.toLowerCase() ?? '';
}
