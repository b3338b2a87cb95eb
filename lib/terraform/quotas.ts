import type { Cloud, FleetPlan } from '../model';
import { elasticIpQuotaUses, loadBalancingQuotaUses } from './aws/aws-quotas';
import { loadBalancerQuotaUses, ssdQuotaUses } from './gcp/gcp-quotas';

/**
 * What a fleet takes of one of its clouds' default quotas: quotas can be raised, but a new project or account has
 * the default, and an apply that passes it fails half-way. The apply runbook lists every quota the fleet exceeds,
 * by the cloud's own name, among the prerequisites.
 */
export interface QuotaUse {
  readonly cloud: Cloud;
  /** Where the quota counts: a region of the project or account, or the whole of it. */
  readonly scope: string;
  /** The quota's name in the cloud's console and API (GCP metric, AWS Service Quotas name and code). */
  readonly quota: string;
  /** The quota of a new project or account. */
  readonly defaultLimit: number;
  /** What the fleet needs of it at its peak. */
  readonly needed: number;
  /** What needs it, in a sentence. */
  readonly why: string;
}

/** Every quota use of the fleet, by topic (each cloud's functions live in its folder), sorted by cloud, scope, quota. */
export function quotaUses(plan: FleetPlan): QuotaUse[] {
  return [
    ...elasticIpQuotaUses(plan),
    ...loadBalancingQuotaUses(plan),
    ...ssdQuotaUses(plan),
    ...loadBalancerQuotaUses(plan),
  ].sort((a, b) => (`${a.cloud}/${a.scope}/${a.quota}` < `${b.cloud}/${b.scope}/${b.quota}` ? -1 : 1));
}

/** The quota uses that pass the default limit: what to raise before the first apply. */
export function exceededQuotas(plan: FleetPlan): QuotaUse[] {
  return quotaUses(plan).filter((q) => q.needed > q.defaultLimit);
}
