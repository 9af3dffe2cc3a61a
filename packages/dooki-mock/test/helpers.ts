import { DEFAULT_ALIAS, DEFAULT_CREDENTIALS, type MockApi } from '../src/index.js';

export const AUTH = {
  'User-Token': DEFAULT_CREDENTIALS.userToken,
  'User-Secret-Key': DEFAULT_CREDENTIALS.userSecretKey,
};

/** A parsed response: status, headers and the raw body text. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Wire JSON, probed by assertions (the lint config allows member access on it in tests).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Ids of the items in a list response. */
export const idsOf = (reply: Reply): number[] =>
  (reply.json.data as { id: number }[]).map((item) => item.id);

/** GET (or another method) `path` below the API base URL with the default credentials. */
export async function call(
  api: MockApi,
  path: string,
  init: { headers?: Record<string, string>; method?: string; signal?: AbortSignal } = {},
): Promise<Reply> {
  const res = await fetch(`${api.url}${path}`, {
    method: init.method ?? 'GET',
    headers: init.headers ?? AUTH,
    signal: init.signal,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Path of a cluster's customers page on the default store. */
export const customersPath = (clusterId: number, query = ''): string =>
  `/${DEFAULT_ALIAS}/customers/clusters/${clusterId}/customers${query ? `?${query}` : ''}`;

/** Every member id of a cluster, paging through the API with skipCache. */
export async function scanIds(api: MockApi, clusterId: number, limit = 100): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const reply = await call(
      api,
      customersPath(clusterId, `page=${page}&limit=${limit}&skipCache=true`),
    );
    if (reply.status !== 200) throw new Error(`page ${page}: HTTP ${reply.status}`);
    ids.push(...(reply.json.data as { id: number }[]).map((c) => c.id));
    if (page >= Number(reply.json.meta.pagination.total_pages)) return ids;
  }
}
