import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Cloud } from '../model/cloud';
import type { Fleet } from '../model/fleet';
import type { FleetPlan, WorkloadPlan } from '../model/plan';
import '../workarounds/construct-children';
import { AppNamespace } from './app-namespace';
import { FederatedManifestSet } from './federated-manifest-set';
import { ClusterAutoscaler } from './cluster-autoscaler';
import { FederatedWorkload } from './federated-workload';

/** Properties of a {@link ClusterChart}. */
export interface ClusterChartProps {
  /** The fleet the cluster belongs to. It is validated: a `FleetValidationError` names every problem. */
  readonly fleet: Fleet;
  /** The name of the cluster the chart is for, as declared with `Fleet.addCluster`. */
  readonly cluster: string;
}

/** @internal Properties of a {@link ClusterChart} the renderer builds from the plan. */
export interface PlannedClusterChartProps {
  readonly plan: FleetPlan;
  /** The name of the cluster the chart is for. */
  readonly cluster: string;
  /**
   * Names of the files not to build (see {@link ClusterChart.files}): the renderer already has them.
   * @default - build every file
   */
  readonly skip?: ReadonlySet<string>;
}

/** What a {@link ClusterChart} tells about its cluster, with every default resolved. */
export interface ClusterInfo {
  /** The cluster's name. */
  readonly name: string;
  /** The cluster's cloud. */
  readonly cloud: Cloud;
  /** The cluster's region. */
  readonly region: string;
  /** The cluster's labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** @internal A file of a cluster's folder, and the key of everything its content depends on. */
export interface ChartFile {
  readonly name: string;
  readonly key: string;
}

/**
 * The Kubernetes objects of one cluster, the objects `synth()` writes to `kubernetes/<cluster>/`: a namespace per
 * app namespace, and a {@link FederatedWorkload} per app placed on the cluster. Add it to your own cdk8s App
 * (or use {@link FleetCharts} for every cluster); with `synth()` it is the escape hatch for per-cluster
 * additions: constructs added to the chart are synthesized into the cluster's folder (see
 * `KubernetesOptions.extend`).
 */
export class ClusterChart extends Chart {
  /** Construct id of the namespaces, and the file they are written to. */
  public static readonly NAMESPACES_ID = 'namespaces';
  /** Construct id of the scope that holds the app workloads. */
  public static readonly APPS_ID = 'apps';
  /** Construct id of the scope that holds the manifest sets (`Fleet.addManifests`). */
  public static readonly MANIFESTS_ID = 'manifests';
  /** Construct id of the node autoscaler of an EKS cluster, and the file it is written to. */
  public static readonly AUTOSCALER_ID = 'cluster-autoscaler';

  /** The cluster the chart is for. */
  public readonly cluster: ClusterInfo;
  /** @internal */
  public readonly plan: FleetPlan;
  /** The apps of this cluster, by app name (only those built: see `skip`). */
  public readonly workloads: ReadonlyMap<string, FederatedWorkload>;

  /**
   * @internal The files the chart makes for `cluster` (before any escape hatch), each with a key of every input
   * of its content: two files with equal keys are byte-identical, in any cluster of the same synthesis.
   */
  public static files(plan: FleetPlan, cluster: string): ChartFile[] {
    const placed = plan.workloadsOn(cluster);
    const namespaces = namespacesOf(placed);
    const files: ChartFile[] = namespaces.length > 0 ? [{ name: NAMESPACES_FILE, key: JSON.stringify(['namespaces', plan.name, namespaces]) }] : [];
    const clusterPlan = plan.cluster(cluster);
    if (clusterPlan.cloud === 'aws') {
      files.push({ name: AUTOSCALER_FILE, key: JSON.stringify(['autoscaler', plan.name, cluster, clusterPlan.eks.kubernetesVersion]) });
    }
    for (const workload of placed) {
      // The spec without its cluster (the app plan is the same object throughout one synthesis).
      const { cluster: _cluster, app, ...values } = workload;
      files.push({ name: appFileName(app.name), key: JSON.stringify(['app', app.name, values]) });
    }
    for (const { set, objects } of plan.manifestsOn(cluster)) {
      files.push({ name: manifestFileName(set.name), key: JSON.stringify(['manifests', set.name, objects]) });
    }
    return files;
  }

  constructor(scope: Construct, id: string, props: ClusterChartProps);
  /** @internal */
  constructor(scope: Construct, id: string, props: PlannedClusterChartProps);
  constructor(scope: Construct, id: string, props: ClusterChartProps | PlannedClusterChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const plan = 'plan' in props ? props.plan : props.fleet.plan();
    this.plan = plan;
    this.cluster = plan.cluster(props.cluster);
    const placed = plan.workloadsOn(props.cluster);
    const skipped = ('skip' in props ? props.skip : undefined) ?? new Set<string>();

    const namespaces = new Construct(this, ClusterChart.NAMESPACES_ID);
    if (!skipped.has(NAMESPACES_FILE)) {
      for (const name of namespacesOf(placed)) new AppNamespace(namespaces, name, { name, labels: namespaceLabels(plan) });
    }

    const apps = new Construct(this, ClusterChart.APPS_ID);
    const workloads = new Map<string, FederatedWorkload>();
    for (const workload of placed) {
      if (skipped.has(appFileName(workload.app.name))) continue;
      workloads.set(workload.app.name, new FederatedWorkload(apps, workload.app.name, { workload }));
    }
    this.workloads = workloads;

    // EKS does not scale its node groups by itself (GKE's node pools autoscale: see GkeClusterStack). Built in the
    // order of the files (app-*, cluster-autoscaler, manifest-*), so the chart's objects read as the folder does.
    const clusterPlan = plan.cluster(props.cluster);
    if (clusterPlan.cloud === 'aws' && !skipped.has(AUTOSCALER_FILE)) {
      new ClusterAutoscaler(this, ClusterChart.AUTOSCALER_ID, { clusterName: clusterPlan.name, kubernetesVersion: clusterPlan.eks.kubernetesVersion, labels: namespaceLabels(plan) });
    }

    const manifests = new Construct(this, ClusterChart.MANIFESTS_ID);
    for (const { set, objects } of plan.manifestsOn(props.cluster)) {
      if (skipped.has(manifestFileName(set.name))) continue;
      new FederatedManifestSet(manifests, set.name, { objects });
    }
  }
}

/** The file of the namespaces; it sorts before the app files, so kubectl creates namespaces first. */
export const NAMESPACES_FILE = '00-namespaces.yaml';

/** The file of an EKS cluster's node autoscaler. */
export const AUTOSCALER_FILE = 'cluster-autoscaler.yaml';

/** The file of an app's objects. */
export function appFileName(app: string): string {
  return `app-${app}.yaml`;
}

/** The file of a manifest set's objects. */
export function manifestFileName(set: string): string {
  return `manifest-${set}.yaml`;
}

/** Labels of the namespaces of a fleet's apps. */
export function namespaceLabels(plan: FleetPlan): Record<string, string> {
  return { 'app.kubernetes.io/part-of': plan.name, 'app.kubernetes.io/managed-by': 'cdk-fleet' };
}

/** The namespaces of the apps `placed`, sorted, except `default`. */
export function namespacesOf(placed: readonly WorkloadPlan[]): string[] {
  return [...new Set(placed.map((w) => w.app.namespace))].filter((ns) => ns !== 'default').sort();
}
