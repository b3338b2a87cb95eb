import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';
import { GcpNetworkStack } from './gcp-network-stack';
import { GkeClusterStack } from './gke-cluster-stack';
import { globallyBalancedApps, GlobalLoadBalancerStack } from './global-load-balancer-stack';

/**
 * The GCP stacks of the fleet, in apply order: the network, one stack per GKE cluster, and the global load
 * balancer when an app with a host runs on GKE.
 */
export function gcpStacks(plan: FleetPlan): StackDefinition[] {
  const gcp = plan.gcp;
  if (!gcp) return [];
  const stacks: StackDefinition[] = [{ name: GcpNetworkStack.NAME, build: (scope, context) => new GcpNetworkStack(scope, context, gcp.settings) }];
  for (const cluster of gcp.clusters) {
    const name = `cluster-${cluster.name}`;
    stacks.push({ name, build: (scope, context) => new GkeClusterStack(scope, name, context, gcp.settings, cluster) });
  }
  if (globallyBalancedApps(plan).length > 0) {
    stacks.push({ name: GlobalLoadBalancerStack.NAME, build: (scope, context) => new GlobalLoadBalancerStack(scope, context, gcp.settings) });
  }
  return stacks;
}
