import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RenderedService, RenderedServiceAccount } from '../kubernetes/kubernetes-renderer';
import type { FleetPlan } from '../model';
import { applyOrderReadme } from './apply-order';
import type { StagedOutput } from '../output/staged-output';
import { awsStacks } from './aws';
import { dnsStacks } from './dns';
import type { FleetStack } from './fleet-stack';
import { gcpStacks } from './gcp';
import { GlobalLoadBalancerStack } from './gcp/global-load-balancer-stack';
import { nodePortDisagreements } from './gcp/node-port-agreement';
import { identityDisagreements } from './identity-agreement';
import type { StackContext, StackDefinition } from './stack-definition';
import { clusterStackName } from './stack-output';
import { TerraformBackend } from './terraform-backend';
import { synthesizeStackTask, type EngineOptions, type SynthesizedStack } from './engine/stack-synthesis';
import { stackWorkerCount, type StackWorkerData, type StackWorkerScript } from './engine/stack-workers';
import { TaskPool } from './engine/task-pool';

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
   * With `extend`, every stack is synthesized in the calling thread (a function cannot cross to a worker).
   * @default - nothing is added
   */
  readonly extend?: (stack: FleetStack) => void;
  /**
   * Whether cdktf records where each token was created, for its message when a token cannot be resolved. Costly
   * (see `withoutTokenStackTraces`); turn on to debug an escape hatch.
   * @default false
   */
  readonly tokenStackTraces?: boolean;
  /**
   * Worker threads that synthesize stacks beside the calling thread, which takes stacks too once the other
   * outputs are rendered. The output is the same whoever synthesizes a stack. Each worker first loads cdktf and
   * the providers (~0.4 s of CPU) and holds the stacks it synthesizes (memory), so workers pay off on large fleets
   * only. Used by `synth()` (not by `renderTerraform` alone), not with `extend`, nor when the library runs from its
   * TypeScript sources (ts-node).
   * @default - one less than the available cores (`os.availableParallelism()`), at most 4, for fleets of at
   * least 2,000 workloads (app x cluster); none for smaller ones
   */
  readonly workers?: number;
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
 * {@link TerraformSynthesis} does the same in two steps, to render other outputs while workers synthesize stacks.
 */
export function renderTerraform(plan: FleetPlan, options: TerraformOptions, output: StagedOutput, root: string, inputs: TerraformInputs = {}): void {
  new TerraformSynthesis(plan, options, output, root, inputs).complete(inputs.services ?? [], inputs.serviceAccounts ?? []);
}

/** What the other outputs give the Terraform renderer. */
export interface TerraformInputs {
  /** The Services the Kubernetes output wrote, to check the load balancers against. */
  readonly services?: readonly RenderedService[];
  /** The ServiceAccounts the Kubernetes output wrote, to check the cloud identities against. */
  readonly serviceAccounts?: readonly RenderedServiceAccount[];
  /** Stacks that other outputs need (e.g. the GKE fleet hub of the multi-cluster target). */
  readonly stacks?: readonly StackDefinition[];
  /**
   * How worker threads list the same stacks (see `TerraformOptions.workers`); used with `speedUps` only.
   * @default - no workers: every stack is synthesized in the calling thread
   */
  readonly workerScript?: StackWorkerScript;
  /**
   * The one switch of the engine's speed-ups (lib/terraform/engine/README.md): the stacks are synthesized in Apps
   * of the engine's, with every speed-up and on worker threads. `synth()` turns it on.
   * @default false - stock cdktf, in the calling thread
   */
  readonly speedUps?: boolean;
}

/**
 * The Terraform output of a fleet, synthesized in two steps: the constructor starts the worker threads, which
 * take stacks at once, and {@link complete} synthesizes the stacks left in the calling thread, waits for the
 * workers, writes the manifest and the apply order, and checks the stacks against the Kubernetes output.
 *
 * Each stack gets its own cdktf App, synthesized by cdktf itself (aspects, validations, its JSON writer) into the
 * staging folder, then dropped with the tokens it registered: memory stays flat however many clusters the fleet
 * has (see `synthesizeStackTask`). Every thread writes its stacks' files itself; the calling thread puts the
 * manifest together in stack order, so the output does not depend on which thread synthesized which stack.
 */
export class TerraformSynthesis {
  private readonly definitions: readonly StackDefinition[];
  private readonly context: StackContext;
  private readonly staging: string;
  private readonly pool?: TaskPool<StackWorkerData, SynthesizedStack>;
  private readonly engine: EngineOptions;

