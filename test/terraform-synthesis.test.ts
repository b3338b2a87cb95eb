import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ComputeBackendService } from '@cdktf/provider-google/lib/compute-backend-service';
import { ComputeHealthCheck } from '@cdktf/provider-google/lib/compute-health-check';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, Aspects, Lazy, TerraformStack, Token, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { FleetStack, stackDefinitions, TerraformBackend, type StackDefinition } from '../lib';
import { syntheticFleet } from '../bench/synthetic-fleet';
import { withStackScopedTokens, tokenRegistry } from '../lib/terraform/stack-scoped-tokens';
import { synthesizeStack } from '../lib/terraform/stack-synthesis';
import { withoutTokenStackTraces } from '../lib/terraform/token-stack-traces';
import { richFleet, seedFleet } from './support/fleets';
import { synthToTemp, tempDir } from './support/synth';

/** A stack with references between resources, to another stack's output, and a lazy list. */
const definition: StackDefinition = {
  name: 'sample',
  build(scope, context) {
    const stack = new FleetStack(scope, 'sample', { ...context, description: 'a sample' });
    new GoogleProvider(stack, 'google', { project: 'p', region: 'us-central1' });
    for (let i = 0; i < 20; i++) {
      const check = new ComputeHealthCheck(stack, `check-${i}`, { name: `check-${i}`, httpHealthCheck: { port: 30000 + i, requestPath: '/health' } });
      new ComputeBackendService(stack, `backend-${i}`, {
        name: `backend-${i}`,
        healthChecks: [check.id],
        backend: [{ group: stack.consumeString('cluster-x', 'instance_group') }],
      });
    }
    stack.publish('first_backend', '${google_compute_backend_service.backend-0.id}', 'the first backend');
    return stack;
  },
};

const context = { plan: seedFleet().plan(), backend: TerraformBackend.local() };

function stockSynth(): string {
  const outdir = tempDir();
  const app = new App({ outdir, stackTraces: false });
  definition.build(app, context);
  app.synth();
  return fs.readFileSync(path.join(outdir, 'stacks', 'sample', 'cdk.tf.json'), 'utf8');
}

class LabelEverything implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof ComputeBackendService) node.description = 'labelled by an aspect';
  }
}

describe('stack synthesis', () => {
  it('writes the same bytes as cdktf App.synth() with token stack traces on', () => {
    const outdir = tempDir();
    withoutTokenStackTraces(() => synthesizeStack(definition, context, outdir));
    assert.equal(fs.readFileSync(path.join(outdir, 'stacks', 'sample', 'cdk.tf.json'), 'utf8'), stockSynth());
  });

  it('runs aspects a user adds in the extend hook', () => {
    const outdir = tempDir();
    synthesizeStack(definition, context, outdir, { extend: (stack) => Aspects.of(stack).add(new LabelEverything()) });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'sample', 'cdk.tf.json'), 'utf8'));
    assert.equal(json.resource.google_compute_backend_service['backend-3'].description, 'labelled by an aspect');
  });

  it('records the stacks it reads outputs from', () => {
    const { stack, entry } = synthesizeStack(definition, context, tempDir());
    assert.deepEqual(stack.stackDependencies, ['cluster-x']);
    assert.equal(entry.stacks.sample.synthesizedStackPath, 'stacks/sample/cdk.tf.json');
  });
});

describe('token stack traces', () => {
  it('are off only inside the window: errors keep their stacks, and the built-in comes back', () => {
    const builtIn = Error.captureStackTrace;
    const inside = withoutTokenStackTraces(() => {
      const plain = { stack: '' };
      Error.captureStackTrace(plain);
      return { plain: plain.stack, error: new Error('real').stack };
    });
    assert.equal(inside.plain, '');
    assert.match(inside.error ?? '', /Error: real\n\s+at /);
    assert.equal(Error.captureStackTrace, builtIn);
  });

  it('come back when the work throws', () => {
    const builtIn = Error.captureStackTrace;
    assert.throws(() => withoutTokenStackTraces(() => { throw new Error('boom'); }), /boom/);
    assert.equal(Error.captureStackTrace, builtIn);
  });
});

describe('stack-scoped tokens', () => {
  const registered = () => {
    const registry = tokenRegistry();
    assert.ok(registry, "cdktf's token registry has a shape withStackScopedTokens does not know: it would do nothing");
    return registry.stringTokenMap.size + registry.numberTokenMap.size;
  };

  it('forget what a stack registered, keep what was registered before, and write the same bytes', () => {
    const earlier = Token.asString(Lazy.stringValue({ produce: () => 'registered before' }));
    const before = registered();
    const outdir = tempDir();
    withStackScopedTokens(() => synthesizeStack(definition, context, outdir));
    assert.equal(registered(), before);
    assert.equal(fs.readFileSync(path.join(outdir, 'stacks', 'sample', 'cdk.tf.json'), 'utf8'), stockSynth());
    // A token registered before any stack still resolves in the next one.
    const next: StackDefinition = {
      name: 'next',
      build(scope, ctx) {
        const stack = new FleetStack(scope, 'next', { ...ctx, description: 'the next stack' });
        new GoogleProvider(stack, 'google', { project: 'p', region: 'us-central1' });
        new ComputeHealthCheck(stack, 'check', { name: 'check', description: earlier, httpHealthCheck: { port: 30000 } });
        return stack;
      },
    };
    withStackScopedTokens(() => synthesizeStack(next, context, outdir));
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'next', 'cdk.tf.json'), 'utf8'));
    assert.equal(json.resource.google_compute_health_check.check.description, 'registered before');
  });

  it('are forgotten when the work throws too', () => {
    const before = registered();
    assert.throws(() => withStackScopedTokens(() => {
      Token.asString(Lazy.stringValue({ produce: () => 'lost' }));
      throw new Error('boom');
    }), /boom/);
    assert.equal(registered(), before);
  });

  it('keep a whole synthesis from growing the registry', () => {
    synthToTemp(seedFleet());
    const before = registered();
    synthToTemp(seedFleet());
    assert.equal(registered(), before);
  });
});

describe("FleetStack's Terraform JSON", () => {
  it("equals cdktf's own toTerraform() on every stack of the seed, rich and a synthetic fleet", () => {
    for (const fleet of [seedFleet(), richFleet(), syntheticFleet(10, 5)]) {
      const plan = fleet.plan();
      const fleetContext = { plan, backend: TerraformBackend.s3({ bucket: 'state', region: 'eu-west-1' }) };
      for (const stackDefinition of stackDefinitions(plan)) {
        const stack = stackDefinition.build(new App({ outdir: tempDir(), stackTraces: false }), fleetContext);
        stack.ensureBackendExists();
        assert.deepStrictEqual(stack.toTerraform(), TerraformStack.prototype.toTerraform.call(stack), stackDefinition.name);
      }
    }
  });

  it("falls back to cdktf's own toTerraform() for a stack with overrides of its own", () => {
    const stack = definition.build(new App({ outdir: tempDir(), stackTraces: false }), context);
    stack.addOverride('terraform.required_version', Lazy.stringValue({ produce: () => '>= 1.10' }));
    assert.equal(stack.toTerraform().terraform.required_version, '>= 1.10');
  });
});
