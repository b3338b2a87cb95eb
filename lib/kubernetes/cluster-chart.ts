import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ClusterPlan, FleetPlan } from '../model';
import { AppNamespace } from './app-namespace';
import { FederatedWorkload } from './federated-workload';

/** Properties of a {@link ClusterChart}. */
export interface ClusterChartProps {
  readonly plan: FleetPlan;
  /** The name of the cluster the chart is for. */
  readonly cluster: string;
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

  public readonly cluster: ClusterPlan;
  public readonly plan: FleetPlan;
  /** The apps of this cluster, by app name. */
  public readonly workloads: ReadonlyMap<string, FederatedWorkload>;

  constructor(scope: Construct, props: ClusterChartProps) {
    super(scope, props.cluster, { disableResourceNameHashes: true });
    this.plan = props.plan;
    this.cluster = props.plan.cluster(props.cluster);

    const placed = props.plan.workloadsOn(props.cluster);
    const namespaces = new Construct(this, ClusterChart.NAMESPACES_ID);
    const names = [...new Set(placed.map((w) => w.app.namespace))].filter((ns) => ns !== 'default').sort();
    for (const name of names) {
      new AppNamespace(namespaces, name, { name, labels: { 'app.kubernetes.io/part-of': props.plan.name, 'app.kubernetes.io/managed-by': 'cdk-fleet' } });
    }

    const apps = new Construct(this, ClusterChart.APPS_ID);
    const workloads = new Map<string, FederatedWorkload>();
    for (const workload of placed) {
      workloads.set(workload.app.name, new FederatedWorkload(apps, workload.app.name, { workload }));
    }
    this.workloads = workloads;
  }
}
