import type { EnvMap } from './env-value';
import type { IngressTls } from './ingress-tls';
import type { LoadBalancingProps } from './load-balancing';
import type { Placement } from './placement';
import type { LivenessProbe, ReadinessProbeProps } from './probe';
import type { Replicas } from './replicas';
import type { ContainerResources } from './resources';
import type { WorkloadSecurityProps } from './workload-security';

/** The public entry of an app: its hostname and path. */
export interface AppIngressProps {
  /**
   * The hostname users reach the app on, in every cluster and on the global load balancers, e.g.
   * `get-region.example.com`. Certificates are issued for it.
   */
  readonly host: string;
  /**
   * Path prefix routed to the app.
   * @default '/'
   */
  readonly path?: string;
  /**
   * An in-cluster Kubernetes Ingress for the app in every cluster it runs on, for an ingress controller you run
   * there. The global load balancers do not need it, and on GKE an Ingress of GKE's own class (the default when
   * a cluster has no default IngressClass) builds one more Google load balancer per cluster: so there is none
   * unless asked for, with a class.
   * @default - no in-cluster Ingress
   */
  readonly inCluster?: InClusterIngressProps;
}

/** An app's in-cluster Ingress. */
export interface InClusterIngressProps {
  /**
   * `spec.ingressClassName` of the Ingress, e.g. `nginx`. A cluster's own `ingressClassName` replaces it in that
   * cluster; every cluster the app runs on needs one or the other.
   * @default - the cluster's `ingressClassName`
   */
  readonly className?: string;
  /**
   * Where the Ingress's certificate comes from: an existing Secret, cert-manager, or none (no `tls` block).
   */
  readonly tls: IngressTls;
}

/** What may differ for an app in one cluster. */
export interface ClusterOverride {
  /**
   * Replicas in this cluster; only for apps with `Replicas.perCluster` (a divided app's share follows the
   * cluster weight).
   * @default - the app's replicas
   */
  readonly replicas?: number;
  /**
   * Image in this cluster, e.g. a canary version or a regional registry mirror.
   * @default - the app's image
   */
  readonly image?: string;
  /**
   * Environment variables added, or replacing the app's of the same name, in this cluster.
   * @default - none
   */
  readonly env?: EnvMap;
  /**
   * Resources in this cluster, field by field over the app's.
   * @default - the app's resources
   */
  readonly resources?: ContainerResources;
}

/** An app that runs, the same, on several clusters of the fleet. */
export interface AppProps {
  /**
   * The app's name: a DNS-1123 label unique in the fleet. It names the Deployment, Service and Ingress and is
   * the value of the selector label `app.kubernetes.io/name`, so it must never change.
   */
  readonly name: string;
  /**
   * Namespace of the app's objects, created with the restricted Pod Security Standard enforced.
   * @default - the app's name
   */
  readonly namespace?: string;
  /** Container image with a tag or a digest, e.g. `hashicorp/http-echo:1.0.0`. `latest` is refused. */
  readonly image: string;
  /**
   * Entrypoint of the container.
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Arguments of the container; `$(VAR)` expands the app's environment variables.
   * @default - the image's arguments
   */
  readonly args?: readonly string[];
  /** Port the container listens on. */
  readonly containerPort: number;
  /**
   * How many replicas run, and where.
   * @default Replicas.perCluster(3)
   */
  readonly replicas?: Replicas;
  /**
   * CPU and memory of the container.
   * @default - see {@link ContainerResources}
   */
  readonly resources?: ContainerResources;
  /**
   * Environment variables; an {@link EnvValue} can read the cluster the replica runs in.
   * @default - none
   */
  readonly env?: EnvMap;
  /**
   * The readiness probe, also the load balancers' health check.
   * @default - HTTP GET of `/` on the container port
   */
  readonly readiness?: ReadinessProbeProps;
  /**
   * The liveness probe.
   * @default LivenessProbe.tcp()
   */
  readonly liveness?: LivenessProbe;
  /**
   * Port of the app's Service.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * The NodePort (30000-32767) of the app's Service in every cluster. Required when a load balancer reaches the
   * app through its nodes (GCP `instance-groups`, AWS `nlb`); the same port everywhere, as the seed's 30040.
   * @default - none: the Service gets no NodePort when no load balancer needs one
   */
  readonly nodePort?: number;
  /**
   * The app's public hostname and path. Apps without one stay inside their clusters.
   * @default - not exposed
   */
  readonly ingress?: AppIngressProps;
  /**
   * The clusters the app runs on.
   * @default Placement.all()
   */
  readonly placement?: Placement;
  /**
   * What differs in some clusters, by cluster name.
   * @default - none
   */
  readonly overrides?: Readonly<Record<string, ClusterOverride>>;
  /**
   * How the global load balancers reach the app.
   * @default - see {@link LoadBalancingProps}
   */
  readonly loadBalancing?: LoadBalancingProps;
  /**
   * Security policy of the pods.
   * @default - see {@link WorkloadSecurityProps}
   */
  readonly security?: WorkloadSecurityProps;
}

/** An app as declared in a fleet. */
export class FederatedApp {
  constructor(public readonly props: AppProps) {}

  public get name(): string {
    return this.props.name;
  }
}
