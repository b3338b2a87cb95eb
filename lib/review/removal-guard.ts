import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFileList } from '../output/staged-output';

/** A Terraform stack that a synthesis would remove from the output while it may still hold resources. */
export interface StackRemoval {
  /** The stack's name, and its folder under `stacks/`. */
  readonly stack: string;
  /** What the stack belongs to: `cluster "eu-west-1"`, `app "web"`, or `stack "gcp-global-lb"`. */
  readonly subject: string;
  /** Why it may still hold resources. */
  readonly reason: string;
}

/**
 * Thrown before anything is written when a change deletes the Terraform stack of a cluster, an app or a shared
 * stack that may still hold resources: without its configuration, Terraform can never destroy them, and they keep
 * running and costing money. The message names each one, and the way out.
 */
export class OrphaningRemovalError extends Error {
  constructor(
    /** The stacks whose removal was refused, each with why. */
    public readonly removals: readonly StackRemoval[],
  ) {
    super(orphaningMessage(removals));
    this.name = 'OrphaningRemovalError';
  }
}

/**
 * Refuses a synthesis that deletes a stack whose folder holds a Terraform state with resources, or that the
 * previous output lists, unless the stack is `acknowledged`. A stack whose local state is there and empty (it was
 * destroyed) goes without a word. Only local state can be read from here: with a remote backend, deleting a
 * stack that the previous output listed always needs the acknowledgement.
 * @param terraformRoot the Terraform output folder (`dist/terraform`)
 * @param stacks the stacks this synthesis writes
 */
export function checkStackRemovals(terraformRoot: string, stacks: readonly string[], acknowledged: readonly string[] = []): void {
  const kept = new Set(stacks);
  const listed = readFileList(terraformRoot)
    .map((f) => f.split(/[\\/]/))
    .filter((parts) => parts.length === 3 && parts[0] === 'stacks' && parts[2] === 'cdk.tf.json')
    .map((parts) => parts[1]);
  const stacksDir = path.join(terraformRoot, 'stacks');
  const withState = fs.existsSync(stacksDir)
    ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, 'terraform.tfstate')))
    : [];
  const removals: StackRemoval[] = [];
  for (const stack of [...new Set([...listed, ...withState])].sort()) {
    if (kept.has(stack) || acknowledged.includes(stack)) continue;
    const resources = stateResources(path.join(stacksDir, stack, 'terraform.tfstate'));
    if (resources === 0) continue;
    const reason = resources === undefined
      ? 'the previous output lists it, and its state is not in its folder (a remote backend, or never applied), so it may still hold resources'
      : `its folder holds a Terraform state with ${resources} ${resources === 1 ? 'resource' : 'resources'}`;
    removals.push({ stack, subject: subjectOf(stack), reason });
  }
  if (removals.length > 0) throw new OrphaningRemovalError(removals);
}

/** How many resources a local state holds, or `undefined` where there is none (or it cannot be read). */
function stateResources(file: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(text) as { resources?: { mode?: string; instances?: unknown[] }[] };
    return (state.resources ?? []).filter((r) => r.mode !== 'data' && (r.instances ?? []).length > 0).length;
  } catch {
    return undefined;
  }
}

function subjectOf(stack: string): string {
  if (stack.startsWith('cluster-')) return `cluster "${stack.slice('cluster-'.length)}"`;
  if (stack.startsWith('global-dns-')) return `app "${stack.slice('global-dns-'.length)}"`;
  return `stack "${stack}"`;
}

function orphaningMessage(removals: readonly StackRemoval[]): string {
  const lines = [`Refusing to delete ${removals.length === 1 ? 'a Terraform stack that' : `${removals.length} Terraform stacks that`} may still hold resources; nothing was written.`];
  lines.push('Without its configuration, Terraform can never destroy what a stack holds: it would keep running, and costing.');
  for (const r of removals) {
    lines.push('', `- ${r.subject}: stack ${r.stack}: ${r.reason}.`);
    if (r.subject.startsWith('cluster')) {
      const name = r.stack.slice('cluster-'.length);
      lines.push(
        `  Retire the cluster instead, each step synthesized, reviewed and applied (docs/operations.md, "Retiring a cluster"):`,
        `  1. drain:  declare it with \`lifecycle: ClusterLifecycle.drain()\` (traffic and apps leave ${name});`,
        '  2. retire: `lifecycle: ClusterLifecycle.retire()`, then run the "To destroy" step of terraform/README.md;',
        '  3. then delete it from the declaration.',
      );
    } else if (r.subject.startsWith('app')) {
      lines.push(`  Destroy its records first: \`terraform -chdir=stacks/${r.stack} destroy\` in the Terraform output, then synthesize again.`);
    } else {
      lines.push(`  Destroy it first: \`terraform -chdir=stacks/${r.stack} destroy\` in the Terraform output, then synthesize again.`);
    }
  }
  const names = removals.map((r) => r.stack);
  lines.push(
    '',
    'If the resources are gone already (a remote backend cannot be checked from here), acknowledge the removal:',
    `  synth(fleet, { acknowledgeRemovals: [${names.map((n) => `'${n}'`).join(', ')}] })`,
    `  cdk-fleet synth ${names.map((n) => `--acknowledge-removal ${n}`).join(' ')}`,
  );
  return lines.join('\n');
}
