/**
 * One finding per offending literal (DESIGN, region semantics 4): the judged locations that share an origin
 * become a single finding anchored there, with every affected resource and every hop as related locations.
 */
import type { Fix, RelatedLocation } from '../../model/finding';
import { spanKey } from '../../model/span';
import { describeRegion } from '../../regions/catalog';
import { nearestAllowedRegions } from '../../regions/profiles';
import { describeResource } from '../describe';
import { placeKey } from '../own-place';
import { showScalar } from '../encryption/conditions';
import type { RuleContext } from '../rule';
import type { JudgedLocation } from './placements';

/**
 * Groups located possibilities by the literal that produced them (in a module a tool owns, by call too: `own-place.ts`),
 * keeping the order of first appearance.
 */
export function groupByOrigin(items: readonly JudgedLocation[]): JudgedLocation[][] {
  const groups = new Map<string, JudgedLocation[]>();
  for (const item of items) {
    const key = placeKey(item.possibility.origin, item.resource);
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
    case 'geo-copy': {
      const { setting, value, byDefault, primary } = item.role;
      const spelled = ctx.edits.spell(item.resource, setting.path, value);
      const why = byDefault ? `${spelled.name} is not set, so the default '${value}' applies` : `${spelled.name} is ${showScalar(spelled.value ?? value)}`;
      return `keeps a geo-redundant copy in '${item.name}', the pair of '${primary.name}' (${why})`;
    }
    case 'paired-copy':
      return `keeps a copy in '${item.name}', the pair of '${item.role.primary.name}' (${item.role.service.always})`;
    case 'cloud':
      return `is deployed to the ${item.role.cloud}, which its provider configuration's environment '${item.possibility.value}' names`;
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
  // A cloud stands for all its regions: the one that describes it is no other place to name.
  const names = [...new Set(group.filter((g) => g.role.kind !== 'cloud').map((g) => g.name))];
  const others = group[0].role.kind === 'cloud' ? names : names.slice(1);
  const first = `${describeResource(group[0].resource)} ${roleText(ctx, group[0])}${others.length ? ` (also ${others.map((o) => `'${o}'`).join(', ')})` : ''}`;
  return n === 1 ? first : `${first}, and ${n - 1} more resource${n === 2 ? '' : 's'}`;
}

/** Quick fixes that replace the literal with the nearest allowed regions, the nearest preferred. */
export function replaceRegionFixes(ctx: RuleContext, group: readonly JudgedLocation[]): Fix[] {
  const first = group[0];
  // The nearest allowed region to a copy's region, or to a cloud, is no region to move the resource to.
  if (!first.possibility.literal || (first.role.kind !== 'location' && first.role.kind !== 'replica')) return [];
  const fixes: Fix[] = [];
  for (const region of nearestAllowedRegions(first.name, ctx.policy)) {
    const edit = ctx.edits.replaceLiteral(first.possibility, region.name);
    if (edit) fixes.push({ title: `Replace '${first.possibility.value}' with '${region.name}' (${describeRegion(region)})`, edits: [edit], preferred: fixes.length === 0 });
  }
  return fixes;
}

/** For a geo-redundant copy: keep every copy in the primary region, by the value of the setting that does so. */
export function localCopyFixes(ctx: RuleContext, group: readonly JudgedLocation[]): Fix[] {
  const first = group[0];
  if (first.role.kind !== 'geo-copy') return [];
  const local = first.role.setting.geo[first.role.value.toLowerCase()];
  const spelled = ctx.edits.spell(first.resource, first.role.setting.path, local);
  const title = `Set ${spelled.name} to ${showScalar(spelled.value ?? local)} so that every copy stays in the primary region`;
  if (first.possibility.literal) {
    // A value of another kind where the file writes the setting (azurerm's `true` for 'Enabled') is written as the file spells it.
    const edit = spelled.value !== undefined && spelled.value !== null && ctx.edits.replaceLiteral(first.possibility, spelled.value);
    return edit ? [{ title, edits: [edit], preferred: true }] : [];
  }
  const since = first.role.setting.writableSince;
  if (since && first.resource.apiVersion && first.resource.apiVersion < since) return [];
  const also = Object.entries(first.role.setting.with ?? {}).map(([path, value]) => ({ path, value: { kind: 'scalar' as const, value } }));
  const edits = ctx.edits.configure(first.resource, { purpose: 'paired-region-copy', set: [...also, { path: first.role.setting.path, value: { kind: 'scalar', value: local } }] });
  return edits ? [{ title, edits, preferred: true }] : [];
}

/** Reports each group of judged locations as one finding. */
export function reportGroups(ctx: RuleContext, items: readonly JudgedLocation[], message: (group: JudgedLocation[]) => string, withFixes = true): void {
  for (const group of groupByOrigin(items)) {
    ctx.report({
      span: group[0].possibility.origin,
      message: message(group),
      related: relatedFor(ctx, group),
      fixes: withFixes ? () => [...replaceRegionFixes(ctx, group), ...localCopyFixes(ctx, group)] : [],
      resources: [...new Set(group.map((g) => g.resource.key))],
    });
  }
}
