import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { NODE_PORTS, type EksClusterPlan } from '../../model';
import { clusterResourceName } from './aws-names';

/** Properties of a {@link LoadBalancerSecurity}. */
export interface LoadBalancerSecurityProps {
  readonly cluster: EksClusterPlan;
  readonly vpcId: string;
  /** The cluster security group, which the nodes use. */
  readonly nodeSecurityGroupId: string;
}

/**
 * The security group that every Terraform-owned NLB of an EKS cluster shares: HTTPS in from the internet, and out
 * to the NodePort range in the cluster's VPC; the nodes admit the NodePort range from that group only.
 *
 * One group for the cluster's NLBs, as the AWS Load Balancer Controller's shared backend security group: a group
 * and a node rule per app would put a rule per app on the cluster security group, whose default quota is 60
 * inbound rules (a cluster with more apps than that would fail to apply), and an app added or removed would change
 * the nodes' rules. The range is Kubernetes' own, so it never changes; an NLB forwards only to its target group.
 */
export class LoadBalancerSecurity extends Construct {
  public readonly securityGroup: SecurityGroup;

  /** The resources live in `scope` itself, with ids that start with `id` (readable Terraform addresses), as `AppLoadBalancer`'s do. */
  constructor(scope: Construct, id: string, props: LoadBalancerSecurityProps) {
    super(scope, `${id}-construct`);
    const { cluster } = props;
    this.securityGroup = new SecurityGroup(scope, `${id}-security-group`, {
      name: clusterResourceName(cluster, 'load-balancers'),
      description: 'HTTPS to the NLBs of the apps; the NLBs to the NodePorts of the nodes',
      vpcId: props.vpcId,
      ingress: [{ description: 'HTTPS from the internet', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
      // To the nodes' own group, not to a CIDR: an existing VPC's range is not the declared default one.
      egress: [{ description: 'To the NodePorts on the nodes', protocol: 'tcp', fromPort: NODE_PORTS.from, toPort: NODE_PORTS.to, securityGroups: [props.nodeSecurityGroupId] }],
      tags: { Name: clusterResourceName(cluster, 'load-balancers') },
    });
    new VpcSecurityGroupIngressRule(scope, `${id}-node-ports`, {
      securityGroupId: props.nodeSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: NODE_PORTS.from,
      toPort: NODE_PORTS.to,
      description: 'NodePorts from the NLBs of the apps',
    });
  }
}
