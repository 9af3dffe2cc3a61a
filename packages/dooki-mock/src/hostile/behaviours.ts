import type { CustomerContext } from '../customer-types.js';
import { errorBody } from '../routes.js';
import { customersPageJson, type PageShape } from './page-body.js';

/**
 * Misbehaviours the simulator's fault kinds cannot fake: a redirect, lying page contents and
 * meta, bodies too big or too slow, a 429 asking for a day, HTML. (A truncated body and a 429
 * storm are simulator faults: `truncate`, and `status` 429 with `rateLimit: false`.)
 * `total-shrinking` is here rather than a `drift` fault because `drift` picks its leavers at
 * random, while this one removes members that were already served, so the shifted pages skip
 * as many current members as the scan got former ones.
 */
export const HOSTILE_BEHAVIOURS = [
  'control',
  'redirect-other-origin',
  'empty-page-mid-stream',
  'short-page',
  'duplicates-across-pages',
  'page-ignored',
  'growing-total-pages',
  'total-shrinking',
  'huge-body',
  'slow-body',
  'retry-after-huge',
  'html-200',
] as const;

export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

/** Figures a behaviour uses; every one has a default (see {@link DEFAULT_TUNING}). */
export interface HostileTuning {
  /** Page that comes back empty (`empty-page-mid-stream`). Default 3. */
  emptyPage: number;
  /** Page that comes back with half its members (`short-page`). Default 2. */
  shortPage: number;
  /** Ids each page from page 2 repeats from the page before (`duplicates-across-pages`). Default 10. */
  duplicatesPerPage: number;
  /** Members of page 1 removed once it is served (`total-shrinking`). Default 5. */
  shrinkBy: number;
  /**
   * Which scan shrinks (`total-shrinking`), counting the requests for page 1: 2 lets a first
   * scan see the cluster whole. Default 1.
   */
  shrinkOnScan: number;
  /** Padding bytes in the page (`huge-body`). Default 50 MiB. */
  hugeBodyBytes: number;
  /** One byte every this many ms, forever (`slow-body`). Default 100. */
  trickleIntervalMs: number;
  /** `Retry-After` value in seconds (`retry-after-huge`). Default 86 400 (a day). */
  retryAfterSeconds: number;
}

export const DEFAULT_TUNING: Readonly<HostileTuning> = Object.freeze({
  emptyPage: 3,
  shortPage: 2,
  duplicatesPerPage: 10,
  shrinkBy: 5,
  shrinkOnScan: 1,
  hugeBodyBytes: 50 * 1024 * 1024,
  trickleIntervalMs: 100,
  retryAfterSeconds: 86_400,
});

/** The world a behaviour serves from. */
export interface Scene {
  readonly context: CustomerContext;
  readonly clusterId: number;
  /** Current members, ascending. `total-shrinking` removes some as it serves. */
  members: number[];
  /** Times page 1 was served: scans begun so far. */
  scans: number;
  /** Every id put in a `data` array so far. */
  readonly served: Set<number>;
  readonly tuning: Readonly<HostileTuning>;
}

/** One authenticated request to the cluster-customers route. */
export interface PageRequest {
  page: number;
  limit: number;
  /** Listing URL without query, for `links`. */
  selfUrl: string;
}

/** What the server writes back. */
export type Reply =
  | { kind: 'body'; status: number; body: string; headers?: Record<string, string> }
  /** `head`, then `padBytes` of padding, then `tail`: a valid page, only enormous. */
  | { kind: 'huge'; head: string; padBytes: number; tail: string }
  /** 200 and `head` at once, then a byte every `intervalMs`, never ending. */
  | { kind: 'trickle'; head: string; intervalMs: number };

export const jsonReply = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Reply => ({
  kind: 'body',
  status,
  body,
  headers: { 'Content-Type': 'application/json', ...headers },
});

