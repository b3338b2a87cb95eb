import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';

/** The GCP stacks of the fleet. */
export function gcpStacks(_plan: FleetPlan): StackDefinition[] {
  return [];
}
