import { Construct } from 'constructs';
import type { Fleet } from '../model/fleet';
import { controlPlaneOutputs } from '../targets/control-plane-outputs';
import { planControlPlanes, type ControlPlanesOptions } from '../targets/control-planes';
import type { FleetStack } from './fleet-stack';
import { checkInstalledProviderBindings } from './provider-versions';
import { TerraformBackend } from './terraform-backend';
import { stackDefinitions } from './terraform-renderer';

/** Properties of {@link FleetStacks}. */
export interface FleetStacksProps {
  /** The fleet. It is validated: a `FleetValidationError` names every problem. */
  readonly fleet: Fleet;
  /**
   * Where the stacks keep their state; the same backend for every stack, as with `synth()`.
   * @default TerraformBackend.local()
   */
  readonly backend?: TerraformBackend;
  /**
   * The control planes the fleet's Terraform serves, as `synth()` takes them: `gkeMultiCluster` adds the
   * `gke-fleet-hub` stack. The control planes' Kubernetes folders are written by `synth()` only.
   * @default - none
   */
  readonly controlPlanes?: ControlPlanesOptions;
}

/**
 * The fleet's Terraform stacks in a cdktf App of your own: `app.synth()` (or `cdktf synth`) writes each one to
 * `stacks/<stack>/cdk.tf.json`, byte for byte as `synth()` writes it (a test compares them).
 *
 * The stacks are created in `scope` itself, next to this construct, not below it: cdktf writes each resource's
 * construct path into the stack's JSON, and the stacks' paths must be their names for the output to equal
 * `synth()`'s. Give the App as `scope`. Reach a stack with {@link FleetStacks.stacks} to add resources to it.
 *
 * What `synth()` adds around the stacks is not written here: the apply order (`README.md`), and the check of the
 * load balancers against the Kubernetes output. cdktf's `app.synth()` keeps every stack of the App in memory and
 * resolves them all together: for large fleets, `synth()` is the faster path.
 *
 * @example
 * ```ts
 * const app = new App({ outdir: 'dist/terraform' });
 * new FleetStacks(app, 'fleet', { fleet, backend: TerraformBackend.s3({ bucket: 'tf-state', region: 'eu-west-1' }) });
 * app.synth();
 * ```
 */
export class FleetStacks extends Construct {
  /** Each stack, by name, in the order `synth()` lists them. */
  public readonly stacks: ReadonlyMap<string, FleetStack>;

  constructor(scope: Construct, id: string, props: FleetStacksProps) {
    // Checked before the construct joins the App: a fleet with problems adds nothing to it.
    checkInstalledProviderBindings();
    const plan = props.fleet.plan();
    super(scope, id);
    const targets = planControlPlanes(plan, props.controlPlanes);
    const context = { plan, backend: props.backend ?? TerraformBackend.local() };
    const definitions = stackDefinitions(plan, controlPlaneOutputs(plan, targets).stacks);
    const stacks = new Map(definitions.map((definition) => [definition.name, definition.build(scope, context)]));
    // A stack reads the outputs of others through `terraform_remote_state`, which cdktf does not see: declared as
    // dependencies, they are in cdktf's manifest, as synth() writes it, so `cdktf deploy` applies in order.
    for (const stack of stacks.values()) {
      for (const name of stack.stackDependencies) {
        const dependency = stacks.get(name);
        if (dependency) stack.addDependency(dependency);
      }
    }
    this.stacks = stacks;
  }
}
