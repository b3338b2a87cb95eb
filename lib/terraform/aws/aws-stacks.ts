import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';
import { clusterStackName } from '../stack-output';
import { AwsCertificatesStack } from './aws-certificates-stack';
import { EksClusterStack } from './eks-cluster-stack';

/** The AWS stacks of the fleet: the certificates of NLB-served hosts, and one stack per EKS cluster. */
export function awsStacks(plan: FleetPlan): StackDefinition[] {
  const stacks: StackDefinition[] = [];
  if (AwsCertificatesStack.isNeeded(plan)) {
    const dns = plan.dns;
    // The fleet's validation requires DNS for apps behind NLBs (`checkTraffic`): ACM validates their certificates there.
    if (!dns) throw new Error('A fleet plan with apps behind NLBs publishes no DNS');
    stacks.push({ name: AwsCertificatesStack.NAME, build: (scope, context) => new AwsCertificatesStack(scope, context, dns) });
  }
  for (const cluster of plan.clustersOn('aws')) {
    stacks.push({ name: clusterStackName(cluster.name), build: (scope, context) => new EksClusterStack(scope, context, cluster) });
  }
  return stacks;
}
