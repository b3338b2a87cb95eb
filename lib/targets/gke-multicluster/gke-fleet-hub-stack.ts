import { GkeHubFeature } from '@cdktf/provider-google/lib/gke-hub-feature';
import { GkeHubMembership } from '@cdktf/provider-google/lib/gke-hub-membership';
import type { Construct } from 'constructs';
import type { GcpPlan } from '../../model';
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

  constructor(scope: Construct, context: StackContext, gcp: GcpPlan, configCluster: string) {
    super(scope, GkeFleetHubStack.NAME, { ...context, description: 'The GKE fleet: a membership per GKE cluster, multi-cluster Ingress and service discovery.' });
    addGoogleProvider(this, gcp.settings.project);
    let configMembership: GkeHubMembership | undefined;
    // A retiring cluster leaves the fleet before its stack is destroyed (the apply order's "to destroy" step).
    for (const cluster of gcp.clusters.filter((c) => c.lifecycle !== 'retiring')) {
      const id = this.consumeString(`cluster-${cluster.name}`, 'cluster_id');
      const membership = new GkeHubMembership(this, `membership-${cluster.name}`, {
        membershipId: cluster.name,
        location: cluster.region,
        endpoint: { gkeCluster: { resourceLink: `//container.googleapis.com/${id}` } },
        authority: { issuer: `https://container.googleapis.com/v1/${id}` },
      });
      if (cluster.name === configCluster) configMembership = membership;
    }
    // The control-plane options are checked against the plan: the config cluster is a GKE cluster of the fleet.
    if (!configMembership) throw new Error(`The config cluster "${configCluster}" is not a GKE cluster of the fleet`);
    new GkeHubFeature(this, 'multi-cluster-ingress', {
      name: 'multiclusteringress',
      location: 'global',
      spec: { multiclusteringress: { configMembership: configMembership.id } },
    });
    new GkeHubFeature(this, 'multi-cluster-service-discovery', { name: 'multiclusterservicediscovery', location: 'global' });
  }
}
