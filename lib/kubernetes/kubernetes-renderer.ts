import { ApiObject, App, DependencyGraph, Yaml } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { FleetPlan } from '../model';
import type { OutputFile } from '../output/output-file';
import { ClusterChart } from './cluster-chart';

/** Options of the per-cluster Kubernetes output. */
export interface KubernetesOptions {
  /**
   * Called with each cluster's chart before it is synthesized: the escape hatch to add constructs to a
   * cluster (`chart.cluster` says which). What it adds is written to `extra-<construct id>.yaml` in the
   * cluster's folder.
   * @default - nothing is added
   */
  readonly extend?: (chart: ClusterChart) => void;
}

/**
 * Renders the Kubernetes manifests of every cluster, one cluster at a time: each cluster gets its own cdk8s
 * App, dropped once its files are produced, so memory does not grow with the fleet and no chart is resolved
 * against the others (one App with a chart per cluster re-resolves every chart at each synth: quadratic).
 *
 * Files of a cluster, applied with `kubectl --context <cluster> apply -f <cluster>/` in name order:
 * `00-namespaces.yaml` first, then `app-<name>.yaml` per app, then `extra-<id>.yaml` per added construct.
 */
export function* renderKubernetes(plan: FleetPlan, options: KubernetesOptions = {}): Generator<OutputFile> {
  for (const cluster of plan.clusters) {
    yield* renderCluster(plan, cluster.name, options);
  }
}

/** The files of one cluster; see {@link renderKubernetes}. */
export function renderCluster(plan: FleetPlan, clusterName: string, options: KubernetesOptions = {}): OutputFile[] {
  const chart = new ClusterChart(new App(), { plan, cluster: clusterName });
  options.extend?.(chart);
  validate(chart);
  const files: OutputFile[] = [];
  for (const { name, scope } of fileScopes(chart)) {
    const objects = new DependencyGraph(scope.node).topology().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    if (objects.length === 0) continue;
    files.push({ path: `${clusterName}/${name}`, content: Yaml.stringify(...objects.map((o) => o.toJson())) });
  }
  return files;
}

/** Which construct goes to which file of the cluster's folder. */
function fileScopes(chart: ClusterChart): { name: string; scope: IConstruct }[] {
  return chart.node.children.flatMap((child) => {
    switch (child.node.id) {
      case ClusterChart.NAMESPACES_ID: return [{ name: '00-namespaces.yaml', scope: child }];
      case ClusterChart.APPS_ID: return child.node.children.map((app) => ({ name: `app-${app.node.id}.yaml`, scope: app }));
      default: return [{ name: `extra-${child.node.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.yaml`, scope: child }];
    }
  });
}

/** Runs the construct validations of the chart (cdk8s-plus registers some) and reports all failures at once. */
function validate(chart: ClusterChart): void {
  const errors = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) {
    throw new Error(`Cluster "${chart.cluster.name}": ${errors.length} construct validation error(s):\n  ${errors.join('\n  ')}`);
  }
}
