/**
 * Where a resource puts data (DESIGN, region semantics 1): its `location`, and every place it replicates to —
 * Cosmos DB's `locations[].locationName`, the secondary of a Redis cache's geo-replication link, a partner named by
 * ID (a failover group's partner server, an object replication's destination account: where the files do not deploy
 * it, undetermined), and the paired region that holds the copy a setting keeps there (`paired-copies.ts`: a
 * geo-redundant storage SKU, geo-redundant backups). The four region rules share this reading and differ only in the
 * verdicts they report.
 */
import locationlessData from '../../../../data/locationless-types.json';
import type { Resource } from '../../model/resource';
import { spanContains, type Span } from '../../model/span';
import * as V from '../../model/value';
import type { ScalarPossibility, Unknown, Value } from '../../model/value';
import { ALL_REGIONS, cloudName, findRegion, pairedRegion, type CloudId, type RegionInfo } from '../../regions/catalog';
import { judgeRegion, type RegionPolicy, type RegionVerdict } from '../../regions/profiles';
import { CHILD_SETTING_TYPES, pairedCopies, pairedCopyRules, type PairedCopyService, type PairedCopySetting } from './paired-copies';
import { describeResource } from '../describe';

/** One location name a resource may place data in, with the literal that decides it. */
export interface JudgedLocation {
  readonly resource: Resource;
  /** The literal to change: the location itself, or the setting that keeps a geo-redundant copy (the declaration, where a default keeps it). */
  readonly possibility: ScalarPossibility;
  /** The location name judged (for a geo-redundant copy: the paired region). */
  readonly name: string;
  readonly verdict: RegionVerdict;
  readonly role: Role;
}

export type Role =
  | { readonly kind: 'location' }
  | { readonly kind: 'replica'; readonly path: string }
  /** the paired region of `primary`, where a setting (or its default, `byDefault`) keeps a copy */
  | { readonly kind: 'geo-copy'; readonly primary: RegionInfo; readonly setting: PairedCopySetting; readonly value: string; readonly byDefault: boolean }
  /** the paired region of `primary`, where the service copies every resource of the type (anchored at the location) */
  | { readonly kind: 'paired-copy'; readonly primary: RegionInfo; readonly service: PairedCopyService }
  /** a cloud whose every region is proscribed, named by the deployment's configuration (a Terraform provider's `environment`) */
  | { readonly kind: 'cloud'; readonly cloud: string };

/** A location a resource's files leave undetermined. */
export interface UnresolvedLocation {
  readonly resource: Resource;
  readonly unknown: Unknown;
  readonly path: string;
}

export interface Placements {
  readonly judged: JudgedLocation[];
  readonly unresolved: UnresolvedLocation[];
}

/** Properties that list further regions a resource's data lives in, by ARM type (lower case). */
export const REPLICA_PATHS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.documentdb/databaseaccounts': ['properties.locations[*].locationName'],
  // A geo-replication link: the linked cache, which holds a copy of the parent's data, is at "Location of the linked
  // redis cache" (azure-rest-api-specs redis stable/2024-11-01/redis.json, RedisLinkedServerCreateProperties).
  'microsoft.cache/redis/linkedservers': ['properties.linkedRedisCacheLocation'],
  // A managed instance failover group replicates to its partner instance's region (azure-rest-api-specs sql
  // stable/2021-11-01/InstanceFailoverGroups.json, `PartnerRegionInfo`). azurerm's failover group names the partner
  // instance instead, which the files declare with its own location.
  'microsoft.sql/locations/instancefailovergroups': ['properties.partnerRegions[*].location'],
  // A deployed failover group reports each partner server's region ("Geo location of the partner server", read-only
  // in FailoverGroups.json `PartnerInfo`); templates write only the partner's ID (`PARTNER_PATHS`).
  'microsoft.sql/servers/failovergroups': ['properties.partnerServers[*].location'],
  // Geo-replication of a Premium namespace's data to secondary regions (azure-rest-api-specs servicebus and eventhub
  // stable/2024-01-01, examples SBNameSpaceCreate.json and NamespaceWithGeoDRCreate.json, `geoDataReplication`).
  'microsoft.servicebus/namespaces': ['properties.geoDataReplication.locations[*].locationName'],
  'microsoft.eventhub/namespaces': ['properties.geoDataReplication.locations[*].locationName'],
};

