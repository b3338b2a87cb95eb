import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';

/** The AWS stacks of the fleet. */
export function awsStacks(_plan: FleetPlan): StackDefinition[] {
  return [];
}
