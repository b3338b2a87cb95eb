import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { FleetPlan, WorkloadSpec } from '../model';
import { FederatedWorkload } from './federated-workload';
import type { OutputFile } from '../output/output-file';
import { stringifyYaml } from '../output/yaml';
import { AppNamespace } from './app-namespace';
import { appFileName, ClusterChart, namespaceLabels, NAMESPACES_FILE } from './cluster-chart';

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
 *
 * A file is a function of its inputs alone (an app's {@link WorkloadSpec}, which names no cluster; a cluster's
 * namespace names): unless an `extend` hook may change any cluster's objects, a file already rendered from equal
 * inputs for another cluster is reused instead of being built and serialized again (at 100 clusters x 50 apps,
 * 5,100 files come from ~2,050 renders; see the README's benchmark).
 */
export function* renderKubernetes(plan: FleetPlan, options: KubernetesOptions = {}, services?: RenderedService[]): Generator<OutputFile> {
  const rendered = options.extend ? undefined : new Map<string, RenderedFile>();
  for (const cluster of plan.clusters) {
    yield* renderCluster(plan, cluster.name, options, rendered, services);
  }
}

/** A Service as rendered into a cluster's folder, for checks across outputs (e.g. its NodePort against the load balancer's). */
export interface RenderedService {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly nodePorts: readonly number[];
}

/** A file's content and the Services in it. */
interface RenderedFile {
  readonly content: string;
  readonly services: readonly Omit<RenderedService, 'cluster'>[];
}

/**
 * The files of one cluster; see {@link renderKubernetes}. `rendered` maps file keys (`ClusterChart.files`) to
 * files rendered earlier in the same synthesis; it must be left out when `options.extend` is set. The Services
 * written are added to `services`.
 */
export function renderCluster(plan: FleetPlan, clusterName: string, options: KubernetesOptions = {}, rendered?: Map<string, RenderedFile>, services?: RenderedService[]): OutputFile[] {
  const planned = ClusterChart.files(plan, clusterName);
  const reused = rendered ? planned.flatMap((f) => {
    const file = rendered.get(f.key);
    return file ? [{ name: f.name, file }] : [];
  }) : [];
  const chart = new ClusterChart(new App(), { plan, cluster: clusterName, skip: new Set(reused.map((f) => f.name)) });
  options.extend?.(chart);
  validate(chart, `Cluster "${clusterName}"`);
  const files: OutputFile[] = [];
  const add = (name: string, file: RenderedFile) => {
    files.push({ path: `${clusterName}/${name}`, content: file.content });
    services?.push(...file.services.map((service) => ({ cluster: clusterName, ...service })));
  };
  for (const f of reused) add(f.name, f.file);
  const keyOf = new Map(planned.map((f) => [f.name, f.key]));
  for (const { name, scope } of fileScopes(chart)) {
    const objects = apiObjectsOf(scope).map((o) => o.toJson());
    if (objects.length === 0) continue;
    const file = { content: stringifyYaml(objects), services: servicesIn(objects) };
    const key = keyOf.get(name);
    if (rendered && key !== undefined) rendered.set(key, file);
    add(name, file);
  }
  return files;
}

function servicesIn(objects: readonly any[]): Omit<RenderedService, 'cluster'>[] {
  return objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1').map((o) => ({
    namespace: o.metadata?.namespace ?? 'default',
    name: o.metadata?.name,
    type: o.spec?.type ?? 'ClusterIP',
    nodePorts: (o.spec?.ports ?? []).map((p: { nodePort?: number }) => p.nodePort).filter((p: unknown): p is number => typeof p === 'number'),
  }));
}

/**
 * The API objects under `scope`, in dependency order. cdk8s's DependencyGraph computes every construct's path to
 * build its graph; without dependencies the order is the tree's own (pre-order), so the graph is built only when
 * some construct declares one (an escape hatch may).
 */
export function apiObjectsOf(scope: IConstruct): ApiObject[] {
  const constructs = scope.node.findAll();
  const ordered = constructs.some((c) => c.node.dependencies.length > 0) ? new DependencyGraph(scope.node).topology() : constructs;
  return ordered.filter((c): c is ApiObject => ApiObject.isApiObject(c));
}

/** Which construct goes to which file of the cluster's folder. */
function fileScopes(chart: ClusterChart): { name: string; scope: IConstruct }[] {
  return chart.node.children.flatMap((child) => {
    switch (child.node.id) {
      case ClusterChart.NAMESPACES_ID: return [{ name: NAMESPACES_FILE, scope: child }];
      case ClusterChart.APPS_ID: return child.node.children.map((app) => ({ name: appFileName(app.node.id), scope: app }));
      default: return [{ name: `extra-${child.node.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.yaml`, scope: child }];
    }
  });
}

/**
 * The objects of one app in one cluster, as its `app-<name>.yaml` holds them (same objects, same order), as JSON.
 * For outputs that reshape the per-cluster objects (the control-plane targets); escape hatches do not apply.
 */
export function renderWorkloadObjects(workload: WorkloadSpec): Record<string, any>[] {
  const chart = new Chart(new App(), 'workload', { disableResourceNameHashes: true });
  const construct = new FederatedWorkload(chart, workload.app.name, { workload });
  validate(chart, workload.app.name);
  return apiObjectsOf(construct).map((o) => o.toJson());
}

/** The Namespace objects of `names`, as the clusters' `00-namespaces.yaml` hold them, as JSON. */
export function renderNamespaceObjects(plan: FleetPlan, names: readonly string[]): Record<string, any>[] {
  const chart = new Chart(new App(), 'namespaces', { disableResourceNameHashes: true });
  for (const name of names) new AppNamespace(chart, name, { name, labels: namespaceLabels(plan) });
  return apiObjectsOf(chart).map((o) => o.toJson());
}

/** Runs the construct validations of a chart (cdk8s-plus registers some) and reports all failures at once. */
function validate(chart: Chart, what: string): void {
  const errors = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) {
    throw new Error(`${what}: ${errors.length} construct validation error(s):\n  ${errors.join('\n  ')}`);
  }
}
