/** @internal Where an app runs, as declared. */
export type PlacementSpec =
  | { readonly kind: 'all' }
  | { readonly kind: 'clusters'; readonly names: readonly string[] }
  | { readonly kind: 'labels'; readonly labels: Readonly<Record<string, string>> };

/**
 * The clusters an app is placed on: all of them, some by name, or those whose labels match.
 */
export class Placement {
  /** Every cluster of the fleet, including clusters added later. */
  public static all(): Placement {
    return new Placement({ kind: 'all' });
  }

  /** The named clusters. */
  public static clusters(...names: string[]): Placement {
    return new Placement({ kind: 'clusters', names });
  }

  /** Every cluster that has all of `labels` (as Karmada's `clusterAffinity.labelSelector.matchLabels`). */
  public static matchLabels(labels: Record<string, string>): Placement {
    return new Placement({ kind: 'labels', labels: { ...labels } });
  }

  /** @internal */
  public readonly spec: PlacementSpec;

  private constructor(spec: PlacementSpec) {
    this.spec = spec;
  }

  /** Whether a cluster with this name and these labels is selected. */
  public selects(name: string, labels: Readonly<Record<string, string>>): boolean {
    switch (this.spec.kind) {
      case 'all': return true;
      case 'clusters': return this.spec.names.includes(name);
      case 'labels': return Object.entries(this.spec.labels).every(([k, v]) => labels[k] === v);
    }
  }

  /** How the placement reads in an error message. */
  public toString(): string {
    switch (this.spec.kind) {
      case 'all': return 'all clusters';
      case 'clusters': return `clusters ${JSON.stringify(this.spec.names)}`;
      case 'labels': return `clusters labelled ${JSON.stringify(this.spec.labels)}`;
    }
  }
}
