import { gcpBackendGroups, isGcpBalanced, type FleetPlan } from '../../model';
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

/*
 * Project-wide quotas of the global load balancer's resources. Google's quotas page names them but gives no number
 * ("Quota": https://cloud.google.com/load-balancing/docs/quotas, "Backend services" and "Health checks"; VPC
 * firewall rules: https://cloud.google.com/vpc/docs/quota); the defaults below are what a new project reports in
 * `gcloud compute project-info describe` (quotas[].limit, observed 2025), and a project may have others: the
 * runbook says where to check.
 */
const DEFAULT_BACKEND_SERVICES = 50;
const DEFAULT_HEALTH_CHECKS = 75;
const DEFAULT_FIREWALLS = 100;

/**
 * The `gcp-global-lb` stack's backend services (one per app and load balancer group,
 * GLOBAL_EXTERNAL_MANAGED_BACKEND_SERVICES), health checks and firewall rules (one per app each), project-wide.
 * Counted in the fleet's project; a fleet with many apps passes them long before any fixed limit.
 */
export function loadBalancerQuotaUses(plan: FleetPlan): QuotaUse[] {
  const apps = plan.apps.filter(isGcpBalanced);
  if (apps.length === 0) return [];
  // An app whose clusters all left keeps one (empty) backend service: see `GcpAppBackend`.
  const services = apps.reduce((n, app) => n + Math.max(1, gcpBackendGroups(app, plan.workloadsOf(app.name)).length), 0);
  const use = (quota: string, defaultLimit: number, needed: number, why: string): QuotaUse => ({ cloud: 'gcp', scope: plan.gcpProject(), quota, defaultLimit, needed, why });
  return [
    use('GLOBAL_EXTERNAL_MANAGED_BACKEND_SERVICES (backend services)', DEFAULT_BACKEND_SERVICES, services,
      `a backend service per app behind the global load balancer and load balancer group (${apps.length} apps)`),
    use('HEALTH_CHECKS (health checks)', DEFAULT_HEALTH_CHECKS, apps.length, 'a health check per app behind the global load balancer'),
    use('FIREWALLS (firewall rules)', DEFAULT_FIREWALLS, apps.length,
      'a firewall rule per app behind the global load balancer, for Google\'s health checkers and proxies (GKE adds rules of its own per cluster, not counted here)'),
  ];
}
