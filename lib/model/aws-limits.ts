import { boundedName } from './names';
import { hasOwnNlb, isAlbBalanced, type ClusterPlan, type WorkloadPlan } from './plan';
import type { Problems } from './problems';

/**
 * An Auto Scaling group takes at most 50 target groups, and the limit cannot be raised ("Target groups per Auto
 * Scaling group", https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html). Each app
 * behind a cluster's shared ALB, and each NLB of an app, attaches one target group to the node group's.
 */
export const TARGET_GROUPS_PER_AUTO_SCALING_GROUP = 50;

/**
 * The name of an app's own NLB and of its target group in a cluster: the joined names, at most 32 characters.
 * Kept from the first releases so that existing NLBs are not replaced; being ambiguous, it is checked for
 * collisions in each region by {@link checkAwsLimits}.
 */
export function nlbName(cluster: string, app: string): string {
  return boundedName([cluster, app], 32);
}

/**
 * The AWS rules that `terraform validate` cannot see and an apply would meet, checked on the fleet's placement:
 * - a cluster's node group takes the target groups of at most 50 apps (shared-ALB targets and NLBs together);
 * - two NLBs (or their target groups) of one name in a region: an NLB's name is its cluster's and app's joined,
 *   so `prod` + `eu-web` and `prod-eu` + `web` meet.
 * Draining and retiring clusters run no app, so they add nothing here.
 */
export function checkAwsLimits(workloads: readonly WorkloadPlan[], declaredIndex: ReadonlyMap<string, number>, problems: Problems): void {
  const byCluster = new Map<ClusterPlan, WorkloadPlan[]>();
  for (const w of workloads.filter((x) => x.cluster.cloud === 'aws')) byCluster.set(w.cluster, [...(byCluster.get(w.cluster) ?? []), w]);

  for (const [cluster, onCluster] of byCluster) {
    const albApps = onCluster.filter((w) => isAlbBalanced(w.app)).map((w) => w.app.name);
    const nlbApps = onCluster.filter((w) => hasOwnNlb(w.app)).map((w) => w.app.name);
    const targetGroups = albApps.length + nlbApps.length;
    problems.check(targetGroups <= TARGET_GROUPS_PER_AUTO_SCALING_GROUP, `clusters[${declaredIndex.get(cluster.name)}]`,
      `EKS cluster "${cluster.name}" would attach ${targetGroups} target groups to its node group (${albApps.length} apps behind its shared ALBs, ${nlbApps.length} NLBs), and an Auto Scaling group takes at most ${TARGET_GROUPS_PER_AUTO_SCALING_GROUP} (a fixed AWS limit); place some apps on another cluster, or give them loadBalancing.aws.loadBalancer "service" (the AWS Load Balancer Controller registers pod IPs, with no target group on the nodes)`);
  }

  const byRegion = new Map<string, Map<string, string>>();
  for (const w of workloads.filter((x) => x.cluster.cloud === 'aws' && hasOwnNlb(x.app))) {
    const names = byRegion.get(w.cluster.region) ?? new Map<string, string>();
    byRegion.set(w.cluster.region, names);
    const name = nlbName(w.cluster.name, w.app.name);
    const owner = names.get(name);
    const here = `app "${w.app.name}" in cluster "${w.cluster.name}"`;
    if (owner === undefined) names.set(name, here);
    else problems.add(`apps.${w.app.name}.loadBalancing.aws.loadBalancer`, `"nlb": the NLB of ${here} would be named "${name}", as that of ${owner} in ${w.cluster.region}; AWS refuses a second load balancer of one name in a region. Use the shared ALB (loadBalancer "alb", whose names cannot meet), or rename the app`);
  }
}
