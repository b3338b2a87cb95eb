import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { FleetStack } from '../fleet-stack';

/** The Google provider of a stack: the fleet's project, and labels that say which fleet a resource belongs to. */
export function addGoogleProvider(stack: FleetStack, region?: string): GoogleProvider {
  const gcp = stack.plan.settings.gcp!;
  return new GoogleProvider(stack, 'google', {
    project: gcp.project,
    ...(region ? { region } : {}),
    defaultLabels: { 'managed-by': 'cdk-fleet', fleet: stack.plan.name },
  });
}
