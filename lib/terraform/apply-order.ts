import type { FleetPlan } from '../model';
import { afterStack, kubernetesAfterStep, prerequisites } from './first-apply-runbook';

/** A stack as the apply order sees it. */
export interface OrderedStack {
  readonly name: string;
  readonly description: string;
  readonly dependencies: readonly string[];
}

/**
 * The stacks in steps: every stack comes after the stacks it reads outputs from, and the stacks of one step do
 * not depend on each other (they can be applied in parallel). Within a step, by name.
 * @throws when the dependencies form a cycle, naming the stacks in it
 */
export function applySteps(stacks: readonly OrderedStack[]): OrderedStack[][] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const done = new Set<string>();
  const steps: OrderedStack[][] = [];
  let left = [...stacks].sort((a, b) => (a.name < b.name ? -1 : 1));
  while (left.length > 0) {
    // A dependency on a stack that is not synthesized (e.g. one that holds no resource for this fleet) cannot
    // block the order; terraform_remote_state reports it at plan time.
    const ready = left.filter((s) => s.dependencies.every((d) => done.has(d) || !byName.has(d)));
    if (ready.length === 0) {
      throw new Error(`The Terraform stacks depend on each other in a cycle: ${left.map((s) => `${s.name} -> ${s.dependencies.join(', ')}`).join('; ')}`);
    }
    steps.push(ready);
    for (const s of ready) done.add(s.name);
    left = left.filter((s) => !done.has(s.name));
  }
  return steps;
}

/**
 * `dist/terraform/README.md`: the stacks in apply order, with the commands. With the plan, it is the fleet's
 * first-apply runbook: the prerequisites (credentials, APIs, quotas this fleet exceeds, where kubectl runs), what
 * to do and check after each stack, and the manifests to apply once a step's clusters exist. The stacks of
 * retiring clusters (`retiring`) come first, under "To destroy".
 */
export function applyOrderReadme(fleetName: string, stacks: readonly OrderedStack[], plan?: FleetPlan, retiring: readonly string[] = []): string {
  const lines = [
    `# Terraform stacks of the fleet "${fleetName}"`,
    '',
    'Synthesized by cdk-fleet; do not edit. Apply the stacks step by step: each stack reads the outputs of the',
    'stacks of earlier steps (`terraform_remote_state`), and the stacks of one step can be applied in parallel.',
    '',
    ...toDestroy(stacks, retiring),
  ];
  if (plan) lines.push(...prerequisites(plan));
  // A retiring stack is destroyed in the step above; applied again, it would create its cluster again.
  applySteps(stacks.filter((s) => !retiring.includes(s.name))).forEach((step, i) => {
    lines.push(`## Step ${i + 1}`, '');
    for (const stack of step) {
      const after = stack.dependencies.length > 0 ? ` Reads: ${stack.dependencies.join(', ')}.` : '';
      lines.push(`- \`${stack.name}\`: ${stack.description}${after}`);
      if (plan) for (const note of afterStack(plan, stack.name)) lines.push(`  ${note}`);
    }
    lines.push('', '```sh', ...step.map((s) => `terraform -chdir=stacks/${s.name} init && terraform -chdir=stacks/${s.name} apply`), '```', '');
    if (plan) lines.push(...kubernetesAfterStep(plan, step.map((s) => s.name)));
  });
  if (stacks.length === 0) lines.push('The fleet has no stacks.', '');
  return lines.join('\n');
}

/**
 * The "To destroy" step of retiring clusters, before the apply steps: first the stacks that read cluster stacks
 * (records, load balancer backends, fleet memberships), which no longer point at the retiring clusters; then
 * each retiring stack applied (which lifts its deletion protection: GKE refuses to delete a cluster whose state
 * has `deletion_protection`, AWS a load balancer with deletion protection) and destroyed. The apply steps after
 * it remove what only the retired clusters used (their certificates), which their listeners held until then.
 */
function toDestroy(stacks: readonly OrderedStack[], retiring: readonly string[]): string[] {
  if (retiring.length === 0) return [];
  const retired = new Set(retiring);
  const traffic = applySteps(stacks).flat()
    .filter((s) => !retired.has(s.name) && !s.name.startsWith('cluster-') && s.dependencies.some((d) => d.startsWith('cluster-')));
  const apply = (name: string) => `terraform -chdir=stacks/${name} init && terraform -chdir=stacks/${name} apply`;
  return [
    '## To destroy, first: retiring clusters',
    '',
    `Retiring: ${retiring.map((r) => `\`${r}\``).join(', ')}. Run these commands in this order, before the steps below, in a`,
    'change of their own: the records and backends stop pointing at the retiring clusters, then each retiring',
    'stack is applied (its deletion protection is lifted) and destroyed. The steps below then remove what only the',
    'retired clusters used (e.g. their certificates). Once they are applied, delete the clusters from the declaration',
    '(see docs/operations.md, "Retiring a cluster").',
    '',
    '```sh',
    '# 1. records and backends',
    ...(traffic.length > 0 ? traffic.map((s) => apply(s.name)) : ['# (none)']),
    '# 2. the retiring clusters',
    ...retiring.map((name) => `${apply(name)} && terraform -chdir=stacks/${name} destroy`),
    '```',
    '',
  ];
}
