import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';
import { clusterStackName } from '../stack-output';
import { GcpApisStack } from './gcp-apis-stack';
import { GcpNetworkStack } from './gcp-network-stack';
import { GkeClusterStack } from './gke-cluster-stack';
import { globallyBalancedApps, GlobalLoadBalancerStack } from './global-load-balancer-stack';

/**
 * The GCP stacks of the fleet, in apply order: the APIs, the network, one stack per GKE cluster, and the global
 * load balancer when an app with a host runs on GKE.
 */
export function gcpStacks(plan: FleetPlan): StackDefinition[] {
  const apis: StackDefinition[] = GcpApisStack.isNeeded(plan) ? [{ name: GcpApisStack.NAME, build: (scope, context) => new GcpApisStack(scope, context) }] : [];
  const gcp = plan.gcp;
  if (!gcp) return apis;
  const stacks: StackDefinition[] = [...apis, { name: GcpNetworkStack.NAME, build: (scope, context) => new GcpNetworkStack(scope, context, gcp.settings) }];
  for (const cluster of gcp.clusters) {
    stacks.push({ name: clusterStackName(cluster.name), build: (scope, context) => new GkeClusterStack(scope, context, gcp.settings, cluster) });
  }
  if (globallyBalancedApps(plan).length > 0) {
    stacks.push({ name: GlobalLoadBalancerStack.NAME, build: (scope, context) => new GlobalLoadBalancerStack(scope, context, gcp.settings) });
  }
  return stacks;
}
