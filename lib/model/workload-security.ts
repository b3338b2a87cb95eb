/**
 * The security policy of an app's pods. The defaults meet the restricted Pod Security Standard and the
 * workload rules of Checkov, Trivy, kube-score and kube-linter (see the project's CHECKLIST); every
 * relaxation is an explicit prop.
 */
export interface WorkloadSecurityProps {
  /**
   * User the container runs as. At least 10001, so it cannot collide with a user of the node
   * (Checkov CKV_K8S_40, Trivy KSV-0020).
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * Group the container runs as (Trivy KSV-0021).
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * Whether the container's root filesystem is read-only (CKV_K8S_22). Give the app writable scratch space
   * with `writablePaths` instead of turning this off.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Paths where the container may write, each backed by its own `emptyDir` volume (e.g. `/tmp`).
   * @default - none
   */
  readonly writablePaths?: readonly string[];
  /**
   * Whether the pod gets a Kubernetes API token. Apps that do not call the API must not hold one
   * (CKV_K8S_38).
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
}

/** The security policy with every default applied. */
export interface ResolvedWorkloadSecurity {
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly readOnlyRootFilesystem: boolean;
  readonly writablePaths: readonly string[];
  readonly automountServiceAccountToken: boolean;
}

/** The defaults of {@link WorkloadSecurityProps}, in one place. */
export function resolveWorkloadSecurity(props: WorkloadSecurityProps = {}): ResolvedWorkloadSecurity {
  return {
    runAsUser: props.runAsUser ?? 10001,
    runAsGroup: props.runAsGroup ?? 10001,
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
    writablePaths: [...(props.writablePaths ?? [])],
    automountServiceAccountToken: props.automountServiceAccountToken ?? false,
  };
}
