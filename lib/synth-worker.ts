/*
 * The entry point of the worker threads that synthesize Terraform stacks (see `TerraformOptions.workers`): it
 * lists the stacks exactly as `synth()` does, from the plan and the resolved control-plane options.
 */
import { controlPlaneOutputs } from './targets/control-plane-outputs';
import type { ResolvedControlPlanes } from './targets/control-planes';
import { serveStacks } from './terraform/engine/stack-workers';
import { stackDefinitions } from './terraform/terraform-renderer';

serveStacks((plan, controlPlanes) => stackDefinitions(plan, controlPlaneOutputs(plan, controlPlanes as ResolvedControlPlanes).stacks));
