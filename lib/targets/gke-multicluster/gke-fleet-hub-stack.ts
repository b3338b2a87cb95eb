import { GkeHubFeature } from '@cdktf/provider-google/lib/gke-hub-feature';
import { GkeHubMembership } from '@cdktf/provider-google/lib/gke-hub-membership';
import type { Construct } from 'constructs';
import { FleetStack } from '../../terraform/fleet-stack';
import { addGoogleProvider } from '../../terraform/gcp/google-provider';
import type { StackContext } from '../../terraform/stack-definition';

/**
 * The fleet (GKE Hub) of the GKE clusters, for GKE's multi-cluster Ingress, Services and Gateway: a membership
 * per GKE cluster (with Workload Identity), the `multiclusteringress` feature naming the config cluster's
 * membership, and multi-cluster service discovery. Reads `cluster_id` from each `cluster-<name>` stack.
 */
export class GkeFleetHubStack extends FleetStack {
  public static readonly NAME = 'gke-fleet-hub';

  constructor(scope: Construct, context: StackContext, configCluster: string) {
    super(scope, GkeFleetHubStack.NAME, { ...context, description: 'The GKE fleet: a membership per GKE cluster, multi-cluster Ingress and service discovery.' });
    addGoogleProvider(this);
    const memberships = new Map<string, GkeHubMembership>();
    // A retiring cluster leaves the fleet before its stack is destroyed (the apply order's "to destroy" step).
    for (const cluster of context.plan.clustersOn('gcp').filter((c) => c.lifecycle !== 'retiring')) {
      const id = this.consumeString(`cluster-${cluster.name}`, 'cluster_id');
      memberships.set(cluster.name, new GkeHubMembership(this, `membership-${cluster.name}`, {
        membershipId: cluster.name,
        location: cluster.region,
        endpoint: { gkeCluster: { resourceLink: `//container.googleapis.com/${id}` } },
        authority: { issuer: `https://container.googleapis.com/v1/${id}` },
      }));
    }
    new GkeHubFeature(this, 'multi-cluster-ingress', {
      name: 'multiclusteringress',
      location: 'global',
      spec: { multiclusteringress: { configMembership: memberships.get(configCluster)!.id } },
    });
    new GkeHubFeature(this, 'multi-cluster-service-discovery', { name: 'multiclusterservicediscovery', location: 'global' });
  }
}
