import { hasOwnNlb, hostsOf, isAlbBalanced, type FleetPlan } from '../../model';
import { appEndpoints } from '../dns/app-endpoints';
import { publishedApps } from '../dns/global-dns-stack';
import type { QuotaUse } from '../quotas';
import { terraformBalancedApps } from './aws-certificates-stack';
import { byAlbGroup } from './shared-load-balancer';

/**
 * Elastic IPs: each EKS cluster's VPC has a NAT gateway per zone, each with an Elastic IP (see `EksNetwork`); an
 * account has 5 per region by default ("EC2-VPC Elastic IPs", quota code L-0263D0A3,
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-eips), so a second cluster of
 * three zones in one region fails at its third NAT gateway. Clusters in an existing VPC add none.
 */
export function elasticIpQuotaUses(plan: FleetPlan): QuotaUse[] {
  const byRegion = new Map<string, { count: number; clusters: string[] }>();
  for (const cluster of plan.clustersOn('aws')) {
    if (cluster.eks?.existingVpc) continue;
    const entry = byRegion.get(cluster.region) ?? { count: 0, clusters: [] };
    entry.count += cluster.zoneCount;
    entry.clusters.push(`${cluster.name} (${cluster.zoneCount})`);
    byRegion.set(cluster.region, entry);
  }
  return [...byRegion].map(([region, { count, clusters }]) => ({
    cloud: 'aws',
    scope: region,
    quota: 'EC2-VPC Elastic IPs (L-0263D0A3)',
    defaultLimit: 5,
    needed: count,
    why: `one per NAT gateway, one NAT gateway per zone: ${clusters.join(', ')}`,
  }));
}

/** One use count per scope, with the names of what uses it. */
class Tally {
  private readonly counts = new Map<string, { count: number; users: string[] }>();

  public add(scope: string, user: string, count = 1): void {
    const entry = this.counts.get(scope) ?? { count: 0, users: [] };
    entry.count += count;
    entry.users.push(user);
    this.counts.set(scope, entry);
  }

  public uses(quota: string, defaultLimit: number, why: string): QuotaUse[] {
    return [...this.counts].map(([scope, { count, users }]) => ({
      cloud: 'aws',
      scope,
      quota,
      defaultLimit,
      needed: count,
      why: `${why}: ${users.length > 6 ? `${users.slice(0, 6).join(', ')} and ${users.length - 6} more` : users.join(', ')}`,
    }));
  }
}

/**
 * The load balancing quotas of Elastic Load Balancing, WAF and Route53
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html,
 * https://docs.aws.amazon.com/waf/latest/developerguide/limits.html,
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html): per region, the shared ALBs (one
 * per cluster and ALB group), the NLBs (one per app that has one, per cluster), the target groups of both, and
 * the web ACLs; per ALB, the certificates beside the default one (one per host it serves); per account, the
 * Route53 health checks (one per app and endpoint, where a host has more than the GCP load balancer).
 */
export function loadBalancingQuotaUses(plan: FleetPlan): QuotaUse[] {
  const albs = new Tally();
  const nlbs = new Tally();
  const targetGroups = new Tally();
  const webAcls = new Tally();
  const certificates = new Tally();
  const healthChecks = new Tally();
  for (const cluster of plan.clustersOn('aws')) {
    const apps = terraformBalancedApps(plan, cluster);
    for (const [group, { length: count }] of byAlbGroup(apps.filter(isAlbBalanced))) {
      albs.add(cluster.region, `${cluster.name}/${group}`);
      if (plan.settings.aws.waf) webAcls.add(cluster.region, `${cluster.name}/${group}`);
      // Every host is a listener certificate; the listener's default one does not count.
      certificates.add(`${cluster.region}, ALB ${group} of ${cluster.name}`, `${count} hosts`, count - 1);
      targetGroups.add(cluster.region, `${cluster.name}/${group}`, count);
    }
    const ownNlbs = apps.filter(hasOwnNlb);
    if (ownNlbs.length > 0) {
      nlbs.add(cluster.region, `${cluster.name} (${ownNlbs.length})`, ownNlbs.length);
      targetGroups.add(cluster.region, `${cluster.name} NLBs`, ownNlbs.length);
    }
  }
  if (plan.dns?.kind === 'route53') {
    for (const { owner } of hostsOf(publishedApps(plan))) {
      const endpoints = appEndpoints(plan, owner);
      if (endpoints.length === 1 && endpoints[0].kind === 'gcp') continue;
      healthChecks.add('account', owner.name, endpoints.length);
    }
  }
  return [
    ...albs.uses('Application Load Balancers per Region (L-53DA6B97)', 50, 'one per EKS cluster and ALB group'),
    ...nlbs.uses('Network Load Balancers per Region (L-69A177A2)', 50, 'one per app with an NLB, per EKS cluster'),
    ...targetGroups.uses('Target Groups per Region (L-B22855CB)', 3000, 'one per app behind a load balancer, per EKS cluster'),
    ...certificates.uses('Certificates per Application Load Balancer', 25, 'one per host the ALB serves, beside its default one; or spread the apps over loadBalancing.aws.albGroup'),
    ...webAcls.uses('WAF web ACLs per Region (regional scope)', 100, 'one per shared ALB'),
    ...healthChecks.uses('Route 53 health checks per account', 200, 'one per app and endpoint'),
  ];
}
