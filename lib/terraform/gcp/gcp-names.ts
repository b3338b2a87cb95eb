import { StackOutput } from '../stack-output';
import { boundedName, isDefaultGroup, tupleName, type AppPlan, type ClusterPlan, type FleetPlan } from '../../model';

/*
 * Names of the fleet's Google Cloud resources, from the fleet, cluster and app names only: adding, removing or
 * reordering other clusters and apps never renames a resource (a new name is a destroy and a create). Names
 * that would pass GCP's 63-character limit end with a hash of the full name (`boundedName`).
 */

export const GCP_NAME_LIMIT = 63;

export function subnetName(plan: FleetPlan, region: string): string {
  return boundedName([plan.name, region], GCP_NAME_LIMIT);
}

export function natName(plan: FleetPlan, region: string): string {
  return boundedName([plan.name, region, 'nat'], GCP_NAME_LIMIT);
}

/** Network tag of a cluster's nodes: the firewall admits the load balancer to these nodes only. */
export function nodeTag(plan: FleetPlan, cluster: ClusterPlan): string {
  return boundedName([plan.name, cluster.name, 'node'], GCP_NAME_LIMIT);
}

/** Account id of a cluster's node service account: 6-30 characters, unique in the project. */
export function nodeServiceAccountId(plan: FleetPlan, cluster: ClusterPlan): string {
  return boundedName([plan.name, cluster.name, 'nodes'], 30);
}

/** Name shared by an app's health check, backend service, certificate and certificate map entry. */
export function appResourceName(plan: FleetPlan, app: AppPlan): string {
  return boundedName([plan.name, app.name], GCP_NAME_LIMIT);
}

/**
 * Name of an app's backend service for one load balancer group of GKE clusters. The default group's is the app's
 * name ({@link appResourceName}), as before groups existed; another group's is made unique by construction from
 * the (fleet, app, group) tuple, so `web` in group `eu-2` never meets an app `web-eu` in group `2`.
 */
export function backendServiceName(plan: FleetPlan, app: AppPlan, group: string): string {
  return isDefaultGroup(group) ? appResourceName(plan, app) : tupleName([plan.name, app.name, group], GCP_NAME_LIMIT);
}

export function appFirewallName(plan: FleetPlan, app: AppPlan): string {
  return boundedName([plan.name, app.name, 'lb'], GCP_NAME_LIMIT);
}

/**
 * The named port of an app on the node pools' instance groups. One per app: an instance group maps a name to one
 * port, and the backend service of each app picks its own.
 */
export function namedPort(app: AppPlan): string {
  return app.name;
}

/** Name of a fleet-wide load balancer resource (address, URL map, proxies, policies). */
export function edgeName(plan: FleetPlan, part: string): string {
  return boundedName([plan.name, part], GCP_NAME_LIMIT);
}

/**
 * Name of an output of the `gcp-global-lb` stack: the name or the value of the CNAME that authorizes the
 * certificate of the host whose owner is `app` (see `HostCertificate`).
 */
export function dnsAuthorizationOutput(stack: string, app: string, part: 'name' | 'data'): StackOutput<string> {
  return StackOutput.string(stack, `dns_authorization_${part}_${app}`);
}
