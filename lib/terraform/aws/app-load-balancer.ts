import { AutoscalingAttachment } from '@cdktf/provider-aws/lib/autoscaling-attachment';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup, type LbTargetGroupHealthCheck } from '@cdktf/provider-aws/lib/lb-target-group';
import { Construct } from 'constructs';
import type { EksClusterPlan, LoadBalancedAppPlan, TerraformBalancedAppPlan } from '../../model';
import { loadBalancerName } from './aws-names';

/** TLS 1.3 and 1.2 only (Checkov CKV_AWS_103). */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** The health check of an app's target group, on any load balancer: the app's readiness path on its NodePort. */
export function readinessHealthCheck(app: LoadBalancedAppPlan): LbTargetGroupHealthCheck {
  return {
    protocol: 'HTTP',
    path: app.readiness.check.path,
    port: 'traffic-port',
    interval: 10,
    healthyThreshold: 3,
    unhealthyThreshold: 3,
    matcher: '200-399',
  };
}

/** Properties of an {@link AppLoadBalancer}. */
export interface AppLoadBalancerProps {
  readonly cluster: EksClusterPlan;
  /** An app in `nlb` style, or one whose NLB is kept during its move to the shared ALB. */
  readonly app: TerraformBalancedAppPlan;
  /** Whether AWS refuses to delete the NLB: lift it (apply) before removing the app. */
  readonly deletionProtection: boolean;
  readonly vpcId: string;
  readonly publicSubnetIds: readonly string[];
  /** The ARN of the app's issued ACM certificate in the cluster's region. */
  readonly certificateArn: string;
  /** The node group's autoscaling group, whose instances are the targets. */
  readonly autoscalingGroupName: string;
  /** The security group of the cluster's NLBs (see `LoadBalancerSecurity`). */
  readonly securityGroupId: string;
  /** Bucket of the access logs, in the cluster's region. */
  readonly accessLogsBucket?: string;
}

/**
 * The NLB of one app in one EKS cluster (the `nlb` style, or kept while the app moves to the shared ALB): an internet-facing NLB that terminates TLS for
 * the app's host on 443 (ACM certificate, TLS 1.2+) and forwards to the app's NodePort on the node group's
 * instances, health-checked on the readiness path. No controller runs in the cluster.
 *
 * One NLB per app: an NLB cannot route by host, and every app's host is served on 443. The cluster's NLBs share
 * a security group, from which alone the nodes admit NodePorts (`LoadBalancerSecurity`).
 */
export class AppLoadBalancer extends Construct {
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;

  /**
   * The resources live in the stack's own scope, with ids that start with `id`: Terraform addresses stay readable
   * (`aws_lb.lb-web-load-balancer`), not suffixed with a hash of the construct path.
   */
  constructor(scope: Construct, id: string, props: AppLoadBalancerProps) {
    super(scope, `${id}-construct`);
    const { cluster, app } = props;
    const name = loadBalancerName(cluster, app);
    const nodePort = app.service.exposure.aws.nodePort;

    this.loadBalancer = new Lb(scope, `${id}-load-balancer`, {
      name,
      loadBalancerType: 'network',
      internal: false,
      subnets: [...props.publicSubnetIds],
      securityGroups: [props.securityGroupId],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: props.deletionProtection,
      ...(props.accessLogsBucket ? { accessLogs: { bucket: props.accessLogsBucket, prefix: `${cluster.name}/${app.name}`, enabled: true } } : {}),
    });
    this.targetGroup = new LbTargetGroup(scope, `${id}-target-group`, {
      name,
      port: nodePort,
      protocol: 'TCP',
      targetType: 'instance',
      vpcId: props.vpcId,
      deregistrationDelay: '30',
      healthCheck: readinessHealthCheck(app),
    });
    new LbListener(scope, `${id}-https`, {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'TLS',
      sslPolicy: TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    new AutoscalingAttachment(scope, `${id}-targets`, { autoscalingGroupName: props.autoscalingGroupName, lbTargetGroupArn: this.targetGroup.arn });
  }
}
