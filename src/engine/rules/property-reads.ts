/**
 * The resource types whose `properties` some rule reads. A reader of deployed state that lists resources
 * without their properties (ARM's resource list) fetches these ones in full; for other types the list's
 * `location`, `sku`, `kind` and `identity` are all the rules look at.
 */
import { PAIRED_COPY_TYPES } from './region/paired-copies';
import { REPLICA_PATHS } from './region/placements';
import { RULES } from './registry';

export function typesWithPropertyReads(): ReadonlySet<string> {
  return new Set([...RULES.flatMap((r) => r.meta.resourceTypes), ...Object.keys(REPLICA_PATHS), ...PAIRED_COPY_TYPES].map((t) => t.toLowerCase()));
}
