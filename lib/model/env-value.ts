/** A fact about the cluster a replica runs in, usable as an environment value. */
export type ClusterAttribute = 'name' | 'region' | 'cloud';

/** @internal What an {@link EnvValue} resolves from. */
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
  /** A literal value, the same in every cluster. */
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

  /** @internal */
  public readonly source: EnvSource;

  private constructor(source: EnvSource) {
    this.source = source;
  }

  /** @internal The value in `cluster`; `undefined` when it reads a label the cluster does not have. */
  public resolve(cluster: EnvContext): string | undefined {
    switch (this.source.kind) {
      case 'literal': return this.source.value;
      case 'attribute': return cluster[this.source.attribute];
      case 'label': return cluster.labels[this.source.key];
    }
  }
}

/** Environment variables as declared: a plain string is a literal. */
export type EnvMap = Readonly<Record<string, string | EnvValue>>;
