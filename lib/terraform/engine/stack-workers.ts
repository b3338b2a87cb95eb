import * as fs from 'node:fs';
import * as os from 'node:os';
import { workerData } from 'node:worker_threads';
import { FleetPlan, type FleetPlanData } from '../../model';
import type { StackDefinition } from '../stack-definition';
import { TerraformBackend, type TerraformBackendData } from '../terraform-backend';
import { synthesizeStackTask } from './stack-synthesis';
import { serveTasks, type TaskWorkerData } from './task-pool';

/**
 * Fleets with fewer workloads (app x cluster) than this synthesize their stacks in the calling thread: a worker
 * loads cdktf and the providers first (~0.4 s of CPU), more than it saves on a small fleet. Measured on 2 cores
 * with bench/synthetic-fleet.ts, 3 runs each, without and with a worker: 40 clusters x 25 apps 1.8-2.3 s against
 * 2.0-2.4 s, 60 x 30 3.0-3.3 s against 2.6-3.2 s.
 */
export const MIN_WORKLOADS_FOR_WORKERS = 2000;

/**
 * At most this many workers by default, however many cores: each has a heap of its own that grows with the stacks
 * it synthesizes (200 clusters x 100 apps peaked at 982 MiB with one worker, 738 MiB without), and the largest
 * stack (the global load balancer) is one task however many threads there are. Only 2 cores were measured (see
 * the README); more may pay on larger machines, by the option.
 */
export const MAX_DEFAULT_WORKERS = 4;

/**
 * How a worker thread lists the same stacks as the calling thread: a compiled script that calls
 * {@link serveStacks}, and the plain data it builds them from besides the plan.
 */
export interface StackWorkerScript {
  readonly path: string;
  readonly data: unknown;
}

/** What a Terraform worker gets. */
export interface StackWorkerData {
  readonly plan: FleetPlanData;
  readonly backend: TerraformBackendData;
  readonly staging: string;
  readonly tokenStackTraces: boolean;
  /** The stacks, by name in task order, as the calling thread lists them. */
  readonly stacks: readonly string[];
  readonly extra: unknown;
}

/** How many worker threads synthesize stacks: the option, else the default documented on `TerraformOptions.workers`. */
export function stackWorkerCount(plan: FleetPlan, requested: number | undefined, script: StackWorkerScript | undefined, hasExtend: boolean): number {
  // `extend` is a function of the caller's, which cannot cross to another thread; from sources (ts-node) there is
  // no compiled script to start.
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 0)) {
    throw new Error(`terraform.workers: ${String(requested)} is not a number of worker threads; use 0 or more (0: the calling thread alone)`);
  }
  if (!script || hasExtend || !fs.existsSync(script.path)) return 0;
  if (requested !== undefined) return requested;
  return plan.workloadCount >= MIN_WORKLOADS_FOR_WORKERS ? Math.min(os.availableParallelism() - 1, MAX_DEFAULT_WORKERS) : 0;
}

/**
 * The body of a Terraform worker script: builds the plan and the stack definitions from the calling thread's
 * data (`definitionsOf`, the same function the calling thread used) and synthesizes the stacks it is handed.
 */
export function serveStacks(definitionsOf: (plan: FleetPlan, extra: unknown) => readonly StackDefinition[]): void {
  const pool = workerData as TaskWorkerData<StackWorkerData>;
  const { plan: planData, backend, staging, tokenStackTraces, stacks, extra } = pool.data;
  const plan = FleetPlan.fromData(planData);
  const definitions = definitionsOf(plan, extra);
  // Reported as the failure of the first task it takes: the calling thread throws it.
  const differ = Array.from({ length: Math.max(definitions.length, stacks.length) }, (_, i) => i).find((i) => definitions[i]?.name !== stacks[i]);
  const mismatch = differ === undefined ? undefined
    : `A worker listed other Terraform stacks than the calling thread: stack ${differ} is ${definitions[differ]?.name ?? 'missing'} there, ${stacks[differ] ?? 'missing'} here`;
  const context = { plan, backend: TerraformBackend.fromData(backend) };
  serveTasks(pool, (index) => {
    if (mismatch) throw new Error(mismatch);
    return synthesizeStackTask(definitions[index], context, staging, { speedUps: true, tokenStackTraces });
  });
}
