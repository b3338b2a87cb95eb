import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Slots of the pool's shared control array. */
const NEXT = 0; // the next task index to hand out
const REPORTED = 1; // how many tasks the workers have reported: what the calling thread waits on
const ABORTED = 2; // 1 once a task failed: no more tasks are handed out

/**
 * How long the calling thread waits without a report before it gives up on the workers. A task here takes
 * seconds at most (the largest Terraform stack of 200 clusters x 100 apps, the global load balancer with its
 * 10,000 named ports: 3.3 s), so silence this long means a worker died in a way that cannot be observed from a
 * blocked thread (a worker's `exit` event needs the event loop, which a synchronous wait does not run).
 */
const STALL_MS = 10 * 60 * 1000;

/** What a pool's worker script gets as `workerData`. */
export interface TaskWorkerData<D> {
  readonly data: D;
  readonly tasks: number;
  readonly control: Int32Array;
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
 */
export class TaskPool<D, R> {
  /** Starts `props.workers` worker threads, which begin taking tasks as soon as they have loaded. */
  public static start<D, R>(props: TaskPoolProps<D>): TaskPool<D, R> {
    return new TaskPool<D, R>(props);
  }

  private readonly control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly workers: { readonly worker: Worker; readonly port: MessagePort }[] = [];
  private released = false;

  private constructor(private readonly props: TaskPoolProps<D>) {
    for (let i = 0; i < props.workers && i < props.tasks; i++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: TaskWorkerData<D> = { data: props.data, tasks: props.tasks, control: this.control, port: port2 };
      const worker = new Worker(props.script, { workerData, transferList: [port2] });
      // A worker's own failure to start is not the pool's: the calling thread takes its tasks.
      worker.on('error', () => undefined);
      worker.unref();
      this.workers.push({ worker, port: port1 });
    }
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
    } finally {
      this.release();
    }
  }

  /**
   * Runs `task` on the calling thread for every task no worker has taken, waits for the workers' tasks, and
   * returns every result by task index. The first failed task (by index) is thrown, after the tasks already
   * running have reported; no task starts after a failure. The workers are stopped either way.
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
      }
      this.awaitWorkers(ranHere, (report) => {
        if ('error' in report) errors.set(report.index, new TaskError(report.error));
        else results[report.index] = report.result;
      });
    } finally {
      this.release();
    }
    if (errors.size > 0) throw errors.get(Math.min(...errors.keys()));
    return results;
  }

  /** Reads the workers' reports until every task handed out is known, `ranHere` of them by the calling thread. */
  private awaitWorkers(ranHere: number, onReport: (report: Report<R>) => void): void {
    let known = ranHere;
    let lastReport = performance.now();
    for (;;) {
      // Read before draining: a report that lands in between changes the counter, and the wait returns at once.
      const reported = Atomics.load(this.control, REPORTED);
      for (const { port } of this.workers) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          onReport(m.message as Report<R>);
          known++;
          lastReport = performance.now();
        }
      }
      if (known >= Math.min(Atomics.load(this.control, NEXT), this.props.tasks)) return;
      const stallMs = this.props.stallMs ?? STALL_MS;
      if (performance.now() - lastReport > stallMs) throw new Error(`A worker thread reported nothing for ${stallMs / 1000} s: it stopped`);
      Atomics.wait(this.control, REPORTED, reported, 1000);
    }
  }

  private release(): void {
    this.released = true;
    for (const { worker, port } of this.workers) {
      port.close();
      void worker.terminate();
    }
  }
}

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
  const { control, tasks, port } = workerData;
  for (let index = takeTask(control, tasks); index !== undefined; index = takeTask(control, tasks)) {
    let report: Report<R>;
    try {
      report = { index, result: task(index) };
    } catch (e) {
      Atomics.store(control, ABORTED, 1);
      const error = e instanceof Error ? e : new Error(String(e));
      report = { index, error: { name: error.name, message: error.message, stack: error.stack } };
    }
    port.postMessage(report);
    Atomics.add(control, REPORTED, 1);
    Atomics.notify(control, REPORTED);
  }
  port.close();
}
