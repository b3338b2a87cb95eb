/** Blocks the thread for `ms` (tests of synchronous code that waits on other threads). */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Blocks until `condition` holds or `timeoutMs` has passed; the caller's assertions then say which. */
export function waitUntil(condition: () => boolean, timeoutMs = 30_000): void {
  const until = performance.now() + timeoutMs;
  while (!condition() && performance.now() < until) sleep(10);
}
