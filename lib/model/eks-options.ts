/** An existing VPC for an EKS cluster. */
export interface ExistingVpc {
  /** The VPC's id, e.g. `vpc-0123456789abcdef0`. */
  readonly vpcId: string;
  /** Subnets of the nodes and the control plane's network interfaces, in at least two availability zones. */
  readonly privateSubnetIds: readonly string[];
  /** Subnets of internet-facing load balancers. */
  readonly publicSubnetIds: readonly string[];
}

/** Options that only EKS clusters have. */
export interface EksClusterOptions {
  /**
   * Kubernetes version of the control plane and nodes (a version in EKS standard support: Checkov CKV_AWS_339).
   * @default '1.33'
   */
  readonly kubernetesVersion?: string;
  /**
   * What EKS does when the version leaves standard support: `STANDARD` upgrades the control plane to the next
   * version; `EXTENDED` keeps it, billed at the extended-support rate (six times the standard hourly cluster
   * price, https://aws.amazon.com/eks/pricing/), which is also what EKS does when no policy is set
   * (https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html).
   * @default 'STANDARD'
   */
  readonly supportType?: 'STANDARD' | 'EXTENDED';
  /**
   * Whether Terraform refuses to destroy the cluster and its shared ALBs (a `prevent_destroy` lifecycle; the
   * AWS provider has no `deletion_protection` on `aws_eks_cluster`). Turn off only to delete a cluster on purpose.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Networks allowed to reach the control plane's public endpoint, e.g. where CI runs `kubectl` (CKV_AWS_38/39),
   * instead of the fleet's `controlPlaneAccess`. Empty: the endpoint is private, reachable from the VPC only.
   * @default - the fleet's `controlPlaneAccess`
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * IAM principals (role or user ARNs) given cluster-admin through EKS access entries. The principal that runs
   * Terraform gets it too (EKS's bootstrap cluster creator permissions).
   * @default - none
   */
  readonly adminPrincipalArns?: readonly string[];
  /**
   * Range of the cluster's VPC, a /16. Each EKS cluster has a VPC of its own. With `existingVpc`, the existing
   * VPC's primary range (any size), required: the apps' NetworkPolicies admit the load balancers from it.
   * @default '10.0.0.0/16'; required with `existingVpc`
   */
  readonly vpcCidr?: string;
  /**
   * An existing VPC and subnets to use instead of creating one.
   * @default - a VPC is created
   */
  readonly existingVpc?: ExistingVpc;
}

/** EKS options with every default applied. */
export interface ResolvedEksOptions {
  readonly kubernetesVersion: string;
  readonly supportType: 'STANDARD' | 'EXTENDED';
  readonly deletionProtection: boolean;
  readonly publicAccessCidrs: readonly string[];
  readonly adminPrincipalArns: readonly string[];
  readonly vpcCidr: string;
  readonly existingVpc?: ExistingVpc;
}

/** The defaults of {@link EksClusterOptions}, in one place. */
export function resolveEksOptions(props: EksClusterOptions = {}): ResolvedEksOptions {
  return {
    kubernetesVersion: props.kubernetesVersion ?? '1.33',
    supportType: props.supportType ?? 'STANDARD',
    deletionProtection: props.deletionProtection ?? true,
    publicAccessCidrs: [...(props.publicAccessCidrs ?? [])],
    adminPrincipalArns: [...(props.adminPrincipalArns ?? [])],
    vpcCidr: props.vpcCidr ?? '10.0.0.0/16',
    ...(props.existingVpc ? { existingVpc: props.existingVpc } : {}),
  };
}
