import type { Writable } from 'node:stream';
import { describeWait, formatDuration, LONG_WAIT_MS, type DookiEvent } from '@clusterstream/core';
import type { ExportProgress } from './export-cluster-csv.js';

/** Receives the client's events and the exporter's progress, and draws them on stderr. */
export interface ProgressReporter {
  onEvent(event: DookiEvent): void;
  onProgress(progress: ExportProgress): void;
  /** Removes the live line (TTY) before the summary or an error is printed. */
  stop(): void;
}

export type ProgressMode = 'auto' | 'always' | 'never';

const TTY_INTERVAL_MS = 100;
const LINE_INTERVAL_MS = 2_000;

/**
 * A progress display: one redrawn line on a terminal, a line every few
 * seconds with `always` on a pipe, nothing with `never` (or `auto` off a TTY).
 * Shows rows / total, pages, rate, ETA, and the current wait for a rate limit
 * or retry, so a slow export never looks hung.
 */
export const createProgressReporter = (
  stderr: Writable & { isTTY?: boolean },
  mode: ProgressMode,
  now: () => number = Date.now,
): ProgressReporter => {
  const tty = stderr.isTTY === true;
  if (mode === 'never') {
    return { onEvent: () => undefined, onProgress: () => undefined, stop: () => undefined };
  }
  if (mode === 'auto' && !tty) {
    // No live display off a terminal, but a long wait must never look like a hang.
    return {
      onEvent: (event) => {
        const announced = describeWait(event);
        if (announced !== null && announced.delayMs >= LONG_WAIT_MS)
          stderr.write(`dooki-csv: ${announced.text}\n`);
      },
      onProgress: () => undefined,
      stop: () => undefined,
    };
  }
  const startedAt = now();
  let latest: ExportProgress | undefined;
  let wait: string | null = null;
  let drawnAt = 0;
  let drawn = false;

  const render = (): string => {
    if (latest === undefined) return wait ?? 'starting';
    const { rows, expectedRows, pages, clusterId, clusterIndex, clusterCount } = latest;
    const elapsed = Math.max(1, now() - startedAt);
    const rate = (rows * 1000) / elapsed;
    const parts = [
      clusterCount > 1
        ? `cluster ${clusterId} (${clusterIndex + 1}/${clusterCount})`
        : `cluster ${clusterId}`,
      expectedRows === null ? `${rows} rows` : `${rows}/${expectedRows} rows`,
      `${pages} pages`,
      `${Math.round(rate)} rows/s`,
    ];
    const { firstTotal, lastTotal } = latest;
    if (firstTotal !== null && lastTotal !== null && firstTotal !== lastTotal) {
      parts.push(`total moved ${firstTotal} → ${lastTotal}`);
    }
    if (expectedRows !== null && rate > 0 && clusterCount === 1) {
      parts.push(`ETA ${formatDuration(((expectedRows - rows) / rate) * 1000)}`);
    }
    if (wait !== null) parts.push(wait);
    return parts.join(' · ');
  };

  const draw = (force: boolean): void => {
    const at = now();
    if (!force && at - drawnAt < (tty ? TTY_INTERVAL_MS : LINE_INTERVAL_MS)) return;
    drawnAt = at;
    drawn = true;
    stderr.write(tty ? `\r\x1b[2K${render()}` : `dooki-csv: ${render()}\n`);
  };

  return {
    onEvent: (event) => {
      const announced = describeWait(event);
      if (announced !== null) {
        wait = announced.text;
        // A wait is news: redraw the live line now; on a pipe only when it is a long one.
        draw(tty || announced.delayMs >= LONG_WAIT_MS);
      } else if (event.type === 'response') {
        wait = null;
      }
    },
    onProgress: (progress) => {
      latest = progress;
      draw(false);
    },
    stop: () => {
      if (tty && drawn) stderr.write('\r\x1b[2K');
    },
  };
};
