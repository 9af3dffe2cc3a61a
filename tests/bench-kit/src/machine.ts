import { cpus, loadavg } from 'node:os';

/** 1, 5 and 15 minute load averages, e.g. `1.84 1.52 1.20`. */
export const loadAverage = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/**
 * What the figures depend on, printed above every table: ratios from a loaded 2-core machine
 * and from an idle laptop are not comparable.
 */
export function machineLine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `node ${process.version} | ${list.length} CPUs (${model}) | load average ${loadAverage()} (1/5/15 min)`;
}
