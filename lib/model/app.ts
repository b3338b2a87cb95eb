import type { AppConfigMapProps, AppSecretMountProps } from './app-config';
import type { AppIdentityProps } from './app-identity';
import type { Autoscaling } from './autoscaling';
import type { AppNetworkPolicyProps } from './network-policy';
import type { EnvMap } from './env-value';
import type { IngressTls } from './ingress-tls';
import type { LoadBalancingProps } from './load-balancing';
import type { Placement } from './placement';
import type { Probe, ReadinessProbeProps } from './probe';
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
  /**
   * Entries of the app's ConfigMaps in this cluster, by ConfigMap name: added, or replacing the app's of the same
   * key.
   * @default - none
   */
  readonly configMaps?: Readonly<Record<string, EnvMap>>;
  /**
   * More callers let in by the app's NetworkPolicy in this cluster, besides the app's.
   * @default - the app's
   */
  readonly networkPolicy?: Pick<AppNetworkPolicyProps, 'allowFrom' | 'allowFromCidrs'>;
  /**
   * The app's permissions in this cluster, replacing the app's for the cluster's cloud (e.g. a bucket of the region).
   * @default - the app's
   */
  readonly identity?: Omit<AppIdentityProps, 'allowWildcards'>;
  /**
   * The autoscaler's bounds in this cluster; only for apps with `Autoscaling.perCluster` (a divided app's bounds
   * follow the cluster weight).
   * @default - the app's bounds
   */
  readonly autoscaling?: AutoscalingOverride;
}

/** An autoscaler's bounds in one cluster. */
export interface AutoscalingOverride {
  /**
   * The autoscaler's minimum in this cluster.
   * @default - the app's minimum
   */
  readonly minReplicas?: number;
  /**
   * The autoscaler's maximum in this cluster.
   * @default - the app's maximum
   */
  readonly maxReplicas?: number;
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
  /**
   * Port the container listens on, which the app's Service targets. Without one, the app is a worker (a queue
   * consumer, a scheduler): no Service, no Ingress, no load balancer, and it declares its probes.
   * @default - none: the app is a worker, and `servicePort`, `nodePort`, `ingress` and `loadBalancing` are refused
   */
  readonly containerPort?: number;
  /**
   * How many replicas run, and where.
   * @default Replicas.perCluster(3)
   */
  readonly replicas?: Replicas;
  /**
   * A HorizontalPodAutoscaler per cluster, which then owns the replicas: give either this or `replicas`.
   * @default - no autoscaling: `replicas` replicas
   */
  readonly autoscaling?: Autoscaling;
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
   * ConfigMaps of the app, as files or environment variables; a change to their content rolls the Deployment.
   * @default - none
   */
  readonly configMaps?: readonly AppConfigMapProps[];
  /**
   * Existing Secrets mounted as files. A single value is better read with `EnvValue.fromSecret(name, key)`.
   * @default - none
   */
  readonly secretMounts?: readonly AppSecretMountProps[];
  /**
   * The readiness probe: a {@link Probe}, or `{ path }` for `Probe.httpGet(path)`. An app with an `ingress` has an
   * HTTP one on its container port: the load balancers health-check the same path.
   * @default - with a `containerPort`, `Probe.httpGet('/')` on it; without one, required (`Probe.exec(command)`,
   *   or `Probe.none()`)
   */
  readonly readiness?: Probe | ReadinessProbeProps;
  /**
   * The liveness probe.
   * @default - with a `containerPort`, `Probe.tcp()` on it; without one, required (`Probe.exec(command)`, or
   *   `Probe.none()`)
   */
  readonly liveness?: Probe;
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
   * What the app's pods may do in the clouds, declared once: GKE Workload Identity and EKS Pod Identity, bound to
   * the app's own ServiceAccount (which every app gets, without an API token).
   * @default - no cloud identity
   */
  readonly identity?: AppIdentityProps;
  /**
   * The app's NetworkPolicy: ingress only from its load balancers and the apps it lets in, DNS and open egress.
   * @default - on, see {@link AppNetworkPolicyProps}
   */
  readonly networkPolicy?: AppNetworkPolicyProps;
  /**
   * Security policy of the pods.
   * @default - see {@link WorkloadSecurityProps}
   */
  readonly security?: WorkloadSecurityProps;
}

/** An app as declared in a fleet. */
export class FederatedApp {
  /** The app as declared. */
  public readonly props: AppProps;

  /** @param props - the app as declared; see {@link AppProps} */
  constructor(props: AppProps) {
    this.props = props;
  }

  /** The app's name. */
  public get name(): string {
    return this.props.name;
  }
}
