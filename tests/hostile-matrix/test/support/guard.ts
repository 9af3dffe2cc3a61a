/**
 * Stops a consumer that would otherwise run on against a hostile server (an endless page loop,
 * a day-long Retry-After before its fix): past `maxRequests`, or at the deadline, the signal
 * aborts with the reason, the cell records it, and its assertions fail on what was observed.
 * The deadline is a safety net, never an assertion: a passing cell ends long before it.
 */
export class Guard {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly maxRequests: number,
    deadlineMs: number,
  ) {
    this.timer = setTimeout(
      () => this.trip(`still running after ${deadlineMs / 1000}s`),
      deadlineMs,
    );
  }

  /** Aborts with a reason string once tripped. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the consumer was stopped, if it was. */
  get stopped(): string | undefined {
    return this.signal.aborted ? String(this.signal.reason) : undefined;
  }

  /** Hears the server's request count. */
  readonly onRequest = (count: number): void => {
    if (count > this.maxRequests) this.trip(`stopped after ${count} requests`);
  };

  dispose(): void {
    clearTimeout(this.timer);
  }

  private trip(reason: string): void {
    if (!this.signal.aborted) this.controller.abort(reason);
  }
}
