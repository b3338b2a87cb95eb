import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';

export interface PoolTestData {
  readonly taskMs: number;
  readonly failInWorker?: boolean;
  /** How a worker thread dies in the first task it runs: `process.exit(3)`, or its heap exhausted. */
  readonly dieInWorker?: 'exit' | 'out-of-memory';
  /** A folder where each task leaves `<index>.started` when it starts and `<index>.done` when it ends. */
  readonly marks?: string;
}

/** What a test task returns: its index and the thread that ran it (0: the calling thread). */
export interface PoolTestResult {
  readonly index: number;
  readonly thread: number;
}

export function poolTestTask(index: number, data: PoolTestData): PoolTestResult {
  if (data.marks) fs.writeFileSync(path.join(data.marks, `${index}.started`), '');
  const until = performance.now() + data.taskMs;
  while (performance.now() < until);
  if (data.marks) fs.writeFileSync(path.join(data.marks, `${index}.done`), '');
  return { index, thread: threadId };
}
