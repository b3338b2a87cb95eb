import { boundedName, tupleName, type AppPlan, type ClusterPlan, type FleetPlan } from '../../model';
import { nlbName } from '../../model/aws-limits';

/*
 * Names of the fleet's AWS resources, from fleet, cluster and app names only, so adding or removing other
 * clusters and apps never renames (destroys and recreates) a resource. Names past a service's limit end with a
 * hash of the full name (`boundedName`).
 */

/**
 * An app's own NLB and its target group: at most 32 characters. The joined name of the first releases, kept so
 * that existing NLBs are not replaced; a joined name is ambiguous (`prod` + `eu-web` = `prod-eu` + `web`), so the
 * fleet's validation refuses two NLBs of one name in a region (`checkAwsLimits`). Names of later resources are tuples.
 */
export function loadBalancerName(cluster: ClusterPlan, app: AppPlan): string {
  return nlbName(cluster.name, app.name);
}

/** A cluster's shared ALB of `group`: at most 32 characters, unique by construction. */
export function albName(cluster: ClusterPlan, group: string): string {
  return tupleName([cluster.name, 'alb', group], 32);
}

/** The security group of a cluster's shared ALB of `group`: unique by construction, also in a shared existing VPC. */
export function albSecurityGroupName(cluster: ClusterPlan, group: string): string {
  return tupleName([cluster.name, 'alb', group], 255);
}

/** The target group of an app behind a cluster's shared ALB: at most 32 characters, unique by construction. */
export function albTargetGroupName(cluster: ClusterPlan, app: AppPlan): string {
  return tupleName([cluster.name, app.name], 32);
}

/** The WAF web ACL of a cluster's shared ALB of `group`: at most 128 characters, unique by construction. */
export function webAclName(cluster: ClusterPlan, group: string): string {
  return tupleName([cluster.name, 'alb', group], 128);
}

/**
 * The CloudWatch alarm on an app's healthy targets behind a cluster's shared ALB, which its Route53 health check
 * follows: unique in the region by construction, as names are DNS labels and spaces separate them.
 */
export function healthAlarmName(plan: FleetPlan, cluster: ClusterPlan, app: AppPlan): string {
  return `${plan.name} ${cluster.name} ${app.name}: healthy targets`;
}

/** IAM role names: at most 64 characters, unique in the account. */
export function roleName(plan: FleetPlan, cluster: ClusterPlan, role: string): string {
  return boundedName([plan.name, cluster.name, role], 64);
}

/** Name tag of a resource of a cluster. */
export function clusterResourceName(cluster: ClusterPlan, part: string): string {
  return boundedName([cluster.name, part], 255);
}
