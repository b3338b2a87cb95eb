import type { AppSecretMountProps, ConfigMapPlan } from './app-config';
import type { WorkloadIdentityPlan } from './app-identity';
import type { AutoscalingSpec, WorkloadAutoscaling } from './autoscaling';
import type { KeptNlb } from './aws-load-balancing';
import type { ResolvedAwsSettings } from './aws-settings';
import type { Cloud } from './cloud';
import type { ClusterLifecycleStage } from './cluster-lifecycle';
import type { ResolvedCloudDnsSettings, ResolvedDnsSettings, ResolvedRoute53DnsSettings } from './dns-settings';
import type { ResolvedGcpSettings } from './gcp-settings';
import type { ResolvedEksOptions } from './eks-options';
import type { ResolvedGkeOptions } from './gke-options';
import type { IngressTlsPlan } from './ingress-tls';
import type { NetworkPolicyPlan } from './network-policy';
import type { KubernetesObject, ManifestSetPlan } from './manifests';
import type { ResolvedNodePool } from './node-pool';
import type { ResolvedHttpProbe, ResolvedProbe } from './probe';
import type { ReplicaSpec } from './replicas';
import type { ResolvedResources } from './resources';
import type { ResolvedWorkloadSecurity } from './workload-security';

/*
 * The plan is the fleet declaration validated and resolved: every default applied, every per-cluster value
 * computed. Renderers read only the plan, so facts that several outputs must agree on (names, labels, the
 * NodePort, the health-check path, the host) are computed once, here.
 */

/** What every cluster has, resolved. */
interface ClusterPlanBase {
  readonly name: string;
  readonly region: string;
  /**
   * Zones the nodes run in. GCP: always the zone names. AWS: the declared availability zones, or empty when
   * Terraform picks the first `zoneCount` of the account.
   */
  readonly zones: readonly string[];
  /** How many zones the nodes spread over. */
  readonly zoneCount: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly weight: number;
  readonly nodePool: ResolvedNodePool;
  readonly ingressClassName?: string;
  /**
   * `active` clusters serve; `draining` and `retiring` ones run no app and take no traffic, and a retiring one's
   * deletion protection is lifted (in `gke`/`eks`).
   */
  readonly lifecycle: ClusterLifecycleStage;
}

/** A GKE cluster, resolved. */
export interface GkeClusterPlan extends ClusterPlanBase {
  readonly cloud: 'gcp';
  readonly gke: ResolvedGkeOptions;
}

/** An EKS cluster, resolved. */
export interface EksClusterPlan extends ClusterPlanBase {
  readonly cloud: 'aws';
  readonly eks: ResolvedEksOptions;
}

/** A cluster, resolved: its cloud says which options it has. */
export type ClusterPlan = GkeClusterPlan | EksClusterPlan;

/** The clusters of `cloud`. */
export type ClusterPlanOn<C extends Cloud> = Extract<ClusterPlan, { readonly cloud: C }>;

/** An app's public entry, resolved. */
export interface IngressPlan {
  readonly host: string;
  readonly path: string;
  /** Present when the app asks for an in-cluster Ingress. */
  readonly inCluster?: InClusterIngressPlan;
}

/** An app's in-cluster Ingress, resolved. */
export interface InClusterIngressPlan {
  /** The class in clusters that name none. */
  readonly className?: string;
  readonly tls: IngressTlsPlan;
}

/**
 * How the Google global load balancer reaches an app in the GKE clusters it runs on: the node pools' instance
 * groups on the app's NodePort, or the standalone zonal NEGs of its Service.
 */
export type GcpBackendPlan = {
  readonly style: 'instance-groups';
  readonly nodePort: number;
  readonly cdn: boolean;
  readonly logSampleRate: number;
} | {
  readonly style: 'neg';
  // The NEGs' name is per cluster: see `negName`.
  readonly cdn: boolean;
  readonly logSampleRate: number;
};

/**
 * How traffic reaches an app in the EKS clusters it runs on: the cluster's shared ALB (of the app's group) or an
 * NLB of its own, both Terraform's, on the app's NodePort; or the load balancer the AWS Load Balancer Controller
 * makes for a Service of type LoadBalancer.
 */
