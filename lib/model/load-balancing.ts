import { resolveAwsLoadBalancing, type AwsLoadBalancingProps, type ResolvedAwsLoadBalancing } from './aws-load-balancing';
import { resolveGcpLoadBalancing, type GcpLoadBalancingProps, type ResolvedGcpLoadBalancing } from './gcp-load-balancing';

/** How global traffic reaches an app, per cloud. */
export interface LoadBalancingProps {
  /**
   * The Google global load balancer's side.
   * @default - see {@link GcpLoadBalancingProps}
   */
  readonly gcp?: GcpLoadBalancingProps;
  /**
   * The AWS side.
   * @default - see {@link AwsLoadBalancingProps}
   */
  readonly aws?: AwsLoadBalancingProps;
}

/** Load balancing with every default applied. */
export interface ResolvedLoadBalancing {
  readonly gcp: ResolvedGcpLoadBalancing;
  readonly aws: ResolvedAwsLoadBalancing;
}

export function resolveLoadBalancing(props: LoadBalancingProps = {}): ResolvedLoadBalancing {
  return { gcp: resolveGcpLoadBalancing(props.gcp), aws: resolveAwsLoadBalancing(props.aws) };
}
