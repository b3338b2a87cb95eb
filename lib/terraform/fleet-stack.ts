import { TerraformOutput, TerraformStack, type IResolvable, type TerraformRemoteState } from 'cdktf';
import type { Construct } from 'constructs';
import type { FleetPlan } from '../model';
import '../workarounds/construct-children';
import type { StackOutput } from './stack-output';
import type { TerraformBackend } from './terraform-backend';

/** @internal Properties of a {@link FleetStack}. */
export interface FleetStackProps {
  readonly plan: FleetPlan;
  readonly backend: TerraformBackend;
  /** What the stack holds, in a sentence; written to the stack manifest and the apply order. */
  readonly description: string;
}

/**
 * A Terraform stack of the fleet: one state, one folder (`stacks/<name>/`), one `terraform apply`.
 *
 * Stacks share values through outputs they publish ({@link FleetStack.publish}) and the stacks that need them
 * consume (`FleetStack.consume`, with `terraform_remote_state`), each a {@link StackOutput} defined once beside
 * the stack that publishes it: a stack depends on another only through those values, which name the apply order,
 * and each stack synthesizes on its own, so the fleet's stacks are never all in memory at once.
 *
 * A FleetStack synthesizes as any cdktf stack does; `synth()` switches the speed-ups of lib/terraform/engine on
 * for the stacks of the Apps it creates, never for a stack added to an App of the user's.
 */
export class FleetStack extends TerraformStack {
  /** @internal */
  public readonly plan: FleetPlan;
  /** What the stack holds, in a sentence. */
  public readonly description: string;
  private readonly backend: TerraformBackend;
  private readonly remoteStates = new Map<string, TerraformRemoteState>();

  /** @internal The fleet's stacks are made by `synth()` and {@link FleetStacks}. */
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

  /** Publishes `value` as `output`, one of this stack's outputs, for the stacks that depend on this one. */
  public publish<T>(output: StackOutput<T>, value: unknown, description: string): TerraformOutput {
    if (output.stack !== this.stackName) throw new Error(`Stack "${this.stackName}" cannot publish the ${output}`);
    return new TerraformOutput(this, output.name, { value, description, staticId: true });
  }

  /** The value of the string `output` of another stack; this stack now depends on that one. */
  public consume(output: StackOutput<string>): string;
  /** The value of the list `output` of another stack; this stack now depends on that one. */
  public consume(output: StackOutput<string[]>): string[];
  /** The value of `output` of another stack, as a token (a map, an object); this stack now depends on that one. */
  public consume(output: StackOutput<IResolvable>): IResolvable;
  public consume(output: StackOutput<string> | StackOutput<string[]> | StackOutput<IResolvable>): string | string[] | IResolvable {
    if (output.stack === this.stackName) throw new Error(`Stack "${this.stackName}" cannot consume its own ${output}`);
    const state = this.remoteStateOf(output.stack);
    switch (output.kind) {
      case 'string': return state.getString(output.name);
      case 'list': return state.getList(output.name);
      default: return state.get(output.name);
    }
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
