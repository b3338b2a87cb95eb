import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { GkeHubFeature } from '@cdktf/provider-google/lib/gke-hub-feature';
import { GkeHubMembership } from '@cdktf/provider-google/lib/gke-hub-membership';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import type { Construct } from 'constructs';
import type { GcpPlan } from '../../model';
import { FleetStack } from '../../terraform/fleet-stack';
import { GkeClusterStack } from '../../terraform/gcp/gke-cluster-stack';
import { addGoogleProvider } from '../../terraform/gcp/google-provider';
import type { StackContext } from '../../terraform/stack-definition';

/**
 * The APIs of GKE's fleet, multi-cluster Services, multi-cluster Ingress and the multi-cluster Gateway
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#before-you-begin,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways#requirements).
 */
export const FLEET_HUB_APIS = [
  'gkehub.googleapis.com',
  'multiclusteringress.googleapis.com',
  'multiclusterservicediscovery.googleapis.com',
  'trafficdirector.googleapis.com',
  'dns.googleapis.com',
];

/**
 * The fleet (GKE Hub) of the GKE clusters, for GKE's multi-cluster Ingress, Services and Gateway: the APIs they
 * need (kept on when the stack is destroyed, as in `gcp-apis`), a membership per GKE cluster (with Workload
 * Identity), the `multiclusteringress` feature naming the config cluster's membership, multi-cluster service
 * discovery, and the IAM bindings the docs require:
 * - the multi-cluster Services importer (`gke-mcs/gke-mcs-importer`, through Workload Identity) reads the
 *   network: `roles/compute.networkViewer`
 *   (https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#enabling);
 * - the multi-cluster Ingress service agent (`service-<project number>@gcp-sa-multiclusteringress`) manages
 *   the load balancer of the multi-cluster Gateway controller: `roles/container.admin`
 *   (https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways#enable-multi-cluster-gateway).
 * Reads `cluster_id` from each `cluster-<name>` stack.
 */
export class GkeFleetHubStack extends FleetStack {
  public static readonly NAME = 'gke-fleet-hub';

  constructor(scope: Construct, context: StackContext, gcp: GcpPlan, configCluster: string) {
    super(scope, GkeFleetHubStack.NAME, { ...context, description: 'The GKE fleet: its APIs and IAM, a membership per GKE cluster, multi-cluster Ingress and service discovery.' });
    addGoogleProvider(this, gcp.settings.project);
    const gcpProject = gcp.settings.project;
    const apis = FLEET_HUB_APIS.map((service) => new ProjectService(this, `api-${service.split('.')[0]}`, {
      project: gcpProject,
      service,
      disableOnDestroy: false,
      disableDependentServices: false,
    }));
    let configMembership: GkeHubMembership | undefined;
    // A retiring cluster leaves the fleet before its stack is destroyed (the apply order's "to destroy" step).
    for (const cluster of gcp.clusters.filter((c) => c.lifecycle !== 'retiring')) {
      const id = this.consume(GkeClusterStack.outputsOf(cluster.name).clusterId);
      const membership = new GkeHubMembership(this, `membership-${cluster.name}`, {
        membershipId: cluster.name,
        location: cluster.region,
        endpoint: { gkeCluster: { resourceLink: `//container.googleapis.com/${id}` } },
        authority: { issuer: `https://container.googleapis.com/v1/${id}` },
        dependsOn: apis,
      });
      if (cluster.name === configCluster) configMembership = membership;
    }
    // The control-plane options are checked against the plan: the config cluster is a GKE cluster of the fleet.
    if (!configMembership) throw new Error(`The config cluster "${configCluster}" is not a GKE cluster of the fleet`);
    const ingress = new GkeHubFeature(this, 'multi-cluster-ingress', {
      name: 'multiclusteringress',
      location: 'global',
      spec: { multiclusteringress: { configMembership: configMembership.id } },
      dependsOn: apis,
    });
    const discovery = new GkeHubFeature(this, 'multi-cluster-service-discovery', { name: 'multiclusterservicediscovery', location: 'global', dependsOn: apis });

    new ProjectIamMember(this, 'mcs-importer-network-viewer', {
      project: gcpProject,
      role: 'roles/compute.networkViewer',
      member: `serviceAccount:${gcpProject}.svc.id.goog[gke-mcs/gke-mcs-importer]`,
      dependsOn: [discovery],
    });
    // The service agent exists once the multi-cluster Ingress API and feature are on.
    const project = new DataGoogleProject(this, 'project', { projectId: gcpProject });
    new ProjectIamMember(this, 'multi-cluster-ingress-container-admin', {
      project: gcpProject,
      role: 'roles/container.admin',
      member: `serviceAccount:service-${project.number}@gcp-sa-multiclusteringress.iam.gserviceaccount.com`,
      dependsOn: [ingress],
    });
  }
}
