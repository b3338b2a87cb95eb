import type { AppProps } from './app';
import { FederatedApp } from './app';
import { planApps } from './app-planner';
import { Cluster, type ClusterProps } from './cluster';
import { planClusters } from './cluster-planner';
import { isDns1035Label } from './kubernetes-names';
import { FleetPlan } from './plan';
import { Problems, show } from './problems';
import { planAwsSettings, type AwsFleetProps } from './aws-settings';
import { planDnsSettings, type DnsProps } from './dns-settings';
import { planGcpSettings, type GcpFleetProps } from './gcp-settings';
import { checkTraffic } from './traffic-rules';

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
   * Where the apps' hostnames are published.
   * @default - see {@link DnsProps}
   */
  readonly dns?: DnsProps;
}

/**
 * One declaration of a fleet of Kubernetes clusters and the apps that run on them. Renderers read its
 * {@link plan}: the declaration validated, with every default and per-cluster value resolved.
 *
 * @example
 * const fleet = new Fleet({ gcp: { project: 'my-project' } });
 * fleet.addCluster({ name: 'gke-us-central1', cloud: 'gcp', region: 'us-central1' });
 * fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080 });
 */
export class Fleet {
  private readonly declaredClusters: Cluster[] = [];
  private readonly declaredApps: FederatedApp[] = [];

  constructor(public readonly props: FleetProps = {}) {}

  public get name(): string {
    return this.props.name ?? 'fleet';
  }

  /** Declares a cluster. Problems with it are reported by {@link plan}, together with every other. */
  public addCluster(props: ClusterProps): Cluster {
    const cluster = new Cluster(props);
    this.declaredClusters.push(cluster);
    return cluster;
  }

  /** Declares an app. Problems with it are reported by {@link plan}, together with every other. */
  public addApp(props: AppProps): FederatedApp {
    const app = new FederatedApp(props);
    this.declaredApps.push(app);
    return app;
  }

  public get clusters(): readonly Cluster[] {
    return [...this.declaredClusters];
  }

  public get apps(): readonly FederatedApp[] {
    return [...this.declaredApps];
  }

  /**
   * Validates the declaration and resolves it.
   * @throws FleetValidationError naming every problem, when there is any
   */
  public plan(): FleetPlan {
    const problems = new Problems();
    problems.check(isDns1035Label(this.name) && this.name.length <= 20, 'name', `${show(this.name)} is not a valid fleet name; use a DNS-1035 label of at most 20 characters (it prefixes cloud resource names)`);
    const clusters = planClusters(this.declaredClusters.map((c) => c.props), problems);
    const clouds = new Set(this.declaredClusters.map((c) => c.cloud));
    const gkeRegions = clusters.filter((c) => c.cloud === 'gcp').map((c) => c.region);
    const gcp = planGcpSettings(this.props.gcp, this.name, clouds.has('gcp'), gkeRegions, problems);
    const aws = planAwsSettings(this.props.aws, clouds.has('aws'), problems);
    const dns = planDnsSettings(this.props.dns, problems);
    const { apps, workloads } = planApps(this.name, this.declaredApps.map((a) => a.props), clusters, problems);
    const declaredIndex = new Map(this.declaredClusters.map((c, i) => [c.name, i]));
    checkTraffic(clusters, apps, workloads, { ...(dns ? { dns } : {}), ...(gcp ? { gcp } : {}) }, declaredIndex, problems);
    problems.throwIfAny();
    // What draining and retiring clusters ran, for the load balancers their stacks keep until destroyed.
    // Its workloads refer to the apps of the plan, so that an app is one object wherever it is found.
    const byName = new Map(apps.map((a) => [a.name, a]));
    const standby = clusters.some((c) => c.lifecycle !== 'active')
      ? planApps(this.name, this.declaredApps.map((a) => a.props), clusters, new Problems(), true).workloads
        .filter((w) => w.cluster.lifecycle !== 'active' && byName.has(w.app.name))
        .map((w) => ({ ...w, app: byName.get(w.app.name)! }))
      : [];
    return new FleetPlan(this.name, clusters, apps, workloads, { ...(gcp ? { gcp } : {}), aws, ...(dns ? { dns } : {}) }, standby);
  }
}
