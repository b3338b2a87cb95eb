/** Who may reach an app's pods, and where they may connect, in every cluster it runs on. */
export interface AppNetworkPolicyProps {
  /**
   * Whether the app gets a NetworkPolicy. Off, every pod of the cluster and every address that reaches the nodes
   * may connect to the app's pods.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Apps of the fleet whose pods may connect to this app's container port (to any port of an app without one), in
   * the clusters where both run.
   * @default - none
   */
  readonly allowFrom?: readonly string[];
  /**
   * Address ranges (CIDR) that may connect to the app's container port (to any port of an app without one), e.g. a
   * monitoring network.
   * @default - none
   */
  readonly allowFromCidrs?: readonly string[];
  /**
   * Where the pods may connect. Unset, egress is open; set, it is denied except DNS (port 53) and these.
   * @default - open
   */
  readonly egress?: AppEgressProps;
}

/** The destinations an app's pods may connect to, besides DNS. */
export interface AppEgressProps {
  /**
   * Apps of the fleet, on their container port, in the same cluster (apps without one listen on nothing).
   * @default - none
   */
  readonly toApps?: readonly string[];
  /**
   * Address ranges (CIDR), on any port.
   * @default - none
   */
  readonly toCidrs?: readonly string[];
}

/** A peer of a NetworkPolicy rule: the pods of an app, or an address range. */
export type NetworkPeerPlan =
  /** `port`: the app's container port, where it has one; always there for an egress destination. */
  | { readonly kind: 'app'; readonly namespace: string; readonly selector: Readonly<Record<string, string>>; readonly port?: number }
  | { readonly kind: 'cidr'; readonly cidr: string };

/** An app's NetworkPolicy in one cluster. */
export interface NetworkPolicyPlan {
  /** Address ranges of the load balancers' paths to the pods in this cluster (traffic and health checks). */
  readonly loadBalancerCidrs: readonly string[];
  /** Apps and address ranges let in on the container port (on every port for an app without one). */
  readonly allowFrom: readonly NetworkPeerPlan[];
  /** When present, egress is denied except DNS and these. */
  readonly egress?: readonly NetworkPeerPlan[];
}

/**
 * Where Google's load balancers connect from: the Google Front Ends and their health checks
 * (https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges, the same ranges as the proxies
 * of the global external Application Load Balancer).
 */
export const GOOGLE_LOAD_BALANCER_RANGES: readonly string[] = ['130.211.0.0/22', '35.191.0.0/16'];
