import { AutoscalingAttachment } from '@cdktf/provider-aws/lib/autoscaling-attachment';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { LbListenerCertificate } from '@cdktf/provider-aws/lib/lb-listener-certificate';
import { LbListenerRule, type LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { AlbAppPlan, EksClusterPlan, FleetPlan } from '../../model';
import { readinessHealthCheck } from './app-load-balancer';
import { albTargetGroupName, healthAlarmName } from './aws-names';
import type { SharedLoadBalancer } from './shared-load-balancer';

/** Properties of an {@link AlbAppTarget}. */
export interface AlbAppTargetProps {
  readonly plan: FleetPlan;
  readonly cluster: EksClusterPlan;
  readonly app: AlbAppPlan;
  readonly loadBalancer: SharedLoadBalancer;
  readonly vpcId: string;
  /** The issued ACM certificate of the app's host in the cluster's region. */
  readonly certificateArn: string;
  /** The node group's autoscaling group, whose instances are the targets. */
  readonly autoscalingGroupName: string;
  /** The cluster security group, which the nodes use. */
  readonly nodeSecurityGroupId: string;
}

/**
 * One app behind its cluster's shared ALB: a target group on the app's NodePort on the node group's instances,
 * health-checked on the readiness path; a listener rule for the app's host (and path); the host's certificate on
 * the HTTPS listener (SNI); the security-group chain from the ALB to the nodes on that NodePort only; and a
 * CloudWatch alarm on the app's healthy targets, which the app's Route53 health check follows, so an unhealthy app
 * leaves its own host's records, not the whole cluster's.
 *
 * Everything is the app's own: adding an app creates its resources and changes none of the others'. The rule has
 * no fixed priority: the provider gives it the next free one, and hosts never overlap, so the order is free.
 */
export class AlbAppTarget extends Construct {
  public readonly targetGroup: LbTargetGroup;
  public readonly healthAlarm: CloudwatchMetricAlarm;

  /** The resources live in `scope` itself, with ids that start with `id` (readable Terraform addresses). */
  constructor(scope: Construct, id: string, props: AlbAppTargetProps) {
    super(scope, `${id}-construct`);
    const { cluster, app, loadBalancer } = props;
    const nodePort = app.service.exposure.aws.nodePort;
    const { host, path } = app.service.exposure.ingress;

    this.targetGroup = new LbTargetGroup(scope, `${id}-target-group`, {
      name: albTargetGroupName(cluster, app),
      port: nodePort,
      protocol: 'HTTP',
      // Set, not left to AWS's default: a change of it replaces the target group.
      protocolVersion: 'HTTP1',
      targetType: 'instance',
      vpcId: props.vpcId,
      deregistrationDelay: '30',
      // The timeout is set: left to AWS, it is known only after apply, and an HTTP target group's is 5 s anyway.
      healthCheck: { ...readinessHealthCheck(app), timeout: 5 },
    });
    new AutoscalingAttachment(scope, `${id}-targets`, { autoscalingGroupName: props.autoscalingGroupName, lbTargetGroupArn: this.targetGroup.arn });

    const conditions: LbListenerRuleCondition[] = [{ hostHeader: { values: [host] } }];
    if (path !== '/') conditions.push({ pathPattern: { values: [path, `${path.replace(/\/$/, '')}/*`] } });
    new LbListenerRule(scope, `${id}-rule`, {
      listenerArn: loadBalancer.httpsListener.arn,
      condition: conditions,
      action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
      tags: { Name: `${app.name} (${host}${path === '/' ? '' : path})` },
    });
    new LbListenerCertificate(scope, `${id}-certificate`, { listenerArn: loadBalancer.httpsListener.arn, certificateArn: props.certificateArn });

    new VpcSecurityGroupEgressRule(scope, `${id}-to-nodes`, {
      securityGroupId: loadBalancer.securityGroup.id,
      referencedSecurityGroupId: props.nodeSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: nodePort,
      toPort: nodePort,
      description: `To ${app.name} on its NodePort`,
    });
    new VpcSecurityGroupIngressRule(scope, `${id}-from-alb`, {
      securityGroupId: props.nodeSecurityGroupId,
      referencedSecurityGroupId: loadBalancer.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: nodePort,
      toPort: nodePort,
      description: `${app.name} on its NodePort, from the shared ALB`,
    });

    // No data means no healthy target reported: the app is out of the records until its targets pass.
    this.healthAlarm = new CloudwatchMetricAlarm(scope, `${id}-health-alarm`, {
      alarmName: healthAlarmName(props.plan, cluster, app),
      alarmDescription: `No healthy target of ${app.name} behind the shared ALB of ${cluster.name}: its Route53 health check fails.`,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HealthyHostCount',
      dimensions: { LoadBalancer: loadBalancer.loadBalancer.arnSuffix, TargetGroup: this.targetGroup.arnSuffix },
      statistic: 'Minimum',
      period: 60,
      evaluationPeriods: 2,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'breaching',
    });
  }
}
