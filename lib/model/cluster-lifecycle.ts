/** Where a cluster is in its life: serving, draining, or retiring. */
export type ClusterLifecycleStage = 'active' | 'draining' | 'retiring';

/**
 * Where a cluster is in its life. Retiring a cluster is two declared steps, each synthesized, reviewed and
 * applied, before the cluster leaves the declaration (docs/operations.md, "Retiring a cluster"):
 *
 * 1. {@link ClusterLifecycle.drain}: traffic and apps leave the cluster; the cluster itself is unchanged.
 * 2. {@link ClusterLifecycle.retire}: the cluster's stack loses its deletion protection and is listed under "To
 *    destroy" in `dist/terraform/README.md`, with the commands in order.
 *
 * Deleting a cluster from the declaration while its stack may still hold resources is refused (see `synth`'s
 * `acknowledgeRemovals`): without its configuration, Terraform could never destroy them.
 */
export class ClusterLifecycle {
  /** Serving: the apps placed on it run there and its load balancers and records take traffic. */
  public static active(): ClusterLifecycle {
    return new ClusterLifecycle('active');
  }

  /**
   * Draining: the cluster leaves the Google global load balancer's backends and the DNS records, and its apps are
   * removed from its manifests (apps with `Replicas.divided` give its share to the other clusters). Its own stack
   * is unchanged: the cluster, its nodes and its load balancers stay until the next step.
   */
  public static drain(): ClusterLifecycle {
    return new ClusterLifecycle('draining');
  }

  /**
   * Retiring: drained, and its stack is kept with its deletion protection lifted (GKE `deletion_protection`, the
   * `prevent_destroy` lifecycle, the NLBs' deletion protection) and listed "to destroy" in the apply order, with
   * the commands. Its fleet-hub membership and the certificates only it used are removed. Once its stack is
   * destroyed, delete the cluster from the declaration.
   */
  public static retire(): ClusterLifecycle {
    return new ClusterLifecycle('retiring');
  }

  private constructor(
    /** Where the cluster is in its life: serving, draining or retiring. */
    public readonly stage: ClusterLifecycleStage,
  ) {}

  /** The factory call that makes this lifecycle, for messages. */
  public toString(): string {
    return this.stage;
  }
}