export type AwsLoadBalancerPlan = {
  readonly style: 'alb';
  readonly nodePort: number;
  /** The shared ALB of each cluster that serves the app. */
  readonly group: string;
  /** Present while the app's NLB from the `nlb` style is kept (see {@link KeptNlb}). */
  readonly keepNlb?: KeptNlb;
} | {
  readonly style: 'nlb';
  readonly nodePort: number;
  readonly deletionProtection: boolean;
} | {
  readonly style: 'service';
  /** The ACM certificate of the app's host in each region, by region. */
  readonly certificateArns: Readonly<Record<string, string>>;
};

/** An app reached from inside its clusters only: its Service is a ClusterIP. */
export interface InternalExposurePlan {
  readonly kind: 'internal';
}

/** An app with a public host, behind the fleet's load balancers. */
export interface LoadBalancedExposurePlan {
  readonly kind: 'load-balanced';
  readonly ingress: IngressPlan;
  /** Present when the app runs on a GKE cluster. */
  readonly gcp?: GcpBackendPlan;
  /** Present when the app runs on an EKS cluster. */
  readonly aws?: AwsLoadBalancerPlan;
}

/** Who reaches an app's Service: the other pods of its clusters, or the internet through the load balancers. */
export type ExposurePlan = InternalExposurePlan | LoadBalancedExposurePlan;

/** An app's Service, resolved: the same in every cluster but for its type (see {@link WorkloadSpec}). */
export interface ServicePlan {
  /** The port the app's container listens on, which the Service targets. */
  readonly containerPort: number;
  readonly port: number;
  /** Name of the Service port (and of the GCP instance groups' named port). */
  readonly portName: string;
  /**
   * The NodePort the Service has where it is of type NodePort.
   * @default - none declared: Kubernetes picks one where the Service is a NodePort
   */
  readonly nodePort?: number;
  readonly exposure: ExposurePlan;
}

/** An app, resolved; what is the same in every cluster. */
export interface AppPlan {
  readonly name: string;
  readonly namespace: string;
  /** Labels of every object of the app, the same in every cluster. */
  readonly labels: Readonly<Record<string, string>>;
  /** The Deployment's selector and the Service's: from the app's name only, so they never change. */
  readonly selector: Readonly<Record<string, string>>;
  /** The app's own Kubernetes ServiceAccount, in its namespace: its name, the app's. */
  readonly serviceAccountName: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Absent with `Probe.none()`. An app behind the load balancers has an HTTP one: they health-check its path. */
  readonly readiness?: ResolvedProbe;
  /** Absent with `Probe.none()`. */
  readonly liveness?: ResolvedProbe;
  readonly replicas: ReplicaSpec;
  /** Present when a HorizontalPodAutoscaler owns the replicas. */
  readonly autoscaling?: AutoscalingSpec;
  readonly security: ResolvedWorkloadSecurity;
  /** Secrets mounted in the container, sorted by mount path. */
  readonly secretMounts: readonly AppSecretMountProps[];
  /**
   * The app's Service and who reaches it. Absent for an app without a `containerPort` (a worker): it has no
   * Service, no Ingress and no load balancer.
   */
  readonly service?: ServicePlan;
  /** Names of the clusters the app is placed on, sorted. */
  readonly clusters: readonly string[];
}

/** An environment variable of an app in one cluster: a value, or a reference to a key of a Secret. */
export type EnvVarPlan =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly secretKeyRef: { readonly name: string; readonly key: string } };

/** An app with a public host, behind the fleet's load balancers, which health-check its readiness path. */
export type LoadBalancedAppPlan = AppPlan & {
  readonly service: ServicePlan & { readonly exposure: LoadBalancedExposurePlan };
  readonly readiness: ResolvedHttpProbe;
};

/** Whether `app` has a public host, behind the fleet's load balancers (the planner gives it an HTTP readiness probe). */
export function isLoadBalanced(app: AppPlan): app is LoadBalancedAppPlan {
  return app.service?.exposure.kind === 'load-balanced' && app.readiness?.check.kind === 'http';
}

