import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOrderReadme, applySteps } from '../lib/terraform/apply-order';

const stack = (name: string, ...dependencies: string[]) => ({ name, description: `${name} things.`, dependencies });

describe('the apply order of the stacks', () => {
  it('puts every stack after the stacks it reads, and independent stacks in one step', () => {
    const steps = applySteps([stack('global-dns', 'gcp-global-lb', 'cluster-b'), stack('cluster-b', 'network'), stack('gcp-global-lb', 'cluster-a'), stack('cluster-a', 'network'), stack('network')]);
    assert.deepEqual(steps.map((s) => s.map((x) => x.name)), [['network'], ['cluster-a', 'cluster-b'], ['gcp-global-lb'], ['global-dns']]);
  });

  it('names the stacks of a dependency cycle', () => {
    assert.throws(() => applySteps([stack('a', 'b'), stack('b', 'a'), stack('c')]), /cycle: a -> b; b -> a/);
  });

  it('writes each step with its commands', () => {
    const readme = applyOrderReadme('fleet', [stack('network'), stack('cluster-a', 'network')]);
    assert.match(readme, /## Step 1\n\n- `network`: network things\.\n\n```sh\nterraform -chdir=stacks\/network init && terraform -chdir=stacks\/network apply\n```/);
    assert.match(readme, /## Step 2\n\n- `cluster-a`: cluster-a things\. Reads: network\./);
  });
});
