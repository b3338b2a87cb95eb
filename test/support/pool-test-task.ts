import { threadId } from 'node:worker_threads';

export interface PoolTestData {
  readonly taskMs: number;
  readonly failInWorker?: boolean;
}

/** What a test task returns: its index and the thread that ran it (0: the calling thread). */
export interface PoolTestResult {
  readonly index: number;
  readonly thread: number;
}

export function poolTestTask(index: number, data: PoolTestData): PoolTestResult {
  const until = performance.now() + data.taskMs;
  while (performance.now() < until);
  return { index, thread: threadId };
}
