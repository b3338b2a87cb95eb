import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TaskError, TaskPool, WorkerDiedError } from '../lib/terraform/engine/task-pool';
import { synth, TerraformBackend, type ClusterChart } from '../lib';
import { controlPlaneOutputs } from '../lib/targets/control-plane-outputs';
import { planControlPlanes } from '../lib/targets/control-planes';
import { synthesizeStackTask, type SynthesizedStack } from '../lib/terraform/engine/stack-synthesis';
import { MAX_DEFAULT_WORKERS, MIN_WORKLOADS_FOR_WORKERS, stackWorkerCount, type StackWorkerData } from '../lib/terraform/engine/stack-workers';
import { stackDefinitions } from '../lib/terraform/terraform-renderer';
import { syntheticFleet } from '../bench/synthetic-fleet';
import { poolTestTask, type PoolTestData, type PoolTestResult } from './support/pool-test-task';
import { seedFleet, seedOptions } from './support/fleets';
import { readTree, synthToTemp, tempDir } from './support/synth';
import { sleep, waitUntil } from './support/wait';

const POOL_WORKER = path.join(__dirname, 'support', 'pool-test-worker.js');
const SYNTH_WORKER = path.join(__dirname, '..', 'lib', 'synth-worker.js');

/** A pool of the test worker; one that waits for a report longer than a test may take fails instead. */
function pool(data: PoolTestData, tasks: number, workers = 1) {
  return TaskPool.start<PoolTestData, PoolTestResult>({ script: POOL_WORKER, data, tasks, workers, stallMs: 20_000 });
}

describe('the task pool', () => {
  it('returns every result in task order, from the workers and the calling thread', () => {
    const results = pool({ taskMs: 40 }, 30).run((i) => poolTestTask(i, { taskMs: 40 }));
    assert.deepEqual(results.map((r) => r.index), [...Array(30).keys()]);
    const threads = new Set(results.map((r) => r.thread));
    assert.ok(threads.has(0), 'the calling thread ran tasks');
    assert.ok(threads.size === 2, `a worker ran tasks too (threads: ${[...threads].join(', ')})`);
  });

  it("throws a worker's failure in the calling thread, with its message, and starts no task after it", () => {
    let ranHere = 0;
    assert.throws(() => pool({ taskMs: 40, failInWorker: true }, 200).run((i) => {
      ranHere++;
      return poolTestTask(i, { taskMs: 40 });
    }), (e: Error) => e instanceof TaskError && /^task \d+ failed in worker thread \d+$/.test(e.message));
    assert.ok(ranHere < 199, `the calling thread stopped taking tasks (it ran ${ranHere})`);
  });

  it('lets the tasks the workers are running finish when it is stopped, and starts no other', () => {
    const marks = tempDir();
    const running = pool({ taskMs: 200, marks }, 50, 2);
    const marked = (suffix: string) => fs.readdirSync(marks).filter((f) => f.endsWith(suffix)).length;
    waitUntil(() => marked('.started') > 0);
    running.stop();
    const started = marked('.started');
    assert.ok(started > 0 && started < 50, `${started} tasks started`);
    assert.equal(marked('.done'), started, 'every task that started has finished');
    sleep(300);
    assert.equal(marked('.started'), started, 'no task started after the pool was stopped');
  });

  it('returns at once when stopped after it has run, as a synthesis that failed in a worker does', () => {
    const failing = pool({ taskMs: 40, failInWorker: true }, 200);
    assert.throws(() => failing.run((i) => poolTestTask(i, { taskMs: 40 })), TaskError);
    failing.stop();
  });

  for (const [death, cause] of [['exit', /it exited with code 3/], ['out-of-memory', /out of memory \(.*JS heap out of memory/]] as const) {
    it(`fails the run at once, naming the task and the cause, when a worker dies in the middle of a task (${death})`, () => {
      const started = performance.now();
      const dying = TaskPool.start<PoolTestData, PoolTestResult>({
        script: POOL_WORKER,
        data: { taskMs: 40, dieInWorker: death },
        tasks: 200,
        workers: 1,
        resourceLimits: { maxOldGenerationSizeMb: 32 },
        describeTask: (i) => `test task ${i}`,
        // Far above what noticing a death takes; a pool that missed it would fail later with another message.
        stallMs: 120_000,
      });
      assert.throws(() => dying.run((i) => poolTestTask(i, { taskMs: 40 })), (e: Error) => {
        assert.ok(e instanceof WorkerDiedError, `${e.name}: ${e.message}`);
        assert.match(e.message, /^A worker thread died while it ran test task \d+: /);
        assert.match(e.message, cause);
        return true;
      });
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds < 60, `noticed after ${seconds.toFixed(1)} s; the pool waits ${120} s for a silent worker`);
    });
  }

  it('runs every task in the calling thread when the worker script cannot start', () => {
    const results = TaskPool.start<PoolTestData, PoolTestResult>({ script: path.join(__dirname, 'no-such-worker.js'), data: { taskMs: 0 }, tasks: 5, workers: 2 })
      .run((i) => poolTestTask(i, { taskMs: 0 }));
    assert.deepEqual(results.map((r) => [r.index, r.thread]), [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0]]);
  });
});

