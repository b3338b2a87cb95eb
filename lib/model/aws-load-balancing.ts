/**
 * How traffic reaches an app in EKS clusters.
 * - `alb`: the default for HTTP apps. Every app of a cluster shares one internet-facing Application Load
 *   Balancer that Terraform owns (or one per `albGroup`): HTTPS with SNI certificates for every host, HTTP
 *   redirected to HTTPS, a rule and a target group per app on its NodePort, a WAF web ACL. No controller runs in
 *   the cluster.
 * - `nlb`: a Network Load Balancer per app per cluster, which Terraform owns, terminating TLS on 443 and
 *   forwarding to the app's NodePort. For TCP or non-HTTP apps, or to keep a fleet's NLBs.
 * - `service`: the seed's way. The Service is of type LoadBalancer and the AWS Load Balancer Controller
 *   creates the load balancer, with IP targets; Terraform finds it afterwards by the controller's tags.
 */
export type AwsLoadBalancerStyle = 'alb' | 'nlb' | 'service';

export const AWS_LOAD_BALANCER_STYLES: readonly AwsLoadBalancerStyle[] = ['alb', 'nlb', 'service'];

/**
 * A kept NLB during the move of an app from `nlb` to `alb` (see docs/aws.md, "From NLBs to the shared ALB"):
 * - `serving`: the ALB is built beside the NLB, and DNS still answers with the NLB;
 * - `standby`: DNS answers with the ALB; the NLB stays, with its deletion protection lifted, for a rollback.
 * Removing the option then removes the NLB.
 */
export type KeptNlb = 'serving' | 'standby';

export const KEPT_NLB_STAGES: readonly KeptNlb[] = ['serving', 'standby'];

/** The ALB group every app is in unless it names another. */
export const DEFAULT_ALB_GROUP = 'default';

/** The AWS view of an app. */
export interface AwsLoadBalancingProps {
  /**
   * Who owns the load balancer of each EKS cluster, and which kind it is.
   * @default 'alb'
   */
  readonly loadBalancer?: AwsLoadBalancerStyle;
  /**
   * With `alb`: which of a cluster's shared ALBs serves the app. An ALB's listener takes 25 certificates by
   * default (one per host), and its node group's Auto Scaling group 50 target groups, so a cluster serving more
   * hosts spreads them over groups. An app stays in its group: adding apps never moves another app to another ALB.
   * A lowercase DNS label of at most 12 characters.
   * @default 'default'
   */
  readonly albGroup?: string;
  /**
   * With `alb`: keep the app's NLB from the `nlb` style during the move to the ALB, `serving` first, then
   * `standby`; remove the option to remove the NLB.
   * @default - no NLB is kept
   */
  readonly keepNlb?: KeptNlb;
  /**
   * With `nlb`: deletion protection of the app's NLBs. Lift it (apply) before removing the app from a cluster;
   * the cluster's own protection (`eks.deletionProtection`) is separate. The shared ALBs always follow the
   * cluster's protection.
   * @default true
   */
  readonly deletionProtection?: boolean;
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
  readonly albGroup: string;
  readonly keepNlb?: KeptNlb;
  readonly deletionProtection: boolean;
  readonly certificateArns: Readonly<Record<string, string>>;
}

/** The defaults of {@link AwsLoadBalancingProps}, in one place. */
export function resolveAwsLoadBalancing(props: AwsLoadBalancingProps = {}): ResolvedAwsLoadBalancing {
  return {
    loadBalancer: props.loadBalancer ?? 'alb',
    albGroup: props.albGroup ?? DEFAULT_ALB_GROUP,
    ...(props.keepNlb !== undefined ? { keepNlb: props.keepNlb } : {}),
    deletionProtection: props.deletionProtection ?? true,
    certificateArns: { ...props.certificateArns },
  };
}
