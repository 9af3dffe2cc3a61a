// The redelivery window: `dooki-watch` delivers at least once (a lost 2xx, a retry after a
// timeout, `dooki-watch replay`), always with the same `webhook-id`. The ids seen within the
// window are kept twice:
// - in this process's memory, per workflow and node, which every n8n version sees at once;
// - in the workflow's static data, which n8n stores in its database with the workflow, so the
//   window outlives a restart. n8n saves static data after a webhook call only if no execution
//   started in between: n8n 2.8 saves before it starts the execution, n8n 2.41 starts it first
//   (which clears the "changed" mark) and so drops what the call recorded. Every call therefore
//   writes the whole window, memory included: a call that starts nothing (a redelivery, a
//   filtered or refused request) persists the ids that calls before it could not.
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

/** Per `<workflow id>/<node name>`: the window as this process last wrote it. */
const inMemory = new Map<string, SeenAt>();

/**
 * True when `webhookId` was accepted within the window (a redelivery: start nothing); otherwise
 * records it and returns false. `key` names the trigger (`<workflow id>/<node name>`). Writes the
 * window by assigning the node's static data key itself, which n8n notices as a change.
 *
 * @example
 * if (isRedelivery(this.getWorkflowStaticData('node'), key, id, Date.now(), 24 * 3600)) return ack();
 */
export function isRedelivery(
  staticData: IDataObject,
  key: string,
  webhookId: string,
  nowMs: number,
  windowSeconds: number,
): boolean {
  const now = Math.floor(nowMs / 1000);
  const seenAt = { ...seenAtOf(staticData), ...inMemory.get(key) };
  const seen = Object.hasOwn(seenAt, webhookId) && now - seenAt[webhookId]! < windowSeconds;
  if (!seen) seenAt[webhookId] = now;
  const kept = pruned(seenAt, now, windowSeconds);
  inMemory.set(key, kept);
  staticData.redeliveries = { seenAt: { ...kept } };
  return seen;
}
