/**
 * Every Azure location name of every cloud, from `data/regions.json`, with the 22 CFR 126.1 country set from
 * `data/itar-126-1.json` (see `data/README.md` for where both come from).
 */
import regionsData from '../../../data/regions.json';
import itarData from '../../../data/itar-126-1.json';

/** The clouds a region can belong to, by short id. */
export type CloudId = 'AzureCloud' | 'AzureUSGovernment' | 'USSec' | 'USNat' | 'AzureChinaCloud' | 'AzureGermanCloud' | 'Bleu' | 'Delos';

export interface RegionInfo {
  /** The ARM location name, e.g. `eastasia`. */
  readonly name: string;
  readonly displayName: string;
  readonly cloud: CloudId;
  /** The cloud as the data names it, for display. */
  readonly cloudLabel: string;
  readonly geography: string;
  /** ISO 3166-1 alpha-2 of the datacenter's country; null for logical locations spanning several countries. */
  readonly country: string | null;
  readonly physicalLocation: string | null;
  readonly pairedRegion: string | null;
  /** `physical` datacenter region, `logical` geography/global/stage name, or `unverified`. */
  readonly regionType: string;
  readonly status: string;
  /** In a 22 CFR 126.1 country (or Russia): never allowed. */
  readonly proscribed: boolean;
  /**
   * A logical location spanning several countries that may resolve to a 126.1 country (for instance `asiapacific`,
   * which covers Hong Kong's `eastasia`), with the data's note saying so.
   */
  readonly mayBeProscribed: boolean;
  readonly notes?: string;
}

interface RawRegion {
  name: string;
  displayName: string;
  cloud: string;
  geography: string;
  country: string | null;
  physicalLocation?: string | null;
  pairedRegion: string | null;
  regionType: string;
  status: string;
  notes?: string;
  altDisplayNames?: string[] | null;
}

/** ISO codes of the 126.1 countries, Hong Kong counted with China, Russia included. */
export const PROSCRIBED_COUNTRIES: ReadonlySet<string> = new Set(itarData.linter_iso_set_126_1);

const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map(
  [...itarData.d1_table1_policy_of_denial, ...itarData.d2_table2_country_specific].map((c) => [c.iso3166_1_alpha2, c.country]),
);

/** The 126.1 entry a country falls under, for messages (`HK` → the China entry). */
export function proscribedCountryName(iso: string): string {
  if (iso === 'HK') return `Hong Kong SAR, under the ${COUNTRY_NAMES.get('CN') ?? 'China'} entry`;
  return COUNTRY_NAMES.get(iso) ?? iso;
}

function cloudId(label: string): CloudId {
  if (label.startsWith('USSec')) return 'USSec';
  if (label.startsWith('USNat')) return 'USNat';
  if (label.startsWith('AzureGermanCloud')) return 'AzureGermanCloud';
  if (label.startsWith('Bleu')) return 'Bleu';
  if (label.startsWith('Delos')) return 'Delos';
  return label as CloudId;
}

/** Azure's normalisation of a location name: lower case, spaces removed (`East Asia` → `eastasia`). */
export function normalizeRegionName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '');
}

const MAY_RESOLVE = /may resolve to a 126\.1 country/i;

function build(): { all: RegionInfo[]; byName: Map<string, RegionInfo> } {
  const all: RegionInfo[] = [];
  const byName = new Map<string, RegionInfo>();
  for (const r of regionsData.regions as RawRegion[]) {
    const info: RegionInfo = {
      name: r.name,
      displayName: r.displayName,
      cloud: cloudId(r.cloud),
      cloudLabel: r.cloud,
      geography: r.geography,
      country: r.country,
      physicalLocation: r.physicalLocation ?? null,
      // Two entries say where their pair comes from after the name: "jioindiawest (per Backup geo-code …)".
      pairedRegion: r.pairedRegion?.split(' (')[0].trim() || null,
      regionType: r.regionType,
      status: r.status,
      proscribed: r.country !== null && PROSCRIBED_COUNTRIES.has(r.country),
      mayBeProscribed: r.country === null && MAY_RESOLVE.test(r.notes ?? ''),
      notes: r.notes,
    };
    all.push(info);
    byName.set(r.name, info);
  }
  // Display names and the alternative spellings the data records (Cosmos DB's `USGov Virginia`, ARM's
  // `indiacentral`) resolve to the same region; a display name never shadows a real location name.
  for (const r of regionsData.regions as RawRegion[]) {
    const info = byName.get(r.name)!;
    const aliases = [r.displayName, ...(r.altDisplayNames ?? []).map((a) => a.replace(/\s*\(.*$/, ''))];
    for (const a of aliases) {
      const key = normalizeRegionName(a);
      if (key && !byName.has(key)) byName.set(key, info);
    }
  }
  return { all, byName };
}

const CATALOG = build();

export const ALL_REGIONS: readonly RegionInfo[] = CATALOG.all;

/** The region a location name or display name denotes, or undefined when it is no Azure location. */
export function findRegion(name: string): RegionInfo | undefined {
  return CATALOG.byName.get(normalizeRegionName(name));
}

/** The region data copies the region that holds its geo-redundant copies. */
export function pairedRegion(region: RegionInfo): RegionInfo | undefined {
  return region.pairedRegion ? CATALOG.byName.get(region.pairedRegion) : undefined;
}

/** Whether the location is a global (edge, worldwide) location rather than a region. */
export function isGlobalLocation(name: string): boolean {
  return normalizeRegionName(name) === 'global';
}

const CLOUD_NAMES: Partial<Record<CloudId, string>> = {
  AzureCloud: 'Azure public cloud',
  AzureUSGovernment: 'Azure Government',
  AzureChinaCloud: 'Azure China cloud',
};

export function cloudName(r: RegionInfo): string {
  return CLOUD_NAMES[r.cloud] ?? r.cloudLabel;
}

/** A short description for messages and hovers: `'eastasia' (East Asia, Hong Kong SAR; Azure public cloud)`. */
export function describeRegion(r: RegionInfo): string {
  const where = r.physicalLocation && !/^n\/?a$/i.test(r.physicalLocation) ? r.physicalLocation : r.geography;
  return `'${r.name}' (${r.displayName}, ${where}; ${cloudName(r)})`;
}
