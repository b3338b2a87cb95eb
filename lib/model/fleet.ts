import type { AppProps } from './app';
import { FederatedApp } from './app';
import { planApps } from './app-planner';
import { Cluster, type ClusterProps } from './cluster';
import { planClusters } from './cluster-planner';
import { isDns1035Label } from './kubernetes-names';
import { planManifests } from './manifest-planner';
import { FederatedManifests, type ManifestsProps } from './manifests';
import { FleetPlan, type ClusterPlan } from './plan';
import { APP_PROPS, CLUSTER_PROPS, FLEET_PROPS } from './input-shapes';
import { checkProps, isPlainObject } from './shapes';
import { Problems, show } from './problems';
import { planAwsSettings, type AwsFleetProps } from './aws-settings';
import { planDnsSettings, type DnsZone } from './dns-settings';
import { planGcpSettings, type GcpFleetProps } from './gcp-settings';
import { checkAwsLimits } from './aws-limits';
import { checkTraffic } from './traffic-rules';
import { checkGcpLimits } from './gcp-limits';
import { applyControlPlaneAccess, type ControlPlaneAccess } from './control-plane-access';

/** A fleet: clusters on one or both clouds, and the apps that run on them. */
export interface FleetProps {
  /**
   * The fleet's name: prefixes the global cloud resources (network, load balancer) and labels every object
   * with `app.kubernetes.io/part-of`. A DNS-1035 label of at most 20 characters.
   * @default 'fleet'
   */
  readonly name?: string;
  /**
   * Google Cloud settings; required when the fleet has a GKE cluster.
   * @default - none
   */
  readonly gcp?: GcpFleetProps;
  /**
   * AWS settings.
   * @default - see {@link AwsFleetProps}
   */
  readonly aws?: AwsFleetProps;
  /**
   * Where the apps' hostnames are published: `DnsZone.route53({ ... })` or `DnsZone.cloudDns({ ... })`.
   * @default - the hostnames are not published in DNS
   */
  readonly dns?: DnsZone;
  /**
   * Where `kubectl` reaches the clusters' control planes from. Required when the fleet has a cluster that does
   * not declare its own (`gke.authorizedNetworks`, `eks.publicAccessCidrs`).
   * @default - none: refused while a cluster has no access
   */
  readonly controlPlaneAccess?: ControlPlaneAccess;
}

/**
 * One declaration of a fleet of Kubernetes clusters and the apps that run on them. Renderers read its
 * plan: the declaration validated, with every default and per-cluster value resolved.
 *
 * @example
 * ```ts
 * const fleet = new Fleet({ gcp: { project: 'my-project' } });
 * fleet.addCluster({ name: 'gke-us-central1', cloud: 'gcp', region: 'us-central1' });
 * fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080 });
 * ```
 */
export class Fleet {
  private readonly declaredClusters: Cluster[] = [];
  private readonly declaredApps: FederatedApp[] = [];
  private readonly declaredManifests: FederatedManifests[] = [];

  /** The fleet-wide settings, as declared. */
  public readonly props: FleetProps;

  /** @param props - the fleet-wide settings; see {@link FleetProps} */
  constructor(props: FleetProps = {}) {
    this.props = props;
  }

  /** The fleet's name. */
  public get name(): string {
    // Untyped callers may pass anything as props: the name is then checked by plan(), not read here.
    return (isPlainObject(this.props) && typeof this.props.name === 'string' ? this.props.name : undefined) ?? 'fleet';
  }

  /** Declares a cluster. Problems with it are reported by {@link Fleet.validate} and `synth()`, together with every other. */
  public addCluster(props: ClusterProps): Cluster {
    const cluster = new Cluster(props);
    this.declaredClusters.push(cluster);
    return cluster;
  }

  /**
   * Declares a set of manifests (objects as code, or a YAML file such as `helm template`'s output) placed on the
   * clusters like an app, with per-cluster patches. Problems with it are reported by {@link Fleet.validate} and
   * `synth()`, together with every other.
   */
  public addManifests(props: ManifestsProps): FederatedManifests {
    const manifests = new FederatedManifests(props);
    this.declaredManifests.push(manifests);
    return manifests;
  }

  /** Declares an app. Problems with it are reported by {@link Fleet.validate} and `synth()`, together with every other. */
  public addApp(props: AppProps): FederatedApp {
    const app = new FederatedApp(props);
    this.declaredApps.push(app);
    return app;
  }

