/**
 * CPU and memory of the app's container. Quantities use Kubernetes notation (`250m`, `0.5`, `256Mi`, `1Gi`).
 */
export interface ContainerResources {
  /**
   * CPU the scheduler reserves for the container.
   * @default '100m'
   */
  readonly cpuRequest?: string;
  /**
   * CPU the container may use; `false` leaves it unthrottled. Scanners (Checkov CKV_K8S_11, Trivy KSV-0011)
   * want a limit, so the default sets one; many operators drop it to avoid CFS throttling.
   * @default '500m'
   */
  readonly cpuLimit?: string | false;
  /**
   * Memory the scheduler reserves for the container.
   * @default '128Mi'
   */
  readonly memoryRequest?: string;
  /**
   * Memory above which the container is killed.
   * @default '256Mi'
   */
  readonly memoryLimit?: string;
}

/** Container resources with every default applied. */
export interface ResolvedResources {
  readonly cpuRequest: string;
  readonly cpuLimit?: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/** Applies `override` field by field over `base`, then the defaults of {@link ContainerResources}. */
export function resolveResources(base: ContainerResources = {}, override: ContainerResources = {}): ResolvedResources {
  const cpuLimit = override.cpuLimit ?? base.cpuLimit ?? '500m';
  return {
    cpuRequest: override.cpuRequest ?? base.cpuRequest ?? '100m',
    ...(cpuLimit === false ? {} : { cpuLimit }),
    memoryRequest: override.memoryRequest ?? base.memoryRequest ?? '128Mi',
    memoryLimit: override.memoryLimit ?? base.memoryLimit ?? '256Mi',
  };
}

const QUANTITY = /^(?<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?<suffix>[numkMGTPE]|[KMGTPE]i)?$/;
const SCALE: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** The value of a Kubernetes quantity, or `undefined` when the string is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match?.groups) return undefined;
  return Number(match.groups.number) * SCALE[match.groups.suffix ?? ''];
}
