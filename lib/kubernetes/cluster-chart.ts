import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ClusterPlan, FleetPlan, WorkloadPlan } from '../model';
import { AppNamespace } from './app-namespace';
import { ClusterAutoscaler } from './cluster-autoscaler';
import { FederatedWorkload } from './federated-workload';

/** Properties of a {@link ClusterChart}. */
export interface ClusterChartProps {
  readonly plan: FleetPlan;
  /** The name of the cluster the chart is for. */
  readonly cluster: string;
  /**
   * @internal Names of the files not to build (see {@link ClusterChart.files}): the renderer already has them.
   * @default - build every file
   */
  readonly skip?: ReadonlySet<string>;
}

/** @internal A file of a cluster's folder, and the key of everything its content depends on. */
export interface ChartFile {
  readonly name: string;
  readonly key: string;
}

/**
 * The Kubernetes objects of one cluster: a namespace per app namespace, and a {@link FederatedWorkload} per app
 * placed on the cluster. It is the escape hatch for per-cluster additions: constructs added to the chart are
 * synthesized into the cluster's folder (see `KubernetesOptions.extend`).
 */
export class ClusterChart extends Chart {
  /** Construct id of the namespaces, and the file they are written to. */
  public static readonly NAMESPACES_ID = 'namespaces';
  /** Construct id of the scope that holds the app workloads. */
  public static readonly APPS_ID = 'apps';
  /** Construct id of the node autoscaler of an EKS cluster, and the file it is written to. */
  public static readonly AUTOSCALER_ID = 'cluster-autoscaler';

  public readonly cluster: ClusterPlan;
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
    return files;
  }

  constructor(scope: Construct, props: ClusterChartProps) {
    super(scope, props.cluster, { disableResourceNameHashes: true });
    this.plan = props.plan;
    this.cluster = props.plan.cluster(props.cluster);
    const placed = props.plan.workloadsOn(props.cluster);
    const skipped = props.skip ?? new Set<string>();

    const namespaces = new Construct(this, ClusterChart.NAMESPACES_ID);
    if (!skipped.has(NAMESPACES_FILE)) {
      for (const name of namespacesOf(placed)) new AppNamespace(namespaces, name, { name, labels: namespaceLabels(props.plan) });
    }

    // EKS does not scale its node groups by itself (GKE's node pools autoscale: see GkeClusterStack).
    if (this.cluster.cloud === 'aws' && !skipped.has(AUTOSCALER_FILE)) {
      new ClusterAutoscaler(this, ClusterChart.AUTOSCALER_ID, { clusterName: this.cluster.name, kubernetesVersion: this.cluster.eks.kubernetesVersion, labels: namespaceLabels(props.plan) });
    }

    const apps = new Construct(this, ClusterChart.APPS_ID);
    const workloads = new Map<string, FederatedWorkload>();
    for (const workload of placed) {
      if (skipped.has(appFileName(workload.app.name))) continue;
      workloads.set(workload.app.name, new FederatedWorkload(apps, workload.app.name, { workload }));
    }
    this.workloads = workloads;
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

/** Labels of the namespaces of a fleet's apps. */
export function namespaceLabels(plan: FleetPlan): Record<string, string> {
  return { 'app.kubernetes.io/part-of': plan.name, 'app.kubernetes.io/managed-by': 'cdk-fleet' };
}

export function namespacesOf(placed: readonly WorkloadPlan[]): string[] {
  return [...new Set(placed.map((w) => w.app.namespace))].filter((ns) => ns !== 'default').sort();
}