/** An app behind the Google global load balancer, with how the load balancer reaches it. */
export type GcpBalancedAppPlan = LoadBalancedAppPlan & { readonly service: { readonly exposure: { readonly gcp: GcpBackendPlan } } };

/** An app behind load balancers on AWS, with their style. */
export type AwsBalancedAppPlan = LoadBalancedAppPlan & { readonly service: { readonly exposure: { readonly aws: AwsLoadBalancerPlan } } };

/** An app behind Terraform-owned NLBs on AWS, which reach it on its NodePort. */
export type NlbAppPlan = LoadBalancedAppPlan & {
  readonly service: { readonly exposure: { readonly aws: Extract<AwsLoadBalancerPlan, { readonly style: 'nlb' }> } };
};

/** An app behind the shared ALBs of its EKS clusters, which reach it on its NodePort. */
export type AlbAppPlan = LoadBalancedAppPlan & {
  readonly service: { readonly exposure: { readonly aws: Extract<AwsLoadBalancerPlan, { readonly style: 'alb' }> } };
};

/** An app whose EKS load balancers Terraform owns: the shared ALBs, NLBs of its own, or both during a move. */
export type TerraformBalancedAppPlan = NlbAppPlan | AlbAppPlan;

/** Whether `app` is behind the Google global load balancer: it has a public host and runs on GKE. */
export function isGcpBalanced(app: AppPlan): app is GcpBalancedAppPlan {
  return isLoadBalanced(app) && app.service.exposure.gcp !== undefined;
}

/** Whether `app` is behind load balancers on AWS: it has a public host and runs on EKS. */
export function isAwsBalanced(app: AppPlan): app is AwsBalancedAppPlan {
  return isLoadBalanced(app) && app.service.exposure.aws !== undefined;
}

/** Whether `app` is behind Terraform-owned NLBs on AWS. */
export function isNlbBalanced(app: AppPlan): app is NlbAppPlan {
  return isLoadBalanced(app) && app.service.exposure.aws?.style === 'nlb';
}

/** Whether `app` is behind the shared ALBs of its EKS clusters. */
export function isAlbBalanced(app: AppPlan): app is AlbAppPlan {
  return isLoadBalanced(app) && app.service.exposure.aws?.style === 'alb';
}

/** Whether Terraform owns `app`'s load balancers on EKS (an ALB, an NLB, or both). */
export function isTerraformBalanced(app: AppPlan): app is TerraformBalancedAppPlan {
  return isNlbBalanced(app) || isAlbBalanced(app);
}

/** Whether `app` has an NLB of its own in each EKS cluster: in `nlb` style, or kept during the move to the ALB. */
export function hasOwnNlb(app: AppPlan): app is TerraformBalancedAppPlan {
  return isNlbBalanced(app) || (isAlbBalanced(app) && app.service.exposure.aws.keepNlb !== undefined);
}

/** Whether DNS answers for `app` in EKS clusters with its own NLB rather than the shared ALB. */
export function answersWithNlb(app: AppPlan): boolean {
  return isNlbBalanced(app) || (isAlbBalanced(app) && app.service.exposure.aws.keepNlb === 'serving');
}

/** How the app's Service is exposed in one cluster. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/**
 * What an app's Kubernetes objects in one cluster are made of: the app, and the values that may differ between
 * clusters. It names no cluster: two clusters with equal specs get byte-identical objects.
 */
