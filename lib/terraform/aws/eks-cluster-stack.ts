import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { Construct } from 'constructs';
import type { EksClusterPlan, NlbAppPlan } from '../../model';
import { FleetStack } from '../fleet-stack';
import type { StackContext } from '../stack-definition';
import { AppLoadBalancer } from './app-load-balancer';
import { AwsCertificatesStack, nlbApps } from './aws-certificates-stack';
import { certificateOutput, loadBalancerOutput, roleName } from './aws-names';
import { addAwsProvider } from './aws-provider';
import { EksNetwork } from './eks-network';
import { LoadBalancerSecurity } from './load-balancer-security';

/** Every control-plane log type (Checkov CKV_AWS_37). */
const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

const MANAGED_POLICY = 'arn:aws:iam::aws:policy';

/** A role that `service` assumes. */
function assumedBy(service: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
}

/**
 * One EKS cluster, in its own stack: its VPC, a KMS key for secrets, the IAM roles with only the managed policies
 * EKS needs, the cluster (every control-plane log type, private endpoint unless public CIDRs are given, access
 * entries), a managed node group, and a Terraform-owned NLB per app that uses one. `prevent_destroy` guards the
 * cluster by default.
 *
 * Outputs: `cluster_name`, `cluster_arn`, `endpoint`, and per NLB app `lb_dns_name_<app>` and `lb_zone_id_<app>`.
 */
export class EksClusterStack extends FleetStack {
  public readonly cluster: EksCluster;
  public readonly nodeGroup: EksNodeGroup;
  public readonly loadBalancers = new Map<string, AppLoadBalancer>();

  constructor(scope: Construct, name: string, context: StackContext, private readonly clusterPlan: EksClusterPlan) {
    super(scope, name, { ...context, description: `The EKS cluster ${clusterPlan.name} (${clusterPlan.region}), its VPC, node group and load balancers.` });
    const plan = context.plan;
    const eks = clusterPlan.eks;
    addAwsProvider(this, clusterPlan.region);
    const network = new EksNetwork(this, 'network', { cluster: clusterPlan });

    const key = new KmsKey(this, 'secrets-key', {
      description: `Envelope encryption of the Kubernetes secrets of ${clusterPlan.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'secrets-key-alias', { name: `alias/${roleName(plan, clusterPlan, 'secrets')}`, targetKeyId: key.keyId });

    const clusterRole = new IamRole(this, 'cluster-role', { name: roleName(plan, clusterPlan, 'cluster'), assumeRolePolicy: assumedBy('eks.amazonaws.com') });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-role-policy', { role: clusterRole.name, policyArn: `${MANAGED_POLICY}/AmazonEKSClusterPolicy` });
    new IamRolePolicy(this, 'cluster-role-secrets-key', {
      name: 'secrets-key',
      role: clusterRole.id,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: key.arn }] }),
    });
    // EKS would create this group itself, without retention; created first, it keeps logs 90 days.
    const logs = new CloudwatchLogGroup(this, 'control-plane-logs', { name: `/aws/eks/${clusterPlan.name}/cluster`, retentionInDays: 90 });

    this.cluster = new EksCluster(this, 'cluster', {
      name: clusterPlan.name,
      version: eks.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: network.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: eks.publicAccessCidrs.length > 0,
        ...(eks.publicAccessCidrs.length > 0 ? { publicAccessCidrs: [...eks.publicAccessCidrs] } : {}),
      },
      enabledClusterLogTypes: CONTROL_PLANE_LOGS,
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.arn } },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      lifecycle: { preventDestroy: eks.deletionProtection },
      dependsOn: [clusterPolicy, logs],
    });
    for (const [i, principalArn] of eks.adminPrincipalArns.entries()) {
      const entry = new EksAccessEntry(this, `admin-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster' },
      });
    }

    const nodeRole = new IamRole(this, 'node-role', { name: roleName(plan, clusterPlan, 'nodes'), assumeRolePolicy: assumedBy('ec2.amazonaws.com') });
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'].map((policy) =>
      new IamRolePolicyAttachment(this, `node-role-${policy}`, { role: nodeRole.name, policyArn: `${MANAGED_POLICY}/${policy}` }));
    const pool = clusterPlan.nodePool;
    this.nodeGroup = new EksNodeGroup(this, 'nodes', {
      clusterName: this.cluster.name,
      nodeGroupName: 'nodes',
      nodeRoleArn: nodeRole.arn,
      subnetIds: network.privateSubnetIds,
      instanceTypes: [pool.machineType],
      diskSize: pool.diskSizeGb,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: Math.max(pool.minNodes, 1) },
      updateConfig: { maxUnavailable: 1 },
      labels: { cluster: clusterPlan.name },
      // The cluster autoscaler owns the desired size once the group exists.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: nodePolicies,
    });

    const apps = nlbApps(plan, clusterPlan);
    if (apps.length > 0) this.addLoadBalancers(apps, network);

    this.publish('cluster_name', this.cluster.name, `Name of the EKS cluster ${clusterPlan.name}.`);
    this.publish('cluster_arn', this.cluster.arn, `ARN of the EKS cluster ${clusterPlan.name}.`);
    this.publish('endpoint', this.cluster.endpoint, `API endpoint of the EKS cluster ${clusterPlan.name}.`);
  }

  /** The NLB of each app, in the group they share, with its DNS name and zone published for the records. */
  private addLoadBalancers(apps: readonly NlbAppPlan[], network: EksNetwork): void {
    const clusterPlan = this.clusterPlan;
    const bucketPrefix = this.plan.settings.aws.accessLogsBucketPrefix;
    const security = new LoadBalancerSecurity(this, 'load-balancers', { cluster: clusterPlan, vpcId: network.vpcId, nodeSecurityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId });
    for (const app of apps) {
      const lb = new AppLoadBalancer(this, `lb-${app.name}`, {
        cluster: clusterPlan,
        app,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        certificateArn: this.consumeString(AwsCertificatesStack.NAME, certificateOutput(clusterPlan.region, app.name)),
        autoscalingGroupName: this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name,
        securityGroupId: security.securityGroup.id,
        ...(bucketPrefix ? { accessLogsBucket: `${bucketPrefix}-${clusterPlan.region}` } : {}),
      });
      this.loadBalancers.set(app.name, lb);
      this.publish(loadBalancerOutput(app.name, 'dns_name'), lb.loadBalancer.dnsName, `DNS name of the NLB of ${app.name} in ${clusterPlan.name}.`);
      this.publish(loadBalancerOutput(app.name, 'zone_id'), lb.loadBalancer.zoneId, `Hosted zone of the NLB of ${app.name} in ${clusterPlan.name}, for alias records.`);
    }
  }
}