/** A page as the real API would build it, except for what `shape` overrides. */
function page(scene: Scene, request: PageRequest, shape: Partial<PageShape> = {}): string {
  const offset = (request.page - 1) * request.limit;
  const full: PageShape = {
    ids: scene.members.slice(offset, offset + request.limit),
    total: scene.members.length,
    page: request.page,
    limit: request.limit,
    selfUrl: request.selfUrl,
    ...shape,
  };
  for (const id of full.ids) scene.served.add(id);
  return customersPageJson(scene.context, scene.clusterId, full);
}

/** Members from `offset`, one page's worth. */
const slice = (scene: Scene, offset: number, limit: number): number[] =>
  scene.members.slice(Math.max(0, offset), Math.max(0, offset) + limit);

const HTML = `<!DOCTYPE html>
<html lang="en"><head><title>Just a moment...</title></head>
<body><h1>Checking your browser before accessing api.dooki.com.br</h1></body></html>
`;

/** How each behaviour answers an authenticated cluster-customers request. */
export const BEHAVIOURS: Record<
  Exclude<HostileBehaviour, 'redirect-other-origin'>,
  (scene: Scene, request: PageRequest) => Reply
> = {
  control: (scene, request) => jsonReply(200, page(scene, request)),

  'empty-page-mid-stream': (scene, request) =>
    jsonReply(
      200,
      page(scene, request, request.page === scene.tuning.emptyPage ? { ids: [] } : {}),
    ),

  'short-page': (scene, request) => {
    if (request.page !== scene.tuning.shortPage) return jsonReply(200, page(scene, request));
    const offset = (request.page - 1) * request.limit;
    const ids = slice(scene, offset, Math.ceil(request.limit / 2));
    return jsonReply(200, page(scene, request, { ids }));
  },

  'duplicates-across-pages': (scene, request) => {
    if (request.page === 1) return jsonReply(200, page(scene, request));
    // Starts a little before where it should: the tail of the previous page comes back, and as
    // many members at the end of this page's share are never served.
    const offset = (request.page - 1) * request.limit - scene.tuning.duplicatesPerPage;
    return jsonReply(200, page(scene, request, { ids: slice(scene, offset, request.limit) }));
  },

  'page-ignored': (scene, request) =>
    jsonReply(200, page(scene, request, { ids: slice(scene, 0, request.limit) })),

  'growing-total-pages': (scene, request) => {
    const honestPages = Math.max(1, Math.ceil(scene.members.length / request.limit));
    if (request.page < honestPages) return jsonReply(200, page(scene, request));
    // From the last honest page on: always one more page to come, filled with ids already seen.
    const seen = ((request.page - 1) % honestPages) * request.limit;
    const total = (request.page + 1) * request.limit;
    return jsonReply(200, page(scene, request, { ids: slice(scene, seen, request.limit), total }));
  },

  'total-shrinking': (scene, request) => {
    const body = page(scene, request);
    if (request.page === 1 && ++scene.scans === scene.tuning.shrinkOnScan) {
      // Members served on page 1 leave before page 2 is asked for: every later page shifts,
      // so as many current members are skipped as former ones were served.
      scene.members = scene.members.slice(scene.tuning.shrinkBy);
    }
    return jsonReply(200, body);
  },

  'huge-body': (scene, request) => ({
    kind: 'huge',
    head: '{"padding":"',
    padBytes: scene.tuning.hugeBodyBytes,
    tail: `",${page(scene, request).slice(1)}`,
  }),

  'slow-body': (scene) => ({
    kind: 'trickle',
    head: '{"data":[',
    intervalMs: scene.tuning.trickleIntervalMs,
  }),

  'retry-after-huge': (scene) =>
    jsonReply(429, errorBody(429), { 'Retry-After': String(scene.tuning.retryAfterSeconds) }),

  'html-200': () => ({
    kind: 'body',
    status: 200,
    body: HTML,
    headers: { 'Content-Type': 'text/html; charset=UTF-8' },
  }),
};
