/** Where progress goes, and whether it is shown: only on a terminal, and only once a synthesis is slow. */
export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

/** A synthesis shorter than this prints no progress (~1 s: a wait users notice). */
export const PROGRESS_AFTER_MS = 1000;

/**
 * Reports phases on stderr once a synthesis has taken longer than {@link PROGRESS_AFTER_MS} and stderr is a
 * terminal: synthesis runs synchronously, so progress is printed as each phase starts, not by a timer.
 */
export class Progress {
  private readonly started: number;
  private shown = false;

  constructor(private readonly sink: ProgressSink, private readonly now: () => number = () => performance.now()) {
    this.started = now();
  }

  /** Called as a phase starts. */
  public phase(name: string): void {
    if (!this.sink.isTTY) return;
    const elapsed = this.now() - this.started;
    if (elapsed < PROGRESS_AFTER_MS) return;
    this.shown = true;
    this.sink.write(`cdk-fleet: ${name}… (${(elapsed / 1000).toFixed(1)} s)\n`);
  }

  /** Called at the end; says how long it took when progress was shown. */
  public done(): void {
    if (this.shown) this.sink.write(`cdk-fleet: done in ${((this.now() - this.started) / 1000).toFixed(1)} s\n`);
  }
}
