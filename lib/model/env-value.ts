/** A fact about the cluster a replica runs in, usable as an environment value. */
export type ClusterAttribute = 'name' | 'region' | 'cloud';

/** The attributes {@link EnvValue.fromCluster} reads. */
export const CLUSTER_ATTRIBUTES: readonly ClusterAttribute[] = ['name', 'region', 'cloud'];

/** @internal What an {@link EnvValue} resolves from. */
export type EnvSource =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'attribute'; readonly attribute: ClusterAttribute }
  | { readonly kind: 'label'; readonly key: string }
  | { readonly kind: 'secret'; readonly secretName: string; readonly key: string };

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

  /**
   * The value of `key` in the Secret `secretName` of the app's namespace, read by the kubelet when the pod starts
   * (`valueFrom.secretKeyRef`): the value never appears in the output. The Secret exists already, or an operator
   * makes it (e.g. External Secrets' ExternalSecret, which can be federated with `Fleet.addManifests`).
   */
  public static fromSecret(secretName: string, key: string): EnvValue {
    return new EnvValue({ kind: 'secret', secretName, key });
  }

  /** @internal */
  public readonly source: EnvSource;

  private constructor(source: EnvSource) {
    this.source = source;
  }

  /**
   * @internal The value in `cluster`; `undefined` when it reads a label the cluster does not have, or a Secret
   * (whose value only the cluster knows).
   */
  public resolve(cluster: EnvContext): string | undefined {
    switch (this.source.kind) {
      case 'secret': return undefined;
      case 'literal': return this.source.value;
      // Names are data: a label key or attribute is never looked up among an object's inherited properties.
      case 'attribute': return CLUSTER_ATTRIBUTES.includes(this.source.attribute) ? cluster[this.source.attribute] : undefined;
      case 'label': return Object.hasOwn(cluster.labels, this.source.key) ? cluster.labels[this.source.key] : undefined;
    }
  }
}

/** Environment variables as declared: a plain string is a literal. */
export type EnvMap = Readonly<Record<string, string | EnvValue>>;
