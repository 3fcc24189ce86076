/**
 * Deployed resources through Azure Resource Graph: one query over a set of subscriptions, read page by page
 * with skip tokens (REST API 2024-04-01, `POST /providers/Microsoft.ResourceGraph/resources`).
 */
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { LiveResourceJson } from '../engine/formats/arm/live';
import type { ArmConnection } from './connection';
import { describeAzureError } from './errors';

/** The stable API version of the query operation (the client's own default is a preview). */
const API_VERSION = '2024-04-01';

/** Resource Graph returns at most 1000 records a page ("Paging results" in the Resource Graph documentation). */
export const PAGE_SIZE = 1000;

/**
 * Every resource with the columns the rules read, and the resource groups, whose location is where their
 * metadata lives.
 */
export const RESOURCES_QUERY = [
  'resources',
  "| union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions/resourcegroups')",
  '| project id, type, name, location, resourceGroup, subscriptionId, sku, kind, identity, properties, tags',
  '| order by id asc',
].join('\n');

export interface GraphQueryOutcome {
  /** False when a page after the first failed: the resources before it were delivered. */
  readonly complete: boolean;
  readonly error?: string;
}

/**
 * Runs the query over the subscriptions and hands each page's rows to `onRows`. A failure of the first page is
 * thrown (Resource Graph refused or is unavailable: the caller reads the subscriptions another way); a failure
 * later ends the query with what was read so far.
 */
export async function queryResources(
  connection: ArmConnection,
  subscriptionIds: readonly string[],
  onRows: (rows: LiveResourceJson[], total: number) => void,
): Promise<GraphQueryOutcome> {
  const client = connection.authorize(new ResourceGraphClient(connection.credential, { ...connection.clientOptions(), apiVersion: API_VERSION }));
  let skipToken: string | undefined;
  let first = true;
  do {
    let page;
    try {
      page = await client.resources(
        { subscriptions: [...subscriptionIds], query: RESOURCES_QUERY, options: { top: PAGE_SIZE, skipToken, resultFormat: 'objectArray' } },
        { abortSignal: connection.signal },
      );
    } catch (e) {
      if (first || connection.signal?.aborted) throw e;
      return { complete: false, error: `Resource Graph stopped answering part-way: ${describeAzureError(e)}` };
    }
    first = false;
    const rows = rowsOf(page.data);
    onRows(rows, page.totalRecords ?? rows.length);
    skipToken = page.skipToken;
    if (!skipToken && String(page.resultTruncated) === 'true') {
      return { complete: false, error: 'Resource Graph truncated the result and gave no way to read the rest' };
    }
  } while (skipToken);
  return { complete: true };
}

/**
 * The rows of an `objectArray` page. The client's model types `data` as an object, so its deserializer hands the
 * array over as an object keyed by index.
 */
function rowsOf(data: unknown): LiveResourceJson[] {
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? Object.values(data) : [];
  return list.filter(isResourceRow);
}

export function isResourceRow(row: unknown): row is LiveResourceJson {
  return typeof row === 'object' && row !== null && typeof (row as { id?: unknown }).id === 'string' && typeof (row as { type?: unknown }).type === 'string';
}
