import { isAuthFailure } from '../watcher/auth-failure.js';
import { isDookiError } from '@clusterstream/core';
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes.js';
import { WebhookDisabledError } from '../webhooks/webhook-sink.js';
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

/**
 * The stderr line about a cycle's delivery when something is left in the outbox: how many events
 * (of this run, older), why, and what to do; null when everything went out.
 */
export function describeDelivery(delivery: CycleReport['delivery']): string | null {
  const { pending, pendingThisRun, error, busy } = delivery;
  const waiting = `${pending} event(s) stay in the outbox (${pendingThisRun} from this run, ${pending - pendingThisRun} older)`;
  if (error) {
    const next =
      error instanceof WebhookDisabledError
        ? 'once the receiver accepts events again, run dooki-watch with --reenable-webhook'
        : 'make the destination accept events (see the error), then run dooki-watch again; `dooki-watch status` shows what is pending';
    return `delivery failed: ${error.message}\n${waiting} and go out again, same ids, on the next run; next step: ${next}`;
  }
  if (busy !== undefined && pending > 0) {
    return `delivery: another dooki-watch (${busy}) is delivering this state file's outbox, so this one sent nothing; it also sends the ${pending} pending event(s) (${pendingThisRun} from this run), and if it fails they wait for the next run`;
  }
  return null;
}

/** The most severe documented exit code that applies to a cycle. */
export function cycleExitCode(report: CycleReport): ExitCodeValue {
  const errors = report.clusters.map((cluster) => cluster.error);
  if (errors.some(isAuthFailure)) return ExitCode.auth;
  if (errors.some((e) => isDookiError(e, 'DOOKI_ERR_NOT_FOUND'))) return ExitCode.notFound;
  // A redirect is a misconfigured --base-url (never followed: the credentials stay home).
  if (errors.some((e) => isDookiError(e, 'DOOKI_ERR_REDIRECT'))) return ExitCode.redirect;
  if (report.clusters.some((cluster) => cluster.outcome === 'incomplete'))
    return ExitCode.scanIncomplete;
  if (report.delivery.error) return ExitCode.deliveryFailed;
  if (report.clusters.some((cluster) => cluster.breaker !== null)) return ExitCode.changesHeld;
  return ExitCode.ok;
}
