/**
 * What the Azure Compliance view shows of a cloud once it is read and checked, independent of the editor: each
 * deployed resource with its findings and status, subscriptions with compliant / warning / violation counts, and
 * the grouping by resource group or by region, with or without the resources that have no violation.
 */
import type { LiveLoad } from '../../azure/load';
import type { LiveSubscription, LiveTenant } from '../../azure/subscriptions';
import { canonicalLiveType, liveResourceName, RESOURCE_GROUP_TYPE, type LiveResourceJson } from '../../engine/formats/arm/live';
import { SEVERITY_ORDER, type Finding } from '../../engine/model/finding';
import { findRegion } from '../../engine/regions/catalog';

/** A resource's standing: a violation is an error finding; information alone counts as compliant. */
export type Status = 'violation' | 'warning' | 'information' | 'compliant';
export type Grouping = 'resourceGroup' | 'region';

const RANK: Record<Status, number> = { violation: 3, warning: 2, information: 1, compliant: 0 };
const OF_SEVERITY = { error: 'violation', warning: 'warning', information: 'information' } as const;

export interface Counts {
  readonly violation: number;
  readonly warning: number;
  readonly compliant: number;
}

export interface LiveItem {
  readonly id: string;
  /** The ARM type as templates write it (`Microsoft.Resources/resourceGroups` for a group). */
  readonly type: string;
  /** The name as templates declare it (`server/db` for a child). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroup?: string;
  /** Unsuppressible: deployed resources have no comments. Most severe first. */
  readonly findings: readonly Finding[];
  readonly status: Status;
}

export interface SubscriptionResult {
  readonly subscription: LiveSubscription;
  readonly items: readonly LiveItem[];
  readonly source: 'resource-graph' | 'resource-manager';
  /** False when some resources may be missing (see `error`). */
  readonly complete: boolean;
  readonly error?: string;
  /** Nothing could be read. */
  readonly unread: boolean;
  readonly denied: boolean;
  readonly counts: Counts;
  readonly status: Status;
}

export interface CloudResult {
  readonly tenant: LiveTenant;
  readonly tenants: readonly LiveTenant[];
  readonly visible: readonly LiveSubscription[];
  readonly subscriptions: readonly SubscriptionResult[];
  readonly fallbackReason?: string;
  readonly counts: Counts;
  readonly status: Status;
}

export interface Group {
  /** The resource group's name or the region's location name (`''` for resources with neither). */
  readonly key: string;
  readonly label: string;
  /** The resource group itself, a resource whose location matters too. */
  readonly resource?: LiveItem;
  readonly items: readonly LiveItem[];
  readonly counts: Counts;
  readonly status: Status;
}

export function statusOf(findings: readonly Finding[]): Status {
  return worst(findings.map((f) => OF_SEVERITY[f.severity]));
}

export function worst(statuses: Iterable<Status>): Status {
  let out: Status = 'compliant';
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out;
}

export function countsOf(items: Iterable<LiveItem>): Counts {
  let violation = 0;
  let warning = 0;
  let compliant = 0;
  for (const i of items) {
    if (i.status === 'violation') violation++;
    else if (i.status === 'warning') warning++;
    else compliant++;
  }
  return { violation, warning, compliant };
}

function item(row: LiveResourceJson, findings: readonly Finding[]): LiveItem {
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || a.ruleId.localeCompare(b.ruleId));
  const resourceGroup = typeof row.resourceGroup === 'string' && row.resourceGroup ? row.resourceGroup : /\/resourcegroups\/([^/]+)/i.exec(row.id)?.[1];
  return {
    id: row.id,
    type: canonicalLiveType(row.id, row.type),
    name: liveResourceName(row.id) ?? (typeof row.name === 'string' ? row.name : row.id),
    location: typeof row.location === 'string' ? row.location : '',
    resourceGroup,
    findings: sorted,
    status: statusOf(sorted),
  };
}

/**
 * The view of a cloud read: `findingsOf` gives the findings of each resource row, in the order of
 * `load.subscriptions[].resources`.
 */
export function cloudResult(reading: { tenant: LiveTenant; tenants: readonly LiveTenant[]; visible: readonly LiveSubscription[]; load: LiveLoad }, findingsOf: (row: LiveResourceJson) => readonly Finding[]): CloudResult {
  const subscriptions = reading.load.subscriptions.map((s): SubscriptionResult => {
    const seen = new Set<string>();
    const items: LiveItem[] = [];
    for (const row of s.resources) {
      const key = row.id.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item(row, findingsOf(row)));
    }
    const counts = countsOf(items);
    return {
      subscription: s.subscription,
      items,
      source: s.source,
      complete: s.complete,
      error: s.error,
      unread: !!s.error && !s.resources.length && !s.complete,
      denied: !!s.denied,
      counts,
      status: worst(items.map((i) => i.status)),
    };
  });
  const all = subscriptions.flatMap((s) => s.items);
  return { tenant: reading.tenant, tenants: reading.tenants, visible: reading.visible, subscriptions, fallbackReason: reading.load.fallbackReason, counts: countsOf(all), status: worst(all.map((i) => i.status)) };
}

export function isResourceGroup(i: LiveItem): boolean {
  return i.type === RESOURCE_GROUP_TYPE;
}

/** A location's display name, as the region catalog names it (`East Asia`), or the name as Azure gave it. */
export function regionLabel(location: string): string {
  if (!location) return 'No location';
  return findRegion(location)?.displayName ?? location;
}

/**
 * A subscription's resources in groups: by resource group (the group's own resource heads it) or by region
 * (resource groups are resources of their region). With `violationsOnly`, only resources with a violation and the
 * groups that hold one.
 */
export function groupsOf(items: readonly LiveItem[], grouping: Grouping, violationsOnly: boolean): Group[] {
  const shown = (i: LiveItem) => !violationsOnly || i.status === 'violation';
  const groups = new Map<string, { label: string; resource?: LiveItem; items: LiveItem[] }>();
  const groupOf = (key: string, label: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label, items: [] }));
    return g;
  };
  for (const i of items) {
    if (grouping === 'region') {
      const key = i.location.toLowerCase().replace(/\s+/g, '');
      groupOf(key, regionLabel(i.location)).items.push(i);
    } else if (isResourceGroup(i)) {
      groupOf(i.name.toLowerCase(), i.name).resource = i;
    } else {
      const name = i.resourceGroup ?? '';
      groupOf(name.toLowerCase(), name || 'No resource group').items.push(i);
    }
  }
  const out: Group[] = [];
  for (const [key, g] of groups) {
    const all = g.resource ? [g.resource, ...g.items] : g.items;
    const status = worst(all.map((i) => i.status));
    if (violationsOnly && status !== 'violation') continue;
    out.push({ key, label: g.label, resource: g.resource, items: sortItems(g.items.filter(shown)), counts: countsOf(all), status });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

/** Most severe first, then by name. */
function sortItems(items: LiveItem[]): LiveItem[] {
  return items.sort((a, b) => RANK[b.status] - RANK[a.status] || a.name.localeCompare(b.name));
}

/** `3 violations · 1 warning · 496 compliant`; no violation or warning goes unsaid. */
export function describeCounts(c: Counts): string {
  const n = (k: number, one: string, many: string) => (k ? [`${k} ${k === 1 ? one : many}`] : []);
  return [...n(c.violation, 'violation', 'violations'), ...n(c.warning, 'warning', 'warnings'), `${c.compliant} compliant`].join(' · ');
}
