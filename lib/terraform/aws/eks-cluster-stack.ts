import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { Construct } from 'constructs';
import { CLUSTER_AUTOSCALER } from '../../kubernetes/cluster-autoscaler';
import { answersWithNlb, hasOwnNlb, isAlbBalanced, isNlbBalanced, type AlbAppPlan, type EksClusterPlan, type TerraformBalancedAppPlan } from '../../model';
import { FleetStack } from '../fleet-stack';
import type { StackContext } from '../stack-definition';
import { clusterStackName, StackOutput } from '../stack-output';
import { AlbAppTarget } from './alb-app-target';
import { AppLoadBalancer } from './app-load-balancer';
import { AwsCertificatesStack, terraformBalancedApps } from './aws-certificates-stack';
import { roleName } from './aws-names';
import { addAwsProvider } from './aws-provider';
import { EksNetwork } from './eks-network';
import { LoadBalancerSecurity } from './load-balancer-security';
import { byAlbGroup, SharedLoadBalancer } from './shared-load-balancer';
import { addVpcCniNetworkPolicy } from './vpc-cni-network-policy';
import { addPodIdentities } from './eks-pod-identity';

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
 * entries), a managed node group, the shared ALB of each ALB group with a target per app, and the NLB of each app
 * that has one. `prevent_destroy` guards the cluster by default.
 *
 * Outputs: `cluster_name`, `cluster_arn`, `endpoint`; per ALB group `alb_dns_name_<group>` and `alb_zone_id_<group>`,
 * per ALB app `health_alarm_<app>`; per NLB `lb_dns_name_<app>` and `lb_zone_id_<app>`.
 */
export class EksClusterStack extends FleetStack {
  /** The outputs of the stack of EKS cluster `cluster`. */
  public static outputsOf(cluster: string) {
    const stack = clusterStackName(cluster);
    return {
      clusterName: StackOutput.string(stack, 'cluster_name'),
      clusterArn: StackOutput.string(stack, 'cluster_arn'),
      endpoint: StackOutput.string(stack, 'endpoint'),
      /** The DNS name of the NLB of `app`. */
      loadBalancerDnsName: (app: string) => StackOutput.string(stack, `lb_dns_name_${app}`),
      /** The hosted zone of the NLB of `app`, for alias records. */
      loadBalancerZoneId: (app: string) => StackOutput.string(stack, `lb_zone_id_${app}`),
      /** The DNS name of the shared ALB of `group`. */
      albDnsName: (group: string) => StackOutput.string(stack, `alb_dns_name_${group}`),
      /** The hosted zone of the shared ALB of `group`, for alias records. */
      albZoneId: (group: string) => StackOutput.string(stack, `alb_zone_id_${group}`),
      /** The CloudWatch alarm on the healthy targets of `app` behind its shared ALB, for its Route53 health check. */
      healthAlarmName: (app: string) => StackOutput.string(stack, `health_alarm_${app}`),
    };
  }

  public readonly cluster: EksCluster;
  public readonly nodeGroup: EksNodeGroup;
  /** The NLB of each app that has one, by app name. */
  public readonly loadBalancers = new Map<string, AppLoadBalancer>();
  /** The shared ALB of each ALB group, by group. */
  public readonly sharedLoadBalancers = new Map<string, SharedLoadBalancer>();

  constructor(scope: Construct, context: StackContext, private readonly clusterPlan: EksClusterPlan) {
    super(scope, clusterStackName(clusterPlan.name), { ...context, description: `The EKS cluster ${clusterPlan.name} (${clusterPlan.region}), its VPC, node group and load balancers.` });
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
      // Without a policy, a version past standard support stays on, billed at the extended rate (see supportType).
      upgradePolicy: { supportType: eks.supportType },
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

    addVpcCniNetworkPolicy(this, { clusterName: this.cluster.name });
    // One Pod Identity Agent per cluster: the node autoscaler's role and the apps' roles all go through it.
    const podIdentityAgent = new EksAddon(this, 'pod-identity-agent', { clusterName: this.cluster.name, addonName: 'eks-pod-identity-agent' });
    addPodIdentities(this, plan, clusterPlan, this.cluster.name, podIdentityAgent);

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

    this.addNodeAutoscalerIdentity(podIdentityAgent);

    const apps = terraformBalancedApps(plan, clusterPlan);
    const nlbApps = apps.filter(hasOwnNlb);
    if (nlbApps.length > 0) this.addLoadBalancers(nlbApps, network);
    const albApps = apps.filter(isAlbBalanced);
    if (albApps.length > 0) this.addSharedLoadBalancers(albApps, network);

    const outputs = EksClusterStack.outputsOf(clusterPlan.name);
    this.publish(outputs.clusterName, this.cluster.name, `Name of the EKS cluster ${clusterPlan.name}.`);
    this.publish(outputs.clusterArn, this.cluster.arn, `ARN of the EKS cluster ${clusterPlan.name}.`);
    this.publish(outputs.endpoint, this.cluster.endpoint, `API endpoint of the EKS cluster ${clusterPlan.name}.`);
  }