export interface WorkloadSpec {
  readonly app: AppPlan;
  /** The replicas in this cluster; with an autoscaler, its minimum (the Deployment then sets none). */
  readonly replicas: number;
  /** The autoscaler's bounds and targets in this cluster, when the app autoscales. */
  readonly autoscaling?: WorkloadAutoscaling;
  readonly image: string;
  readonly env: readonly EnvVarPlan[];
  /** The app's ConfigMaps, with this cluster's values, sorted by name. */
  readonly configMaps: readonly ConfigMapPlan[];
  readonly resources: ResolvedResources;
  /** Absent exactly when the app has no Service (no `containerPort`). */
  readonly serviceType?: ServiceType;
  /** Annotations of the app's Service in this cluster, for its cloud's load balancer controllers. */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  /**
   * `spec.ingressClassName` of the app's in-cluster Ingress in this cluster; present exactly when the app has
   * one (`ingress.inCluster`).
   */
  readonly ingressClassName?: string;
  /** The app's cloud identity in this cluster, when it has one on the cluster's cloud. */
  readonly identity?: WorkloadIdentityPlan;
  /** The app's NetworkPolicy in this cluster; absent when the app turns it off. */
  readonly networkPolicy?: NetworkPolicyPlan;
}

/** One app in one cluster: what may differ between clusters. */
export interface WorkloadPlan extends WorkloadSpec {
  readonly cluster: ClusterPlan;
}

/** The whole fleet, resolved. Clusters and apps are sorted by name, so output never depends on declaration order. */
export class FleetPlan {
  private readonly clustersByName: ReadonlyMap<string, ClusterPlan>;
  private readonly appsByName: ReadonlyMap<string, AppPlan>;
  private readonly byCluster = new Map<string, WorkloadPlan[]>();
  private readonly byApp = new Map<string, WorkloadPlan[]>();
  /** The fleet's Google Cloud side: present exactly when the fleet has GKE clusters. */
  public readonly gcp?: GcpPlan;
  /** Where the apps' hosts are published: present when the fleet publishes them in DNS. */
  public readonly dns?: DnsPlan;

  constructor(
    /** The fleet's name, the prefix of global cloud resource names. */
    public readonly name: string,
    public readonly clusters: readonly ClusterPlan[],
    public readonly apps: readonly AppPlan[],
    private readonly workloads: readonly WorkloadPlan[],
    /** Everything else the fleet declares (cloud settings, DNS), as resolved by its owner. */
    public readonly settings: FleetSettingsPlan,
    /** The manifest sets the fleet federates, sorted by name. */
    public readonly manifests: readonly ManifestSetPlan[] = [],
    /**
     * What draining and retiring clusters would run if they were active: their load balancers stay in their stacks
     * until the stacks are destroyed (an NLB removed while its deletion protection is on cannot be deleted).
     */
    private readonly standby: readonly WorkloadPlan[] = [],
  ) {
    this.clustersByName = new Map(clusters.map((c) => [c.name, c]));
    this.appsByName = new Map(apps.map((a) => [a.name, a]));
    for (const w of workloads) {
      append(this.byCluster, w.cluster.name, w);
      append(this.byApp, w.app.name, w);
    }
    const gkeClusters = this.clustersOn('gcp');
    if (gkeClusters.length > 0) {
      // The fleet's validation requires the GCP settings with a GKE cluster (`planGcpSettings`).
      if (!settings.gcp) throw new Error('A fleet plan with GKE clusters has no GCP settings');
      this.gcp = { settings: settings.gcp, clusters: gkeClusters };
    }
    if (settings.dns?.kind === 'cloudDns') {
      // The fleet's validation requires the GCP project with Cloud DNS (`checkTraffic`).
      if (!settings.gcp) throw new Error('A fleet plan with Cloud DNS has no GCP settings');
      this.dns = { ...settings.dns, project: settings.gcp.project };
    } else if (settings.dns) {
      this.dns = settings.dns;
    }
  }

  /**
   * The plan as plain data, for another thread: structured cloning keeps the objects it shares (a workload's app
   * and cluster) shared. {@link FleetPlan.fromData} makes the plan again.
   */
  public toData(): FleetPlanData {
    return { name: this.name, clusters: this.clusters, apps: this.apps, workloads: this.workloads, settings: this.settings, manifests: this.manifests, standby: this.standby };
  }

  /** How many (app, cluster) pairs the fleet runs: the size that synthesis time follows. */
  public get workloadCount(): number {
    return this.workloads.length;
  }

