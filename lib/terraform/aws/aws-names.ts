import { boundedName, type AppPlan, type ClusterPlan, type FleetPlan } from '../../model';

/*
 * Names of the fleet's AWS resources, from fleet, cluster and app names only, so adding or removing other
 * clusters and apps never renames (destroys and recreates) a resource. Names past a service's limit end with a
 * hash of the full name (`boundedName`).
 */

/** Load balancers and target groups: at most 32 characters. */
export function loadBalancerName(cluster: ClusterPlan, app: AppPlan): string {
  return boundedName([cluster.name, app.name], 32);
}

/** IAM role names: at most 64 characters, unique in the account. */
export function roleName(plan: FleetPlan, cluster: ClusterPlan, role: string): string {
  return boundedName([plan.name, cluster.name, role], 64);
}

/** Name tag of a resource of a cluster. */
export function clusterResourceName(cluster: ClusterPlan, part: string): string {
  return boundedName([cluster.name, part], 255);
}
