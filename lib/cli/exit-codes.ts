/**
 * The CLI's exit codes (documented in the README and docs/operations.md; CI scripts branch on them).
 */
export const ExitCode = {
  /** Done; for `diff`: the output is up to date. */
  OK: 0,
  /** `diff` only: a synthesis would change the output (the committed `dist/` is not current). */
  CHANGES: 1,
  /** The declaration has problems; each is printed, numbered. Nothing was written. */
  INVALID: 2,
  /** The change removes a cluster or app whose Terraform stack may still hold resources; nothing was written. */
  REFUSED: 3,
  /** The command line is wrong, or the fleet program cannot be found or loaded. */
  USAGE: 4,
  /** Synthesis failed for another reason (the message says which); nothing was written. */
  FAILED: 5,
} as const;