  /**
   * The IAM of the Cluster Autoscaler that the cluster's manifests run (`cluster-autoscaler.yaml`): EKS never
   * changes a managed node group's desired size by itself, so without it `max_size` is never reached. EKS Pod
   * Identity gives the autoscaler's service account a role (the agent add-on, a role that `pods.eks.amazonaws.com`
   * assumes, and the association; https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html), with
   * the permissions of the autoscaler's AWS guide: read the groups and instance types everywhere, change the size
   * only of the groups tagged as this cluster's
   * (kubernetes/autoscaler, cluster-autoscaler/cloudprovider/aws/README.md, "Full Cluster Autoscaler Features Policy").
   * EKS tags a managed node group's Auto Scaling group with `k8s.io/cluster-autoscaler/<cluster>: owned`.
   */
  private addNodeAutoscalerIdentity(agent: EksAddon): void {
    const clusterName = this.clusterPlan.name;
    const role = new IamRole(this, 'cluster-autoscaler-role', {
      name: roleName(this.plan, this.clusterPlan, 'autoscaler'),
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }),
    });
    new IamRolePolicy(this, 'cluster-autoscaler-policy', {
      name: 'cluster-autoscaler',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations',
              'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags', 'ec2:DescribeImages', 'ec2:DescribeInstanceTypes',
              'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements', 'eks:DescribeNodegroup',
            ],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
            Resource: '*',
            Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' } },
          },
        ],
      }),
    });
    new EksPodIdentityAssociation(this, 'cluster-autoscaler-identity', {
      clusterName: this.cluster.name,
      namespace: CLUSTER_AUTOSCALER.namespace,
      serviceAccount: CLUSTER_AUTOSCALER.serviceAccount,
      roleArn: role.arn,
      dependsOn: [agent],
    });
  }

  /**
   * The shared ALB of each ALB group and each app's target behind it, with the ALB's DNS name and zone, and each
   * app's health alarm, published for the records. The listener's default certificate is the first host's of the
   * group (every host's is also a listener certificate): a new first host changes it in place.
   */
  private addSharedLoadBalancers(apps: readonly AlbAppPlan[], network: EksNetwork): void {
    const clusterPlan = this.clusterPlan;
    const outputs = EksClusterStack.outputsOf(clusterPlan.name);
    const bucketPrefix = this.plan.settings.aws.accessLogsBucketPrefix;
    const certificateOf = (app: AlbAppPlan) => this.consume(AwsCertificatesStack.certificateArn(clusterPlan.region, app.name));
    for (const [group, groupApps] of byAlbGroup(apps)) {
      const alb = new SharedLoadBalancer(this, `alb-${group}`, {
        cluster: clusterPlan,
        group,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        defaultCertificateArn: certificateOf(groupApps[0]),
        waf: this.plan.settings.aws.waf,
        ...(bucketPrefix ? { accessLogsBucket: `${bucketPrefix}-${clusterPlan.region}` } : {}),
      });
      this.sharedLoadBalancers.set(group, alb);
      this.publish(outputs.albDnsName(group), alb.loadBalancer.dnsName, `DNS name of the shared ALB ${group} of ${clusterPlan.name}.`);
      this.publish(outputs.albZoneId(group), alb.loadBalancer.zoneId, `Hosted zone of the shared ALB ${group} of ${clusterPlan.name}, for alias records.`);
      for (const app of groupApps) {
        // `host-<app>`, not `alb-…`: the ALBs' ids are `alb-<group>`, and a group may be named like `app-web`.
        const target = new AlbAppTarget(this, `host-${app.name}`, {
          plan: this.plan,
          cluster: clusterPlan,
          app,
          loadBalancer: alb,
          vpcId: network.vpcId,
          certificateArn: certificateOf(app),
          autoscalingGroupName: this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name,
          nodeSecurityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId,
        });
        this.publish(outputs.healthAlarmName(app.name), target.healthAlarm.alarmName, `CloudWatch alarm on the healthy targets of ${app.name} in ${clusterPlan.name}, for its Route53 health check.`);
      }
    }
  }

  /**
   * The NLB of each app that has one (`nlb` style, or kept during the move to the ALB), in the security group they
   * share, with its DNS name and zone published for the records.
   */
  private addLoadBalancers(apps: readonly TerraformBalancedAppPlan[], network: EksNetwork): void {
    const clusterPlan = this.clusterPlan;
    const bucketPrefix = this.plan.settings.aws.accessLogsBucketPrefix;
    const outputs = EksClusterStack.outputsOf(clusterPlan.name);
    const security = new LoadBalancerSecurity(this, 'load-balancers', { cluster: clusterPlan, vpcId: network.vpcId, nodeSecurityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId });
    for (const app of apps) {
      const lb = new AppLoadBalancer(this, `lb-${app.name}`, {
        cluster: clusterPlan,
        app,
        deletionProtection: nlbDeletionProtection(clusterPlan, app),
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        certificateArn: this.consume(AwsCertificatesStack.certificateArn(clusterPlan.region, app.name)),
        autoscalingGroupName: this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name,
        securityGroupId: security.securityGroup.id,
        ...(bucketPrefix ? { accessLogsBucket: `${bucketPrefix}-${clusterPlan.region}` } : {}),
      });
      this.loadBalancers.set(app.name, lb);
      this.publish(outputs.loadBalancerDnsName(app.name), lb.loadBalancer.dnsName, `DNS name of the NLB of ${app.name} in ${clusterPlan.name}.`);
      this.publish(outputs.loadBalancerZoneId(app.name), lb.loadBalancer.zoneId, `Hosted zone of the NLB of ${app.name} in ${clusterPlan.name}, for alias records.`);
    }
  }
}

/**
 * An app's NLB is protected as the app asks, and never beyond its cluster's protection (a retiring cluster lifts
 * it). A kept NLB is protected while DNS answers with it, and lifted once it stands by, so removing it then works.
 */
function nlbDeletionProtection(cluster: EksClusterPlan, app: TerraformBalancedAppPlan): boolean {
  if (!cluster.eks.deletionProtection) return false;
  if (isNlbBalanced(app)) return app.service.exposure.aws.deletionProtection;
  return answersWithNlb(app);
}
