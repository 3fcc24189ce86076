/**
 * Applies the rules to a live load: every deployed resource through the ARM reader into the engine's model,
 * then the same rules and profiles as for templates. Findings are indexed by the resources they concern.
 */
import { liveResource } from '../engine/formats/arm/live';
import type { Finding } from '../engine/model/finding';
import type { Resource } from '../engine/model/resource';
import { checkResources, type AnalysisConfig } from '../engine/workspace/workspace';
import type { LiveLoad } from './load';

export interface LiveEvaluation {
  readonly resources: readonly Resource[];
  readonly findings: readonly Finding[];
  /** The findings about a resource (by resource ID, any casing). */
  findingsOf(resourceId: string): readonly Finding[];
}

export function evaluateLive(load: LiveLoad, config: AnalysisConfig): LiveEvaluation {
  const seen = new Set<string>();
  const resources: Resource[] = [];
  for (const s of load.subscriptions) {
    for (const json of s.resources) {
      const key = json.id.toLowerCase();
      // Pages of a changing inventory can repeat a row; one resource is checked once.
      if (seen.has(key)) continue;
      seen.add(key);
      resources.push(liveResource(json));
    }
  }
  const findings = checkResources(resources, config);
  const byResource = new Map<string, Finding[]>();
  for (const f of findings) {
    const ids = new Set([f.logicalLocation, ...f.resources].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
    for (const id of ids) {
      const list = byResource.get(id);
      if (list) list.push(f);
      else byResource.set(id, [f]);
    }
  }
  return { resources, findings, findingsOf: (id) => byResource.get(id.toLowerCase()) ?? [] };
}
