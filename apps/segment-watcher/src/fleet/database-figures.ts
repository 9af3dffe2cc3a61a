/** Outbox figures of one store, read from the database at scrape time. */
export interface OutboxFigures {
  store: string;
  depth: number;
  /** Age of the oldest undelivered event, in seconds; 0 when the outbox is empty. */
  oldestAgeSeconds: number;
}

/** What the shared database says at scrape time: the fleet's outbox and quarantine. */
export interface DatabaseFigures {
  outbox: readonly OutboxFigures[];
  /** Aliases of the quarantined stores. */
  quarantined: readonly string[];
}

/**
 * Longer than a healthy read ever takes, well inside Prometheus's default 10 s scrape timeout:
 * the scrape must answer, with or without the database.
 */
const DEFAULT_TIMEOUT_MS = 3_000;

/**
 * Reads the database figures for a scrape, never failing it: a read that fails or outlasts the
 * timeout yields null and is reported once (`onError`). A scrape shares the read of a scrape
 * still waiting, and a read that outlived its scrape is shared by the next one, so a database
 * that hangs is not asked again by every scrape (the pool waits out an unreachable database).
 */
export class DatabaseFiguresReader {
  private inFlight: Promise<DatabaseFigures | null> | undefined;
  private scrape: Promise<DatabaseFigures | null> | undefined;

  constructor(
    private readonly readDatabase: () => Promise<DatabaseFigures | null>,
    private readonly onError: (error: unknown) => void,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  read(): Promise<DatabaseFigures | null> {
    return (this.scrape ??= this.readOnce().finally(() => {
      this.scrape = undefined;
    }));
  }

  private async readOnce(): Promise<DatabaseFigures | null> {
    const started = (this.inFlight ??= this.readDatabase().finally(() => {
      this.inFlight = undefined;
    }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer in ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([started, timeout]);
    } catch (error) {
      this.onError(error);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
