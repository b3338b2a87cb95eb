import * as path from 'node:path';
import { renderKubernetes, type KubernetesOptions, type RenderedService, type RenderedServiceAccount } from './kubernetes/kubernetes-renderer';
import type { Fleet, FleetPlan } from './model';
import { fleetOverview, FLEET_OVERVIEW_FILE } from './overview/fleet-overview';
import { FILE_LIST, StagedOutput, type CommittedRoot } from './output/staged-output';
import { ChangeSummary } from './review/change-summary';
import { pendingChanges } from './review/pending-changes';
import { exceededQuotas } from './terraform/quotas';
import { checkStackRemovals } from './review/removal-guard';
import { controlPlaneOutputs } from './targets/control-plane-outputs';
import { validateInput } from './input-validation';
import type { ControlPlanesOptions } from './targets/control-planes';
import { checkInstalledProviderBindings } from './terraform/provider-versions';
import { stackDefinitions, TerraformSynthesis, type TerraformOptions } from './terraform/terraform-renderer';

/** Options of {@link synth}. */
export interface SynthOptions {
  /**
   * Folder of the output: `kubernetes/`, `terraform/` and the control-plane folders are written below it.
   * `CDK8S_OUTDIR` and `CDKTF_OUTDIR`, set by `cdk8s synth` and `cdktf synth`, move the Kubernetes and Terraform
   * parts.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * Options of the per-cluster Kubernetes output.
   * @default - see {@link KubernetesOptions}
   */
  readonly kubernetes?: KubernetesOptions;
  /**
   * Options of the Terraform output.
   * @default - see {@link TerraformOptions}
   */
  readonly terraform?: TerraformOptions;
  /**
   * Outputs for control planes and GitOps tools, each opt-in, each in its folder below `outdir`: `karmada/`,
   * `gke-multicluster/`, `argocd/`.
   * @default - none
   */
  readonly controlPlanes?: ControlPlanesOptions;
  /**
   * Synthesize and compare with the previous output, but write nothing: the result's `changes` says what a
   * synthesis would change (the CLI's `diff`).
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Terraform stacks (`cluster-eu-west-1`, `global-dns-web`) that this synthesis may delete although they may still
   * hold resources: their folder holds a state with resources, or the previous output lists them and no local
   * state says they are empty. Without it, such a synthesis is refused (`OrphaningRemovalError`): retire a
   * cluster with `ClusterLifecycle` first, destroy an app's records first.
   * @default - none: every such deletion is refused
   */
  readonly acknowledgeRemovals?: readonly string[];
  /**
   * Called as each phase starts (`plan`, `kubernetes`, `terraform`, ...), for progress reports.
   * @default - nothing is called
   */
  readonly onPhase?: (phase: string) => void;
}

/** What {@link synth} produced. */
export interface SynthResult {
  /** @internal The fleet as planned. */
  readonly plan: FleetPlan;
  /** The names of the fleet's clusters, sorted. */
  readonly clusters: readonly string[];
  /** The names of the fleet's apps, sorted. */
  readonly apps: readonly string[];
  /** Each output folder, with what was written, left unchanged and removed there; empty for a `dryRun`. */
  readonly roots: readonly CommittedRoot[];
  /**
   * What this synthesis changed (or, for a `dryRun`, would change) compared with the previous output: never
   * written into the output, so the output depends on the declaration alone.
   */
  readonly changes: ChangeSummary;
  /**
   * Milliseconds spent in each phase, in order: `plan`, then each output, then `commit`. Worker threads start on
   * the Terraform stacks before the `kubernetes` phase, so `terraform` is what is left of it after that phase.
   */
  readonly durations: Readonly<Record<string, number>>;
}

/**
 * Validates the fleet and synthesizes every output. Nothing is written unless everything succeeds: a bad
 * declaration or bad options throw a `FleetValidationError` naming every problem of both, in one round (from
 * JavaScript, JSON or YAML too: a value of the wrong shape is a problem with its path, never a `TypeError`),
 * provider bindings other than the validated ones a `ProviderVersionError`, and any failure leaves the previous
 * output as it was.
 */
