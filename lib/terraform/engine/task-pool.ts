import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';

/** Slots of the pool's shared control array. */
const NEXT = 0; // the next task index to hand out
const REPORTED = 1; // how many tasks the workers have reported: what the calling thread waits on
const ABORTED = 2; // 1 once a task failed: no more tasks are handed out

/**
 * How long the calling thread waits without a report before it gives up on the workers: the last resort, for a
 * worker that hangs without dying (a worker that dies is noticed at once, see {@link TaskPool}). A task here takes
 * seconds at most (the largest Terraform stack of 200 clusters x 100 apps, the global load balancer with its
 * 10,000 named ports: 3.3 s).
 */
export const STALL_MS = 10 * 60 * 1000;

/** What a worker's slot of the pool's shared `running` array holds while the worker runs no task. */
const IDLE = -1;

/** What a pool's worker script gets as `workerData`. */
export interface TaskWorkerData<D> {
  readonly data: D;
  readonly tasks: number;
  readonly control: Int32Array;
  /** The task each worker runs, by worker slot ({@link IDLE}: none), for the calling thread to name a lost task. */
  readonly running: Int32Array;
  /** This worker's slot in `running`. */
  readonly slot: number;
  readonly port: MessagePort;
}

/** A task's report, from a worker to the calling thread. */
type Report<R> = { readonly index: number; readonly result: R } | { readonly index: number; readonly error: SerializedError };

interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** Thrown in the calling thread for a task that failed in a worker, with the worker's message and stack. */
export class TaskError extends Error {
  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    if (error.stack) this.stack = error.stack;
  }
}

/** Properties of {@link TaskPool.start}. */
export interface TaskPoolProps<D> {
  /** The compiled worker script; it calls {@link serveTasks}. */
  readonly script: string;
  /** What every worker needs to run any task (structured-cloneable). */
  readonly data: D;
  /** Tasks are numbered `0 … tasks - 1`. */
  readonly tasks: number;
  /** Worker threads to start; the calling thread works too (see {@link TaskPool.run}). */
  readonly workers: number;
  /**
   * How long the calling thread waits for a report before it gives up on the workers.
   * @default STALL_MS (10 minutes)
   */
  readonly stallMs?: number;
  /**
   * Limits of each worker's heap and stack: a worker that reaches them stops with an out-of-memory error, which
   * fails the pool's run, instead of aborting the process.
   * @default - Node's defaults
   */
  readonly resourceLimits?: ResourceLimits;
  /**
   * What task `index` is, for error messages (e.g. the stack it synthesizes).
   * @default - "task <index>"
   */
  readonly describeTask?: (index: number) => string;
}

/** Thrown in the calling thread when a worker thread died in the middle of a task: the task's result is lost. */
export class WorkerDiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerDiedError';
  }
}

/** How a worker thread ended, as the supervisor saw it (see {@link SUPERVISOR}). */
interface WorkerExit {
  readonly slot: number;
  readonly exitCode: number;
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string };
}

/**
 * Runs numbered tasks on worker threads and on the calling thread together, synchronously: the caller starts the
 * pool, does other work while the workers take tasks, then {@link run}s the remaining tasks itself and gets every
 * result in task order.
 *
 * Tasks are handed out one at a time from a counter in shared memory, so a thread that is done takes the next
 * task and the load balances itself; a worker that fails to start just takes none. The calling thread blocks in
 * `Atomics.wait` and reads reports with `receiveMessageOnPort`, so the API stays synchronous, as cdk8s's and
 * cdktf's `synth()` are.
 *
 * A worker that dies in the middle of a task (out of memory, a crash, `process.exit`) fails the run at once, naming
 * the task and the cause ({@link WorkerDiedError}). A worker's `exit` and `error` events are emitted on the event
 * loop of the thread that started it, which a synchronous wait does not run; so the workers are started by a
 * supervisor thread of the pool's, whose event loop stays free: it posts each worker's end to the calling thread
 * and wakes it through the shared counter it waits on.
 */
export class TaskPool<D, R> {
  /** Starts `props.workers` worker threads, which begin taking tasks as soon as they have loaded. */
  public static start<D, R>(props: TaskPoolProps<D>): TaskPool<D, R> {
    return new TaskPool<D, R>(props);
  }

  private readonly control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly running: Int32Array;
  private readonly ports: MessagePort[] = [];
  private readonly supervisor?: { readonly worker: Worker; readonly exits: MessagePort };
  /** Reports read from the workers and not yet handed to the caller, and every task index reported so far. */
  private readonly unread: Report<R>[] = [];
  private readonly reported = new Set<number>();
  private exited = 0;
  private died?: WorkerDiedError;
  private released = false;