  constructor(private readonly plan: FleetPlan, options: TerraformOptions, private readonly output: StagedOutput, private readonly root: string, inputs: TerraformInputs = {}) {
    this.definitions = stackDefinitions(plan, inputs.stacks);
    this.context = { plan, backend: options.backend ?? TerraformBackend.local() };
    this.staging = output.stagingDirectory(root);
    const speedUps = inputs.speedUps ?? false;
    this.engine = {
      speedUps,
      ...(options.tokenStackTraces !== undefined ? { tokenStackTraces: options.tokenStackTraces } : {}),
      ...(options.extend ? { extend: options.extend } : {}),
    };
    const script = speedUps ? inputs.workerScript : undefined;
    const workers = stackWorkerCount(plan, options.workers, script, options.extend !== undefined);
    if (script && workers > 0) {
      const data: StackWorkerData = {
        plan: plan.toData(),
        backend: this.context.backend.data,
        staging: this.staging,
        tokenStackTraces: options.tokenStackTraces ?? false,
        stacks: this.definitions.map((d) => d.name),
        extra: script.data,
      };
      const describeTask = (index: number) => `the Terraform stack "${this.definitions[index]?.name}"`;
      this.pool = TaskPool.start({ script: script.path, data, tasks: this.definitions.length, workers, describeTask });
    }
  }

  /** Synthesizes the stacks no worker has taken, waits for the rest, and writes the manifest and the apply order. */
  public complete(services: readonly RenderedService[], accounts: readonly RenderedServiceAccount[] = []): void {
    const task = (index: number) => synthesizeStackTask(this.definitions[index], this.context, this.staging, this.engine);
    const stacks = this.pool ? this.pool.run(task) : this.definitions.map((_, index) => task(index));
    const manifest: { version?: string; stacks: Record<string, unknown> } = { stacks: {} };
    for (const stack of stacks) {
      manifest.version = stack.cdktfVersion;
      // Keys sorted, as cdktf's own manifest writer (json-stable-stringify) has them.
      const entry: Record<string, unknown> = { ...stack.manifestEntry, dependencies: stack.dependencies };
      manifest.stacks[stack.name] = Object.fromEntries(Object.keys(entry).sort().map((k) => [k, entry[k]]));
      this.output.adopt(this.root, path.join('stacks', stack.name, 'cdk.tf.json'));
    }
    this.output.write(this.root, { path: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` });
    const retiring = this.plan.clusters.filter((c) => c.lifecycle === 'retiring').map((c) => clusterStackName(c.name));
    this.output.write(this.root, { path: 'README.md', content: applyOrderReadme(this.plan.name, stacks, this.plan, retiring) });
    checkAgreement(this.plan, services, this.staging, stacks.map((s) => s.name), accounts);
  }

  /** Stops the workers, when synthesis failed elsewhere before {@link complete}. */
  public abort(): void {
    this.pool?.stop();
  }
}

/** Thrown when two outputs disagree on a fact they share; nothing is written. */
export class OutputDisagreementError extends Error {
  /** Each disagreement, in a sentence. */
  public readonly problems: readonly string[];

  /** @param problems - each disagreement, in a sentence */
  constructor(problems: readonly string[]) {
    super(`The synthesized outputs disagree (${problems.length}), nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'OutputDisagreementError';
    this.problems = problems;
  }
}

/** Checks the synthesized stacks against the Kubernetes output, where they share facts (see each check). */
function checkAgreement(plan: FleetPlan, services: readonly RenderedService[], staging: string, stacks: readonly string[], accounts: readonly RenderedServiceAccount[]): void {
  const problems: string[] = [];
  const readStack = (name: string) => (stacks.includes(name) ? JSON.parse(fs.readFileSync(path.join(staging, 'stacks', name, 'cdk.tf.json'), 'utf8')) : undefined);
  problems.push(...identityDisagreements(plan, accounts, readStack));
  if (stacks.includes(GlobalLoadBalancerStack.NAME)) {
    const json = JSON.parse(fs.readFileSync(path.join(staging, 'stacks', GlobalLoadBalancerStack.NAME, 'cdk.tf.json'), 'utf8'));
    problems.push(...nodePortDisagreements(plan, services, json));
  }
  if (problems.length > 0) throw new OutputDisagreementError(problems);
}