  /** The clusters, in declaration order. */
  public get clusters(): readonly Cluster[] {
    return [...this.declaredClusters];
  }

  /** The apps, in declaration order. */
  public get apps(): readonly FederatedApp[] {
    return [...this.declaredApps];
  }

  /**
   * Validates the declaration, as `synth()` does first: throws a `FleetValidationError` naming every problem.
   */
  public validate(): void {
    this.plan();
  }

  /**
   * @internal Validates the declaration and resolves it.
   * @throws FleetValidationError naming every problem, when there is any
   */
  public plan(): FleetPlan {
    const problems = new Problems();
    const { plan } = this.check(problems);
    problems.throwIfAny();
    return plan!;
  }

  /**
   * Checks the declaration, shape and meaning, adding every problem to `problems`, so that `synth` reports them
   * together with the problems of its options. Returns the plan when there is no problem, and in any case the
   * fleet's name and the clusters valid enough to check other options against.
   * @internal
   */
  public check(problems: Problems): { readonly plan?: FleetPlan; readonly name: string; readonly clusters: readonly ClusterPlan[] } {
    const before = problems.all.length;
    const props = checkProps<FleetProps>(this.props, FLEET_PROPS, '', 'the props of a fleet', problems) ?? {};
    const name = props.name ?? 'fleet';
    problems.check(isDns1035Label(name) && name.length <= 20, 'name', `${show(name)} is not a valid fleet name; use a DNS-1035 label of at most 20 characters (it prefixes cloud resource names)`);
    const declaredClusters = this.declaredClusters.map((c, i) => checkProps<ClusterProps>(c.props, CLUSTER_PROPS, `clusters[${i}]`, 'a cluster', problems));
    const clusters = applyControlPlaneAccess(planClusters(declaredClusters, problems), declaredClusters, props.controlPlaneAccess, problems);
    const clouds = new Set(declaredClusters.map((c) => c?.cloud));
    const gkeRegions = clusters.filter((c) => c.cloud === 'gcp').map((c) => c.region);
    const gcp = planGcpSettings(props.gcp, name, clouds.has('gcp'), gkeRegions, problems);
    const aws = planAwsSettings(props.aws, clouds.has('aws'), problems);
    const dns = planDnsSettings(props.dns, problems);
    // GKE nodes' addresses, for the NetworkPolicies of apps behind instance groups (see network-policy-planner.ts).
    const nodeCidrOf = (c: { cloud: string; region: string }) => (c.cloud === 'gcp' ? gcp?.network.subnetCidrs[c.region] : undefined);
    const declaredApps = this.declaredApps.map((a, i) => checkProps<AppProps>(a.props, APP_PROPS, `apps[${i}]`, 'an app', problems));
    const { apps, workloads } = planApps(name, declaredApps, clusters, problems, { nodeCidrOf, ...(gcp ? { gcpProject: gcp.project } : {}) });
    const declaredIndex = new Map<string, number>();
    declaredClusters.forEach((c, i) => {
      if (typeof c?.name === 'string' && !declaredIndex.has(c.name)) declaredIndex.set(c.name, i);
    });
    // A `dns` that is not a DnsZone is reported above, not once more as missing.
    const dnsDeclared = props.dns !== undefined;
    checkTraffic(apps, workloads, { ...(dns ? { dns } : {}), ...(gcp ? { gcp } : {}), dnsDeclared }, problems);
    checkAwsLimits(workloads, declaredIndex, problems);
    checkGcpLimits(apps, workloads, problems);
    const manifests = planManifests(this.declaredManifests.map((m) => m.props), clusters, workloads, problems);
    if (problems.all.length > before) return { name, clusters };
    // What draining and retiring clusters ran, for the load balancers their stacks keep until destroyed.
    // Its workloads refer to the apps of the plan, so that an app is one object wherever it is found.
    const byName = new Map(apps.map((a) => [a.name, a]));
    const standby = clusters.some((c) => c.lifecycle !== 'active')
      ? planApps(name, declaredApps, clusters, new Problems(), { nodeCidrOf, ...(gcp ? { gcpProject: gcp.project } : {}) }, true).workloads
        .flatMap((w) => {
          const app = byName.get(w.app.name);
          return w.cluster.lifecycle !== 'active' && app ? [{ ...w, app }] : [];
        })
      : [];
    return { name, clusters, plan: new FleetPlan(name, clusters, apps, workloads, { ...(gcp ? { gcp } : {}), aws, ...(dns ? { dns } : {}) }, manifests, standby) };
  }
}
