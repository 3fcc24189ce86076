/**
 * One finding per offending literal (DESIGN, region semantics 4): the judged locations that share an origin
 * become a single finding anchored there, with every affected resource and every hop as related locations.
 */
import type { Fix, RelatedLocation } from '../../model/finding';
import { spanKey } from '../../model/span';
import { describeRegion } from '../../regions/catalog';
import { nearestAllowedRegions } from '../../regions/profiles';
import { describeResource } from '../describe';
import type { RuleContext } from '../rule';
import type { JudgedLocation } from './placements';

/** Groups located possibilities by the literal that produced them, keeping the order of first appearance. */
export function groupByOrigin(items: readonly JudgedLocation[]): JudgedLocation[][] {
  const groups = new Map<string, JudgedLocation[]>();
  for (const item of items) {
    const key = spanKey(item.possibility.origin);
    const g = groups.get(key);
    if (g) g.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** What a located possibility does to its resource, for related-location messages. */
function roleText(ctx: RuleContext, item: JudgedLocation): string {
  switch (item.role.kind) {
    case 'location':
      return `is deployed to '${item.name}'`;
    case 'replica':
      return `replicates data to '${item.name}' (${ctx.edits.spell(item.resource, item.role.path).name})`;
    case 'geo-copy':
      return `keeps a geo-redundant copy in '${item.name}', the pair of '${item.role.primary.name}' (SKU ${item.role.sku})`;
  }
}

/** The related locations of a group: each affected resource, the module calls that deploy it, each hop. */
function relatedFor(ctx: RuleContext, group: readonly JudgedLocation[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  const add = (span: RelatedLocation['span'], message: string) => {
    const key = spanKey(span);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ span, message });
  };
  add(group[0].possibility.origin, 'the value is written here');
  for (const item of group) add(item.resource.declaration, `${describeResource(item.resource)} ${roleText(ctx, item)}`);
  for (const item of group) for (const call of item.resource.via) add(call, `${describeResource(item.resource)} is deployed through this module or nested deployment`);
  for (const item of group) for (const hop of item.possibility.via) add(hop, 'the value reaches the resource through here');
  return out.slice(1);
}

/** What the group does, for messages: "Microsoft.Storage/storageAccounts 'sa' is deployed to 'eastasia' (and 2 more resources)". */
export function affected(ctx: RuleContext, group: readonly JudgedLocation[]): string {
  const n = new Set(group.map((g) => g.resource.key)).size;
  const others = [...new Set(group.map((g) => g.name))].slice(1);
  const first = `${describeResource(group[0].resource)} ${roleText(ctx, group[0])}${others.length ? ` (also ${others.map((o) => `'${o}'`).join(', ')})` : ''}`;
  return n === 1 ? first : `${first}, and ${n - 1} more resource${n === 2 ? '' : 's'}`;
}

/** Quick fixes that replace the literal with the nearest allowed regions, the nearest preferred. */
export function replaceRegionFixes(ctx: RuleContext, group: readonly JudgedLocation[]): Fix[] {
  const first = group[0];
  if (!first.possibility.literal || first.role.kind === 'geo-copy') return [];
  const fixes: Fix[] = [];
  for (const region of nearestAllowedRegions(first.name, ctx.policy)) {
    const edit = ctx.edits.replaceLiteral(first.possibility, region.name);
    if (edit) fixes.push({ title: `Replace '${first.possibility.value}' with '${region.name}' (${describeRegion(region)})`, edits: [edit], preferred: fixes.length === 0 });
  }
  return fixes;
}

/** Geo-redundant storage SKUs and the same-region SKU that keeps the data's redundancy within the region. */
const LOCAL_SKU: Record<string, string> = {
  standard_grs: 'Standard_LRS',
  standard_ragrs: 'Standard_LRS',
  standard_gzrs: 'Standard_ZRS',
  standard_ragzrs: 'Standard_ZRS',
};

/** For a geo-redundant copy: keep the copies in the primary region by choosing a locally redundant SKU. */
export function localSkuFixes(ctx: RuleContext, group: readonly JudgedLocation[]): Fix[] {
  const first = group[0];
  if (first.role.kind !== 'geo-copy' || !first.possibility.literal) return [];
  const sku = LOCAL_SKU[first.role.sku.toLowerCase()];
  const edit = sku && ctx.edits.replaceLiteral(first.possibility, sku);
  return edit ? [{ title: `Use '${sku}' so that every copy stays in the primary region`, edits: [edit], preferred: true }] : [];
}

/** Reports each group of judged locations as one finding. */
export function reportGroups(ctx: RuleContext, items: readonly JudgedLocation[], message: (group: JudgedLocation[]) => string, withFixes = true): void {
  for (const group of groupByOrigin(items)) {
    ctx.report({
      span: group[0].possibility.origin,
      message: message(group),
      related: relatedFor(ctx, group),
      fixes: withFixes ? () => [...replaceRegionFixes(ctx, group), ...localSkuFixes(ctx, group)] : [],
      resources: [...new Set(group.map((g) => g.resource.key))],
    });
  }
}