interface PartnerPath {
  readonly path: string;
  /** The partner's ARM type (lower case). */
  readonly type: string;
  /** A setting that, where written, gives the partner's region itself. */
  readonly unlessWritten?: string;
  /** Whether the partner may be given by its bare name. */
  readonly byName?: boolean;
}

/**
 * Replication partners a resource names by ID (or name), by ARM type (lower case): the data is copied to the
 * partner's region, which the partner's own declaration gives where the files deploy it. A partner they do not deploy
 * (an ID from a parameter, an existing resource, a data source, a literal ID) leaves that region undetermined.
 */
const PARTNER_PATHS: Readonly<Record<string, PartnerPath>> = {
  // The failover group keeps a readable secondary of its databases on each partner server (azure-rest-api-specs sql
  // stable/2021-11-01/FailoverGroups.json, `partnerServers`: "List of partner server information"; azurerm
  // `partner_server.id`, `partner_servers.id` in 3.x).
  'microsoft.sql/servers/failovergroups': { path: 'properties.partnerServers[*].id', type: 'microsoft.sql/servers', unlessWritten: 'properties.partnerServers[*].location' },
  // ARM also writes the partner's region (`partnerRegions`, required, judged as a replica); azurerm writes only the
  // partner instance (`partner_managed_instance_id`). Where the region is written (or read from Azure), it decides.
  'microsoft.sql/locations/instancefailovergroups': {
    path: 'properties.managedInstancePairs[*].partnerManagedInstanceId',
    type: 'microsoft.sql/managedinstances',
    unlessWritten: 'properties.partnerRegions',
  },
  // Object replication copies block blobs to the destination account (azure-rest-api-specs storage
  // ObjectReplicationPolicyProperties `destinationAccount`: its name, or its full resource ID where cross-tenant
  // replication is not allowed; azurerm `destination_storage_account_id`).
  'microsoft.storage/storageaccounts/objectreplicationpolicies': { path: 'properties.destinationAccount', type: 'microsoft.storage/storageaccounts', byName: true },
};

/**
 * Types whose model has no location (`data/locationless-types.json`): they place no data in a region of their own,
 * so a location written on one, or a body the files do not determine (an azapi lock built by another module), is
 * not judged.
 */
const LOCATIONLESS = new Map(
  Object.entries(locationlessData.types as Record<string, { readonly apiVersionsWithLocation?: readonly string[] }>).map(([type, entry]) => [type.toLowerCase(), entry]),
);
/** The same top-level types by their last segment, as older ARM templates nest them (`Microsoft.Web/sites/providers/locks`). */
const NESTED_EXTENSIONS = new Map([...LOCATIONLESS].filter(([t]) => t.split('/').length === 2).map(([t, entry]) => [t.slice(t.indexOf('/') + 1), entry]));

function hasNoLocation(resource: Resource): boolean {
  const t = resource.type.toLowerCase();
  const nested = /\/providers\/([^/]+)$/.exec(t);
  const entry = LOCATIONLESS.get(t) ?? (nested ? NESTED_EXTENSIONS.get(nested[1]) : undefined);
  return !!entry && !(resource.apiVersion && entry.apiVersionsWithLocation?.includes(resource.apiVersion));
}

/**
 * The last list read. The region rules run one after another on a unit's resources and their drafts are kept, so
 * one entry serves them all; keeping every unit's placements would only hold memory through a workspace scan.
 */
let last: { readonly resources: readonly Resource[]; readonly policy: RegionPolicy; readonly placements: Placements } | undefined;

