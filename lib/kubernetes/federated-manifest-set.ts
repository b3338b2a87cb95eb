import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { KubernetesObject } from '../model/manifests';

/** Properties of a {@link FederatedManifestSet}. */
export interface FederatedManifestSetProps {
  /** The objects of the set in this cluster, patched and validated by the fleet plan, written in this order. */
  readonly objects: readonly KubernetesObject[];
}

/**
 * A set of manifests in one cluster (`Fleet.addManifests`): each object as an ApiObject, in the declared order, so
 * a CustomResourceDefinition or a Namespace listed first is applied first. Construct ids are the objects'
 * positions within the set, which no output name depends on.
 */
export class FederatedManifestSet extends Construct {
  public readonly objects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: FederatedManifestSetProps) {
    super(scope, id);
    this.objects = props.objects.map((o, i) => {
      const { apiVersion, kind, ...rest } = structuredClone(o) as Record<string, any>;
      return new ApiObject(this, `Object${i}`, { apiVersion, kind, ...rest });
    });
  }
}
