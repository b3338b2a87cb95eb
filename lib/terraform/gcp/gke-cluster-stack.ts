import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import type { GkeClusterPlan, ResolvedGcpSettings } from '../../model';
import { FleetStack } from '../fleet-stack';
import type { StackContext } from '../stack-definition';
import { clusterStackName, StackOutput } from '../stack-output';
import { GcpNetworkStack } from './gcp-network-stack';
import { nodeServiceAccountId, nodeTag } from './gcp-names';
import { addGoogleProvider } from './google-provider';
import { addWorkloadIdentities } from './gke-workload-identity';

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
  /** The outputs of the stack of GKE cluster `cluster`. */
  public static outputsOf(cluster: string) {
    const stack = clusterStackName(cluster);
    return {
      clusterId: StackOutput.string(stack, 'cluster_id'),
      clusterName: StackOutput.string(stack, 'cluster_name'),
      endpoint: StackOutput.string(stack, 'endpoint'),
      /** The node pool's managed instance groups, one per zone. */
      instanceGroupUrls: StackOutput.list(stack, 'instance_group_urls'),
    };
  }

  public readonly cluster: ContainerCluster;
  public readonly nodePool: ContainerNodePool;

  constructor(scope: Construct, context: StackContext, gcp: ResolvedGcpSettings, clusterPlan: GkeClusterPlan) {
    super(scope, clusterStackName(clusterPlan.name), { ...context, description: `The GKE cluster ${clusterPlan.name} (${clusterPlan.region}) and its node pool.` });
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
      network: this.consume(GcpNetworkStack.NETWORK_SELF_LINK),
      subnetwork: this.consume(GcpNetworkStack.subnetwork(clusterPlan.region)),
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
      // The DNS-based endpoint: every request authorized by IAM, from anywhere (see `ControlPlaneAccess.dnsEndpoint`).
      ...(gke.dnsEndpoint ? { controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } } } : {}),
      // The NEG controller, for container-native load balancing, comes with the HTTP load balancing add-on.
      addonsConfig: { httpLoadBalancing: { disabled: false } },
      // The Gateway API's CRDs and GKE's Gateway controllers: without them, `kubectl apply` of a Gateway or an
      // HTTPRoute (the multi-cluster Gateway output) fails with "no matches for kind"
      // (https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways#enable-gateway).
      gatewayApiConfig: { channel: 'CHANNEL_STANDARD' },
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

    addWorkloadIdentities(this, plan, clusterPlan);

    const outputs = GkeClusterStack.outputsOf(clusterPlan.name);
    this.publish(outputs.clusterId, this.cluster.id, `Id of the GKE cluster ${clusterPlan.name}.`);
    this.publish(outputs.clusterName, this.cluster.name, `Name of the GKE cluster ${clusterPlan.name}.`);
    this.publish(outputs.endpoint, this.cluster.endpoint, `Control plane endpoint of the GKE cluster ${clusterPlan.name}.`);
    this.publish(outputs.instanceGroupUrls, this.nodePool.managedInstanceGroupUrls, `Managed instance groups of the node pool of ${clusterPlan.name}, one per zone.`);
  }
}
