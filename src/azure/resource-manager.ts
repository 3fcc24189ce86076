/**
 * Deployed resources through Azure Resource Manager itself, for where Resource Graph is refused or absent
 * (Azure Stack Hub, a policy that blocks it): the resource groups, the resource list, then each resource whose
 * properties the rules read with `GET {id}?api-version=…`, the version being the newest stable one its
 * provider registers.
 */
import { ResourceManagementClient, type ProviderResourceType } from '@azure/arm-resources';
import type { LiveResourceJson } from '../engine/formats/arm/live';
import { typesWithPropertyReads } from '../engine/rules/property-reads';
import { runLimited } from './concurrency';
import type { ArmConnection } from './connection';
import { describeAzureError } from './errors';

export interface ArmListOutcome {
  readonly resources: LiveResourceJson[];
  readonly complete: boolean;
  readonly error?: string;
}

/** How many resources are read in full at once. */
const CONCURRENCY = 8;

/**
 * Reads one subscription. A refusal of the listing itself is thrown (the subscription denies access); a failure
 * part-way, or of some resources' details, returns what was read, marked incomplete.
 */
export async function listSubscriptionResources(connection: ArmConnection, subscriptionId: string, onProgress?: (count: number) => void): Promise<ArmListOutcome> {
  const client = connection.authorize(new ResourceManagementClient(connection.credential, subscriptionId, connection.clientOptions()));
  const options = { abortSignal: connection.signal };
  const resources: LiveResourceJson[] = [];
  const problems: string[] = [];
  let listed = false;
  try {
    for await (const g of client.resourceGroups.list(options)) {
      if (g.id) resources.push(compact({ id: g.id, type: g.type ?? 'Microsoft.Resources/resourceGroups', name: g.name, location: g.location, managedBy: g.managedBy, tags: g.tags, properties: g.properties }));
      listed = true;
    }
    for await (const r of client.resources.list(options)) {
      if (r.id && r.type) resources.push(compact({ id: r.id, type: r.type, name: r.name, location: r.location, sku: r.sku, kind: r.kind, identity: r.identity, plan: r.plan, extendedLocation: r.extendedLocation, managedBy: r.managedBy, tags: r.tags }));
      listed = true;
      onProgress?.(resources.length);
    }
  } catch (e) {
    if (!listed || connection.signal?.aborted) throw e;
    problems.push(`the resource list stopped part-way: ${describeAzureError(e)}`);
  }
  const failed = await readDetails(client, resources, options);
  if (failed.count) problems.push(`${failed.count} resource${failed.count === 1 ? '' : 's'} could not be read in full (${failed.first})`);
  return problems.length ? { resources, complete: false, error: problems.join('; ') } : { resources, complete: true };
}

/** Replaces each resource the rules read in depth by its full JSON; returns how many could not be read. */
async function readDetails(client: ResourceManagementClient, resources: LiveResourceJson[], options: { abortSignal?: AbortSignal }): Promise<{ count: number; first?: string }> {
  const deep = typesWithPropertyReads();
  const targets = resources.map((r, i) => [r, i] as const).filter(([r]) => deep.has(r.type.toLowerCase()));
  const providers = new Map<string, Promise<ProviderResourceType[]>>();
  const apiVersion = async (type: string): Promise<string | undefined> => {
    const [namespace, ...rest] = type.split('/');
    let types = providers.get(namespace.toLowerCase());
    if (!types) {
      types = client.providers.get(namespace, options).then((p) => p.resourceTypes ?? []);
      providers.set(namespace.toLowerCase(), types);
    }
    const child = rest.join('/').toLowerCase();
    return newestStable((await types).find((t) => t.resourceType?.toLowerCase() === child)?.apiVersions ?? []);
  };
  let count = 0;
  let first: string | undefined;
  await runLimited(targets, CONCURRENCY, async ([r, i]) => {
    try {
      const version = await apiVersion(r.type);
      if (!version) throw new Error(`no API version registered for ${r.type}`);
      // The client's path template adds the leading slash; with the ID's own, the URL would read `//subscriptions/…`.
      const full = await client.resources.getById(r.id.replace(/^\/+/, ''), version, options);
      resources[i] = { ...r, ...compact(full as Record<string, unknown>), id: r.id, type: r.type };
    } catch (e) {
      if (options.abortSignal?.aborted) throw e;
      count++;
      first ??= `${r.id}: ${describeAzureError(e)}`;
    }
  });
  return { count, first };
}

/** The newest API version that is not a preview (providers list theirs newest first, but the order is not promised). */
export function newestStable(versions: readonly string[]): string | undefined {
  const sorted = [...versions].sort().reverse();
  return sorted.find((v) => !/preview|alpha|beta/i.test(v)) ?? sorted[0];
}

function compact<T extends Record<string, unknown>>(o: T): T & LiveResourceJson {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o as T & LiveResourceJson;
}
