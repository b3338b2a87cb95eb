import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './synth';
import type { TerraformJson } from './terraform-graph';

const run = promisify(execFile);

/*
 * The real Terraform: `terraform init -backend=false` installs hashicorp/aws, and `terraform validate` checks each AWS
 * stack against that provider's schema. The provider comes from the filesystem mirror when one is installed (this
 * machine and CI: /opt/tf-plugins, or `CDK_FLEET_TF_MIRROR`), offline; elsewhere from the Terraform registry, as
 * `terraform init` does by default. Where neither works (no terraform, no mirror, no registry), the tests that need
 * Terraform are skipped with a one-line reason, not failed; `CDK_FLEET_REQUIRE_TERRAFORM=1` makes that a failure.
 */

/** The provider version the stacks pin (`@cdktf/provider-aws` 20.1.0). */
const AWS_PROVIDER_VERSION = '5.100.0';

/**
 * The filesystem mirror holding hashicorp/aws: `CDK_FLEET_TF_MIRROR`, else /opt/tf-plugins; undefined when absent
 * (or `CDK_FLEET_TF_MIRROR=none`).
 */
export function awsMirror(): string | undefined {
  // `none` stands for a machine without a mirror (a fresh machine): terraform uses the registry.
  if (process.env.CDK_FLEET_TF_MIRROR === 'none') return undefined;
  const mirror = process.env.CDK_FLEET_TF_MIRROR ?? '/opt/tf-plugins';
  if (fs.existsSync(path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'))) return mirror;
  if (process.env.CDK_FLEET_TF_MIRROR) throw new Error(`CDK_FLEET_TF_MIRROR=${mirror} holds no hashicorp/aws (registry.terraform.io/hashicorp/aws/...)`);
  return undefined;
}

type Availability = { readonly env: NodeJS.ProcessEnv; readonly source: string } | { readonly skip: string };
let availability: Availability | undefined;

/** How terraform gets hashicorp/aws here, found once per process: the mirror, else the registry, else a reason. */
function terraformAvailability(): Availability {
  if (availability) return availability;
  const base = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
  } catch {
    return (availability = { skip: 'terraform is not on the PATH (install Terraform 1.10 or later to run the Terraform tests)' });
  }
  const mirror = awsMirror();
  if (mirror) {
    const config = path.join(tempDir('cdk-fleet-tfrc-'), 'cli.tfrc');
    fs.writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
    return (availability = { env: { ...base, TF_CLI_CONFIG_FILE: config }, source: `the mirror ${mirror}` });
  }
  // No mirror: the registry, as `terraform init` uses by default, through one plugin cache for every test folder.
  const cache = process.env.TF_PLUGIN_CACHE_DIR ?? path.join(os.tmpdir(), 'cdk-fleet-tf-plugin-cache');
  fs.mkdirSync(cache, { recursive: true });
  const env = { ...base, TF_PLUGIN_CACHE_DIR: cache };
  const probe = tempDir('cdk-fleet-tf-probe-');
  fs.writeFileSync(path.join(probe, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } } } }));
  try {
    execFileSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: probe, env, stdio: 'ignore', timeout: 300_000 });
  } catch {
    return (availability = { skip: `no provider mirror (/opt/tf-plugins or CDK_FLEET_TF_MIRROR) and the Terraform registry did not give hashicorp/aws ${AWS_PROVIDER_VERSION}` });
  }
  return (availability = { env, source: 'the Terraform registry' });
}

/**
 * Why the Terraform tests cannot run here, in one line, for `it(name, { skip: terraformSkip() }, …)`; undefined
 * when they can. With `CDK_FLEET_REQUIRE_TERRAFORM=1` (CI), a missing Terraform fails instead.
 */
export function terraformSkip(): string | undefined {
  const found = terraformAvailability();
  if (!('skip' in found)) return undefined;
  if (process.env.CDK_FLEET_REQUIRE_TERRAFORM === '1') throw new Error(`CDK_FLEET_REQUIRE_TERRAFORM=1, but ${found.skip}`);
  return found.skip;
}

/** Environment for terraform: the mirror as the only source of hashicorp/aws when there is one, no checkpoint calls. */
export function terraformEnv(): NodeJS.ProcessEnv {
  const found = terraformAvailability();
  if ('skip' in found) throw new Error(`Terraform cannot run here: ${found.skip}`);
  return found.env;
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
