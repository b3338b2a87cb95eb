import type { KubernetesOptions } from './kubernetes/kubernetes-renderer';
import { isInteger } from './model/cluster-planner';
import type { Fleet, FleetPlan } from './model';
import { Problems, show } from './model/problems';
import { boolean, checkProps, DROP, func, keepIf, listOf, number, props, string, type PropsShape } from './model/shapes';
import type { SynthOptions } from './synth';
import { CONTROL_PLANES_OPTIONS, planControlPlanes, type ResolvedControlPlanes } from './targets/control-planes';
import { checkBackend } from './terraform/terraform-backend';
import type { TerraformOptions } from './terraform/terraform-renderer';

/*
 * The one validation of everything `synth` is given: the fleet, the synth options, the control-plane options and
 * the Terraform backend, shape and meaning, every problem reported together in one FleetValidationError.
 */


const KUBERNETES_OPTIONS: PropsShape<KubernetesOptions> = { extend: func };

const TERRAFORM_OPTIONS: PropsShape<TerraformOptions> = {
  backend: checkBackend,
  extend: func,
  tokenStackTraces: boolean,
  workers: (value, path, problems) => number(value, path, problems) === DROP ? DROP
    : keepIf(isInteger(value, 0, 256), value, path, problems, () => `${show(value)} is not a number of worker threads; use a whole number from 0 (the calling thread alone) to 256`),
};

/** The shape of {@link SynthOptions}, one check per option. */
export const SYNTH_OPTIONS: PropsShape<SynthOptions> = {
  outdir: (value, path, problems) => string(value, path, problems) === DROP ? DROP
    : keepIf((value as string).length > 0 && !(value as string).includes('\0'), value, path, problems, () => `${show(value)} is not a folder path`),
  kubernetes: props(KUBERNETES_OPTIONS, 'the Kubernetes options'),
  terraform: props(TERRAFORM_OPTIONS, 'the Terraform options'),
  controlPlanes: props(CONTROL_PLANES_OPTIONS, 'the control-plane options'),
  dryRun: boolean,
  acknowledgeRemovals: listOf(string, 'a list of stack names'),
  onPhase: func,
};

/** What {@link validateInput} returns: the plan, and the options as checked. */
export interface ValidatedInput {
  readonly plan: FleetPlan;
  readonly options: SynthOptions;
  readonly controlPlanes: ResolvedControlPlanes;
}

/**
 * Checks the fleet and the options of `synth` together.
 * @throws FleetValidationError naming every problem of both, when there is any
 */
export function validateInput(fleet: Fleet, options: unknown): ValidatedInput {
  const problems = new Problems();
  const checked = checkProps<SynthOptions>(options === undefined ? {} : options, SYNTH_OPTIONS, '', 'the options of synth', problems) ?? {};
  const { plan, name, clusters } = fleet.check(problems);
  const controlPlanes = planControlPlanes({ name, clusters }, checked.controlPlanes, problems);
  problems.throwIfAny();
  return { plan: plan!, options: checked, controlPlanes };
}