  private constructor(private readonly props: TaskPoolProps<D>) {
    const count = Math.max(0, Math.min(props.workers, props.tasks));
    this.running = new Int32Array(new SharedArrayBuffer(Math.max(1, count) * Int32Array.BYTES_PER_ELEMENT)).fill(IDLE);
    if (count === 0) return;
    const workers: TaskWorkerData<D>[] = [];
    for (let slot = 0; slot < count; slot++) {
      const { port1, port2 } = new MessageChannel();
      workers.push({ data: props.data, tasks: props.tasks, control: this.control, running: this.running, slot, port: port2 });
      this.ports.push(port1);
    }
    const exits = new MessageChannel();
    const supervisorData: SupervisorData<D> = {
      script: props.script,
      workers,
      ...(props.resourceLimits ? { resourceLimits: props.resourceLimits } : {}),
      exits: exits.port2,
      control: this.control,
      wake: REPORTED,
    };
    const worker = new Worker(SUPERVISOR, { eval: true, workerData: supervisorData, transferList: [...workers.map((w) => w.port), exits.port2] });
    // The supervisor only starts threads; should it fail, the calling thread takes every task.
    worker.on('error', () => undefined);
    worker.unref();
    this.supervisor = { worker, exits: exits.port1 };
  }

  /**
   * Hands out no more tasks, waits for the tasks the workers are running, and stops the workers: for a caller
   * that gives up before {@link run}, and then removes what the tasks write. Does nothing once the pool has run
   * (its workers are stopped and their reports read).
   */
  public stop(): void {
    if (this.released) return;
    Atomics.store(this.control, ABORTED, 1);
    try {
      this.awaitWorkers(0, () => undefined);
    } catch (e) {
      // A worker that died while the caller gives up anyway: the caller's own error is the one to report.
      if (!(e instanceof WorkerDiedError)) throw e;
    } finally {
      this.release();
    }
  }

  /**
   * Runs `task` on the calling thread for every task no worker has taken, waits for the workers' tasks, and
   * returns every result by task index. The first failed task (by index) is thrown, after the tasks already
   * running have reported; no task starts after a failure. A worker that died in the middle of a task fails the
   * run with a {@link WorkerDiedError}. The workers are stopped either way.
   */
  public run(task: (index: number) => R): R[] {
    const results = new Array<R>(this.props.tasks);
    const errors = new Map<number, unknown>();
    let ranHere = 0;
    try {
      for (let index = takeTask(this.control, this.props.tasks); index !== undefined; index = takeTask(this.control, this.props.tasks)) {
        try {
          results[index] = task(index);
        } catch (e) {
          errors.set(index, e);
          Atomics.store(this.control, ABORTED, 1);
        }
        ranHere++;
        // A worker that died while this thread worked: no more tasks, the run fails.
        if (this.readExits()) Atomics.store(this.control, ABORTED, 1);
      }
      this.awaitWorkers(ranHere, (report) => {
        if ('error' in report) errors.set(report.index, new TaskError(report.error));
        else results[report.index] = report.result;
      });
    } finally {
      this.release();
    }
    if (this.died) throw this.died;
    if (errors.size > 0) throw errors.get(Math.min(...errors.keys()));
    return results;
  }

  /**
   * Reads the workers' reports until every task handed out is known, `ranHere` of them by the calling thread.
   * Throws the {@link WorkerDiedError} of a worker that died in the middle of a task once the others have reported.
   */
  private awaitWorkers(ranHere: number, onReport: (report: Report<R>) => void): void {
    let known = ranHere;
    let lastReport = performance.now();
    for (;;) {
      // Read before draining: a report that lands in between changes the counter, and the wait returns at once.
      const reported = Atomics.load(this.control, REPORTED);
      this.readExits();
      this.readReports();
      for (const report of this.unread.splice(0)) {
        onReport(report);
        known++;
        lastReport = performance.now();
      }
      const handedOut = Math.min(Atomics.load(this.control, NEXT), this.props.tasks);
      if (!this.died && this.exited === this.ports.length && this.ports.length > 0 && known < handedOut) {
        // Every worker has ended, yet a task handed out never reported: a worker died as it took it.
        this.died = new WorkerDiedError(`${handedOut - known} task(s) handed out to worker threads were never reported: every worker thread has ended`);
      }
      // A lost task never reports: the others are waited for, and the run fails.
      const lost = this.died ? 1 : 0;
      if (known + lost >= handedOut) {
        if (this.died) throw this.died;
        return;
      }
      const stallMs = this.props.stallMs ?? STALL_MS;
      if (performance.now() - lastReport > stallMs) throw new Error(`A worker thread reported nothing for ${stallMs / 1000} s: it stopped`);
      Atomics.wait(this.control, REPORTED, reported, 1000);
    }
  }