/** The judged and unresolved locations of every deployed resource (memoised for the last resource list and policy). */
export function placementsOf(resources: readonly Resource[], policy: RegionPolicy): Placements {
  if (last?.resources === resources && last.policy === policy) return last.placements;
  const placements: Placements = { judged: [], unresolved: [] };
  let parents: ParentLookup | undefined;
  let deployed: Deployed | undefined;
  let childSet: ReadonlySet<string> | undefined;
  for (const r of resources) {
    if (r.existing) continue;
    const copyRules = pairedCopyRules(r.type);
    const mayBeSetByChild = copyRules.some((s) => 'childSetting' in s && s.childSetting);
    collect(r, policy, placements, mayBeSetByChild && (childSet ??= settingChildren(resources, (parents ??= new ParentLookup(resources)))).has(r.key));
    const partner = PARTNER_PATHS[r.type.toLowerCase()];
    if (partner) undeployedPartners(r, partner, (deployed ??= new Deployed(resources)), (parents ??= new ParentLookup(resources)).of(r), placements);
    if (r.cloud && !hasNoLocation(r)) judgeCloud(r, r.cloud, policy, placements);
    if (!copyRules.length || V.isPresent(V.lookup(r.body, 'location'))) continue;
    // A child that takes its parent's location (an azurerm SQL database, in its server's) keeps its copies in that
    // location's pair, read from the parent each time, so that an edit of the parent alone is seen. It is in any
    // region of its parents (a module instance for each server, a location a condition or an input chooses), each
    // region's pair judged. A repeated parent (`for_each`) in several regions does not say which instance is this
    // child's (the evaluator reads `server["us"]` as any of them): that is said, rather than judging another's pair.
    const located: Value[] = [];
    for (const p of (parents ??= new ParentLookup(resources)).of(r)) {
      const location = V.lookup(p.body, 'location');
      const regions = new Set(regionNames(location).map((n) => findRegion(n.value)?.name ?? n.value.toLowerCase()));
      if (!p.repeated || regions.size <= 1) located.push(location);
      else if (keepsCopies(r)) {
        const reason = `it is on an instance of ${describeResource(p)}, whose instances are in ${[...regions].join(', ')}, and which one it is on is not known, so neither is the pair where it keeps its copies`;
        const span = r.links.find((l) => l.kind === 'parent' && l.target === p.key)?.span ?? r.declaration;
        placements.unresolved.push({ resource: r, unknown: { reason, span, via: [] }, path: 'location' });
      }
    }
    if (located.length) geoCopies(r, r.body, V.union(...located), policy, placements);
  }
  last = { resources, policy, placements };
  return placements;
}

/**
 * The parents of a child resource: the ones it links to (`parent:`, nesting, an azurerm parent argument), else the one
 * of the parent type whose name its full name starts with, as ARM templates declare children at the top level
 * (`vault/vaultstorageconfig`).
 */
class ParentLookup {
  private byKey: Map<string, Resource> | undefined;
  private byTypeAndName: Map<string, Resource> | undefined;

  constructor(private readonly resources: readonly Resource[]) {}

  of(child: Resource): Resource[] {
    const links = child.links.filter((l) => l.kind === 'parent');
    if (links.length) {
      this.byKey ??= new Map(this.resources.map((r) => [r.key, r]));
      return links.flatMap((l) => this.byKey!.get(l.target) ?? []);
    }
    const type = child.type.toLowerCase();
    if (!type.includes('/', type.indexOf('/') + 1)) return [];
    const names = V.strings(child.name);
    const name = names.length === 1 ? names[0].value.toLowerCase() : '';
    if (!name.includes('/')) return [];
    // Names are evaluated when first read (messages read them): only a child without a link reads every one.
    this.byTypeAndName ??= new Map(this.resources.flatMap((r) => {
      const own = V.strings(r.name);
      return own.length === 1 ? [[`${r.type.toLowerCase()}|${own[0].value.toLowerCase()}`, r] as const] : [];
    }));
    const parent = this.byTypeAndName.get(`${type.slice(0, type.lastIndexOf('/'))}|${name.slice(0, name.lastIndexOf('/'))}`);
    return parent ? [parent] : [];
  }
}

/** The keys of the resources with a deployed child that writes a paired-copy setting in their place (a vault's `backupstorageconfig`). */
function settingChildren(resources: readonly Resource[], parents: ParentLookup): ReadonlySet<string> {
  const out = new Set<string>();
  for (const r of resources) {
    if (!r.existing && CHILD_SETTING_TYPES.has(r.type.toLowerCase())) for (const p of parents.of(r)) out.add(p.key);
  }
  return out;
}

/** The resources a unit deploys, by key and by type and name, for telling which IDs name one of them. */
class Deployed {
  private readonly byKey = new Map<string, Resource>();
  private readonly names = new Set<string>();

  constructor(resources: readonly Resource[]) {
    for (const r of resources) {
      this.byKey.set(r.key, r);
      if (!r.existing) for (const n of V.strings(r.name)) this.names.add(`${r.type.toLowerCase()}|${n.value.toLowerCase()}`);
    }
  }

