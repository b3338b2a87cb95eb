/** GKE's release channels (https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels). */
export type GkeReleaseChannel = 'RAPID' | 'REGULAR' | 'STABLE';

/** Options that only GKE clusters have. */
export interface GkeClusterOptions {
  /**
   * Release channel that picks and upgrades the Kubernetes version (Checkov CKV_GCP_70).
   * @default 'REGULAR'
   */
  readonly releaseChannel?: GkeReleaseChannel;
  /**
   * Whether Terraform refuses to delete the cluster (`deletion_protection` plus a `prevent_destroy`
   * lifecycle). Turn off only to delete a cluster on purpose.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** GKE options with every default applied. */
export interface ResolvedGkeOptions {
  readonly releaseChannel: GkeReleaseChannel;
  readonly deletionProtection: boolean;
}

/** The defaults of {@link GkeClusterOptions}, in one place. */
export function resolveGkeOptions(props: GkeClusterOptions = {}): ResolvedGkeOptions {
  return {
    releaseChannel: props.releaseChannel ?? 'REGULAR',
    deletionProtection: props.deletionProtection ?? true,
  };
}
