import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { Construct } from 'constructs';

/** Properties of {@link addVpcCniNetworkPolicy}. */
export interface VpcCniNetworkPolicyProps {
  /** Name of the EKS cluster (a reference to it, so the add-on waits for the cluster). */
  readonly clusterName: string;
}

/**
 * The Amazon VPC CNI as an EKS managed add-on, with network policy enforcement on: without it, EKS accepts the
 * apps' NetworkPolicies and enforces none. The network policy agent of the VPC CNI (v1.14.0 or later, EKS 1.25 or
 * later) enforces them (https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html).
 * The add-on takes over the self-managed `aws-node` that EKS installs (`OVERWRITE` on create), and keeps changes
 * made on the cluster afterwards (`PRESERVE` on update); its version is EKS's default for the cluster's version.
 */
export function addVpcCniNetworkPolicy(scope: Construct, props: VpcCniNetworkPolicyProps): EksAddon {
  return new EksAddon(scope, 'vpc-cni', {
    clusterName: props.clusterName,
    addonName: 'vpc-cni',
    configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'PRESERVE',
  });
}