  /** The plan that {@link FleetPlan.toData} gave `data` of. */
  public static fromData(data: FleetPlanData): FleetPlan {
    return new FleetPlan(data.name, data.clusters, data.apps, data.workloads, data.settings, data.manifests ?? [], data.standby ?? []);
  }

  public cluster(name: string): ClusterPlan {
    const cluster = this.clustersByName.get(name);
    if (!cluster) throw new Error(`No cluster named "${name}" in the fleet; known: ${[...this.clustersByName.keys()].join(', ')}`);
    return cluster;
  }

  public app(name: string): AppPlan {
    const app = this.appsByName.get(name);
    if (!app) throw new Error(`No app named "${name}" in the fleet; known: ${[...this.appsByName.keys()].join(', ')}`);
    return app;
  }

  /** The apps placed on `cluster`, sorted by app name. */
  public workloadsOn(cluster: string): readonly WorkloadPlan[] {
    return this.byCluster.get(cluster) ?? [];
  }

  /**
   * The apps whose cloud resources `cluster`'s own stack holds: what it runs, or, for a draining or retiring
   * cluster, what it ran (its NLBs stay until its stack is destroyed). Sorted by app name.
   */
  public workloadsHostedBy(cluster: string): readonly WorkloadPlan[] {
    const serving = this.workloadsOn(cluster);
    if (serving.length > 0 || this.clustersByName.get(cluster)?.lifecycle === 'active') return serving;
    return this.standby.filter((w) => w.cluster.name === cluster);
  }

  /** Clusters that serve: neither draining nor retiring. */
  public get activeClusters(): readonly ClusterPlan[] {
    return this.clusters.filter((c) => c.lifecycle === 'active');
  }

  /** Where `app` runs, sorted by cluster name. */
  public workloadsOf(app: string): readonly WorkloadPlan[] {
    return this.byApp.get(app) ?? [];
  }

  /** The manifest sets placed on `cluster`, sorted by name, each with its objects there. */
  public manifestsOn(cluster: string): readonly { readonly set: ManifestSetPlan; readonly objects: readonly KubernetesObject[] }[] {
    return this.manifests.flatMap((set) => set.clusters.filter((c) => c.cluster === cluster).map((c) => ({ set, objects: c.objects })));
  }

  /**
   * The Google Cloud project of the fleet's GKE clusters. Only asked where a GKE cluster is at hand, which the GCP
   * part of the plan always comes with.
   */
  public gcpProject(): string {
    if (!this.gcp) throw new Error(`The fleet "${this.name}" has no GKE cluster, and so no Google Cloud project`);
    return this.gcp.settings.project;
  }

  public clustersOn<C extends Cloud>(cloud: C): readonly ClusterPlanOn<C>[] {
    return this.clusters.filter((c): c is ClusterPlanOn<C> => c.cloud === cloud);
  }
}

/** A {@link FleetPlan} as plain data. */
export interface FleetPlanData {
  readonly name: string;
  readonly clusters: readonly ClusterPlan[];
  readonly apps: readonly AppPlan[];
  readonly workloads: readonly WorkloadPlan[];
  readonly settings: FleetSettingsPlan;
  readonly manifests?: readonly ManifestSetPlan[];
  readonly standby?: readonly WorkloadPlan[];
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The Google Cloud side of a fleet with GKE clusters. */
export interface GcpPlan {
  readonly settings: ResolvedGcpSettings;
  /** The GKE clusters, sorted by name; at least one. */
  readonly clusters: readonly GkeClusterPlan[];
}

/** Where the fleet publishes its hosts; a Cloud DNS zone lives in the fleet's Google Cloud project. */
export type DnsPlan = ResolvedRoute53DnsSettings | (ResolvedCloudDnsSettings & { readonly project: string });

/** Fleet-wide settings, resolved. */
export interface FleetSettingsPlan {
  /** Present when the fleet has GKE clusters (or declares GCP settings). */
  readonly gcp?: ResolvedGcpSettings;
  readonly aws: ResolvedAwsSettings;
  /** Present when the fleet publishes its hostnames in DNS. */
  readonly dns?: ResolvedDnsSettings;
}
