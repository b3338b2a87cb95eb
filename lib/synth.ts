import * as path from 'node:path';
import { renderKubernetes, type KubernetesOptions, type RenderedService } from './kubernetes/kubernetes-renderer';
import type { Fleet, FleetPlan } from './model';
import { renderArgoCd } from './targets/argocd/argocd-target';
import { planControlPlanes, type ControlPlanesOptions } from './targets/control-planes';
import { GkeFleetHubStack } from './targets/gke-multicluster/gke-fleet-hub-stack';
import { renderGkeMultiCluster } from './targets/gke-multicluster/gke-multicluster-target';
import { renderKarmada } from './targets/karmada/karmada-target';
import type { OutputFile } from './output/output-file';
import type { StackDefinition } from './terraform/stack-definition';
import { renderTerraform, type TerraformOptions } from './terraform/terraform-renderer';
import { StagedOutput, type CommittedRoot } from './output/staged-output';

/** Options of {@link synth}. */
export interface SynthOptions {
  /**
   * Folder of the output: `kubernetes/` and `terraform/` are written below it. `CDK8S_OUTDIR` and
   * `CDKTF_OUTDIR`, set by `cdk8s synth` and `cdktf synth`, move the Kubernetes and Terraform parts.
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
}

/** What {@link synth} produced. */
export interface SynthResult {
  readonly plan: FleetPlan;
  readonly roots: readonly CommittedRoot[];
  /** Milliseconds spent in each phase, in order: `plan`, then each output, then `commit`. */
  readonly durations: Readonly<Record<string, number>>;
}

/**
 * Validates the fleet and synthesizes every output. Nothing is written unless everything succeeds: a bad
 * declaration throws a `FleetValidationError` naming every problem, and any failure leaves the previous
 * output as it was.
 */
export function synth(fleet: Fleet, options: SynthOptions = {}): SynthResult {
  const durations: Record<string, number> = {};
  const timed = <T>(phase: string, work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      durations[phase] = performance.now() - started;
    }
  };
  const { plan, controlPlanes } = timed('plan', () => {
    const planned = fleet.plan();
    return { plan: planned, controlPlanes: planControlPlanes(planned, options.controlPlanes) };
  });
  const outdir = options.outdir ?? 'dist';
  const output = new StagedOutput();
  const services: RenderedService[] = [];
  try {
    timed('kubernetes', () => {
      output.addRoot('kubernetes', process.env.CDK8S_OUTDIR ?? path.join(outdir, 'kubernetes'));
      for (const file of renderKubernetes(plan, options.kubernetes, services)) output.write('kubernetes', file);
    });
    const stacks: StackDefinition[] = [];
    const gkeMultiCluster = controlPlanes.gkeMultiCluster;
    if (gkeMultiCluster) stacks.push({ name: GkeFleetHubStack.NAME, build: (scope, context) => new GkeFleetHubStack(scope, context, gkeMultiCluster.configCluster) });
    timed('terraform', () => {
      output.addRoot('terraform', process.env.CDKTF_OUTDIR ?? path.join(outdir, 'terraform'));
      renderTerraform(plan, options.terraform ?? {}, output, 'terraform', { services, stacks });
    });
    const targets: [string, () => Iterable<OutputFile>][] = [];
    if (controlPlanes.karmada) targets.push(['karmada', () => renderKarmada(plan, controlPlanes.karmada!)]);
    if (gkeMultiCluster) targets.push(['gke-multicluster', () => renderGkeMultiCluster(plan, gkeMultiCluster)]);
    if (controlPlanes.argoCd) targets.push(['argocd', () => renderArgoCd(plan, controlPlanes.argoCd!)]);
    if (targets.length > 0) {
      timed('control planes', () => {
        for (const [name, render] of targets) {
          output.addRoot(name, path.join(outdir, name));
          for (const file of render()) output.write(name, file);
        }
      });
    }
    const roots = timed('commit', () => output.commit());
    return { plan, roots, durations };
  } catch (e) {
    output.discard();
    throw e;
  }
}
