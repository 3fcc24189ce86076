/**
 * The key chain: from a resource's customer-managed-key reference to the disk encryption set, key and vault (or
 * managed HSM) declared in the workspace, so that a vault or key that falls short can name the resources whose
 * data it protects.
 *
 * A reference is followed when it is written as a value the files fix — a vault or managed HSM URI, a key
 * identifier, a resource ID, a key name next to a vault — or through a link the format adapter records for a
 * symbolic reference (`kv.properties.vaultUri` in Bicep, `reference(resourceId(…))` in ARM,
 * `azurerm_key_vault_key.k.id` in Terraform). A link counts when it is written inside one of the resource's key
 * reference properties, so a vault used for something else (a VM's certificates) is not mistaken for its key.
 */
import type { Resource, ResourceLinkKind } from '../../model/resource';
import { sameSpan, spanContains, spanKey, type Span } from '../../model/span';
import * as V from '../../model/value';
import { describeResource, describeResources } from '../describe';
import type { ResourceIndex } from '../rule';
import { keyReferences, referringTypes } from './requirements';
import { childrenOf, childrenOfAny, linked } from './relatives';
import { addTo } from '../../model/grouping';

const VAULTS = 'Microsoft.KeyVault/vaults';
const HSMS = 'Microsoft.KeyVault/managedHSMs';
const DES = 'microsoft.compute/diskencryptionsets';
const CHAIN_LINKS: readonly ResourceLinkKind[] = ['key', 'vault', 'disk-encryption-set'];

/** A resource whose data a vault, key or disk encryption set protects, and where it names it. */
export interface KeyUse {
  readonly consumer: Resource;
  readonly span: Span;
}

interface Target {
  readonly target: Resource;
  readonly span: Span;
}

/**
 * Targets, each (resource, use site) once: stores of the same name in several templates multiply the ways to reach
 * a key, and a chain that listed every way would grow with the cube of their number.
 */
class Targets {
  readonly list: Target[] = [];
  private readonly seen = new Map<Resource, Span[]>();

  add(target: Resource, span: Span): void {
    const spans = this.seen.get(target);
    if (!spans) this.seen.set(target, [span]);
    else if (spans.some((s) => sameSpan(s, span))) return;
    else spans.push(span);
    this.list.push({ target, span });
  }
}

