/*
 * A task-pool worker for the tests: task `i` returns `{ index, thread }` after busy-waiting `taskMs`, or, with
 * `failInWorker`, throws at the first task this worker runs; with `dieInWorker`, the thread dies in it.
 */
import { isMainThread, threadId, workerData } from 'node:worker_threads';
import { serveTasks, type TaskWorkerData } from '../../lib/terraform/engine/task-pool';
import { poolTestTask, type PoolTestData } from './pool-test-task';

// The test runner also loads every file under build/test/ on its own; there it is no worker and does nothing.
if (!isMainThread) {
  const pool = workerData as TaskWorkerData<PoolTestData>;
  serveTasks(pool, (index) => {
    if (pool.data.failInWorker) throw new Error(`task ${index} failed in worker thread ${threadId}`);
    if (pool.data.dieInWorker === 'exit') process.exit(3);
    if (pool.data.dieInWorker === 'out-of-memory') {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array(100_000).fill(index));
    }
    return poolTestTask(index, pool.data);
  });
}
