import { type DookiClient } from '@clusterstream/core';
import { Observable } from 'rxjs';
import { type TruthRules } from '@clusterstream/core/membership';
import { type ClusterChange } from './events.js';
import { type DeliveryResult, type EventSink } from './sinks/sink.js';
import { type StateBackend } from './state/backend.js';
import { openBackend } from './state/open-backend.js';
import { SqliteBackend } from './state/sqlite/backend.js';
import { StateStore } from './state/sqlite/connection.js';
import { runCycle } from './watcher/run-cycle.js';
import { type ClusterReport } from './watcher/scan-and-commit.js';
import { StoreRunner } from './watcher/store-runner.js';

/** Options of {@link watchCluster}. */
export interface WatchClusterOptions extends Partial<TruthRules> {
  client: DookiClient;
  /** Store alias; part of every event id. */
  alias: string;
  /** One cluster id or several; they share the client's rate budget and the state file. */
  clusterId: number | readonly number[];
  /**
   * State file path (`':memory:'` for throwaway state), `postgres://…` URL, or an open
   * {@link StateBackend} / SQLite {@link StateStore}.
   */
  state: string | StateBackend | StateStore;
  /** Time between cycles; omit to run one cycle and complete. */
  intervalMs?: number;
  /** Emit `customer.joined` for every member of the first scan. Default false (silent baseline). */
  emitInitial?: boolean;
  /** Payload fields besides `id`. Default `['name', 'email']`. */
  payloadFields?: readonly string[];
  /** Fields whose change emits `customer.updated`. Default: no update events. */
  updateFields?: readonly string[];
  /** Allowed |unique ids − total| for a complete scan. Default 0. */
  totalTolerance?: number;
  /** Called after each cluster scan, complete or not: the place to alert on incomplete scans. */
  onReport?: (report: ClusterReport) => void;
}

/**
 * Watches clusters and emits `customer.joined` / `customer.left` (and opt-in `customer.updated`)
 * changes. Each cycle scans, commits snapshot + events to the state (SQLite or Postgres) in one
 * transaction, then emits from the outbox; an event counts as delivered once `next()` returned, so
 * after a crash it is emitted again with the same id. Errors only on authentication failures or a
 * broken state.
 *
 * @example
 * watchCluster({ client, alias: 'demo-store', clusterId: 7, state: './watch.db', intervalMs: 900_000 })
 *   .subscribe((change) => console.log(change.type, change.customer_id));
 */
export function watchCluster(options: WatchClusterOptions): Observable<ClusterChange> {
  return new Observable<ClusterChange>((subscriber) => {
    const controller = new AbortController();
    const sink: EventSink = {
      name: 'observable',
      deliver(events): Promise<DeliveryResult> {
        for (const [index, event] of events.entries()) {
          if (subscriber.closed) return Promise.resolve({ acknowledged: index });
          subscriber.next(JSON.parse(event.body) as ClusterChange);
        }
        return Promise.resolve({ acknowledged: events.length });
      },
    };
    const clusterIds =
      typeof options.clusterId === 'number' ? [options.clusterId] : options.clusterId;
    let opened: StateBackend | undefined;
    const loop = async (): Promise<void> => {
      const state = await stateOf(options.state, (backend) => (opened = backend));
      const runner = new StoreRunner({
        ...options,
        clusters: clusterIds,
        state,
        sinks: [sink],
        exclusion: 'leases',
      });
      do {
        await runCycle(runner, clusterIds, {
          signal: controller.signal,
          onReport: (report) => {
            options.onReport?.(report);
            if (runner.refused !== null) throw runner.refused as Error;
          },
        });
        if (options.intervalMs === undefined) break;
        await sleep(options.intervalMs, controller.signal);
      } while (!controller.signal.aborted);
    };
    const done = loop().then(
      () => subscriber.complete(),
      (error: unknown) => {
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );
    return () => {
      controller.abort();
      // The cycle in flight finishes its statements before the state it opened is closed.
      void done.finally(() => opened?.close());
    };
  });
}

/** An open backend as given, or the one `location` names (remembered, to be closed at the end). */
async function stateOf(
  state: WatchClusterOptions['state'],
  remember: (opened: StateBackend) => void,
): Promise<StateBackend> {
  if (typeof state !== 'string')
    return state instanceof StateStore ? new SqliteBackend(state) : state;
  const opened = await openBackend(state);
  remember(opened);
  return opened;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
