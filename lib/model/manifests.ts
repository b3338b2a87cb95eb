import type { JsonPatchOperation } from './json-patch';
import type { Placement } from './placement';

/** A Kubernetes object as plain data, e.g. a document of `helm template`'s output. */
export type KubernetesObject = Readonly<Record<string, unknown>>;

/** Where a set of manifests comes from. */
export type ManifestSourceSpec =
  | { readonly kind: 'objects'; readonly objects: readonly KubernetesObject[] }
  | { readonly kind: 'file'; readonly path: string };

/**
 * The objects of a {@link ManifestsProps}: given as code, or read from a YAML file of one or more documents (for
 * example what `helm template` or a vendor publishes) when the fleet is planned.
 */
export class ManifestSource {
  /** Objects given as code. */
  public static fromObjects(objects: readonly KubernetesObject[]): ManifestSource {
    return new ManifestSource({ kind: 'objects', objects });
  }

  /** The documents of a YAML file (relative paths from the working directory); empty documents are skipped. */
  public static fromFile(path: string): ManifestSource {
    return new ManifestSource({ kind: 'file', path });
  }

  /** @internal */
  public readonly spec: ManifestSourceSpec;

  private constructor(spec: ManifestSourceSpec) {
    this.spec = spec;
  }
}

/** Which object of a set a patch applies to. */
export interface ObjectReference {
  /** The object's kind, e.g. `Deployment`. */
  readonly kind: string;
  /** The object's `metadata.name`. */
  readonly name: string;
  /**
   * The object's namespace.
   * @default - any namespace: the reference must then match one object of the set
   */
  readonly namespace?: string;
  /**
   * The object's API version.
   * @default - any API version: the reference must then match one object of the set
   */
  readonly apiVersion?: string;
}

/** What a {@link ManifestPatch} does. */
export type ManifestPatchSpec =
  | { readonly kind: 'json'; readonly target: ObjectReference; readonly operations: readonly JsonPatchOperation[] }
  | { readonly kind: 'merge'; readonly target: ObjectReference; readonly patch: KubernetesObject };

/** A change to one object of a set in one cluster: a JSON Patch (RFC 6902) or a JSON Merge Patch (RFC 7386). */
export class ManifestPatch {
  /** JSON Patch operations (add, remove, replace, move, copy, test) on the object. */
  public static json(target: ObjectReference, operations: readonly JsonPatchOperation[]): ManifestPatch {
    return new ManifestPatch({ kind: 'json', target, operations });
  }

  /** A JSON Merge Patch of the object: objects merge, `null` removes a field, anything else replaces. */
  public static merge(target: ObjectReference, patch: KubernetesObject): ManifestPatch {
    return new ManifestPatch({ kind: 'merge', target, patch });
  }

  /** @internal */
  public readonly spec: ManifestPatchSpec;

  private constructor(spec: ManifestPatchSpec) {
    this.spec = spec;
  }
}

/** Objects that the fleet places on its clusters as they are, with per-cluster patches. */
export interface ManifestsProps {
  /** The set's name, a DNS-1123 label unique in the fleet: its objects go to `manifest-<name>.yaml` in each cluster. */
  readonly name: string;
  /** Where the objects come from. */
  readonly source: ManifestSource;
  /**
   * The namespace of the set's namespaced objects that name none (as `kubectl apply -n` or `helm template -n`).
   * @default - none: a namespaced object must name its namespace
   */
  readonly namespace?: string;
  /**
   * The clusters the objects are placed on.
   * @default Placement.all()
   */
  readonly placement?: Placement;
  /**
   * Patches of the objects in some clusters, by cluster name, applied in order.
   * @default - none
   */
  readonly overrides?: Readonly<Record<string, readonly ManifestPatch[]>>;
  /**
   * Kinds of custom resources of the set that are cluster-scoped (built-in kinds are known), e.g. `ClusterIssuer`.
   * @default - none
   */
  readonly clusterScopedKinds?: readonly string[];
}

/** A set of manifests as declared in a fleet. */
export class FederatedManifests {
  /** The set as declared. */
  public readonly props: ManifestsProps;

  constructor(props: ManifestsProps) {
    this.props = props;
  }

  /** The set's name. */
  public get name(): string {
    return this.props.name;
  }
}

/** A set of manifests, resolved: the objects of each cluster it is placed on, patched. */
export interface ManifestSetPlan {
  readonly name: string;
  /** The clusters it is placed on, sorted, each with its objects in declared order. */
  readonly clusters: readonly { readonly cluster: string; readonly objects: readonly KubernetesObject[] }[];
  /** Whether each object is cluster-scoped, by `<apiVersion>/<kind>`. */
  readonly clusterScoped: readonly string[];
}
