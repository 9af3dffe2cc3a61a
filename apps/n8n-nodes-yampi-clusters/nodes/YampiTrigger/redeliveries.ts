// The redelivery window: `dooki-watch` delivers at least once (a lost 2xx, a retry after a
// timeout, `dooki-watch replay`), always with the same `webhook-id`. The ids seen within the
// window live in the workflow's static data, which n8n stores in its database with the workflow
// and saves after each webhook call, before the answer goes out: the window survives restarts
// and redeploys of n8n (it is reset only when the node or the workflow is deleted).
import type { IDataObject } from 'n8n-workflow';

/** Most ids kept, whatever the window: bounds the static data (about 50 bytes per id). */
export const MAX_REMEMBERED_IDS = 20_000;

/** webhook-id → Unix seconds when it was first accepted. */
type SeenAt = Record<string, number>;

function seenAtOf(staticData: IDataObject): SeenAt {
  const stored = (staticData.redeliveries as { seenAt?: unknown } | undefined)?.seenAt;
  return typeof stored === 'object' && stored !== null ? { ...(stored as SeenAt) } : {};
}

/**
 * Ids younger than the window, at most the newest {@link MAX_REMEMBERED_IDS}. Linear unless the
 * cap is exceeded (only then are the ids sorted by age).
 */
function pruned(seenAt: SeenAt, nowSeconds: number, windowSeconds: number): SeenAt {
  let kept = Object.entries(seenAt).filter(([, at]) => nowSeconds - at < windowSeconds);
  if (kept.length > MAX_REMEMBERED_IDS) {
    kept = kept.sort(([, a], [, b]) => a - b).slice(-MAX_REMEMBERED_IDS);
  }
  return Object.fromEntries(kept);
}

/**
 * True when `webhookId` was accepted within the window (a redelivery: start nothing); otherwise
 * records it and returns false. The record is written by assigning the node's static data key
 * itself: n8n saves static data only when it saw a change, and not every n8n version notices a
 * change made deeper inside (n8n 2.41 did not).
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
  const now = Math.floor(nowMs / 1000);
  const seenAt = seenAtOf(staticData);
  if (Object.hasOwn(seenAt, webhookId) && now - seenAt[webhookId]! < windowSeconds) return true;
  seenAt[webhookId] = now;
  staticData.redeliveries = { seenAt: pruned(seenAt, now, windowSeconds) };
  return false;
}
