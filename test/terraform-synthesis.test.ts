import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ComputeBackendService } from '@cdktf/provider-google/lib/compute-backend-service';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeHealthCheck } from '@cdktf/provider-google/lib/compute-health-check';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, Aspects, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformElement, TerraformIterator, TerraformStack, Token, Tokenization, type IAspect } from 'cdktf';
import { resolveTokens } from '../lib/terraform/engine/token-resolution';
import type { IConstruct } from 'constructs';
import { FleetStack, stackDefinitions, TerraformBackend, type StackDefinition } from '../lib/internal';
import { syntheticFleet } from '../bench/synthetic-fleet';
import { withStackScopedTokens, tokenRegistry } from '../lib/terraform/engine/stack-scoped-tokens';
import { StackOutput } from '../lib/terraform/stack-output';
import { fastToTerraform, useFastToTerraform } from '../lib/terraform/engine/fast-to-terraform';
import { synthesizeStack, synthesizeStackTask } from '../lib/terraform/engine/stack-synthesis';
import { withoutTokenStackTraces } from '../lib/terraform/engine/token-stack-traces';
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
        backend: [{ group: stack.consume(StackOutput.string('cluster-x', 'instance_group')) }],
      });
    }
    stack.publish(StackOutput.string('sample', 'first_backend'), '${google_compute_backend_service.backend-0.id}', 'the first backend');
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
  it('writes the same bytes as cdktf App.synth() with token stack traces on, with the speed-ups and without', () => {
    for (const speedUps of [true, false]) {
      const outdir = tempDir();
      synthesizeStackTask(definition, context, outdir, { speedUps });
      assert.equal(fs.readFileSync(path.join(outdir, 'stacks', 'sample', 'cdk.tf.json'), 'utf8'), stockSynth(), `speedUps: ${speedUps}`);
    }
  });

  it('runs aspects a user adds in the extend hook', () => {
    const outdir = tempDir();
    synthesizeStack(definition, context, outdir, { speedUps: true, extend: (stack) => Aspects.of(stack).add(new LabelEverything()) });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'sample', 'cdk.tf.json'), 'utf8'));
    assert.equal(json.resource.google_compute_backend_service['backend-3'].description, 'labelled by an aspect');
  });

  it("runs the extend hook with the process's own Error.captureStackTrace, also while the speed-ups have it replaced", () => {
    const builtIn = Error.captureStackTrace;
    let inHook: unknown;
    let inBuild: unknown;
    const watched: StackDefinition = { name: 'sample', build: (scope, ctx) => { inBuild = Error.captureStackTrace; return definition.build(scope, ctx); } };
    synthesizeStackTask(watched, context, tempDir(), { speedUps: true, extend: () => { inHook = Error.captureStackTrace; } });
    assert.notEqual(inBuild, builtIn, 'the engine builds its own stacks without token stack traces');
    assert.equal(inHook, builtIn);
    assert.equal(Error.captureStackTrace, builtIn);
  });

  it('refuses a stack named otherwise than its definition', () => {
    const misnamed: StackDefinition = { name: 'other', build: (scope, ctx) => definition.build(scope, ctx) };
    assert.throws(() => synthesizeStack(misnamed, context, tempDir()), /The stack defined as "other" is named "sample"/);
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

/** cdktf's own toTerraform() of `stack`, and the engine's. */
function bothToTerraform(stack: TerraformStack): { stock: unknown; fast: unknown } {
  const stock = () => TerraformStack.prototype.toTerraform.call(stack);
  return { stock: stock(), fast: fastToTerraform(stack, stock) };
}

describe("the engine's Terraform JSON", () => {
  it('is not what a FleetStack makes by itself: its toTerraform() is cdktf\'s own until the engine switches one stack', () => {
    const stack = definition.build(new App({ outdir: tempDir(), stackTraces: false }), context);
    const other = definition.build(new App({ outdir: tempDir(), stackTraces: false }), context);
    assert.equal(stack.toTerraform, TerraformStack.prototype.toTerraform);
    useFastToTerraform(stack);
    assert.notEqual(stack.toTerraform, TerraformStack.prototype.toTerraform);
    assert.equal(other.toTerraform, TerraformStack.prototype.toTerraform);
  });

  it("equals cdktf's own toTerraform() on a stack of every token kind, and on every stack of the seed, rich and a synthetic fleet", () => {
    for (const stackDefinition of [definition, everyTokenKind]) {
      const stack = stackDefinition.build(new App({ outdir: tempDir(), stackTraces: false }), context);
      stack.ensureBackendExists();
      const { stock, fast } = bothToTerraform(stack);
      assert.deepStrictEqual(fast, stock, stackDefinition.name);
    }
    for (const fleet of [seedFleet(), richFleet(), syntheticFleet(10, 5)]) {
      const plan = fleet.plan();
      const fleetContext = { plan, backend: TerraformBackend.s3({ bucket: 'state', region: 'eu-west-1' }) };
      for (const stackDefinition of stackDefinitions(plan)) {
        const stack = stackDefinition.build(new App({ outdir: tempDir(), stackTraces: false }), fleetContext);
        stack.ensureBackendExists();
        const { stock, fast } = bothToTerraform(stack);
        assert.deepStrictEqual(fast, stock, stackDefinition.name);
      }
    }
  });

  it("resolves every element's fragment, and values with holes and tokens in strings, as cdktf's resolver does", () => {
    const stack = everyTokenKind.build(new App({ outdir: tempDir(), stackTraces: false }), context);
    stack.ensureBackendExists();
    const resolver = new DefaultTokenResolver(new StringConcat());
    const cdktf = (value: unknown) => Tokenization.resolve(value, { scope: stack, preparing: false, resolver });
    const check = stack.node.findChild('check') as ComputeHealthCheck;
    const crafted = {
      holes: ['a', undefined, 2, [undefined, 'b'], { gone: undefined, kept: null }],
      numberInString: `every ${check.checkIntervalSec} s, at most ${Token.asNumber(Lazy.numberValue({ produce: () => 3 }))} times`,
      looksLikeNumbers: '1e5 2e-3 -1.5e+2',
      date: new Date(0),
      float: 0.25,
      nothing: undefined,
    };
    const values = [crafted, ...stack.node.findAll().filter(TerraformElement.isTerraformElement).map((e) => e.toTerraform())];
    for (const value of values) assert.deepStrictEqual(resolveTokens(value, cdktf), cdktf(value));
    assert.match(resolveTokens(crafted, cdktf).numberInString, /^every \$\{google_compute_health_check\.check\.check_interval_sec\} s, at most 3 times$/);
  });

  it("falls back to cdktf's own toTerraform() for a stack with overrides of its own", () => {
    const stack = definition.build(new App({ outdir: tempDir(), stackTraces: false }), context);
    useFastToTerraform(stack);
    stack.addOverride('terraform.required_version', Lazy.stringValue({ produce: () => '>= 1.10' }));
    assert.equal(stack.toTerraform().terraform.required_version, '>= 1.10');
  });
});

/** A stack with every kind of token cdktf has, and plain values that look like some, to compare both resolutions on. */
const everyTokenKind: StackDefinition = {
  name: 'every-token-kind',
  build(scope, context) {
    const stack = new FleetStack(scope, 'every-token-kind', { ...context, description: 'tokens' });
    new GoogleProvider(stack, 'google', { project: 'p', region: 'us-central1' });
    const check = new ComputeHealthCheck(stack, 'check', { name: 'check', httpHealthCheck: { port: 30000, requestPath: '/health' } });
    const ports = stack.consume(StackOutput.list('cluster-x', 'ports'));
    const labels = Token.asStringMap(stack.consume(StackOutput.any('cluster-x', 'labels')));
    const zones = TerraformIterator.fromList(ports);
    new ComputeFirewall(stack, 'firewall', {
      name: Fn.join('-', ['fw', check.name, Token.asString(Token.asNumber(check.checkIntervalSec))]),
      network: '${var.literal_escape}',
      description: 'looks like numbers: 1e5 2e-3 -1.5e+2, and a ${literal} brace',
      priority: Token.asNumber(Lazy.numberValue({ produce: () => 900 })),
      sourceRanges: ports,
      targetTags: [check.name, Lazy.stringValue({ produce: () => 'lazy-tag' }), 'plain'],
      allow: [{ protocol: 'tcp', ports: Lazy.listValue({ produce: () => ['443', '30000-32767'] }) }],
      deny: zones.dynamic({ protocol: zones.value, ports: [Fn.tostring(zones.key)] }) as never,
      logConfig: { metadata: Fn.lookup(labels, 'log', 'EXCLUDE_ALL_METADATA') },
      dependsOn: [check],
    });
    const service = new ComputeBackendService(stack, 'service', {
      name: 'backend',
      healthChecks: [check.id],
      customRequestHeaders: [`X-Zone: ${Fn.element(ports, 0)}`, 'X-Plain: 1'],
      backend: [{ group: stack.consume(StackOutput.string('cluster-x', 'group')), capacityScaler: 0.5, maxUtilization: 0.8 }],
      timeoutSec: Token.asNumber(stack.consume(StackOutput.any('cluster-x', 'timeout'))),
      lifecycle: { ignoreChanges: ['backend'] },
      forEach: TerraformIterator.fromMap(labels),
    });
    service.addOverride('log_config', { enable: true, sample_rate: Token.asNumber(Lazy.numberValue({ produce: () => 1 })) });
    service.addOverride('custom_response_headers', [undefined, 'X-Kept: yes', null]);
    const output = (name: string) => StackOutput.any('every-token-kind', name);
    stack.publish(output('labels'), labels, 'a map token');
    stack.publish(output('ports'), ports, 'a list token');
    stack.publish(output('plain'), { list: ['a', undefined, 2, [undefined, 'b']], gone: undefined, kept: 'c' }, 'plain values with holes');
    stack.publish(output('nested'), { [Token.asString(check.name)]: [check.id, undefined, 7, 1.25], literal: 'x', empty: {} }, 'a token as a key');
    return stack;
  },
};
