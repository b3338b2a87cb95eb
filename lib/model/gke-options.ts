/** GKE's release channels (https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels). */
export type GkeReleaseChannel = 'RAPID' | 'REGULAR' | 'STABLE';

/** A network allowed to reach a GKE control plane. */
export interface AuthorizedNetwork {
  /** CIDR block, e.g. `203.0.113.0/24`. `0.0.0.0/0` is refused. */
  readonly cidr: string;
  /** What the block is, e.g. `ci-runners`. */
  readonly name: string;
}

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
  /**
   * Whether nodes have internal IP addresses only (CKV_GCP_64). The load balancer reaches them inside the VPC,
   * and they reach the internet (image registries) through the fleet's Cloud NAT.
   * @default true
   */
  readonly privateNodes?: boolean;
  /**
   * Networks allowed to reach the control plane's public endpoint, e.g. where CI runs `kubectl`
   * (CKV_GCP_20), instead of the fleet's `controlPlaneAccess`.
   * @default - the fleet's `controlPlaneAccess`
   */
  readonly authorizedNetworks?: readonly AuthorizedNetwork[];
}

/** GKE options with every default applied. */
export interface ResolvedGkeOptions {
  readonly releaseChannel: GkeReleaseChannel;
  readonly deletionProtection: boolean;
  readonly privateNodes: boolean;
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  /** Whether the control plane's DNS-based endpoint takes requests from outside Google Cloud (see `ControlPlaneAccess`). */
  readonly dnsEndpoint: boolean;
}

/** The defaults of {@link GkeClusterOptions}, in one place. */
export function resolveGkeOptions(props: GkeClusterOptions = {}): ResolvedGkeOptions {
  return {
    releaseChannel: props.releaseChannel ?? 'REGULAR',
    deletionProtection: props.deletionProtection ?? true,
    privateNodes: props.privateNodes ?? true,
    authorizedNetworks: [...(props.authorizedNetworks ?? [])],
    dnsEndpoint: false,
  };
}
