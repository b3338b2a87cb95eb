import { DEFAULT_LOAD_BALANCER_GROUP } from './gke-options';
import type { GcpBalancedAppPlan, GkeClusterPlan, WorkloadPlan } from './plan';

/*
 * How an app behind the Google global load balancer is split into backend services: one per load balancer group of
 * the GKE clusters it runs on (`gke.loadBalancerGroup`). Computed once here, for the synth-time limit check and the
 * Terraform renderer, so the two count the same backends.
 */

/** The GKE clusters of one load balancer group that run an app: one backend service of the app. */
export interface GcpBackendGroup {
  readonly group: string;
  /** The app in each cluster of the group, sorted by cluster name. */
  readonly workloads: readonly (WorkloadPlan & { readonly cluster: GkeClusterPlan })[];
  /** Instance groups or zonal NEGs of the backend service: one per zone of each cluster. */
  readonly backends: number;
  /** The sum of the clusters' `weight`: the group's share of the app's traffic when the app has several groups. */
  readonly weight: number;
}

/**
 * Google's limit on a weighted backend service's weight (`weightedBackendServices[].weight`, "between 0 and 1000":
 * hashicorp/google 6.50.0 `google_compute_url_map`; Compute API `WeightedBackendService`).
 */
export const MAX_ROUTE_WEIGHT = 1000;

/**
 * The backend services of `app`, one per load balancer group of the active GKE clusters it runs on, sorted by group
 * name. Draining and retiring clusters run no app, so they hold no backend.
 */
export function gcpBackendGroups(app: GcpBalancedAppPlan, workloads: readonly WorkloadPlan[]): GcpBackendGroup[] {
  const byGroup = new Map<string, (WorkloadPlan & { readonly cluster: GkeClusterPlan })[]>();
  for (const w of workloads) {
    if (w.app.name !== app.name || w.cluster.cloud !== 'gcp' || w.cluster.lifecycle !== 'active') continue;
    const group = w.cluster.gke.loadBalancerGroup;
    byGroup.set(group, [...(byGroup.get(group) ?? []), w as WorkloadPlan & { readonly cluster: GkeClusterPlan }]);
  }
  return [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1)).map(([group, members]) => {
    const sorted = [...members].sort((a, b) => (a.cluster.name < b.cluster.name ? -1 : 1));
    return {
      group,
      workloads: sorted,
      backends: sorted.reduce((n, w) => n + w.cluster.zoneCount, 0),
      weight: sorted.reduce((n, w) => n + w.cluster.weight, 0),
    };
  });
}

/** Whether `group` is the fleet's single group, whose resources keep the names they had before groups existed. */
export function isDefaultGroup(group: string): boolean {
  return group === DEFAULT_LOAD_BALANCER_GROUP;
}

/**
 * The URL map's weight of each group, in order: the groups' weights as declared while the largest fits Google's
 * 0..1000, else scaled so the largest is 1000, rounded, and at least 1 (a weight of 0 would send a group nothing).
 * From the weights alone, so the same fleet always gets the same split.
 */
export function routeWeights(groups: readonly Pick<GcpBackendGroup, 'weight'>[]): number[] {
  const largest = Math.max(...groups.map((g) => g.weight));
  if (largest <= MAX_ROUTE_WEIGHT) return groups.map((g) => g.weight);
  return groups.map((g) => Math.max(1, Math.round((g.weight * MAX_ROUTE_WEIGHT) / largest)));
}
