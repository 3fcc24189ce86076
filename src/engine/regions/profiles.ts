/**
 * Which regions an ITAR program allows, and the verdict on one location name.
 */
import { ALL_REGIONS, findRegion, isGlobalLocation, normalizeRegionName, type RegionInfo } from './catalog';
import { distanceKm } from './distance';

export const PROFILE_NAMES = ['us-only', 'us-government', 'not-proscribed'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  'us-only': 'US regions of Azure public and Azure Government (DoD and the air-gapped Secret / Top Secret clouds included)',
  'us-government': 'Azure Government, DoD and the air-gapped US clouds only',
  'not-proscribed': 'every region except those in 22 CFR 126.1 countries and Russia',
};

const US_GOVERNMENT_CLOUDS = new Set(['AzureUSGovernment', 'USSec', 'USNat']);

/** The regions a program allows: a named profile, or an explicit list that replaces the profile's. */
export interface RegionPolicy {
  readonly profile: ProfileName;
  /** Normalised location names; when set, the only regions allowed. */
  readonly allowedRegions?: readonly string[];
}

export const DEFAULT_POLICY: RegionPolicy = { profile: 'us-only' };

export type RegionVerdict =
  | { readonly kind: 'allowed'; readonly region: RegionInfo }
  | { readonly kind: 'global' }
  /** in a 126.1 country, or a logical location that may resolve to one */
  | { readonly kind: 'proscribed'; readonly region: RegionInfo }
  | { readonly kind: 'not-allowed'; readonly region: RegionInfo }
  /** no Azure location has this name */
  | { readonly kind: 'unknown'; readonly name: string };

function allowedByProfile(r: RegionInfo, profile: ProfileName): boolean {
  switch (profile) {
    case 'us-only':
      return r.country === 'US';
    case 'us-government':
      return US_GOVERNMENT_CLOUDS.has(r.cloud);
    case 'not-proscribed':
      return true;
  }
}

export function isAllowed(r: RegionInfo, policy: RegionPolicy): boolean {
  if (r.proscribed || r.mayBeProscribed) return false;
  if (policy.allowedRegions) return policy.allowedRegions.includes(r.name);
  return allowedByProfile(r, policy.profile);
}

/** The verdict on a location name under a policy. Proscribed regions are proscribed under every policy. */
export function judgeRegion(name: string, policy: RegionPolicy): RegionVerdict {
  let verdicts = VERDICTS.get(policy);
  if (!verdicts) VERDICTS.set(policy, (verdicts = new Map()));
  let verdict = verdicts.get(name);
  if (!verdict) {
    if (verdicts.size >= 4096) verdicts.clear();
    verdicts.set(name, (verdict = judge(name, policy)));
  }
  return verdict;
}

/**
 * Verdicts per policy object: a workspace judges the same few names thousands of times. Bounded, since an editor
 * session judges every name typed on the way to a region's.
 */
const VERDICTS = new WeakMap<RegionPolicy, Map<string, RegionVerdict>>();

function judge(name: string, policy: RegionPolicy): RegionVerdict {
  if (isGlobalLocation(name)) return { kind: 'global' };
  const region = findRegion(name);
  if (!region) return { kind: 'unknown', name };
  if (region.proscribed || region.mayBeProscribed) return { kind: 'proscribed', region };
  return isAllowed(region, policy) ? { kind: 'allowed', region } : { kind: 'not-allowed', region };
}

/** Physical regions a policy allows that a deployment can target (no stage, canary or retired names). */
export function deployableAllowedRegions(policy: RegionPolicy): RegionInfo[] {
  return ALL_REGIONS.filter((r) => r.regionType === 'physical' && /^GA\b/.test(r.status) && isAllowed(r, policy));
}

/**
 * The allowed regions closest to `from` (by distance between datacenters when both have published coordinates,
 * else the paired region and the same geography first), for the replace-region quick fix.
 */
export function nearestAllowedRegions(from: string, policy: RegionPolicy, count = 3): readonly RegionInfo[] {
  let byOrigin = NEAREST.get(policy);
  if (!byOrigin) NEAREST.set(policy, (byOrigin = new Map()));
  const key = `${from}\u0000${count}`;
  let nearest = byOrigin.get(key);
  if (!nearest) byOrigin.set(key, (nearest = rankNearest(from, policy, count)));
  return nearest;
}

/** Rankings per policy object: every finding on the same region asks for the same one. */
const NEAREST = new WeakMap<RegionPolicy, Map<string, readonly RegionInfo[]>>();

function rankNearest(from: string, policy: RegionPolicy, count: number): RegionInfo[] {
  const candidates = deployableAllowedRegions(policy);
  const origin = findRegion(from);
  if (!origin) return candidates.slice(0, count);
  const rank = (r: RegionInfo): number => {
    const d = distanceKm(origin.name, r.name);
    if (d !== undefined) return d;
    if (r.name === origin.pairedRegion) return 1e6;
    if (r.geography === origin.geography) return 2e6;
    if (r.cloud === origin.cloud) return 3e6;
    return 4e6;
  };
  return candidates
    .map((r) => ({ r, d: rank(r) }))
    .sort((a, b) => a.d - b.d || (a.r.name < b.r.name ? -1 : a.r.name > b.r.name ? 1 : 0))
    .slice(0, count)
    .map((x) => x.r);
}

/** Validates an explicit allowed-regions list: the normalised names, or the names that are no Azure location. */
export function parseAllowedRegions(names: readonly string[]): { regions: string[]; unknown: string[] } {
  const regions: string[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const r = findRegion(n);
    if (r) regions.push(r.name);
    else unknown.push(normalizeRegionName(n) || n);
  }
  return { regions, unknown };
}