describe('Terraform stacks on worker threads', () => {
  it('synthesizes byte-identical files with workers and without', () => {
    // Large enough that the workers have loaded before the calling thread is done with the stacks.
    const fleet = () => syntheticFleet(24, 8);
    const alone = synthToTemp(fleet(), { terraform: { workers: 0 } }).files;
    const parallel = synthToTemp(fleet(), { terraform: { workers: 2 } }).files;
    assert.ok([...alone.keys()].filter((f) => f.endsWith('cdk.tf.json')).length > 30);
    assert.deepEqual(parallel, alone);
  });

  const backends = [TerraformBackend.local(), TerraformBackend.s3({ bucket: 'state', region: 'eu-west-1', keyPrefix: 'k' }), TerraformBackend.gcs({ bucket: 'state', prefix: 'p' })];
  for (const backend of backends) {
    it(`lists and synthesizes the same stacks in the worker script as in the calling thread (${backend.data.kind} state)`, () => {
      const plan = seedFleet().plan();
      const controlPlanes = planControlPlanes(plan, seedOptions().controlPlanes);
      const definitions = stackDefinitions(plan, controlPlaneOutputs(plan, controlPlanes).stacks);
      const staging = tempDir();
      const data: StackWorkerData = { plan: plan.toData(), backend: backend.data, staging, tokenStackTraces: false, stacks: definitions.map((d) => d.name), extra: controlPlanes };
      const last = path.join(staging, 'stacks', definitions[definitions.length - 1].name, 'cdk.tf.json');
      // The calling thread takes the first stack and holds it until the worker has written the last one; a stack
      // it runs has no result, so a worker that failed to start fails the test.
      let waited = false;
      const results = TaskPool.start<StackWorkerData, SynthesizedStack | undefined>({ script: SYNTH_WORKER, data, tasks: definitions.length, workers: 1 }).run(() => {
        if (!waited) waitUntil(() => fs.existsSync(last));
        waited = true;
        return undefined;
      });
      const context = { plan, backend };
      const here = tempDir();
      for (const [i, definition] of definitions.entries()) {
        if (i === 0) continue;
        assert.deepEqual(results[i], synthesizeStackTask(definition, context, here), definition.name);
        const file = path.join('stacks', definition.name, 'cdk.tf.json');
        assert.equal(fs.readFileSync(path.join(staging, file), 'utf8'), fs.readFileSync(path.join(here, file), 'utf8'), file);
      }
    });
  }

  it('stops the workers and leaves the previous output as it was when the Kubernetes output fails', () => {
    const outdir = path.join(tempDir(), 'dist');
    synth(seedFleet(), { outdir });
    const before = readTree(outdir);
    const stacks = path.join(outdir, `.terraform.staging-${process.pid}`, 'stacks');
    const extend = (chart: ClusterChart) => {
      if (chart.cluster.name !== 'c005-us-west-2') return;
      // Fail once a worker has synthesized a stack, so that it is at work when synthesis gives up.
      waitUntil(() => fs.existsSync(stacks) && fs.readdirSync(stacks).length > 0);
      throw new Error('boom');
    };
    const replaced = fs.readdirSync(path.join(outdir, 'terraform', 'stacks'));
    assert.throws(() => synth(syntheticFleet(8, 4), { outdir, kubernetes: { extend }, terraform: { workers: 1 }, acknowledgeRemovals: replaced }), /boom/);
    assert.deepEqual(readTree(outdir), before);
    assert.deepEqual(fs.readdirSync(outdir).filter((e) => e.includes('staging')), []);
  });

  it(`uses workers by default from ${MIN_WORKLOADS_FOR_WORKERS} workloads, and never with extend or without the compiled script`, () => {
    const script = { path: SYNTH_WORKER, data: {} };
    const small = seedFleet().plan();
    const large = syntheticFleet(40, 50).plan();
    assert.equal(large.workloadCount, MIN_WORKLOADS_FOR_WORKERS);
    assert.equal(stackWorkerCount(syntheticFleet(40, 49).plan(), undefined, script, false), 0);
    assert.equal(stackWorkerCount(small, undefined, script, false), 0);
    assert.equal(stackWorkerCount(large, undefined, script, false), Math.min(os.availableParallelism() - 1, MAX_DEFAULT_WORKERS));
    assert.equal(stackWorkerCount(small, 3, script, false), 3);
    assert.equal(stackWorkerCount(large, 3, script, true), 0);
    assert.equal(stackWorkerCount(large, 3, { path: SYNTH_WORKER.replace(/\.js$/, '.ts'), data: {} }, false), 0);
  });

  it('rejects a number of workers that is not a whole number of 0 or more, naming the option', () => {
    const plan = seedFleet().plan();
    for (const workers of [-1, 1.5, Number.NaN]) {
      assert.throws(() => stackWorkerCount(plan, workers, undefined, false), /^Error: terraform\.workers: .* is not a number of worker threads; use 0 or more/);
    }
    assert.throws(() => synth(seedFleet(), { outdir: path.join(tempDir(), 'dist'), terraform: { workers: -1 } }), /terraform\.workers: -1/);
  });
});