export function synth(fleet: Fleet, givenOptions: SynthOptions = {}): SynthResult {
  checkInstalledProviderBindings();
  const durations: Record<string, number> = {};
  // Read before the options are validated (the `plan` phase): a progress callback of the wrong type is not called.
  const onPhase = typeof givenOptions === 'object' && givenOptions !== null && typeof givenOptions.onPhase === 'function'
    ? givenOptions.onPhase : undefined;
  const timed = <T>(phase: string, work: () => T): T => {
    onPhase?.(phase);
    const started = performance.now();
    try {
      return work();
    } finally {
      durations[phase] = performance.now() - started;
    }
  };
  const { plan, targets, controlPlanes, checked } = timed('plan', () => {
    const input = validateInput(fleet, givenOptions);
    return { plan: input.plan, targets: input.controlPlanes, controlPlanes: controlPlaneOutputs(input.plan, input.controlPlanes), checked: input.options };
  });
  const options = checked;
  const names = { clusters: plan.clusters.map((c) => c.name), apps: plan.apps.map((a) => a.name) };
  const outdir = options.outdir ?? 'dist';
  const terraformRoot = process.env.CDKTF_OUTDIR ?? path.join(outdir, 'terraform');
  timed('removals', () => {
    const stacks = stackDefinitions(plan, controlPlanes.stacks).map((d) => d.name);
    checkStackRemovals(terraformRoot, stacks, options.acknowledgeRemovals);
  });
  const output = new StagedOutput();
  const services: RenderedService[] = [];
  const accounts: RenderedServiceAccount[] = [];
  let terraform: TerraformSynthesis | undefined;
  try {
    // Worker threads start on the Terraform stacks first, while this thread renders the Kubernetes output.
    output.addRoot('terraform', terraformRoot);
    const synthesis = new TerraformSynthesis(plan, options.terraform ?? {}, output, 'terraform', {
      stacks: controlPlanes.stacks,
      workerScript: { path: path.join(__dirname, 'synth-worker.js'), data: targets },
      speedUps: true,
    });
    terraform = synthesis;
    timed('kubernetes', () => {
      output.addRoot('kubernetes', process.env.CDK8S_OUTDIR ?? path.join(outdir, 'kubernetes'));
      for (const file of renderKubernetes(plan, options.kubernetes, services, accounts)) output.write('kubernetes', file);
    });
    timed('terraform', () => synthesis.complete(services, accounts));
    if (controlPlanes.folders.length > 0) {
      timed('control planes', () => {
        for (const { name, render } of controlPlanes.folders) {
          output.addRoot(name, path.join(outdir, name));
          for (const file of render()) output.write(name, file);
        }
      });
    }
    timed('overview', () => {
      output.addRoot('overview', outdir);
      output.write('overview', { path: FLEET_OVERVIEW_FILE, content: fleetOverview(plan) });
    });
    const quotas = exceededQuotas(plan).map((q) => `${q.cloud} ${q.scope}: ${q.quota}, ${q.needed} needed, ${q.defaultLimit} by default`);
    const changes = timed('compare', () => ChangeSummary.of(pendingChanges(output), quotas));
    if (options.dryRun) {
      output.discard();
      return { plan, ...names, roots: [], changes, durations };
    }
    const roots = timed('commit', () => output.commit());
    warnIgnoredEntries(roots);
    return { plan, ...names, roots, changes, durations };
  } catch (e) {
    // Cleaning up must not hide why synthesis failed: its own errors are added to that error's message.
    const cleanup: unknown[] = [];
    try {
      terraform?.abort();
    } catch (abortError) {
      cleanup.push(abortError);
    }
    cleanup.push(...output.discard());
    if (cleanup.length > 0 && e instanceof Error) {
      e.message += `\n(Cleaning up after it failed too: ${cleanup.map((c) => (c instanceof Error ? c.message : String(c))).join('; ')})`;
    }
    throw e;
  }
}

/** Says which entries of a previous file list were left alone: someone or something edited the list. */
function warnIgnoredEntries(roots: readonly CommittedRoot[]): void {
  for (const root of roots) {
    if (root.ignored.length === 0) continue;
    const entries = root.ignored.map((i) => `${JSON.stringify(i.entry) ?? String(i.entry)} (${i.reason})`).join(', ');
    process.emitWarning(`${path.join(root.directory, FILE_LIST)}: entries left alone, no file removed for them: ${entries}`, { code: 'CDK_FLEET_FILE_LIST' });
  }
}
