/** Options that only EKS clusters have. */
export interface EksClusterOptions {
  /**
   * Kubernetes version of the control plane and nodes.
   * @default '1.33'
   */
  readonly kubernetesVersion?: string;
  /**
   * Whether Terraform refuses to destroy the cluster (a `prevent_destroy` lifecycle; the AWS provider has no
   * `deletion_protection` on `aws_eks_cluster`). Turn off only to delete a cluster on purpose.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** EKS options with every default applied. */
export interface ResolvedEksOptions {
  readonly kubernetesVersion: string;
  readonly deletionProtection: boolean;
}

/** The defaults of {@link EksClusterOptions}, in one place. */
export function resolveEksOptions(props: EksClusterOptions = {}): ResolvedEksOptions {
  return {
    kubernetesVersion: props.kubernetesVersion ?? '1.33',
    deletionProtection: props.deletionProtection ?? true,
  };
}
