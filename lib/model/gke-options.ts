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
  /**
   * The group of GKE clusters whose backends share one backend service per app behind the Google global load
   * balancer. A backend service holds at most 50 instance-group or zonal-NEG backends (one per zone of each
   * cluster), so a fleet with more gives its clusters several groups, and the URL map splits each app's traffic
   * over its groups by the sum of their clusters' `weight`. Google picks the group by weight before proximity:
   * give each group a cluster in every region you serve (docs/gcp.md, "Fleets past 50 backends").
   * A DNS-1123 label of at most 20 characters.
   * @default 'default' - the fleet's single group, whose resources keep the names they had before groups existed
   */
  readonly loadBalancerGroup?: string;
}

/** The group of the GKE clusters that declare none (see {@link GkeClusterOptions.loadBalancerGroup}). */
export const DEFAULT_LOAD_BALANCER_GROUP = 'default';

/** GKE options with every default applied. */
export interface ResolvedGkeOptions {
  readonly releaseChannel: GkeReleaseChannel;
  readonly deletionProtection: boolean;
  readonly privateNodes: boolean;
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  readonly loadBalancerGroup: string;
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
    loadBalancerGroup: props.loadBalancerGroup ?? DEFAULT_LOAD_BALANCER_GROUP,
    dnsEndpoint: false,
  };
}