/** `https://<vault>.vault.<suffix>/keys/<key>/<version>` or `https://<hsm>.managedhsm.<suffix>/…` (KB12, KB13). */
const KEY_STORE_URI = /^https:\/\/([a-z0-9-]+)\.(vault|managedhsm)\.[a-z0-9.-]+(?::\d+)?(?:\/keys\/([^/?#]+))?(?:[/?#].*)?$/i;
const KEY_NAME = /(^|\.)(keyname|encryptionkeyname|key\.name)$/i;

/** The declared resources of a type with a name (any of its possible names), through a table built once per index. */
function byName(index: ResourceIndex, type: string, name: string): readonly Resource[] {
  const table = index.derived(`by name: ${type.toLowerCase()}`, () => {
    const map = new Map<string, Resource[]>();
    for (const r of index.ofType(type)) {
      for (const n of new Set(V.strings(r.name).map((s) => s.value.toLowerCase()))) addTo(map, n, r);
    }
    return map;
  });
  return table.get(name.toLowerCase()) ?? [];
}

/**
 * Where a key store says its own address: a deployed vault's `properties.vaultUri`, a managed HSM's
 * `properties.hsmUri` (Key Vault REST API, "Vaults - Get" and "Managed Hsms - Get"). Templates leave them to Azure.
 */
const OWN_URI: Readonly<Record<string, string>> = { [VAULTS.toLowerCase()]: 'properties.vaultUri', [HSMS.toLowerCase()]: 'properties.hsmUri' };

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The key stores a key-store URI names: those of its name; of the stores that say their own address (deployed
 * ones), only those at the URI's host, so that a store of the same name in another cloud (`kv.vault.azure.net`
 * against `kv.vault.usgovcloudapi.net`) is not taken for it.
 */
function storesAt(index: ResourceIndex, type: string, name: string, uri: string): readonly Resource[] {
  const host = hostOf(uri);
  return byName(index, type, name).filter((store) => {
    const own = V.strings(V.lookup(store.body, OWN_URI[type.toLowerCase()]));
    return !own.length || own.some((u) => hostOf(u.value) === host);
  });
}

/** The resource an ARM resource ID names, when it is declared. */
function byResourceId(index: ResourceIndex, id: string): readonly Resource[] {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(id);
  if (!m) return [];
  const parts = m[2].split('/').filter(Boolean);
  if (parts.length < 2 || parts.length % 2) return [];
  const type = [m[1], ...parts.filter((_, i) => i % 2 === 0)].join('/');
  const name = parts.filter((_, i) => i % 2 === 1).join('/');
  return byName(index, type, name);
}

/** The vaults, keys and disk encryption sets one resource (with its key-holding children) names. */
function directTargets(resource: Resource, index: ResourceIndex): Target[] {
  const refs = keyReferences(resource.type);
  if (!refs) return [];
  const out = new Targets();
  const carriers: { carrier: Resource; paths: readonly string[] }[] = [{ carrier: resource, paths: refs.paths }];
  for (const c of refs.children) for (const child of childrenOf(resource, c.type, index)) carriers.push({ carrier: child, paths: c.paths });
  for (const target of linked(resource, index, ['encryption-config'])) carriers.push({ carrier: target, paths: refs.paths });

  const ownSpans: Span[] = [];
  for (const { carrier, paths } of carriers) {
    const vaults = new Targets();
    const keyNames: { name: string; span: Span }[] = [];
    for (const path of paths) {
      const value = V.lookup(carrier.body, path);
      if (carrier === resource) {
        for (const p of value.options) if (p.kind !== 'absent') ownSpans.push(p.origin, ...p.via);
        for (const u of value.unknowns) ownSpans.push(u.span, ...u.via);
      }
      for (const s of V.strings(value)) {
        const span = V.useSite(s);
        const uri = KEY_STORE_URI.exec(s.value);
        if (uri) {
          const stores = storesAt(index, uri[2].toLowerCase() === 'vault' ? VAULTS : HSMS, uri[1], s.value);
          for (const vault of stores) vaults.add(vault, span);
          if (uri[3]) keyNames.push({ name: uri[3], span });
        } else if (s.value.startsWith('/')) {
          for (const target of byResourceId(index, s.value)) {
            out.add(target, span);
            if (target.type.toLowerCase() === VAULTS.toLowerCase() || target.type.toLowerCase() === HSMS.toLowerCase()) vaults.add(target, span);
          }
        } else if (KEY_NAME.test(path)) keyNames.push({ name: s.value, span });
      }
    }
    const links = carrier.links.filter((l) => CHAIN_LINKS.includes(l.kind));
    for (const l of links) {
      const target = index.byKey(l.target);
      if (!target) continue;
      // A link written outside the key reference properties is some other use of the vault.
      if (carrier === resource && l.span && !ownSpans.some((s) => spanContains(s, l.span!))) continue;
      const span = l.span ?? carrier.declaration;
      out.add(target, span);
      if (l.kind === 'vault') vaults.add(target, span);
    }
    for (const { target: vault, span } of vaults.list) out.add(vault, span);
    if (keyNames.length) {
      const stores = [...new Set(vaults.list.map((v) => v.target))];
      const keys = [VAULTS, HSMS].flatMap((type) => childrenOfAny(stores.filter((s) => s.type.toLowerCase() === type.toLowerCase()), `${type}/keys`, index));
      for (const k of keyNames) for (const key of keys) if (keyNameIs(key, k.name)) out.add(key, k.span);
    }
  }
  return out.list;
}

function keyNameIs(key: Resource, name: string): boolean {
  return V.strings(key.name).some((s) => s.value.slice(s.value.lastIndexOf('/') + 1).toLowerCase() === name.toLowerCase());
}

/** Everything a resource's data depends on: a key leads to its vault, a disk encryption set to its key and vault. */
function chainOf(resource: Resource, index: ResourceIndex, seen: Set<string>): Target[] {
  if (seen.has(resource.key)) return [];
  seen.add(resource.key);
  const out = new Targets();
  const expanded = new Set<string>();
  for (const t of directTargets(resource, index)) {
    out.add(t.target, t.span);
    const type = t.target.type.toLowerCase();
    if (type === DES) for (const inner of chainOf(t.target, index, seen)) out.add(inner.target, t.span);
    if (type.endsWith('/keys')) {
      const { id, stores } = storesOf(t.target, index);
      const once = `${id}#${spanKey(t.span)}`;
      if (expanded.has(once)) continue;
      expanded.add(once);
      for (const store of stores) out.add(store, t.span);
    }
  }
  return out.list;
}

/**
 * The vaults or managed HSMs that hold a key: the one it links, else those its name (`store/key`) names. Keys that
 * name the same stores get the same `id`, so that a chain expands each set of stores once.
 */
function storesOf(key: Resource, index: ResourceIndex): { id: string; stores: readonly Resource[] } {
  const storeType = key.type.slice(0, key.type.lastIndexOf('/'));
  const parents = key.links.filter((l) => l.kind === 'parent' || l.kind === 'vault');
  if (parents.length) {
    const stores = parents.flatMap((l) => index.byKey(l.target) ?? []).filter((s) => s.type.toLowerCase() === storeType.toLowerCase());
    return { id: stores.map((s) => s.key).join('|'), stores };
  }
  const names = [...new Set(V.strings(key.name).flatMap((n) => (n.value.indexOf('/') > 0 ? [n.value.slice(0, n.value.indexOf('/')).toLowerCase()] : [])))];
  const stores = names.length === 1 ? byName(index, storeType, names[0]) : [...new Set(names.flatMap((n) => byName(index, storeType, n)))];
  return { id: `${storeType.toLowerCase()} named ${names.join('|')}`, stores };
}

/** For every vault, managed HSM, key and disk encryption set in the workspace: the resources that use it. */
export function keyUses(index: ResourceIndex): ReadonlyMap<string, readonly KeyUse[]> {
  return index.derived(keyUses, () => {
    const map = new Map<string, KeyUse[]>();
    for (const type of referringTypes()) {
      for (const consumer of index.ofType(type)) {
        if (consumer.existing) continue;
        const seen = new Set<string>();
        for (const t of chainOf(consumer, index, new Set())) {
          const key = `${t.target.key}|${spanKey(t.span)}`;
          if (seen.has(key) || t.target === consumer) continue;
          seen.add(key);
          const list = map.get(t.target.key) ?? [];
          list.push({ consumer, span: t.span });
          map.set(t.target.key, list);
        }
      }
    }
    return map;
  });
}

/** The resources whose data depends on a vault, key or disk encryption set, each once. */
export function consumersOf(target: Resource, index: ResourceIndex): KeyUse[] {
  const seen = new Set<string>();
  return (keyUses(index).get(target.key) ?? []).filter((u) => !seen.has(u.consumer.key) && !!seen.add(u.consumer.key));
}

/**
 * For findings on a vault, managed HSM or key: the resources whose data it protects, as related locations and a
 * sentence for the message.
 */
export function protectedData(stores: readonly Resource[], index: ResourceIndex): { related: { span: Span; message: string }[]; note: string } {
  const uses = stores.flatMap((s) => consumersOf(s, index));
  const consumers = [...new Map(uses.map((u) => [u.consumer.key, u.consumer])).values()];
  const related = uses.flatMap((u) => [
    { span: u.consumer.declaration, message: `${describeResource(u.consumer)} encrypts its data with a key held here` },
    { span: u.span, message: `${describeResource(u.consumer)} names the key here` },
  ]);
  if (!consumers.length) return { related, note: '' };
  return { related, note: ` It protects the data of ${describeResources(consumers)}.` };
}
