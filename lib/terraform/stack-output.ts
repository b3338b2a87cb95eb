import type { IResolvable } from 'cdktf';

/** How a consuming stack reads an output from `terraform_remote_state`: as a string, a list, or any value. */
export type OutputKind = 'string' | 'list' | 'any';

/**
 * An output that one stack publishes and other stacks consume, by name: defined once, beside the stack that
 * publishes it, and imported by both sides (`FleetStack.publish`, `FleetStack.consume`). A renamed output, or one
 * read as another kind, then fails to compile instead of failing at `terraform plan`.
 *
 * `T` is what the consuming stack gets: a string token, a list token, or any value (a map, an object).
 */
export class StackOutput<T> {
  /** A string output, e.g. an id or a self link. */
  public static string(stack: string, name: string): StackOutput<string> {
    return new StackOutput<string>(stack, name, 'string');
  }

  /** A list of strings, e.g. the URLs of a node pool's instance groups. */
  public static list(stack: string, name: string): StackOutput<string[]> {
    return new StackOutput<string[]>(stack, name, 'list');
  }

  /** Any other value (a map, an object), read as a token for the consumer to convert (`Token.asStringMap`, ...). */
  public static any(stack: string, name: string): StackOutput<IResolvable> {
    return new StackOutput<IResolvable>(stack, name, 'any');
  }

  /** The name of the stack that publishes the output. */
  public readonly stack: string;
  /** The output's name: its Terraform address in the publishing stack is `output.<name>`. */
  public readonly name: string;
  /** How a consuming stack reads it. */
  public readonly kind: OutputKind;

  private constructor(stack: string, name: string, kind: OutputKind) {
    this.stack = stack;
    this.name = name;
    this.kind = kind;
  }

  /** A phantom of `T`, so that outputs of different kinds are different types. */
  declare private readonly valueType?: T;

  /** The output in words, for messages. */
  public toString(): string {
    return `output "${this.name}" of stack "${this.stack}"`;
  }
}

/**
 * The name of the stack of cluster `cluster` (GKE or EKS: cluster names are unique across both clouds), and its
 * folder. From the cluster's name only, so it never changes.
 */
export function clusterStackName(cluster: string): string {
  return `cluster-${cluster}`;
}
