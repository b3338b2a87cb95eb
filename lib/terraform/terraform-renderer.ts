import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type IManifest } from 'cdktf';
import type { RenderedService } from '../kubernetes/kubernetes-renderer';
import type { FleetPlan } from '../model';
import { applyOrderReadme, type OrderedStack } from './apply-order';
import type { StagedOutput } from '../output/staged-output';
import { awsStacks } from './aws';
import { dnsStacks } from './dns';
import type { FleetStack } from './fleet-stack';
import { gcpStacks } from './gcp';
import { GlobalLoadBalancerStack } from './gcp/global-load-balancer-stack';
import { nodePortDisagreements } from './gcp/node-port-agreement';
import type { StackContext, StackDefinition } from './stack-definition';
import { TerraformBackend } from './terraform-backend';
import { withStackScopedTokens } from './stack-scoped-tokens';
import { withoutTokenStackTraces } from './token-stack-traces';

/** Options of the Terraform output. */
export interface TerraformOptions {
  /**
   * Where the stacks keep their state.
   * @default TerraformBackend.local()
   */
  readonly backend?: TerraformBackend;
  /**
   * Called with each stack before it is synthesized: the escape hatch to add resources to a stack or change
   * them (`stack.stackName` says which; `Aspects.of(stack)` works too). Tokens made here belong to that stack:
   * cdktf forgets them once it is synthesized (see `withStackScopedTokens`), so do not carry one to another stack.
   * @default - nothing is added
   */
  readonly extend?: (stack: FleetStack) => void;
  /**
   * Whether cdktf records where each token was created, for its message when a token cannot be resolved. Costly
   * (see `withoutTokenStackTraces`); turn on to debug an escape hatch.
   * @default false
   */
  readonly tokenStackTraces?: boolean;
}

/** The stacks of a fleet, in the order they are synthesized, and stacks that outputs add (`extra`). */
export function stackDefinitions(plan: FleetPlan, extra: readonly StackDefinition[] = []): StackDefinition[] {
  const definitions = [...gcpStacks(plan), ...awsStacks(plan), ...dnsStacks(plan), ...extra];
  const seen = new Set<string>();
  for (const d of definitions) {
    if (seen.has(d.name)) throw new Error(`Two Terraform stacks are named "${d.name}"`);
    seen.add(d.name);
  }
  return definitions;
}

/**
 * Synthesizes the fleet's Terraform stacks into the `root` of `output`: `stacks/<stack>/cdk.tf.json` each, a
 * `manifest.json` in cdktf's format that lists each stack's dependencies, so `cdktf deploy` and `cdktf diff`
 * work on the output and apply the stacks in order, and a `README.md` with the apply order and its commands.
 *
 * Each stack gets its own cdktf App, synthesized by cdktf itself (aspects, validations, its JSON writer) into the
 * staging folder, then dropped with the tokens it registered: memory stays flat however many clusters the fleet
 * has (see {@link synthesizeStack} and `withStackScopedTokens`).
 */
export function renderTerraform(plan: FleetPlan, options: TerraformOptions, output: StagedOutput, root: string, inputs: TerraformInputs = {}): void {
  const services = inputs.services ?? [];
  const context = { plan, backend: options.backend ?? TerraformBackend.local() };
  const staging = output.stagingDirectory(root);
  const manifest: { version?: string; stacks: Record<string, unknown> } = { stacks: {} };
  const ordered: OrderedStack[] = [];
  const build = () => {
    for (const definition of stackDefinitions(plan, inputs.stacks)) {
      const { stack, entry } = withStackScopedTokens(() => synthesizeStack(definition, context, staging, options));
      manifest.version = entry.version;
      // Keys sorted, as cdktf's own manifest writer (json-stable-stringify) has them.
      const stackEntry: Record<string, unknown> = { ...entry.stacks[definition.name], dependencies: stack.stackDependencies };
      manifest.stacks[definition.name] = Object.fromEntries(Object.keys(stackEntry).sort().map((k) => [k, stackEntry[k]]));
      ordered.push({ name: definition.name, description: stack.description, dependencies: stack.stackDependencies });
      output.adopt(root, path.join('stacks', definition.name, 'cdk.tf.json'));
    }
  };
  if (options.tokenStackTraces) build();
  else withoutTokenStackTraces(build);
  output.write(root, { path: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` });
  output.write(root, { path: 'README.md', content: applyOrderReadme(plan.name, ordered) });
  checkAgreement(plan, services, staging, ordered.map((s) => s.name));
}

/** What the other outputs give the Terraform renderer. */
export interface TerraformInputs {
  /** The Services the Kubernetes output wrote, to check the load balancers against. */
  readonly services?: readonly RenderedService[];
  /** Stacks that other outputs need (e.g. the GKE fleet hub of the multi-cluster target). */
  readonly stacks?: readonly StackDefinition[];
}

/** Thrown when two outputs disagree on a fact they share; nothing is written. */
export class OutputDisagreementError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`The synthesized outputs disagree (${problems.length}), nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'OutputDisagreementError';
  }
}

/** Checks the synthesized stacks against the Kubernetes output, where they share facts (see each check). */
function checkAgreement(plan: FleetPlan, services: readonly RenderedService[], staging: string, stacks: readonly string[]): void {
  const problems: string[] = [];
  if (stacks.includes(GlobalLoadBalancerStack.NAME)) {
    const json = JSON.parse(fs.readFileSync(path.join(staging, 'stacks', GlobalLoadBalancerStack.NAME, 'cdk.tf.json'), 'utf8'));
    problems.push(...nodePortDisagreements(plan, services, json));
  }
  if (problems.length > 0) throw new OutputDisagreementError(problems);
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
export function synthesizeStack(definition: StackDefinition, context: StackContext, outdir: string, options: TerraformOptions = {}): { stack: FleetStack; entry: IManifest } {
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
