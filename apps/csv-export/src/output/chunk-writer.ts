import { finished, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The export's side of a destination: one awaited write per chunk, so whoever awaits
 * `write` goes exactly as fast as the destination takes the bytes.
 */
export interface ChunkWriter {
  /**
   * Resolves once the destination accepted the chunk: `write()` returned true, or
   * `'drain'` fired. Rejects with the destination's error if it fails or closes first,
   * or with the abort reason when `signal` aborts first (Ctrl-C with a stalled reader).
   */
  write(chunk: string): Promise<void>;
  /** Ends the destination (unless it is caller-owned) and resolves once it is finished. */
  end(): Promise<void>;
  /**
   * After a failure: stops watching a caller's stream, so it keeps no listener of ours. A
   * stream the export owns stays watched: when it is destroyed with a write still in flight,
   * that write's late error must meet a listener, not crash the process.
   */
  release(): void;
  /** Aborted, with the destination's error as reason, when any stage fails or closes early. */
  readonly failed: AbortSignal;
}

const reasonOf = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));

/**
 * Wraps the stages of a destination (`gzip?`, then the sink) for awaited writes into the
 * first one. Between stages Node's `pipeline` carries backpressure and errors; any failure,
 * even while no write is pending (say, while a request is in flight), aborts `failed`.
 * With `end: false` the last stage (a caller's stream) is never ended.
 */
export const openChunkWriter = (
  stages: readonly Writable[],
  options: { end: boolean; signal?: AbortSignal | undefined },
): ChunkWriter => {
  const [head, ...rest] = stages;
  if (head === undefined) throw new TypeError('a destination needs at least one stage');
  const failure = new AbortController();
  const fail = (error: unknown): void => {
    if (!failure.signal.aborted) failure.abort(error);
  };

  let settled: Promise<void>;
  let stopWatching = (): void => undefined;
  if (rest.length > 0) {
    settled = pipeline([head, ...rest], { end: options.end });
  } else {
    // A lone sink: `finished` reports its error or an early close (e.g. EPIPE on stdout).
    settled = new Promise((resolve, reject) => {
      stopWatching = finished(head, { readable: false }, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }
  settled.catch(fail);

  const stop = options.signal === undefined ? [failure.signal] : [failure.signal, options.signal];
  const write = (chunk: string): Promise<void> => {
    const stopped = stop.find((signal) => signal.aborted);
    if (stopped !== undefined) return Promise.reject(reasonOf(stopped));
    if (head.write(chunk)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        head.off('drain', onDrain);
        for (const signal of stop) signal.removeEventListener('abort', onStop);
      };
      const onDrain = (): void => {
        settle();
        resolve();
      };
      const onStop = (event: Event): void => {
        settle();
        reject(reasonOf(event.target as AbortSignal));
      };
      head.once('drain', onDrain);
      for (const signal of stop) signal.addEventListener('abort', onStop, { once: true });
    });
  };

  const end = async (): Promise<void> => {
    if (failure.signal.aborted) throw reasonOf(failure.signal);
    if (rest.length === 0 && !options.end) {
      // A caller's stream, written directly: it stays open, and every chunk was accepted.
      stopWatching();
      return;
    }
    head.end();
    await settled;
  };

  const release = (): void => {
    if (!options.end) stopWatching();
  };
  return { write, end, release, failed: failure.signal };
};
