import type { Cloud } from './cloud';

/** The worker nodes of a cluster. Node counts are totals over all of the cluster's zones, on both clouds. */
export interface NodePoolProps {
  /**
   * Machine type (GCP) or instance type (AWS).
   * @default 'e2-standard-4' on GCP, 'm6i.large' on AWS
   */
  readonly machineType?: string;
  /**
   * Fewest nodes the autoscaler keeps.
   * @default 3 (one per zone for a three-zone cluster)
   */
  readonly minNodes?: number;
  /**
   * Most nodes the autoscaler may create.
   * @default 6
   */
  readonly maxNodes?: number;
  /**
   * Boot disk size of each node in GiB.
   * @default 100
   */
  readonly diskSizeGb?: number;
}

/** A node pool with every default applied. */
export interface ResolvedNodePool {
  readonly machineType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly diskSizeGb: number;
}

const DEFAULT_MACHINE_TYPE: Record<Cloud, string> = { gcp: 'e2-standard-4', aws: 'm6i.large' };

/** The defaults of {@link NodePoolProps}, in one place. */
export function resolveNodePool(cloud: Cloud, props: NodePoolProps = {}): ResolvedNodePool {
  return {
    machineType: props.machineType ?? DEFAULT_MACHINE_TYPE[cloud],
    minNodes: props.minNodes ?? 3,
    maxNodes: props.maxNodes ?? 6,
    diskSizeGb: props.diskSizeGb ?? 100,
  };
}
