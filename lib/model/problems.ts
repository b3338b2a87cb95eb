/**
 * One thing wrong with a fleet declaration.
 */
export interface Problem {
  /** Where the value was declared, e.g. `clusters[2].name` or `apps.get-region.overrides.asia-east1.replicas`. */
  readonly path: string;
  /** What is wrong with the value, what is allowed and, where possible, how to fix it. */
  readonly message: string;
}

/**
 * Collects every problem of a declaration so they can be reported together, not one per run.
 */
export class Problems {
  private readonly list: Problem[] = [];
  private readonly seen = new Set<string>();

  /** Records a problem; the same problem found twice (e.g. once per cluster) is reported once. */
  public add(path: string, message: string): void {
    const key = `${path}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ path, message });
  }

  /** Adds `problem` unless `ok` holds; returns `ok` so callers can skip checks that depend on it. */
  public check(ok: boolean, path: string, message: string): boolean {
    if (!ok) this.add(path, message);
    return ok;
  }

  public get all(): readonly Problem[] {
    return this.list;
  }

  /** Throws a {@link FleetValidationError} naming every problem, if there is any. */
  public throwIfAny(): void {
    if (this.list.length > 0) throw new FleetValidationError(this.list);
  }
}

/**
 * Thrown before anything is written when a declaration has problems. Its message names all of them.
 */
export class FleetValidationError extends Error {
  /** Every problem of the declaration. */
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`Invalid fleet declaration (${count}), nothing was written:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'FleetValidationError';
    this.problems = problems;
  }
}

/** Quotes a value for an error message the way the user wrote it. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}