  /**
   * Reads how workers ended, from the supervisor; notes the first that died in the middle of a task. A worker that
   * ends between tasks (one that failed to start, or found no task left) loses nothing. Returns whether one died.
   */
  private readExits(): boolean {
    const exits = this.supervisor?.exits;
    for (let m = exits && receiveMessageOnPort(exits); m; m = exits && receiveMessageOnPort(exits)) {
      const exit = m.message as WorkerExit;
      this.exited++;
      // What the worker posted before it ended arrives before its end is known here.
      this.readReports();
      const index = Atomics.load(this.running, exit.slot);
      if (index === IDLE || this.reported.has(index) || this.died) continue;
      // The task never reports: it is handed out, so no other thread runs it.
      Atomics.store(this.running, exit.slot, IDLE);
      Atomics.store(this.control, ABORTED, 1);
      const what = this.props.describeTask?.(index) ?? `task ${index}`;
      this.died = new WorkerDiedError(`A worker thread died while it ran ${what}: ${causeOf(exit)}`);
    }
    return this.died !== undefined;
  }

  /** Moves the reports that have arrived to {@link unread}. */
  private readReports(): void {
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const report = m.message as Report<R>;
        this.reported.add(report.index);
        this.unread.push(report);
      }
    }
  }

  private release(): void {
    this.released = true;
    for (const port of this.ports) port.close();
    this.supervisor?.exits.close();
    // Stopping the supervisor stops the workers it started.
    if (this.supervisor) void this.supervisor.worker.terminate();
  }
}

/** Why a worker ended, in words: Node's out-of-memory error, another error, or its exit code. */
function causeOf(exit: WorkerExit): string {
  const { error, exitCode } = exit;
  if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `out of memory (${error.message}; exit code ${exitCode})`;
  if (error) return `${error.name}${error.code ? ` ${error.code}` : ''}: ${error.message} (exit code ${exitCode})`;
  return `it exited with code ${exitCode}, without an error (process.exit() in the task, or the thread was stopped)`;
}

/** What the supervisor thread gets. */
interface SupervisorData<D> {
  /** The pool's worker script. */
  readonly script: string;
  /** The `workerData` of each worker, by slot; their ports are transferred to the supervisor, then to each worker. */
  readonly workers: readonly TaskWorkerData<D>[];
  readonly resourceLimits?: ResourceLimits;
  /** Where the supervisor posts each worker's {@link WorkerExit}. */
  readonly exits: MessagePort;
  /** The calling thread's wait counter, and its slot: the supervisor bumps it to wake the calling thread. */
  readonly control: Int32Array;
  readonly wake: number;
}

/**
 * The supervisor thread (plain JavaScript, run with `eval`: it needs no compiled file and loads nothing but
 * `node:worker_threads`). It starts the workers and, on each one's `exit` (after its `error`, if any), posts how it
 * ended and wakes the calling thread. Its event loop is free, unlike the calling thread's, which blocks in
 * `Atomics.wait`.
 */
const SUPERVISOR = `
const { Worker, workerData } = require('node:worker_threads');
const { script, workers, resourceLimits, exits, control, wake } = workerData;
for (const data of workers) {
  let error;
  const worker = new Worker(script, { workerData: data, transferList: [data.port], ...(resourceLimits ? { resourceLimits } : {}) });
  worker.on('error', (e) => { error = { name: String(e && e.name), message: String(e && e.message), ...(e && e.code ? { code: String(e.code) } : {}) }; });
  worker.on('exit', (exitCode) => {
    exits.postMessage({ slot: data.slot, exitCode, ...(error ? { error } : {}) });
    Atomics.add(control, wake, 1);
    Atomics.notify(control, wake);
  });
}
`;

/** The next task to run, or `undefined` when every task is handed out or one has failed. */
function takeTask(control: Int32Array, tasks: number): number | undefined {
  if (Atomics.load(control, ABORTED) !== 0) return undefined;
  const index = Atomics.add(control, NEXT, 1);
  return index < tasks ? index : undefined;
}

/**
 * The body of a pool's worker script: takes tasks until none is left (or one failed anywhere), runs each with
 * `task` and reports its result or error to the calling thread.
 */
export function serveTasks<D, R>(workerData: TaskWorkerData<D>, task: (index: number) => R): void {
  const { control, tasks, running, slot, port } = workerData;
  for (let index = takeTask(control, tasks); index !== undefined; index = takeTask(control, tasks)) {
    // Noted before the task runs, so that the calling thread can name it if this thread dies running it.
    Atomics.store(running, slot, index);
    let report: Report<R>;
    try {
      report = { index, result: task(index) };
    } catch (e) {
      Atomics.store(control, ABORTED, 1);
      const error = e instanceof Error ? e : new Error(String(e));
      report = { index, error: { name: error.name, message: error.message, stack: error.stack } };
    }
    port.postMessage(report);
    Atomics.store(running, slot, IDLE);
    Atomics.add(control, REPORTED, 1);
    Atomics.notify(control, REPORTED);
  }
  port.close();
}
