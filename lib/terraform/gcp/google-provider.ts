import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { FleetStack } from '../fleet-stack';
import { GcpApisStack } from './gcp-apis-stack';

/**
 * The Google provider of a stack: the fleet's `project`, and labels that say which fleet a resource belongs to.
 * Every stack with it reads the `gcp-apis` stack, so the APIs are on before its first call.
 */
export function addGoogleProvider(stack: FleetStack, project: string, region?: string): GoogleProvider {
  const provider = new GoogleProvider(stack, 'google', {
    project,
    ...(region ? { region } : {}),
    defaultLabels: { 'managed-by': 'cdk-fleet', fleet: stack.plan.name },
  });
  if (stack.stackName !== GcpApisStack.NAME && GcpApisStack.isNeeded(stack.plan)) stack.consume(GcpApisStack.SERVICES);
  return provider;
}