  /**
   * Whether the resource of this key is of the type and deployed: declared so, or an `existing` one that names one
   * that is, by a name written out or read from it (`dst.name` passed to a module that declares it `existing`).
   */
  has(key: string | undefined, type: string): boolean {
    const r = key === undefined ? undefined : this.byKey.get(key);
    if (!r || r.type.toLowerCase() !== type) return false;
    if (!r.existing) return true;
    // Every name it may have, as for an ID: an existing declaration of either `a` or an outside server is no gap only if both are deployed.
    const written = V.strings(r.name);
    if (written.length && !r.name.unknowns.length && written.every((n) => this.names.has(`${type}|${n.value.toLowerCase()}`))) return true;
    const read = r.name.unknowns.map((u) => (u.resource === undefined ? undefined : this.byKey.get(u.resource)));
    return !r.name.options.length && read.length > 0 && read.every((t) => !!t && !t.existing && t.type.toLowerCase() === type);
  }

  /**
   * Whether a resource ID written out (or, `byName`, a bare name) names a resource of the type that the unit deploys
   * (by its name: the files do not say its subscription).
   */
  named(id: string, partner: PartnerPath): boolean {
    const name = nameIn(id, partner);
    return name !== undefined && this.names.has(`${partner.type}|${name}`);
  }

  /** The names an ID Azure computes (`resourceId(type, name)`) may have that name no resource of the type the unit deploys. */
  notNamed(id: NonNullable<Unknown['id']>, type: string): readonly string[] {
    return id.names.filter((n) => !this.names.has(`${type}|${n.toLowerCase()}`));
  }
}

/** The name (lower case) a partner ID written out gives, if it is one of the partner's type. */
function nameIn(id: string, partner: PartnerPath): string | undefined {
  if (!id.includes('/')) return partner.byName ? id.toLowerCase() : undefined;
  const m = /\/providers\/([^/]+\/[^/]+)\/([^/]+)\/?$/i.exec(id);
  return m && m[1].toLowerCase() === partner.type ? m[2].toLowerCase() : undefined;
}

/**
 * A partner the unit does not deploy, as an undetermined place: the partner ID's unknowns that name no resource of
 * the unit (directly, or through a reference the adapter linked), and IDs written out that name none. A partner that
 * is the resource's own parent (a replication policy on its destination account) is where the resource is, whatever
 * the files say of it.
 */
function undeployedPartners(resource: Resource, partner: PartnerPath, deployed: Deployed, parents: readonly Resource[], out: Placements): void {
  if (partner.unlessWritten && V.isPresent(V.lookup(resource.body, partner.unlessWritten))) return;
  const value = V.lookup(resource.body, partner.path);
  const parentKeys = new Set(parents.map((p) => p.key));
  const parentNames = new Set(parents.flatMap((p) => V.strings(p.name).map((n) => n.value.toLowerCase())));
  const known = (key: string | undefined) => (key !== undefined && parentKeys.has(key)) || deployed.has(key, partner.type);
  const linked = resource.links.flatMap((l) => (l.kind === 'replication-partner' && l.span && known(l.target) ? [l.span] : []));
  // A link is where the resource writes the reference (Bicep: the symbol inside `secondary.id`; ARM: the whole
  // `resourceId(…)`, or the variable that holds it), the ID's gap is at the expression: either may hold the other.
  const refersToLinked = (spans: readonly Span[]) => linked.some((l) => spans.some((s) => spanContains(s, l) || spanContains(l, s)));
  const parentId = (u: Unknown) => !!u.id && u.id.type.toLowerCase() === partner.type && u.id.names.every((n) => parentNames.has(n.toLowerCase()));
  const notDeployed = (partners: readonly string[]) =>
    `the partner ${partners.map((p) => `'${p}'`).join(' or ')} is not deployed by these files, so the region it copies the data to is not in them`;
  for (const u of value.unknowns) {
    const computed = u.id && u.id.type.toLowerCase() === partner.type ? deployed.notNamed(u.id, partner.type) : undefined;
    if (known(u.resource) || computed?.length === 0 || parentId(u) || refersToLinked([u.span, ...u.via])) continue;
    // The gap is an ID, not a region: no region list belongs on the input that leaves it open.
    out.unresolved.push({ resource, unknown: { reason: computed ? notDeployed(computed) : u.reason, span: u.span, via: u.via }, path: partner.path });
  }
  for (const p of V.strings(value)) {
    const name = nameIn(p.value, partner);
    if (p.value.trim() === '' || (name !== undefined && parentNames.has(name)) || deployed.named(p.value, partner) || refersToLinked([p.origin, ...p.via])) continue;
    out.unresolved.push({ resource, unknown: { reason: notDeployed([p.value]), span: p.origin, via: p.via }, path: partner.path });
  }
}

