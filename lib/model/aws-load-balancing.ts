/**
 * How traffic reaches an app in EKS clusters.
 * - `nlb`: Terraform owns a Network Load Balancer per cluster whose target group is the app's NodePort on the
 *   node group's instances. One `terraform apply`, no controller in the cluster.
 * - `service`: the seed's way. The Service is of type LoadBalancer and the AWS Load Balancer Controller
 *   creates the load balancer; Terraform finds it afterwards by the controller's tags.
 */
export type AwsLoadBalancerStyle = 'nlb' | 'service';

export const AWS_LOAD_BALANCER_STYLES: readonly AwsLoadBalancerStyle[] = ['nlb', 'service'];

/** The AWS view of an app. */
export interface AwsLoadBalancingProps {
  /**
   * Who owns the load balancer of each EKS cluster.
   * @default 'nlb'
   */
  readonly loadBalancer?: AwsLoadBalancerStyle;
  /**
   * With `service` load balancers: the ACM certificate of the app's host in each region, by region. The AWS Load
   * Balancer Controller does not look certificates up for NLB Services, so it is named here; the Service then
   * listens with TLS 1.2+ on its port (set `servicePort: 443`).
   * @default - required for every region where the app runs behind a `service` load balancer
   */
  readonly certificateArns?: Readonly<Record<string, string>>;
}

/** AWS load balancing with every default applied. */
export interface ResolvedAwsLoadBalancing {
  readonly loadBalancer: AwsLoadBalancerStyle;
  readonly certificateArns: Readonly<Record<string, string>>;
}

/** The defaults of {@link AwsLoadBalancingProps}, in one place. */
export function resolveAwsLoadBalancing(props: AwsLoadBalancingProps = {}): ResolvedAwsLoadBalancing {
  return { loadBalancer: props.loadBalancer ?? 'nlb', certificateArns: { ...props.certificateArns } };
}
