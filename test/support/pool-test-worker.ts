/*
 * A task-pool worker for the tests: task `i` returns `{ index, thread }` after busy-waiting `taskMs`, or, with
 * `failInWorker`, throws at the first task this worker runs.
 */
import { isMainThread, threadId, workerData } from 'node:worker_threads';
import { serveTasks, type TaskWorkerData } from '../../lib/parallel/task-pool';
import { poolTestTask, type PoolTestData } from './pool-test-task';

// The test runner also loads every file under build/test/ on its own; there it is no worker and does nothing.
if (!isMainThread) {
  const pool = workerData as TaskWorkerData<PoolTestData>;
  serveTasks(pool, (index) => {
    if (pool.data.failInWorker) throw new Error(`task ${index} failed in worker thread ${threadId}`);
    return poolTestTask(index, pool.data);
  });
}
