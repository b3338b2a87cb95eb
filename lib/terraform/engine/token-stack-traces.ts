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
  const outer = builtIn;
  builtIn = outer ?? capture;
  Error.captureStackTrace = function captureErrorsOnly(target: object, below?: Function): void {
    if (target instanceof Error) capture(target, below);
  };
  try {
    return work();
  } finally {
    Error.captureStackTrace = capture;
    builtIn = outer;
  }
}

/** `Error.captureStackTrace` as {@link withoutTokenStackTraces} found it, while it is replaced. */
let builtIn: typeof Error.captureStackTrace | undefined;

/**
 * Runs `work` with `Error.captureStackTrace` as the process had it, also within {@link withoutTokenStackTraces}: for
 * the caller's own code (an `extend` escape hatch), which then runs with nothing process-wide changed, and whose
 * tokens keep their stack traces for cdktf's messages.
 */
export function withBuiltInStackTraces<T>(work: () => T): T {
  const capture = builtIn;
  if (capture === undefined) return work();
  const replaced = Error.captureStackTrace;
  Error.captureStackTrace = capture;
  try {
    return work();
  } finally {
    Error.captureStackTrace = replaced;
  }
}

/** Runs `work` with cdktf's token stack traces as `TerraformOptions.tokenStackTraces` says: off unless `keep`. */
export function withTokenStackTraces<T>(keep: boolean, work: () => T): T {
  return keep ? work() : withoutTokenStackTraces(work);
}
