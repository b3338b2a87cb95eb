import * as fs from 'node:fs';

/**
 * The Terraform providers our output is validated against, and the cdktf bindings generated for them. A binding
 * pins its provider in every stack's `required_providers` (e.g. `@cdktf/provider-aws` 20.1.0 pins hashicorp/aws
 * 5.100.0, 21.x pins 6.x), so another binding version changes the provider the stacks are applied with: arguments
 * and defaults differ between providers, and `terraform validate` has only checked these (test/terraform-*.test.ts).
 */
export const VALIDATED_PROVIDERS: readonly ValidatedProvider[] = [
  { binding: '@cdktf/provider-aws', bindingVersion: '20.1.0', provider: 'registry.terraform.io/hashicorp/aws', version: '5.100.0' },
  { binding: '@cdktf/provider-google', bindingVersion: '16.12.1', provider: 'registry.terraform.io/hashicorp/google', version: '6.50.0' },
];

/** A Terraform provider and the binding package that generates it. */
export interface ValidatedProvider {
  /** The npm package of the cdktf binding. */
  readonly binding: string;
  /** The binding's version this library is tested with. */
  readonly bindingVersion: string;
  /** The provider's registry address. */
  readonly provider: string;
  /** The provider version the binding pins. */
  readonly version: string;
}

/** Thrown when an installed provider binding pins another Terraform provider version than the validated one. */
export class ProviderVersionError extends Error {
  /** Each binding that differs, with the fix. */
  public readonly problems: readonly string[];

  /** @param problems - each binding that differs, with the fix */
  constructor(problems: readonly string[]) {
    super(`cdk-fleet's Terraform output is validated against other provider versions than the installed bindings pin (${problems.length}), nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProviderVersionError';
    this.problems = problems;
  }
}

/**
 * Checks that each provider binding this library loads records the provider version our output is validated
 * against. The binding records it in its package.json (`cdktf.provider.version`, written by cdktf's provider
 * generator; the same version its provider class puts into `terraformGeneratorMetadata.providerVersion`).
 * `paths` is where the bindings are resolved from (tests point it at another folder).
 */
export function checkProviderBindings(paths?: readonly string[]): void {
  const problems: string[] = [];
  for (const expected of VALIDATED_PROVIDERS) {
    let manifest: { version?: string; cdktf?: { provider?: { name?: string; version?: string } } };
    try {
      const file = require.resolve(`${expected.binding}/package.json`, paths ? { paths: [...paths] } : undefined);
      manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      problems.push(`${expected.binding} is not installed; install ${expected.binding}@${expected.bindingVersion}`);
      continue;
    }
    const found = manifest.cdktf?.provider;
    if (found?.name !== expected.provider || found.version !== expected.version) {
      problems.push(`${expected.binding} ${manifest.version ?? '(unknown version)'} pins ${found?.name ?? 'an unknown provider'} ${found?.version ?? ''}`.trimEnd()
        + `, but the output is validated against ${expected.provider} ${expected.version}; install ${expected.binding}@${expected.bindingVersion}`);
    }
  }
  if (problems.length > 0) throw new ProviderVersionError(problems);
}

let checked = false;

/** {@link checkProviderBindings} on the bindings this library loads, once per process. */
export function checkInstalledProviderBindings(): void {
  if (checked) return;
  checkProviderBindings();
  checked = true;
}
