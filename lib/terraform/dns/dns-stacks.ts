import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';

/** The stacks that publish the fleet's hostnames. */
export function dnsStacks(_plan: FleetPlan): StackDefinition[] {
  return [];
}
