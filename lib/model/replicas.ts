/** @internal How many replicas an app runs, as declared. */
export type ReplicaSpec =
  | { readonly kind: 'perCluster'; readonly count: number }
  | { readonly kind: 'divided'; readonly total: number; readonly minPerCluster: number };

/** Options of {@link Replicas.divided}. */
export interface DividedReplicasOptions {
  /**
   * Replicas every placed cluster gets before the rest is divided by weight. At least 1: a placed cluster with
   * no pods would be a load-balancer backend with no endpoints.
   * @default 1
   */
  readonly minPerCluster?: number;
}

/**
 * How many replicas of an app run, and where.
 *
 * `perCluster(n)` runs `n` in every cluster the app is placed on (Karmada's "Duplicated" scheduling);
 * `divided(total)` divides `total` over the placed clusters by their weights (Karmada's "Divided" scheduling
 * with static weights), computed at synth time.
 */
export class Replicas {
  /** `count` replicas in every cluster the app is placed on. */
  public static perCluster(count: number): Replicas {
    return new Replicas({ kind: 'perCluster', count });
  }

  /**
   * `total` replicas divided over the placed clusters in proportion to their weights. Every cluster first gets
   * `minPerCluster`; the rest is divided by the largest-remainder method, so the sum is exactly `total`.
   */
  public static divided(total: number, options: DividedReplicasOptions = {}): Replicas {
    return new Replicas({ kind: 'divided', total, minPerCluster: options.minPerCluster ?? 1 });
  }

  /** @internal */
  public readonly spec: ReplicaSpec;

  private constructor(spec: ReplicaSpec) {
    this.spec = spec;
  }
}

/** A cluster's share of a divided app. */
export interface WeightedCluster {
  readonly name: string;
  readonly weight: number;
}

/**
 * Divides `total` replicas over `clusters`: `minPerCluster` each, the rest in proportion to the weights by the
 * largest-remainder (Hamilton) method. Ties on the fractional part go to the heavier cluster, then to the
 * alphabetically first name, so the result depends on the declaration only, not its order.
 *
 * The caller has checked that `total >= minPerCluster * clusters.length` and that weights are positive.
 */
export function divideReplicas(total: number, minPerCluster: number, clusters: readonly WeightedCluster[]): Map<string, number> {
  const rest = total - minPerCluster * clusters.length;
  const weightSum = clusters.reduce((sum, c) => sum + c.weight, 0);
  const shares = clusters.map((c) => {
    const exact = (rest * c.weight) / weightSum;
    return { cluster: c, whole: Math.floor(exact), fraction: exact - Math.floor(exact) };
  });
  let left = rest - shares.reduce((sum, s) => sum + s.whole, 0);
  const byRemainder = [...shares].sort((a, b) =>
    b.fraction - a.fraction || b.cluster.weight - a.cluster.weight || compareNames(a.cluster.name, b.cluster.name));
  for (const share of byRemainder) {
    if (left === 0) break;
    share.whole += 1;
    left -= 1;
  }
  return new Map(shares.map((s) => [s.cluster.name, minPerCluster + s.whole]));
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
