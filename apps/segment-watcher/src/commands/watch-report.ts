import { isDookiError } from '@clusterstream/core';
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes.js';
import { type CycleReport } from '../watcher/run-cycle.js';
import { type ClusterReport } from '../watcher/scan-and-commit.js';

/** One stderr line per cluster and cycle. */
export function describeCluster(report: ClusterReport): string {
  const head = `cluster ${report.clusterId}: scan #${report.scanNo}`;
  const cost = `${report.pages} pages, ${report.requests} requests`;
  if (report.outcome === 'incomplete') {
    return `${head} INCOMPLETE (${report.reason ?? 'unknown'}); nothing emitted, snapshot kept; ${cost}`;
  }
  const held = report.held > 0 ? `, ${report.held} held by the breaker (${report.breaker})` : '';
  return (
    `${head} ${report.outcome}: ${report.joins} joined, ${report.leaves} left, ${report.updates} updated, ` +
    `${report.pending} absent once (unconfirmed)${held}${report.breaker && report.held === 0 ? `; breaker tripped (${report.breaker})` : ''}; ${report.events} events; ${cost}`
  );
}

/** The most severe documented exit code that applies to a cycle. */
export function cycleExitCode(report: CycleReport): ExitCodeValue {
  const errors = report.clusters.map((cluster) => cluster.error);
  if (
    errors.some((e) => isDookiError(e, 'DOOKI_ERR_AUTH') || isDookiError(e, 'DOOKI_ERR_FORBIDDEN'))
  ) {
    return ExitCode.auth;
  }
  if (errors.some((e) => isDookiError(e, 'DOOKI_ERR_NOT_FOUND'))) return ExitCode.notFound;
  if (report.clusters.some((cluster) => cluster.outcome === 'incomplete'))
    return ExitCode.scanIncomplete;
  if (report.delivery.error) return ExitCode.deliveryFailed;
  if (report.clusters.some((cluster) => cluster.breaker !== null)) return ExitCode.changesHeld;
  return ExitCode.ok;
}
