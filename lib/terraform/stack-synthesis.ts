import { App, type IManifest } from 'cdktf';
import type { FleetStack } from './fleet-stack';
import type { StackContext, StackDefinition } from './stack-definition';
import { withStackScopedTokens } from './stack-scoped-tokens';

/** Options of {@link synthesizeStack}. */
export interface StackSynthesisOptions {
  /** See `TerraformOptions.extend`. */
  readonly extend?: (stack: FleetStack) => void;
}

/**
 * Builds one stack in its own cdktf App and has cdktf synthesize it into `outdir` (`stacks/<name>/cdk.tf.json`).
 *
 * Like `App.synth()`, minus its first step: `prepareStack()` resolves every value of the stack once more only to
 * find references to other stacks of the same App, and a stack here is alone in its App (it reads other stacks
 * through `terraform_remote_state`). That pass was a third of the synthesis time. The rest is cdktf's own:
 * aspects, validations, annotations and its JSON writer (`stack.synthesizer`). Returns the stack and its manifest
 * entry.
 */
export function synthesizeStack(definition: StackDefinition, context: StackContext, outdir: string, options: StackSynthesisOptions = {}): { stack: FleetStack; entry: IManifest } {
  const app = new App({ outdir, stackTraces: false });
  const stack = definition.build(app, context);
  options.extend?.(stack);
  stack.ensureBackendExists();
  stack.synthesizer.synthesize({ outdir, skipValidation: false, manifest: app.manifest });
  const errors = app.node.validate();
  if (errors.length > 0) throw new Error(`Stack "${definition.name}" failed validation:\n  ${errors.join('\n  ')}`);
  // The stack's manifest entry, as cdktf would write it; the renderer writes one manifest for all stacks.
  return { stack, entry: app.manifest.buildManifest() };
}

/** What synthesizing a stack tells the renderer: plain data, so that it crosses from a worker thread. */
export interface SynthesizedStack {
  readonly name: string;
  readonly description: string;
  /** The stacks it reads outputs from, sorted. */
  readonly dependencies: readonly string[];
  /** cdktf's version, as its manifest gives it. */
  readonly cdktfVersion: string;
  /** The stack's entry in cdktf's `manifest.json`, without its dependencies. */
  readonly manifestEntry: Readonly<Record<string, unknown>>;
}

/**
 * {@link synthesizeStack}, then the stack and its App are dropped with the tokens they registered
 * (`withStackScopedTokens`), so memory does not grow with the number of stacks.
 */
export function synthesizeStackTask(definition: StackDefinition, context: StackContext, outdir: string, options: StackSynthesisOptions = {}): SynthesizedStack {
  return withStackScopedTokens(() => {
    const { stack, entry } = synthesizeStack(definition, context, outdir, options);
    return {
      name: definition.name,
      description: stack.description,
      dependencies: stack.stackDependencies,
      cdktfVersion: entry.version,
      manifestEntry: { ...entry.stacks[definition.name] },
    };
  });
}
