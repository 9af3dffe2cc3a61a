import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_ALIAS,
  DEFAULT_CREDENTIALS,
  startMockApi,
  type Credentials,
  type FaultRule,
} from '@clusterstream/dooki-mock';
import {
  startHostileServer,
  type HostileBehaviour,
  type HostileTuning,
} from '@clusterstream/dooki-mock/hostile';

export const CLUSTER_ID = 1;
export const ALIAS = DEFAULT_ALIAS;
export const CREDENTIALS: Credentials = DEFAULT_CREDENTIALS;

/** Where a row's server comes from: a hostile server, or the simulator with faults. */
export type TargetSpec =
  | {
      kind: 'hostile';
      behaviour: HostileBehaviour;
      members?: number;
      tuning?: Partial<HostileTuning>;
    }
  | { kind: 'simulator'; members: number; faults: FaultRule[] };

/** The server one cell runs against, whichever kind it is. */
export interface Target {
  /** Base URL, ending in `/v2`. */
  readonly url: string;
  /** Requests that reached it so far. */
  requests(): number;
  /** Responses the client hung up on before their end (hostile servers only; else 0). */
  closedEarly(): number;
  /** What reached the origin a redirect points to (redirect row only). */
  otherOrigin(): { requests: number; withCredentials: number } | undefined;
  /** Member ids now, ascending: the ground truth. */
  members(): number[];
  /** Distinct ids served in `data` arrays so far (hostile servers only). */
  servedIds(): number | undefined;
  /**
   * Resolves once the server has seen every response end, sent or cut short (the client's
   * sockets close a little after its process exits), or after 2 s for one that never will.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a fresh server for one cell; `onRequest` hears the running request count. */
export async function startTarget(
  spec: TargetSpec,
  onRequest: (count: number) => void,
): Promise<Target> {
  if (spec.kind === 'simulator') {
    // No rate limit: no X-RateLimit-* and no Retry-After, so a 429 fault is a bare 429.
    const api = await startMockApi({
      clusters: [{ id: CLUSTER_ID, size: spec.members }],
      rateLimit: false,
      faults: spec.faults,
    });
    return {
      url: api.url,
      requests: () => api.requests.length,
      closedEarly: () => 0,
      otherOrigin: () => undefined,
      members: () => api.control.members(CLUSTER_ID),
      servedIds: () => undefined,
      settled: () => Promise.resolve(),
      close: () => api.close(),
    };
  }
  const server = await startHostileServer({
    behaviour: spec.behaviour,
    clusterId: CLUSTER_ID,
    ...(spec.members === undefined ? {} : { members: spec.members }),
    ...(spec.tuning === undefined ? {} : { tuning: spec.tuning }),
    onRequest: (_request, count) => onRequest(count),
  });
  return {
    url: server.url,
    requests: () => server.requests.length,
    closedEarly: () => server.requests.filter((request) => request.closedEarly).length,
    otherOrigin: () => {
      const other = server.otherOrigin;
      if (other === undefined) return undefined;
      const withCredentials = other.requests.filter(
        (request) =>
          request.headers['user-token'] !== undefined ||
          request.headers['user-secret-key'] !== undefined,
      ).length;
      return { requests: other.requests.length, withCredentials };
    },
    members: () => server.members(),
    servedIds: () => server.servedIds.size,
    settled: async () => {
      const giveUpAt = Date.now() + 2_000;
      const open = () =>
        server.requests.some((request) => !request.finished && !request.closedEarly);
      while (open() && Date.now() < giveUpAt) await sleep(5);
    },
    close: () => server.close(),
  };
}
