import { App, type IManifest } from 'cdktf';
import type { FleetStack } from '../fleet-stack';
import type { StackContext, StackDefinition } from '../stack-definition';
import { useFastToTerraform } from './fast-to-terraform';
import { withStackScopedTokens } from './stack-scoped-tokens';
import { withBuiltInStackTraces, withTokenStackTraces } from './token-stack-traces';

/**
 * The switch of the engine (see README.md in this folder): with `speedUps`, a stack is synthesized with every
 * speed-up; without, as stock cdktf synthesizes it. The output is the same either way (tests compare both).
 */
export interface EngineOptions {
  /** Whether the speed-ups are on. `synth()` turns them on; anything else gets stock cdktf unless it asks. */
  readonly speedUps: boolean;
  /**
   * With the speed-ups on: whether cdktf still records where each token was created (`TerraformOptions.tokenStackTraces`).
   * @default false
   */
  readonly tokenStackTraces?: boolean;
  /** See `TerraformOptions.extend`. */
  readonly extend?: (stack: FleetStack) => void;
}

/** The speed-ups off: stock cdktf. */
export const STOCK_CDKTF: EngineOptions = { speedUps: false };

/**
 * Builds one stack in its own cdktf App and has cdktf synthesize it into `outdir` (`stacks/<name>/cdk.tf.json`),
 * as `App.synth()` does for each stack but without writing the App's manifest (the renderer writes one manifest
 * for all stacks). Returns the stack and its manifest entry.
 *
 * With the speed-ups, `prepareStack()` is skipped: it resolves every value of the stack once more only to find
 * references to other stacks of the same App, and a stack here is alone in its App (it reads other stacks through
 * `terraform_remote_state`); and the stack makes its JSON with `fastToTerraform`. The rest is cdktf's own:
 * aspects, validations, annotations and its JSON writer (`stack.synthesizer`).
 */
export function synthesizeStack(definition: StackDefinition, context: StackContext, outdir: string, options: EngineOptions = STOCK_CDKTF): { stack: FleetStack; entry: IManifest } {
  const app = new App({ outdir, stackTraces: false });
  const stack = definition.build(app, context);
  // The manifest, the workers and the apply order know the stack by its definition's name.
  if (stack.stackName !== definition.name) throw new Error(`The stack defined as "${definition.name}" is named "${stack.stackName}"`);
  // The caller's code runs with the process as it found it (see `withBuiltInStackTraces`).
  const extend = options.extend;
  if (extend) withBuiltInStackTraces(() => extend(stack));
  if (options.speedUps) {
    stack.ensureBackendExists();
    useFastToTerraform(stack);
  } else {
    stack.prepareStack();
  }
  stack.synthesizer.synthesize({ outdir, skipValidation: false, manifest: app.manifest });
  const errors = app.node.validate();
  if (errors.length > 0) throw new Error(`Stack "${definition.name}" failed validation:\n  ${errors.join('\n  ')}`);
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
 * {@link synthesizeStack}, as plain data. With the speed-ups, cdktf's token stack traces are off while the stack is
 * built and synthesized (`withTokenStackTraces`), and the stack and its App are dropped with the tokens they
 * registered (`withStackScopedTokens`), so memory does not grow with the number of stacks.
 */
export function synthesizeStackTask(definition: StackDefinition, context: StackContext, outdir: string, options: EngineOptions = STOCK_CDKTF): SynthesizedStack {
  const task = (): SynthesizedStack => {
    const { stack, entry } = synthesizeStack(definition, context, outdir, options);
    return {
      name: definition.name,
      description: stack.description,
      dependencies: stack.stackDependencies,
      cdktfVersion: entry.version,
      manifestEntry: { ...entry.stacks[definition.name] },
    };
  };
  if (!options.speedUps) return task();
  return withTokenStackTraces(options.tokenStackTraces ?? false, () => withStackScopedTokens(task));
}
