import { divideReplicas, type WeightedCluster } from './replicas';

/** What the autoscaler keeps each pod at, as a share of its requests. */
export interface AutoscalingTargets {
  /**
   * Average CPU use of the pods, in percent of their CPU request.
   * @default 70, when no memory target is given either; else none
   */
  readonly cpuUtilization?: number;
  /**
   * Average memory use of the pods, in percent of their memory request.
   * @default - none
   */
  readonly memoryUtilization?: number;
}

/** Options of {@link Autoscaling.divided}. */
export interface DividedAutoscalingOptions extends AutoscalingTargets {
  /**
   * The least `minReplicas` (and `maxReplicas`) of every placed cluster, before the rest is divided by weight.
   * @default 1
   */
  readonly minPerCluster?: number;
}

/** How an app's replicas scale, as declared. */
export type AutoscalingSpec =
  | { readonly kind: 'perCluster'; readonly min: number; readonly max: number; readonly targets: AutoscalingTargets }
  | { readonly kind: 'divided'; readonly min: number; readonly max: number; readonly minPerCluster: number; readonly targets: AutoscalingTargets };

/**
 * A HorizontalPodAutoscaler in every cluster the app runs on (autoscaling/v2), which then owns the replicas: the
 * Deployment sets none, so `kubectl apply` never resets what the autoscaler chose.
 *
 * `perCluster(min, max)` gives every cluster the same bounds; `divided(min, max)` divides fleet-wide bounds over
 * the placed clusters by weight, as `Replicas.divided` divides replicas (Karmada's FederatedHPA scales one
 * fleet-wide range; without a control plane, each cluster scales its share).
 */
export class Autoscaling {
  /** `min` to `max` replicas in every cluster the app is placed on. */
  public static perCluster(min: number, max: number, targets: AutoscalingTargets = {}): Autoscaling {
    return new Autoscaling({ kind: 'perCluster', min, max, targets });
  }

  /**
   * `min` to `max` replicas over the whole fleet, each divided over the placed clusters in proportion to their
   * weights (largest remainder), every cluster getting at least `minPerCluster`.
   */
  public static divided(min: number, max: number, options: DividedAutoscalingOptions = {}): Autoscaling {
    const { minPerCluster, ...targets } = options;
    return new Autoscaling({ kind: 'divided', min, max, minPerCluster: minPerCluster ?? 1, targets });
  }

  /** @internal */
  public readonly spec: AutoscalingSpec;

  private constructor(spec: AutoscalingSpec) {
    this.spec = spec;
  }
}

/** An app's autoscaler in one cluster. */
export interface WorkloadAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuUtilization?: number;
  readonly memoryUtilization?: number;
}

/** The targets with their default applied: CPU at 70 % when none is given. */
export function resolveTargets(targets: AutoscalingTargets): AutoscalingTargets {
  return targets.cpuUtilization === undefined && targets.memoryUtilization === undefined ? { cpuUtilization: 70 } : { ...targets };
}

/**
 * Each cluster's bounds of a divided range: min and max divided alike, and a cluster's max never below its min.
 * The caller has checked the bounds.
 */
export function divideAutoscaling(spec: Extract<AutoscalingSpec, { kind: 'divided' }>, clusters: readonly WeightedCluster[]): Map<string, { min: number; max: number }> {
  const mins = divideReplicas(spec.min, spec.minPerCluster, clusters);
  const maxes = divideReplicas(spec.max, spec.minPerCluster, clusters);
  return new Map(clusters.map((c) => {
    const min = mins.get(c.name)!;
    return [c.name, { min, max: Math.max(min, maxes.get(c.name)!) }];
  }));
}
