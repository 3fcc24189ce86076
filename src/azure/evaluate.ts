/**
 * Applies the rules to deployed resources: every resource through the ARM reader into the engine's model, then
 * the same rules and profiles as for templates. Findings are indexed by the resources they concern. Nothing here
 * talks to Azure, so the extension's engine worker runs it too.
 */
import { liveResource, type LiveResourceJson } from '../engine/formats/arm/live';
import type { Finding } from '../engine/model/finding';
import type { Resource } from '../engine/model/resource';
import { checkResources, type AnalysisConfig } from '../engine/workspace/workspace';
import type { LiveLoad } from './load';
import { addTo } from '../engine/model/grouping';

export interface LiveEvaluation {
  readonly resources: readonly Resource[];
  readonly findings: readonly Finding[];
  /** The findings about a resource (by resource ID, any casing). */
  findingsOf(resourceId: string): readonly Finding[];
}

export function evaluateLive(load: LiveLoad, config: AnalysisConfig): LiveEvaluation {
  return evaluateLiveResources(load.subscriptions.flatMap((s) => s.resources), config);
}

export function evaluateLiveResources(rows: readonly LiveResourceJson[], config: AnalysisConfig): LiveEvaluation {
  const seen = new Set<string>();
  const resources: Resource[] = [];
  for (const json of rows) {
    const key = json.id.toLowerCase();
    // Pages of a changing inventory can repeat a row; one resource is checked once.
    if (seen.has(key)) continue;
    seen.add(key);
    resources.push(liveResource(json));
  }
  const findings = checkResources(resources, config);
  const byResource = new Map<string, Finding[]>();
  for (const f of findings) {
    const ids = new Set([f.logicalLocation, ...f.resources].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
    for (const id of ids) addTo(byResource, id, f);
  }
  return { resources, findings, findingsOf: (id) => byResource.get(id.toLowerCase()) ?? [] };
}
