import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Tokenization, type IResolvable, type TerraformRemoteState } from 'cdktf';
// cdktf's own merge of element fragments, so the stack merges them exactly as `TerraformStack.toTerraform()` does.
import { deepMerge } from 'cdktf/lib/util';
import type { Construct, IConstruct } from 'constructs';
import type { FleetPlan } from '../model';
import '../workarounds/construct-children';
import type { TerraformBackend } from './terraform-backend';
import { resolveTokens } from './token-resolution';

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
 * Stacks share values through outputs they publish ({@link FleetStack.publish}) and the stacks that need them consume ({@link FleetStack.consume}
 * with `terraform_remote_state`), by name: a stack depends on another only through those values, which name the
 * apply order, and each stack synthesizes on its own, so the fleet's stacks are never all in memory at once.
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

  /**
   * The stack as Terraform JSON, as cdktf's `TerraformStack.toTerraform()` makes it, with two passes made cheaper:
   * - each element's fragment is resolved with `resolveTokens`, which hands cdktf's resolver only the values that
   *   hold tokens (see there);
   * - the merged fragments are not resolved once more: that last pass of cdktf's finds nothing left to resolve
   *   (the fragments are resolved, and resolving resolved JSON returns it as it is), yet it walked every value of
   *   the stack again: 1.5 s of 8.7 s of Terraform synthesis at 100 clusters x 50 apps (measured by timing both
   *   passes on bench/synthetic-fleet.ts).
   * A stack with overrides of its own (`addOverride`), whose values the merge brings in unresolved, goes through
   * cdktf's own method. Tests compare both methods on every stack of the seed, rich and a synthetic fleet, and on
   * a stack of every token kind.
   */
  public override toTerraform(): any {
    if (Object.keys((this as unknown as { rawOverrides: object }).rawOverrides).length > 0) return super.toTerraform();
    const cdktf = (value: unknown): unknown => Tokenization.resolve(value, { scope: this, preparing: false, resolver: TOKEN_RESOLVER });
    const resolve = <T>(value: T): T => resolveTokens(value, cdktf);
    const elements = terraformElements(this);
    const metadata = { version: this.node.tryGetContext('cdktfVersion'), stackName: this.node.id, backend: 'local' };
    for (const meta of elements.map((e) => resolve(e.toMetadata()))) deepMerge(metadata, meta);
    const outputs = {};
    for (const output of elements.filter(TerraformOutput.isTerraformOutput)) {
      deepMerge(outputs, output.node.path.split('/').reduceRight<object>((inner, part) => ({ [part]: Object.keys(inner).length === 0 ? output.friendlyUniqueId : inner }), {}));
    }
    const tf = { '//': { metadata, outputs } };
    for (const fragment of elements.map((e) => resolve(e.toTerraform()))) deepMerge(tf, fragment);
    return tf;
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

/** The resolver cdktf's stacks resolve with (cdktf/lib/_tokens.js). */
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

/** The Terraform elements of a stack, in construct order, not descending into nested stacks: as cdktf lists them. */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElements(child, into);
  }
  return into;
}
