import type { EnvMap } from './env-value';

/**
 * A ConfigMap of an app, written beside its Deployment in every cluster it runs on. Its values resolve per cluster
 * as environment values do (`EnvValue.fromCluster`, `EnvValue.fromClusterLabel`); an override changes entries in
 * one cluster. A change to its content rolls the Deployment (a hash of the content in a pod annotation).
 */
export interface AppConfigMapProps {
  /**
   * Name of the ConfigMap, a DNS-1123 label unique among the app's; the object is named `<app>-<name>`.
   */
  readonly name: string;
  /**
   * The entries: keys of letters, digits, `-`, `_` and `.`; values are strings or {@link EnvValue}s (not secrets:
   * reference those with `EnvValue.fromSecret`).
   */
  readonly data: EnvMap;
  /**
   * A directory the entries are mounted in, one file per key, read-only.
   * @default - not mounted
   */
  readonly mountPath?: string;
  /**
   * Whether every entry is also an environment variable of the container (`envFrom`); the keys must then be
   * variable names. The app's own `env` wins over an entry of the same name.
   * @default false
   */
  readonly env?: boolean;
}

/** A Secret mounted in an app's container. The Secret exists, or an operator (e.g. External Secrets) makes it. */
export interface AppSecretMountProps {
  /** Name of the Secret, in the app's namespace. */
  readonly secretName: string;
  /** The directory its keys are mounted in, one file per key, read-only. */
  readonly mountPath: string;
}

/** A ConfigMap of an app in one cluster, its values resolved. */
export interface ConfigMapPlan {
  /** The name the app declared. */
  readonly name: string;
  /** The object's name: `<app>-<name>`. */
  readonly objectName: string;
  readonly data: readonly { readonly key: string; readonly value: string }[];
  readonly mountPath?: string;
  readonly env: boolean;
}
