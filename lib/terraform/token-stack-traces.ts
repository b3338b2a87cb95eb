/**
 * Runs `work` without the stack traces cdktf captures when it creates a token.
 *
 * Why: cdktf records where every token (every attribute reference, every lazy value) was created, with a full,
 * formatted stack trace (`captureStackTrace` in cdktf/lib/tokens/private/stack-trace.js, on a plain object, with
 * `Error.stackTraceLimit` raised to the maximum). The trace only serves cdktf's message when a token cannot be
 * resolved, yet it was ~40% of the time spent building stacks (6,000 GCP resources: 2.27 s to build with the
 * traces, 0.09 s without; measured with bench/, see the README). cdktf has no option to turn it off.
 *
 * How: for the duration of `work`, `Error.captureStackTrace` skips targets that are not `Error`s, which is how
 * cdktf calls it; every real error still gets its stack. The built-in is restored afterwards, also when `work`
 * throws. The output does not change (tests compare both ways).
 */
export function withoutTokenStackTraces<T>(work: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = function captureErrorsOnly(target: object, below?: Function): void {
    if (target instanceof Error) capture(target, below);
  };
  try {
    return work();
  } finally {
    Error.captureStackTrace = capture;
  }
}

/** Runs `work` with cdktf's token stack traces as `TerraformOptions.tokenStackTraces` says: off unless `keep`. */
export function withTokenStackTraces<T>(keep: boolean, work: () => T): T {
  return keep ? work() : withoutTokenStackTraces(work);
}
