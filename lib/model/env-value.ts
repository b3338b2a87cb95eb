/** A fact about the cluster a replica runs in, usable as an environment value. */
export type ClusterAttribute = 'name' | 'region' | 'cloud';

/** The attributes {@link EnvValue.fromCluster} reads. */
export const CLUSTER_ATTRIBUTES: readonly ClusterAttribute[] = ['name', 'region', 'cloud'];

/** What an {@link EnvValue} resolves from. */
export type EnvSource =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'attribute'; readonly attribute: ClusterAttribute }
  | { readonly kind: 'label'; readonly key: string };

/** The parts of a cluster an {@link EnvValue} can read. */
export interface EnvContext {
  readonly name: string;
  readonly region: string;
  readonly cloud: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The value of an environment variable: a literal, or a fact of the cluster each replica runs in, resolved at
 * synth time. The seed's `get-region` app answers with `EnvValue.fromCluster('region')`.
 */
export class EnvValue {
  public static of(value: string): EnvValue {
    return new EnvValue({ kind: 'literal', value });
  }

  /** The cluster's name, region or cloud. */
  public static fromCluster(attribute: ClusterAttribute): EnvValue {
    return new EnvValue({ kind: 'attribute', attribute });
  }

  /** The value of the cluster label `key`; every cluster the app is placed on must have it. */
  public static fromClusterLabel(key: string): EnvValue {
    return new EnvValue({ kind: 'label', key });
  }

  private constructor(public readonly source: EnvSource) {}

  /** The value in `cluster`; `undefined` when it reads a label the cluster does not have. */
  public resolve(cluster: EnvContext): string | undefined {
    switch (this.source.kind) {
      case 'literal': return this.source.value;
      // Names are data: a label key or attribute is never looked up among an object's inherited properties.
      case 'attribute': return CLUSTER_ATTRIBUTES.includes(this.source.attribute) ? cluster[this.source.attribute] : undefined;
      case 'label': return Object.hasOwn(cluster.labels, this.source.key) ? cluster.labels[this.source.key] : undefined;
    }
  }
}

/** Environment variables as declared: a plain string is a literal. */
export type EnvMap = Readonly<Record<string, string | EnvValue>>;
