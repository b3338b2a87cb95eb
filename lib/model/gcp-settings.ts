import { show, type Problems } from './problems';

/** Settings of the fleet's Google Cloud side. */
export interface GcpFleetProps {
  /** The project that holds the GKE clusters, their network and the global load balancer. */
  readonly project: string;
}

/** GCP settings with every default applied. */
export interface ResolvedGcpSettings {
  readonly project: string;
}

const GCP_PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/**
 * Checks and resolves the fleet's GCP settings; they are required when the fleet has GKE clusters.
 * Returns `undefined` when the fleet has no GKE cluster and no settings.
 */
export function planGcpSettings(props: GcpFleetProps | undefined, hasGke: boolean, problems: Problems): ResolvedGcpSettings | undefined {
  if (!props) {
    problems.check(!hasGke, 'gcp.project', 'is required: the fleet has GKE clusters; set the Google Cloud project that holds them');
    return undefined;
  }
  problems.check(typeof props.project === 'string' && GCP_PROJECT_ID.test(props.project), 'gcp.project', `${show(props.project)} is not a Google Cloud project id (6-30 lowercase letters, digits and '-', starting with a letter)`);
  return { project: props.project };
}