/**
 * The placements of each original of a moved body, for the last policy, without their resource: an edit moves the
 * untouched resources of a Terraform module, and their placements are those of the originals, moved. Only moved
 * bodies' originals are kept, so a workspace scan keeps none.
 */
const ORIGINALS = new WeakMap<
  Value,
  {
    readonly policy: RegionPolicy;
    readonly childSet: boolean;
    readonly judged: readonly Omit<JudgedLocation, 'resource'>[];
    readonly unresolved: readonly Omit<UnresolvedLocation, 'resource'>[];
  }
>();

function collect(resource: Resource, policy: RegionPolicy, out: Placements, childSet: boolean): void {
  const moved = V.movedFrom(resource.body);
  // A moved body whose resource's declaration before the move is not known is worked out as it is.
  if (!moved?.declaration) return collectBody(resource, resource.body, policy, out, childSet);
  let memo = ORIGINALS.get(moved.original);
  if (memo?.policy !== policy || memo.childSet !== childSet) {
    const found: Placements = { judged: [], unresolved: [] };
    collectBody(resource, moved.original, policy, found, childSet, moved.declaration);
    const judged = found.judged.map(({ resource: _resource, ...j }) => j);
    const unresolved = found.unresolved.map(({ resource: _resource, ...u }) => u);
    ORIGINALS.set(moved.original, (memo = { policy, childSet, judged, unresolved }));
  }
  for (const j of memo.judged) out.judged.push(new MovedLocation(resource, j, moved.move));
  for (const u of memo.unresolved) out.unresolved.push({ resource, unknown: moved.move.unknown(u.unknown), path: u.path });
}

/**
 * A judged location of a moved body, whose literal is moved when first read: the rules read the literals of the
 * locations they report only, and most locations are allowed.
 */
class MovedLocation implements JudgedLocation {
  readonly name: string;
  readonly verdict: RegionVerdict;
  readonly role: Role;
  #possibility: ScalarPossibility | undefined;

  constructor(
    readonly resource: Resource,
    private readonly original: Omit<JudgedLocation, 'resource'>,
    private readonly move: V.Move,
  ) {
    this.name = original.name;
    this.verdict = original.verdict;
    this.role = original.role;
  }

