import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Construct } from 'constructs';
import type { AlbAppPlan, EksClusterPlan } from '../../model';
import { TLS_POLICY } from './app-load-balancer';
import { albName, albSecurityGroupName, webAclName } from './aws-names';

/** The apps of one cluster by the ALB group that serves them, groups sorted by name, apps in the given order. */
export function byAlbGroup(apps: readonly AlbAppPlan[]): Map<string, AlbAppPlan[]> {
  const groups = new Map<string, AlbAppPlan[]>();
  for (const app of apps) {
    const group = app.service.exposure.aws.group;
    const list = groups.get(group);
    if (list) list.push(app);
    else groups.set(group, [app]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Properties of a {@link SharedLoadBalancer}. */
export interface SharedLoadBalancerProps {
  readonly cluster: EksClusterPlan;
  /** The ALB group (`loadBalancing.aws.albGroup`) of the apps it serves. */
  readonly group: string;
  readonly vpcId: string;
  readonly publicSubnetIds: readonly string[];
  /**
   * The certificate the HTTPS listener presents to clients that send no SNI or a host it does not serve: every
   * listener needs one. Every host's certificate is also a listener certificate (see `AlbAppTarget`).
   */
  readonly defaultCertificateArn: string;
  /** Whether a WAF web ACL with AWS's managed rules guards the load balancer. */
  readonly waf: boolean;
  /** Bucket of the access logs, in the cluster's region. */
  readonly accessLogsBucket?: string;
}

/**
 * The Application Load Balancer that the apps of one EKS cluster share (one per ALB group): internet-facing, in
 * the public subnets, HTTPS on 443 with the fleet's TLS policy, HTTP on 80 redirected to HTTPS (301), invalid
 * header fields dropped, deletion protection as the cluster's, and a WAFv2 web ACL with the AWS managed common and
 * known-bad-inputs rule sets. Each app adds its host rule, target group and certificate (`AlbAppTarget`); requests
 * for a host that no app serves get a 404 from the load balancer itself.
 *
 * Its security group admits 80 and 443 from the internet; its way out to the nodes is opened per app, on the
 * app's NodePort only (`AlbAppTarget`).
 */
export class SharedLoadBalancer extends Construct {
  public readonly loadBalancer: Lb;
  public readonly httpsListener: LbListener;
  public readonly securityGroup: SecurityGroup;

  /** The resources live in `scope` itself, with ids that start with `id` (readable Terraform addresses). */
  constructor(scope: Construct, id: string, props: SharedLoadBalancerProps) {
    super(scope, `${id}-construct`);
    const { cluster, group } = props;
    const name = albName(cluster, group);
    this.securityGroup = new SecurityGroup(scope, `${id}-security-group`, {
      name: albSecurityGroupName(cluster, group),
      description: `The shared ALB ${group}: HTTP and HTTPS from the internet; to the nodes on the apps' NodePorts`,
      vpcId: props.vpcId,
      ingress: [
        { description: 'HTTPS from the internet', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
        { description: 'HTTP from the internet, redirected to HTTPS', protocol: 'tcp', fromPort: 80, toPort: 80, cidrBlocks: ['0.0.0.0/0'] },
      ],
      // No inline egress: Terraform removes AWS's allow-all egress rule from a new group, and the way out is a rule
      // per app (`AlbAppTarget`), which inline rules would fight over.
      tags: { Name: albSecurityGroupName(cluster, group) },
    });
    this.loadBalancer = new Lb(scope, `${id}-load-balancer`, {
      name,
      loadBalancerType: 'application',
      internal: false,
      subnets: [...props.publicSubnetIds],
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: cluster.eks.deletionProtection,
      ...(props.accessLogsBucket ? { accessLogs: { bucket: props.accessLogsBucket, prefix: `${cluster.name}/alb-${group}`, enabled: true } } : {}),
      tags: { Name: name },
    });
    this.httpsListener = new LbListener(scope, `${id}-https`, {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: TLS_POLICY,
      certificateArn: props.defaultCertificateArn,
      defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404', messageBody: 'No app serves this host here.' } }],
    });
    new LbListener(scope, `${id}-http`, {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    });
    if (props.waf) this.addWebAcl(scope, id, cluster, group);
  }

  /**
   * AWS's managed rule groups in count-free block mode: the common rule set (OWASP top-10 style) and the known bad
   * inputs (Log4j and similar). The common set blocks request bodies over 8 KB (its SizeRestrictions_BODY rule):
   * turn the WAF off (`aws.waf: false`) and attach your own web ACL where an app takes larger bodies.
   */
  private addWebAcl(scope: Construct, id: string, cluster: EksClusterPlan, group: string): void {
    const name = webAclName(cluster, group);
    const managed = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];
    const acl = new Wafv2WebAcl(scope, `${id}-web-acl`, {
      name,
      description: `AWS managed rules in front of the shared ALB ${group} of ${cluster.name}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: managed.map((ruleSet, priority) => ({
        name: ruleSet,
        priority,
        overrideAction: { none: {} },
        // The bindings type `statement` loosely, so it is written in Terraform's own (snake case) names.
        statement: { managed_rule_group_statement: { name: ruleSet, vendor_name: 'AWS' } },
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: ruleSet, sampledRequestsEnabled: true },
      })),
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
    });
    new Wafv2WebAclAssociation(scope, `${id}-web-acl-association`, { resourceArn: this.loadBalancer.arn, webAclArn: acl.arn });
  }
}
