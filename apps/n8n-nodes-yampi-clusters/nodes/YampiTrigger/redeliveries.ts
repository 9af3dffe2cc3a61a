// The redelivery window: `dooki-watch` delivers at least once (a lost 2xx, a retry after a
// timeout, `dooki-watch replay`), always with the same `webhook-id`. The ids seen within the
// window live in the workflow's static data, which n8n stores in its database with the workflow
// and saves after each webhook call, before the answer goes out: the window survives restarts
// and redeploys of n8n (it is reset only when the node or the workflow is deleted).
import type { IDataObject } from 'n8n-workflow';

/** Most ids kept, whatever the window: bounds the static data (about 50 bytes per id). */
export const MAX_REMEMBERED_IDS = 20_000;

interface RedeliveryState {
  /** webhook-id → Unix seconds when it was first accepted. */
  seenAt: Record<string, number>;
}

function stateOf(staticData: IDataObject): RedeliveryState {
  const current = staticData.redeliveries as RedeliveryState | undefined;
  if (current && typeof current.seenAt === 'object' && current.seenAt !== null) return current;
  const fresh: RedeliveryState = { seenAt: {} };
  staticData.redeliveries = fresh;
  return fresh;
}

/**
 * Forgets ids older than the window, then the oldest beyond {@link MAX_REMEMBERED_IDS}. Linear
 * unless the cap is exceeded (only then are the ids sorted by age).
 */
function prune(state: RedeliveryState, nowSeconds: number, windowSeconds: number): void {
  let kept = Object.entries(state.seenAt).filter(
    ([, seenAt]) => nowSeconds - seenAt < windowSeconds,
  );
  if (kept.length > MAX_REMEMBERED_IDS) {
    kept = kept.sort(([, a], [, b]) => a - b).slice(-MAX_REMEMBERED_IDS);
  }
  state.seenAt = Object.fromEntries(kept);
}

/**
 * True when `webhookId` was accepted within the window (a redelivery: start nothing); otherwise
 * records it and returns false. Mutates `staticData` in place, as n8n expects.
 *
 * @example
 * if (isRedelivery(this.getWorkflowStaticData('node'), id, Date.now(), 24 * 3600)) return ack();
 */
export function isRedelivery(
  staticData: IDataObject,
  webhookId: string,
  nowMs: number,
  windowSeconds: number,
): boolean {
  const state = stateOf(staticData);
  const now = Math.floor(nowMs / 1000);
  const seenAt = state.seenAt[webhookId];
  if (Object.hasOwn(state.seenAt, webhookId) && now - Number(seenAt) < windowSeconds) return true;
  state.seenAt[webhookId] = now;
  prune(state, now, windowSeconds);
  return false;
}