  get possibility(): ScalarPossibility {
    return (this.#possibility ??= this.move.possibility(this.original.possibility));
  }
}

/** The placements of a resource with this body (its own, or the original of its moved one). */
function collectBody(resource: Resource, body: Value, policy: RegionPolicy, out: Placements, childSet: boolean, declaration = resource.declaration): void {
  const located = !hasNoLocation(resource);
  const location = V.lookup(body, 'location');
  if (located) {
    judge(resource, location, { kind: 'location' }, policy, out, 'location');
    writtenButEmpty(resource, body, location, out);
  }
  // A replication target is a place even on a type without a location of its own (a Redis link, whose model has
  // none: its parent cache holds the primary's).
  for (const path of REPLICA_PATHS[resource.type.toLowerCase()] ?? []) {
    judge(resource, V.lookup(body, path), { kind: 'replica', path }, policy, out, path);
  }
  if (located) geoCopies(resource, body, location, policy, out, childSet, declaration);
}

/** Clouds by the name a Terraform provider's `environment` gives them (azurerm and azapi documentation). */
const ENVIRONMENTS: Readonly<Record<string, CloudId>> = { public: 'AzureCloud', usgovernment: 'AzureUSGovernment', german: 'AzureGermanCloud', china: 'AzureChinaCloud' };

/** A cloud whose regions are all proscribed, with one of them to describe it by. */
const PROSCRIBED_CLOUDS = new Map(
  Object.values(ENVIRONMENTS).flatMap((cloud) => {
    const regions = ALL_REGIONS.filter((r) => r.cloud === cloud);
    return regions.length && regions.every((r) => r.proscribed) ? [[cloud, regions[0]] as const] : [];
  }),
);

/**
 * A resource deployed to a cloud every region of which is proscribed (the China cloud) is reported at the text that
 * names the cloud, wherever its location points: it can only be one of that cloud's regions.
 */
function judgeCloud(resource: Resource, cloud: Value, policy: RegionPolicy, out: Placements): void {
  for (const p of V.strings(cloud)) {
    const id = ENVIRONMENTS[p.value.toLowerCase()];
    const region = id && PROSCRIBED_CLOUDS.get(id);
    if (region) out.judged.push({ resource, possibility: p, name: region.name, verdict: judgeRegion(region.name, policy), role: { kind: 'cloud', cloud: cloudName(region) } });
  }
}

/**
 * The names a location may be, without the empty string: Azure refuses an empty location, so it places no data (the
 * `x != '' ? x : default` guard, a parameter file's `""` placeholder); where it is all there is, the location is
 * undetermined.
 */
function regionNames(value: Value): (ScalarPossibility & { value: string })[] {
  return V.strings(value).filter((p) => p.value.trim() !== '');
}

function judge(resource: Resource, value: Value, role: Role, policy: RegionPolicy, out: Placements, path: string): void {
  for (const p of regionNames(value)) {
    out.judged.push({ resource, possibility: p, name: p.value, verdict: judgeRegion(p.value, policy), role });
  }
  for (const u of value.unknowns) out.unresolved.push({ resource, unknown: u, path });
}

/**
 * A `location` that is written but yields no region at all: a property or element that does not exist
 * (`variables('m').nope`, `subscription().location`, Terraform's `each.value.location` over a `for_each` whose
 * collection the files leave empty), `null`, or a value of another kind. Azure would refuse the
 * deployment, but the files do not say where the data goes, so the location is reported as undetermined, at the
 * `location` the resource writes.
 */
function writtenButEmpty(resource: Resource, body: Value, location: Value, out: Placements): void {
  if (location.unknowns.length || regionNames(location).length) return;
  for (const option of body.options) {
    const written = option.kind === 'object' ? option.props.get('location') : undefined;
    if (!written) continue;
    const reason = 'the files give this location no value (it names a property or element they do not define, such as an element of a collection they leave empty, or is null or empty)';
    out.unresolved.push({ resource, unknown: { reason, span: written.nameSpan, via: [] }, path: 'location' });
    return;
  }
}

/** Whether a resource keeps a copy in its region's pair: by a setting it writes or leaves at its default, or always. */
function keepsCopies(resource: Resource): boolean {
  return pairedCopyRules(resource.type).some((rule) => 'always' in rule) || pairedCopies(resource, resource.body).length > 0;
}

function geoCopies(resource: Resource, body: Value, location: Value, policy: RegionPolicy, out: Placements, childSet = false, declaration = resource.declaration): void {
  const rules = pairedCopyRules(resource.type);
  if (!rules.length) return;
  const copies = pairedCopies(resource, body, childSet, declaration);
  const services = rules.filter((r): r is PairedCopyService => 'always' in r);
  if (!copies.length && !services.length) return;
  const seen = new Set<string>();
  for (const loc of regionNames(location)) {
    const primary = findRegion(loc.value);
    const paired = primary && pairedRegion(primary);
    if (!primary || !paired) continue;
    // A setting's copy is one per region, however many of the location's possibilities (or parents) name it.
    const copiesOfRegion = seen.has(primary.name) ? [] : copies;
    seen.add(primary.name);
    const verdict = judgeRegion(paired.name, policy);
    // A copy no text of the files asks for (a default's, a service's) adds nothing where the location itself is
    // reported: moving the resource moves its copy.
    const primaryAllowed = judgeRegion(primary.name, policy).kind === 'allowed';
    for (const { setting, possibility, byDefault } of copiesOfRegion) {
      if (byDefault && !primaryAllowed) continue;
      out.judged.push({ resource, possibility, name: paired.name, verdict, role: { kind: 'geo-copy', primary, setting, value: possibility.value, byDefault } });
    }
    if (!primaryAllowed) continue;
    for (const service of services) {
      if (!service.except.includes(primary.name)) out.judged.push({ resource, possibility: loc, name: paired.name, verdict, role: { kind: 'paired-copy', primary, service } });
    }
  }
}
