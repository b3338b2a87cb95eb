import type { Construct } from 'constructs';
import type { FleetStack } from './fleet-stack';
import type { TerraformBackend } from './terraform-backend';
import type { FleetPlan } from '../model';

/** What a stack builder gets. */
export interface StackContext {
  readonly plan: FleetPlan;
  readonly backend: TerraformBackend;
}

/**
 * A stack the Terraform renderer synthesizes. Each cloud contributes its definitions (see `gcpStacks`,
 * `awsStacks`, `dnsStacks`); the renderer builds them one at a time.
 */
export interface StackDefinition {
  /** The stack's name and folder; derived from cluster and app names only, so it never changes. */
  readonly name: string;
  /** Builds the stack in `scope`, which holds nothing else. */
  build(scope: Construct, context: StackContext): FleetStack;
}
