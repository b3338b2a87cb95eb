import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from 'cdktf';
// cdktf's own merge of element fragments, so the stack merges them exactly as `TerraformStack.toTerraform()` does.
import { deepMerge } from 'cdktf/lib/util';
import type { IConstruct } from 'constructs';
import { resolveTokens } from './token-resolution';

/**
 * Has `stack` make its Terraform JSON with {@link fastToTerraform} instead of cdktf's `TerraformStack.toTerraform()`,
 * for this stack object only: the engine switches it on for the stacks of the Apps it creates, never for a class.
 */
export function useFastToTerraform(stack: TerraformStack): void {
  const stock = stack.toTerraform.bind(stack);
  stack.toTerraform = () => fastToTerraform(stack, stock);
}

/**
 * The stack as Terraform JSON, as cdktf's `TerraformStack.toTerraform()` makes it (`stock`), with two passes made
 * cheaper:
 * - each element's fragment is resolved with `resolveTokens`, which hands cdktf's resolver only the values that
 *   hold tokens (see there);
 * - the merged fragments are not resolved once more: that last pass of cdktf's finds nothing left to resolve
 *   (the fragments are resolved, and resolving resolved JSON returns it as it is), yet it walked every value of
 *   the stack again (see the README's benchmark for its share).
 * A stack with overrides of its own (`addOverride` on the stack, cdktf's private `rawOverrides`), whose values
 * the merge brings in unresolved, goes through `stock`. Tests compare both methods on every stack of the seed,
 * rich and a synthetic fleet, and on a stack of every token kind.
 */
export function fastToTerraform(stack: TerraformStack, stock: () => any): any {
  if (Object.keys((stack as unknown as { rawOverrides: object }).rawOverrides).length > 0) return stock();
  const cdktf = (value: unknown): unknown => Tokenization.resolve(value, { scope: stack, preparing: false, resolver: TOKEN_RESOLVER });
  const resolve = <T>(value: T): T => resolveTokens(value, cdktf);
  const elements = terraformElements(stack);
  const metadata = { version: stack.node.tryGetContext('cdktfVersion'), stackName: stack.node.id, backend: 'local' };
  for (const meta of elements.map((e) => resolve(e.toMetadata()))) deepMerge(metadata, meta);
  const outputs = {};
  for (const output of elements.filter(TerraformOutput.isTerraformOutput)) {
    deepMerge(outputs, output.node.path.split('/').reduceRight<object>((inner, part) => ({ [part]: Object.keys(inner).length === 0 ? output.friendlyUniqueId : inner }), {}));
  }
  const tf = { '//': { metadata, outputs } };
  for (const fragment of elements.map((e) => resolve(e.toTerraform()))) deepMerge(tf, fragment);
  return tf;
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
