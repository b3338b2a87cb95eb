import { Construct } from 'constructs';
import type { Fleet } from '../model/fleet';
import { ClusterChart } from './cluster-chart';

/** Properties of {@link FleetCharts}. */
export interface FleetChartsProps {
  /** The fleet. It is validated: a `FleetValidationError` names every problem. */
  readonly fleet: Fleet;
}

/**
 * The fleet's Kubernetes objects in a cdk8s App of your own: one {@link ClusterChart} per cluster, with the objects
 * `synth()` writes to `kubernetes/<cluster>/`, so `cdk8s synth` (or `app.synth()`) writes them with the rest of the
 * App. Each chart's construct id is its cluster's name; reach one with {@link FleetCharts.charts} to add to it.
 *
 * cdk8s writes a file per chart (`App.yamlOutputType`), not `synth()`'s file per app, and resolves every chart of
 * the App at once: for large fleets, `synth()` (one App per cluster) is the faster path.
 *
 * @example
 * ```ts
 * const app = new App();
 * new FleetCharts(app, 'fleet', { fleet });
 * app.synth();
 * ```
 */
export class FleetCharts extends Construct {
  /** The chart of each cluster, by cluster name, in name order. */
  public readonly charts: ReadonlyMap<string, ClusterChart>;

  constructor(scope: Construct, id: string, props: FleetChartsProps) {
    // Planned before the construct joins the App: a fleet with problems adds nothing to it.
    const plan = props.fleet.plan();
    super(scope, id);
    this.charts = new Map(plan.clusters.map((cluster) => [cluster.name, new ClusterChart(this, cluster.name, { plan, cluster: cluster.name })]));
  }
}
