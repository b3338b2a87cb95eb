import { AWS_REGIONS } from './aws-regions';
import type { Cloud } from './cloud';
import { GCP_REGIONS } from './gcp-regions';

/** A cloud region as the fleet model knows it. */
export interface RegionInfo {
  readonly cloud: Cloud;
  readonly name: string;
  /** Where the region is, roughly (its metro area), to find the nearest region on the other cloud. */
  readonly latitude: number;
  readonly longitude: number;
  /**
   * GCP: the zone suffixes the region has (`a`, `b`, …). AWS: availability zone names are mapped per
   * account, so only their number is known here; the Terraform side looks them up.
   */
  readonly zones: readonly string[];
}

const CATALOG: Record<Cloud, ReadonlyMap<string, RegionInfo>> = {
  gcp: new Map(GCP_REGIONS.map((r) => [r.name, r])),
  aws: new Map(AWS_REGIONS.map((r) => [r.name, r])),
};

/** The region `name` on `cloud`, or `undefined` when the catalog does not know it. */
export function findRegion(cloud: Cloud, name: string): RegionInfo | undefined {
  return Object.hasOwn(CATALOG, cloud) ? CATALOG[cloud].get(name) : undefined;
}

/** Every region of `cloud`, sorted by name. */
export function regionsOf(cloud: Cloud): readonly RegionInfo[] {
  return [...CATALOG[cloud].values()];
}

/** Great-circle distance between two regions in kilometres. */
export function distanceKm(a: RegionInfo, b: RegionInfo): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The region of `cloud` nearest to `from` (ties go to the alphabetically first name). */
export function nearestRegion(from: RegionInfo, cloud: Cloud): RegionInfo {
  let best: RegionInfo | undefined;
  let bestDistance = Infinity;
  for (const candidate of regionsOf(cloud)) {
    const d = distanceKm(from, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best!;
}
