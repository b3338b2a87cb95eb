/**
 * How the Google global load balancer reaches an app's pods in GKE clusters.
 * - `instance-groups`: the seed's way. The Service is a NodePort; the backend service sends traffic to every
 *   node pool's instance groups on that port.
 * - `neg`: container-native load balancing. The Service gets standalone zonal network endpoint groups and the
 *   backend service sends traffic straight to the pods; needs a second `terraform apply` once the NEGs exist.
 */
export type GcpBackendStyle = 'instance-groups' | 'neg';

export const GCP_BACKEND_STYLES: readonly GcpBackendStyle[] = ['instance-groups', 'neg'];

/** The Google global load balancer's view of an app. */
export interface GcpLoadBalancingProps {
  /**
   * How the backend service reaches the pods.
   * @default 'instance-groups'
   */
  readonly backend?: GcpBackendStyle;
  /**
   * Whether Cloud CDN caches the app's responses (those its `Cache-Control` headers allow).
   * @default false
   */
  readonly cdn?: boolean;
  /**
   * Share of requests the load balancer logs, from 0 to 1.
   * @default 1
   */
  readonly logSampleRate?: number;
}

/** GCP load balancing with every default applied. */
export interface ResolvedGcpLoadBalancing {
  readonly backend: GcpBackendStyle;
  readonly cdn: boolean;
  readonly logSampleRate: number;
}

/** The defaults of {@link GcpLoadBalancingProps}, in one place. */
export function resolveGcpLoadBalancing(props: GcpLoadBalancingProps = {}): ResolvedGcpLoadBalancing {
  return { backend: props.backend ?? 'instance-groups', cdn: props.cdn ?? false, logSampleRate: props.logSampleRate ?? 1 };
}
