/**
 * Great-circle distance between two regions' datacenters, from the coordinates Microsoft publishes for each
 * location (`data/region-coordinates.json`, source noted there).
 */
import coordinateData from '../../../data/region-coordinates.json';

const COORDINATES: Readonly<Record<string, { latitude: number; longitude: number }>> = coordinateData.coordinates;

const EARTH_RADIUS_KM = 6371;

/** Kilometres between two regions, or undefined when either has no published coordinates. */
export function distanceKm(a: string, b: string): number | undefined {
  const p = COORDINATES[a];
  const q = COORDINATES[b];
  if (!p || !q) return undefined;
  const rad = Math.PI / 180;
  const dLat = (q.latitude - p.latitude) * rad;
  const dLon = (q.longitude - p.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p.latitude * rad) * Math.cos(q.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
