import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import type { GkeClusterPlan, ResolvedGcpSettings } from '../../model';
import { FleetStack } from '../fleet-stack';
import type { StackContext } from '../stack-definition';
import { GcpNetworkStack } from './gcp-network-stack';
import { nodeServiceAccountId, nodeTag, subnetOutput } from './gcp-names';
import { addGoogleProvider } from './google-provider';

/**
 * Roles of the node service account: what GKE nodes need and no more
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa):
 * write logs and metrics, and pull images from Artifact Registry.
 */
const NODE_ROLES = ['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader'];

/**
 * One GKE cluster and its node pool, in its own stack: a change to a cluster touches this stack (and the global
 * load balancer's), nothing else.
 *
 * Regional (control plane and nodes in the cluster's zones), VPC-native on the fleet's subnet, with Dataplane V2
 * (network policies), Workload Identity, shielded nodes with secure boot, private nodes and no client
 * certificate by default, the control plane open to the authorized networks only. The default node pool is
 * removed; the managed one autoscales between the plan's totals. `deletion_protection` and a `prevent_destroy`
 * lifecycle guard the cluster.
 *
 * Outputs: `cluster_id`, `cluster_name`, `endpoint`, `instance_group_urls` (the node pool's managed instance
 * groups, one per zone).
 */
export class GkeClusterStack extends FleetStack {
  public readonly cluster: ContainerCluster;
  public readonly nodePool: ContainerNodePool;

  constructor(scope: Construct, name: string, context: StackContext, gcp: ResolvedGcpSettings, clusterPlan: GkeClusterPlan) {
    super(scope, name, { ...context, description: `The GKE cluster ${clusterPlan.name} (${clusterPlan.region}) and its node pool.` });
    const plan = context.plan;
    const project = gcp.project;
    const gke = clusterPlan.gke;
    addGoogleProvider(this, project, clusterPlan.region);

    const serviceAccount = new ServiceAccount(this, 'node-service-account', {
      accountId: nodeServiceAccountId(plan, clusterPlan),
      displayName: `Nodes of the GKE cluster ${clusterPlan.name}`,
    });
    for (const role of NODE_ROLES) {
      new ProjectIamMember(this, `node-role-${role.replace(/^roles\//, '').replace(/\./g, '-')}`, { project, role, member: serviceAccount.member });
    }

    this.cluster = new ContainerCluster(this, 'cluster', {
      name: clusterPlan.name,
      location: clusterPlan.region,
      nodeLocations: [...clusterPlan.zones],
      network: this.consumeString(GcpNetworkStack.NAME, 'network_self_link'),
      subnetwork: this.consumeString(GcpNetworkStack.NAME, subnetOutput(clusterPlan.region)),
      // The default node pool is replaced by the managed one below, which can change without recreating the cluster.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: gke.deletionProtection,
      releaseChannel: { channel: gke.releaseChannel },
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: { stackType: 'IPV4' },
      datapathProvider: 'ADVANCED_DATAPATH',
      workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      privateClusterConfig: { enablePrivateNodes: gke.privateNodes, enablePrivateEndpoint: false },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: gke.authorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.name })),
        gcpPublicCidrsAccessEnabled: false,
      },
      // The NEG controller, for container-native load balancing, comes with the HTTP load balancing add-on.
      addonsConfig: { httpLoadBalancing: { disabled: false } },
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
      monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS'] },
      resourceLabels: { cluster: clusterPlan.name },
      lifecycle: { preventDestroy: gke.deletionProtection },
    });

    const nodePool = clusterPlan.nodePool;
    this.nodePool = new ContainerNodePool(this, 'nodes', {
      name: 'nodes',
      cluster: this.cluster.id,
      location: clusterPlan.region,
      // Per zone. Changing it would recreate the pool, so later changes are left to the autoscaler.
      initialNodeCount: Math.max(1, Math.ceil(nodePool.minNodes / clusterPlan.zoneCount)),
      autoscaling: { totalMinNodeCount: nodePool.minNodes, totalMaxNodeCount: nodePool.maxNodes, locationPolicy: 'BALANCED' },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: nodePool.machineType,
        diskSizeGb: nodePool.diskSizeGb,
        diskType: 'pd-balanced',
        imageType: 'COS_CONTAINERD',
        serviceAccount: serviceAccount.email,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        tags: [nodeTag(plan, clusterPlan)],
        labels: { cluster: clusterPlan.name },
        metadata: { 'disable-legacy-endpoints': 'true' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
      },
      lifecycle: { ignoreChanges: ['initial_node_count'] },
    });

    this.publish('cluster_id', this.cluster.id, `Id of the GKE cluster ${clusterPlan.name}.`);
    this.publish('cluster_name', this.cluster.name, `Name of the GKE cluster ${clusterPlan.name}.`);
    this.publish('endpoint', this.cluster.endpoint, `Control plane endpoint of the GKE cluster ${clusterPlan.name}.`);
    this.publish('instance_group_urls', this.nodePool.managedInstanceGroupUrls, `Managed instance groups of the node pool of ${clusterPlan.name}, one per zone.`);
  }
}
