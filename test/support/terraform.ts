import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './synth';
import type { TerraformJson } from './terraform-graph';

const run = promisify(execFile);

/*
 * The real Terraform, offline: `terraform init -backend=false` installs hashicorp/aws from the filesystem mirror on
 * this machine (and in CI), and `terraform validate` checks each AWS stack against that provider's schema. A
 * missing terraform or mirror fails the tests: the check is the point.
 */

/** The filesystem mirror holding hashicorp/aws: `CDK_FLEET_TF_MIRROR`, else /opt/tf-plugins. */
export function awsMirror(): string {
  const mirror = process.env.CDK_FLEET_TF_MIRROR ?? '/opt/tf-plugins';
  if (!fs.existsSync(path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'))) {
    throw new Error(`No Terraform provider mirror with hashicorp/aws at ${mirror}: these tests validate the synthesized stacks with the real provider offline. Install the mirror or set CDK_FLEET_TF_MIRROR to its root.`);
  }
  return mirror;
}

let cliConfig: string | undefined;

/** Environment for terraform: the mirror as the only source of hashicorp/aws, no network, no checkpoint calls. */
export function terraformEnv(): NodeJS.ProcessEnv {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('terraform is not on the PATH: these tests run `terraform validate` on the synthesized stacks. Install Terraform 1.5 or later.');
  }
  if (!cliConfig) {
    cliConfig = path.join(tempDir('cdk-fleet-tfrc-'), 'cli.tfrc');
    fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(awsMirror())}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  }
  return { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
}

/** Whether a stack needs only providers the mirror has (AWS, and Terraform's built-in remote state). */
export function usesOnlyAws(stack: TerraformJson): boolean {
  return Object.keys(stack.terraform?.required_providers ?? {}).every((p) => p === 'aws');
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
}

/** Writes each stack to its own folder and runs `init -backend=false` and `validate` in it, two at a time. */
export async function validateStacks(stacks: ReadonlyMap<string, TerraformJson>): Promise<Map<string, Diagnostic[]>> {
  const env = terraformEnv();
  const root = tempDir('cdk-fleet-validate-');
  const results = new Map<string, Diagnostic[]>();
  const queue = [...stacks];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, json] = next;
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
      await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env });
      // validate exits 1 when the configuration is invalid and still prints its diagnostics.
      const { stdout } = await run('terraform', ['validate', '-json', '-no-color'], { cwd: dir, env }).catch((e) => e);
      results.set(name, JSON.parse(stdout).diagnostics ?? []);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}
