import type { FleetPlan } from '../../model';
import type { QuotaUse } from '../quotas';

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
