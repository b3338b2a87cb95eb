import { TerraformOutput, TerraformStack, type IResolvable, type TerraformRemoteState } from 'cdktf';
import type { Construct } from 'constructs';
import type { FleetPlan } from '../model';
import type { TerraformBackend } from './terraform-backend';

/** Properties of a {@link FleetStack}. */
export interface FleetStackProps {
  readonly plan: FleetPlan;
  readonly backend: TerraformBackend;
  /** What the stack holds, in a sentence; written to the stack manifest and the apply order. */
  readonly description: string;
}

/**
 * A Terraform stack of the fleet: one state, one folder (`stacks/<name>/`), one `terraform apply`.
 *
 * Stacks share values through outputs they {@link publish} and the stacks that need them {@link consume}
 * (`terraform_remote_state`), by name: a stack depends on another only through those values, which name the
 * apply order, and each stack synthesizes on its own, so the fleet's stacks are never all in memory at once.
 */
export class FleetStack extends TerraformStack {
  public readonly plan: FleetPlan;
  public readonly description: string;
  private readonly backend: TerraformBackend;
  private readonly remoteStates = new Map<string, TerraformRemoteState>();

  constructor(scope: Construct, name: string, props: FleetStackProps) {
    super(scope, name);
    this.plan = props.plan;
    this.description = props.description;
    this.backend = props.backend;
    props.backend.configure(this, name, props.plan.name);
  }

  /** The stack's name, which is also its folder. */
  public get stackName(): string {
    return this.node.id;
  }

  /** Publishes `value` as the output `name`, for the stacks that depend on this one. */
  public publish(name: string, value: unknown, description: string): TerraformOutput {
    return new TerraformOutput(this, name, { value, description, staticId: true });
  }

  /** The string output `output` of stack `stack`; this stack now depends on it. */
  public consumeString(stack: string, output: string): string {
    return this.remoteStateOf(stack).getString(output);
  }

  /** The list output `output` of stack `stack`; this stack now depends on it. */
  public consumeList(stack: string, output: string): string[] {
    return this.remoteStateOf(stack).getList(output);
  }

  /** Any output `output` of stack `stack` (a map, an object); this stack now depends on it. */
  public consume(stack: string, output: string): IResolvable {
    return this.remoteStateOf(stack).get(output);
  }

  /** The stacks this one reads outputs from, sorted: they are applied first. */
  public get stackDependencies(): string[] {
    return [...this.remoteStates.keys()].sort();
  }

  private remoteStateOf(stack: string): TerraformRemoteState {
    let state = this.remoteStates.get(stack);
    if (!state) {
      state = this.backend.remoteState(this, `stack-${stack}`, stack, this.plan.name);
      this.remoteStates.set(stack, state);
    }
    return state;
  }
}
