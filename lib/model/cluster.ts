import type { Cloud } from './cloud';
import type { ClusterLifecycle } from './cluster-lifecycle';
import type { EksClusterOptions } from './eks-options';
import type { GkeClusterOptions } from './gke-options';
import type { NodePoolProps } from './node-pool';

/** What every cluster declares, whatever its cloud. */
export interface ClusterPropsBase {
  /**
   * The cluster's name: a DNS-1123 label, unique in the fleet. It names the cluster's output folder, its
   * kubectl context, its Terraform stack and its cloud resources, so it should never change.
   */
  readonly name: string;
  /** The cloud region, e.g. `us-central1` or `eu-west-1`. */
  readonly region: string;
  /**
   * Zones the nodes run in. GCP: zone names such as `us-central1-a`. AWS: availability zone names such as
   * `eu-west-1a`.
   * @default GCP: the region's first three zones; AWS: the first three availability zones the account has
   *   (two where the region has two), looked up by Terraform
   */
  readonly zones?: readonly string[];
  /**
   * Labels that placements select on and environment values can read (`EnvValue.fromClusterLabel`).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The cluster's share when an app's replicas are divided (`Replicas.divided`): a cluster of weight 2 gets
   * twice the replicas of a cluster of weight 1.
   * @default 1
   */
  readonly weight?: number;
  /**
   * The worker nodes.
   * @default - see {@link NodePoolProps}
   */
  readonly nodePool?: NodePoolProps;
  /**
   * `spec.ingressClassName` of the in-cluster Ingresses of the apps that ask for one (`ingress.inCluster`) in
   * this cluster, over the app's `className`. On GKE, an Ingress with no class is served by GKE's own
   * controller, which builds an extra load balancer per cluster: name the controller you run (e.g. `nginx`).
   * @default - the app's `ingress.inCluster.className`
   */
  readonly ingressClassName?: string;
  /**
   * Where the cluster is in its life: serving, draining (traffic and apps leave it) or retiring (its stack is
   * unprotected and listed to destroy). Retire a cluster this way, one step at a time, before deleting it.
   * @default ClusterLifecycle.active()
   */
  readonly lifecycle?: ClusterLifecycle;
}

/** A GKE cluster. */
export interface GkeClusterProps extends ClusterPropsBase {
  /** Google Cloud: a GKE cluster. */
  readonly cloud: 'gcp';
  /**
   * GKE-specific options.
   * @default - see {@link GkeClusterOptions}
   */
  readonly gke?: GkeClusterOptions;
}

/** An EKS cluster. */
export interface EksClusterProps extends ClusterPropsBase {
  /** AWS: an EKS cluster. */
  readonly cloud: 'aws';
  /**
   * EKS-specific options.
   * @default - see {@link EksClusterOptions}
   */
  readonly eks?: EksClusterOptions;
}

/** A cluster of the fleet, on either cloud. */
export type ClusterProps = GkeClusterProps | EksClusterProps;

/** A cluster as declared in a fleet. */
export class Cluster {
  /** The cluster as declared. */
  public readonly props: ClusterProps;

  /** @param props - the cluster as declared; see {@link GkeClusterProps} and {@link EksClusterProps} */
  constructor(props: ClusterProps) {
    this.props = props;
  }

  /** The cluster's name. */
  public get name(): string {
    return this.props.name;
  }

  /** The cluster's cloud. */
  public get cloud(): Cloud {
    return this.props.cloud;
  }
}
