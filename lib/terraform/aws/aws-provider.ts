import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { FleetStack } from '../fleet-stack';

/**
 * An AWS provider for `region`, tagging every resource with the fleet's name and the fleet's own tags. The first
 * provider of a stack is its default; others get the region as alias.
 */
export function addAwsProvider(stack: FleetStack, region: string, alias?: string): AwsProvider {
  return new AwsProvider(stack, alias ? `aws-${alias}` : 'aws', {
    region,
    ...(alias ? { alias } : {}),
    defaultTags: [{ tags: { 'managed-by': 'cdk-fleet', fleet: stack.plan.name, ...stack.plan.settings.aws.tags } }],
  });
}
