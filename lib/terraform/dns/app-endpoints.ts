import { answersWithNlb, findRegion, nearestRegion, type AppPlan, type Cloud, type ClusterPlan, type FleetPlan, type RegionInfo } from '../../model';

/** Where visitors of an app's host can be sent. */
export type AppEndpoint =
  /** The Google global load balancer: one anycast IP in front of every GKE cluster of the app. */
  | { readonly kind: 'gcp'; readonly id: 'gcp'; readonly gkeRegions: readonly string[] }
  /**
   * An EKS cluster's load balancer: Terraform's shared ALB or the app's own NLB, or the one the AWS Load Balancer
   * Controller made.
   */
  | { readonly kind: 'alb' | 'nlb' | 'service'; readonly id: string; readonly cluster: ClusterPlan };

/** The endpoints of an app's host: the GCP load balancer if the app runs on GKE, and each EKS cluster it runs on. */
export function appEndpoints(plan: FleetPlan, app: AppPlan): AppEndpoint[] {
  const workloads = plan.workloadsOf(app.name);
  const gkeRegions = [...new Set(workloads.filter((w) => w.cluster.cloud === 'gcp').map((w) => w.cluster.region))].sort();
  const endpoints: AppEndpoint[] = gkeRegions.length > 0 ? [{ kind: 'gcp', id: 'gcp', gkeRegions }] : [];
  for (const w of workloads.filter((x) => x.cluster.cloud === 'aws')) {
    const kind = w.serviceType === 'LoadBalancer' ? 'service' : answersWithNlb(app) ? 'nlb' : 'alb';
    endpoints.push({ kind, id: w.cluster.name, cluster: w.cluster });
  }
  return endpoints;
}

/**
 * The AWS regions whose Route53 latency record sends visitors to each endpoint: an EKS cluster's own region; for
 * the GCP load balancer, the AWS region nearest each of the app's GKE regions (Route53 measures latency to AWS
 * regions only). Visitors closest to that AWS region get the global load balancer, whose anycast IP then reaches
 * the nearest GKE cluster.
 *
 * Route53 allows one latency record per region and name, so a region with several endpoints (two EKS clusters,
 * or an EKS cluster where a GKE region also maps) lists them all: its latency record then points at a weighted
 * set of them, each health-checked.
 */
export function latencyRegions(endpoints: readonly AppEndpoint[]): Map<string, AppEndpoint[]> {
  const byRegion = new Map<string, AppEndpoint[]>();
  const add = (region: string, endpoint: AppEndpoint) => {
    const list = byRegion.get(region) ?? [];
    if (!list.includes(endpoint)) list.push(endpoint);
    byRegion.set(region, list);
  };
  for (const endpoint of endpoints) {
    if (endpoint.kind === 'gcp') {
      for (const gke of endpoint.gkeRegions) add(nearestRegion(knownRegion('gcp', gke), 'aws').name, endpoint);
    } else {
      add(endpoint.cluster.region, endpoint);
    }
  }
  return new Map([...byRegion].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The Cloud DNS geo locations (GCP regions) of each endpoint: the GCP load balancer at its GKE regions, each EKS
 * cluster at the GCP region nearest to it. A location has one answer: where GKE and EKS meet, GKE's load balancer
 * keeps it (it already routes to the nearest healthy GKE cluster).
 */
export function geoLocations(endpoints: readonly AppEndpoint[]): Map<string, AppEndpoint> {
  const byLocation = new Map<string, AppEndpoint>();
  for (const endpoint of endpoints) {
    const locations = endpoint.kind === 'gcp' ? endpoint.gkeRegions : [nearestRegion(knownRegion('aws', endpoint.cluster.region), 'gcp').name];
    for (const location of locations) if (!byLocation.has(location)) byLocation.set(location, endpoint);
  }
  return new Map([...byLocation].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A region of the plan: the fleet's validation accepts only regions of the catalogue. */
function knownRegion(cloud: Cloud, name: string): RegionInfo {
  const region = findRegion(cloud, name);
  if (!region) throw new Error(`${name} is not a ${cloud} region of the catalogue`);
  return region;
}
