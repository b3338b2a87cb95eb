import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { FleetStack } from '../fleet-stack';

/** The Google provider of a stack: the fleet's `project`, and labels that say which fleet a resource belongs to. */
export function addGoogleProvider(stack: FleetStack, project: string, region?: string): GoogleProvider {
  return new GoogleProvider(stack, 'google', {
    project,
    ...(region ? { region } : {}),
    defaultLabels: { 'managed-by': 'cdk-fleet', fleet: stack.plan.name },
  });
}
