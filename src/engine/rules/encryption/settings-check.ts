/**
 * The check shared by the rules that demand one setting per condition — the TLS floor, HTTPS only,
 * infrastructure encryption, key-vault protection, HSM-backed keys.
 *
 * Each failing possibility is anchored where the user must change the text (DESIGN, rule ids): a written weak
 * value at its literal (a parameter default, an allowed value, a module argument), with every resource it
 * affects as a related location; a setting the resource leaves out (or a provider default the adapter records
 * at the declaration) at the resource's declaration. The fix replaces the literal, or sets the property on the
 * resource through the format adapter.
 */
import type { ChangePurpose, SettingAssignment } from '../../model/change';
import type { Fix, RelatedLocation, TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import { spanKey, type Span } from '../../model/span';
import type { Scalar } from '../../model/value';
import { describeResource, describeResources } from '../describe';
import { placeKey } from '../own-place';
import type { RuleContext } from '../rule';
import { mayHaveCmk } from './cmk-check';
import { failureText, judge, showScalar, takesDefault, type Failure } from './conditions';
import { checkGate } from './relatives';
import { settingRequirementsFor, type SettingRequirement, type SettingRuleId } from './requirements';

export interface SettingRuleSpec {
  readonly rule: SettingRuleId;
  readonly purpose: ChangePurpose;
  /** What a failing setting allows, as a sentence without a subject: "TLS versions below 1.2 are accepted". */
  readonly problem: string;
  /** More to say about the affected resources: the resources whose keys a vault holds. */
  readonly context?: (resources: readonly Resource[], ctx: RuleContext) => { readonly related: readonly RelatedLocation[]; readonly note: string };
}

interface Item {
  readonly resource: Resource;
  readonly req: SettingRequirement;
  readonly failure: Failure;
}

function valueOf(item: Item): Exclude<SettingRequirement['fix'], null> {
  const f = item.failure;
  const current = f.kind === 'value' && f.possibility.kind === 'scalar' ? String(f.possibility.value).toLowerCase() : undefined;
  return (current !== undefined && item.req.fixFor?.[current]) || item.req.fix;
}

/** The failing settings of the unit's resources, grouped by the place each is anchored. */
function collect(ctx: RuleContext, rule: SettingRuleId): Map<string, { anchor: Span; items: Item[] }> {
  const groups = new Map<string, { anchor: Span; items: Item[] }>();
  for (const resource of ctx.resources) {
    if (resource.existing) continue;
    for (const req of settingRequirementsFor(resource.type, rule)) {
      if (req.gate && !checkGate(resource, req.gate).mayPass) continue;
      if (req.withCmk && !mayHaveCmk(resource, ctx.index)) continue;
      for (const failure of judge(resource, req.condition).failures) {
        const anchor = failure.kind === 'absent' ? resource.declaration : failure.possibility.origin;
        const key = placeKey(anchor, resource);
        const group = groups.get(key) ?? { anchor, items: [] };
        group.items.push({ resource, req, failure });
        groups.set(key, group);
      }
    }
  }
  return groups;
}

/** Whether a written value is one the fix's value can replace: the same kind, or a string that spells one. */
function sameKind(written: Scalar, value: Scalar): boolean {
  if (written === null || typeof written === typeof value) return true;
  if (typeof written !== 'string') return false;
  if (typeof value === 'boolean') return /^(true|false)$/i.test(written);
  if (typeof value === 'number') return /^-?\d+(\.\d+)?$/.test(written);
  return false;
}

/** One fix for a group: replace each weak literal, set each missing or computed property on its resource. */
function fixFor(ctx: RuleContext, spec: SettingRuleSpec, items: readonly Item[]): Fix[] {
  const edits: TextEdit[] = [];
  const replaced = new Set<string>();
  const configure = new Map<string, { resource: Resource; set: SettingAssignment[] }>();
  const titles = new Set<string>();
  for (const item of items) {
    const value = valueOf(item);
    const path = item.req.condition.path;
    // The title and a replaced literal say the value as the file writes it (azurerm `true` for ARM `'Enabled'`).
    const spelled = ctx.edits.spell(item.resource, path, value);
    const f = item.failure;
    if (f.kind === 'value' && f.possibility.kind === 'scalar' && f.possibility.literal) {
      const key = spanKey(f.possibility.origin);
      if (replaced.has(key)) continue;
      replaced.add(key);
      const written = spelled.value;
      // A value of another kind (a stray string where a switch belongs, as in text being typed) is not understood.
      if (written === undefined || written === null || !sameKind(f.possibility.value, written)) return [];
      titles.add(`replace ${showScalar(f.possibility.value)} with ${showScalar(written)} (${spelled.name})`);
      const edit = ctx.edits.replaceLiteral(f.possibility, written);
      if (!edit) return [];
      edits.push(edit);
      continue;
    }
    titles.add(`set ${spelled.name} to ${showScalar(spelled.value ?? value)}`);
    const key = spanKey(item.resource.declaration);
    const entry = configure.get(key) ?? { resource: item.resource, set: [] };
    if (!entry.set.some((a) => a.path === item.req.condition.path)) entry.set.push({ path: item.req.condition.path, value: { kind: 'scalar', value } });
    configure.set(key, entry);
  }
  for (const { resource, set } of configure.values()) {
    const more = ctx.edits.configure(resource, { purpose: spec.purpose, set });
    if (!more) return [];
    edits.push(...more);
  }
  const title = [...titles].join(' and ');
  return edits.length ? [{ title: title.charAt(0).toUpperCase() + title.slice(1), edits, preferred: true }] : [];
}

function details(ctx: RuleContext, items: readonly Item[]): string {
  const parts = new Set<string>();
  for (const i of items) {
    parts.add(failureText(ctx.edits.spell, i.resource, i.req.condition.path, i.failure, takesDefault(i.failure) ? ', so the service default applies' : ''));
  }
  return [...parts].join('; ');
}

function relatedFor(anchor: Span, items: readonly Item[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set([spanKey(anchor)]);
  const add = (span: Span, message: string) => {
    if (seen.has(spanKey(span))) return;
    seen.add(spanKey(span));
    out.push({ span, message });
  };
  for (const { resource } of items) add(resource.declaration, `${describeResource(resource)} has this setting`);
  for (const { resource } of items) for (const call of resource.via) add(call, `${describeResource(resource)} is deployed through this module or nested deployment`);
  for (const { failure } of items) for (const hop of failure.kind === 'absent' ? [] : failure.possibility.via) add(hop, 'the value reaches the resource through here');
  return out;
}

export function checkSettings(ctx: RuleContext, spec: SettingRuleSpec): void {
  for (const { anchor, items } of collect(ctx, spec.rule).values()) {
    const resources = [...new Map(items.map((i) => [i.resource.key, i.resource])).values()];
    const extra = spec.context?.(resources, ctx);
    ctx.report({
      span: anchor,
      message: `${describeResources(items.map((i) => i.resource))}: ${spec.problem} (${details(ctx, items)}).${extra?.note ?? ''}`,
      related: [...relatedFor(anchor, items), ...(extra?.related ?? [])],
      fixes: () => fixFor(ctx, spec, items),
      resources: resources.map((r) => r.key),
    });
  }
}
