import type { FleetPlan } from '../../model';
import type { QuotaUse } from '../quotas';

/** The disk of GKE's default node pool, which a cluster creates before its own pool and removes after. */
const DEFAULT_POOL_DISK_GB = 100;

/**
 * SSD persistent disk, per region (`SSD_TOTAL_GB`, https://cloud.google.com/compute/resource-usage#disk_quota):
 * `pd-balanced` disks count in it. A GKE cluster first creates its default node pool, one node per zone with a
 * 100 GB pd-balanced disk, even with `remove_default_node_pool` (it is removed once the cluster exists:
 * terraform-google-modules/terraform-google-kubernetes-engine#1795, "request requires '300.0'"), and the node
 * pool grows to `maxNodes` disks of `diskSizeGb`. Projects start at 500 GB per region (250 GB on a free trial),
 * which the default fleet's clusters pass at their maximum.
 */
export function ssdQuotaUses(plan: FleetPlan): QuotaUse[] {
  const byRegion = new Map<string, { gb: number; clusters: string[] }>();
  for (const cluster of plan.clustersOn('gcp')) {
    const pool = cluster.nodePool;
    const gb = cluster.zoneCount * DEFAULT_POOL_DISK_GB + pool.maxNodes * pool.diskSizeGb;
    const entry = byRegion.get(cluster.region) ?? { gb: 0, clusters: [] };
    entry.gb += gb;
    entry.clusters.push(`${cluster.name} (${cluster.zoneCount} x ${DEFAULT_POOL_DISK_GB} GB while created, ${pool.maxNodes} x ${pool.diskSizeGb} GB at its maximum)`);
    byRegion.set(cluster.region, entry);
  }
  return [...byRegion].map(([region, { gb, clusters }]) => ({
    cloud: 'gcp',
    scope: region,
    quota: 'SSD_TOTAL_GB (Persistent Disk SSD, GB)',
    defaultLimit: 500,
    needed: gb,
    why: `pd-balanced node disks: ${clusters.join('; ')}`,
  }));
}
