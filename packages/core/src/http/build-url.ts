/** Query values; `undefined` entries are left out, arrays are joined with commas. */
export type QueryParams = Record<string, string | number | boolean | string[] | undefined>;

/**
 * Joins the base URL, a path and a query. Credentials are never part of a URL (they
 * travel in headers), so the result is safe to show in errors and events.
 */
export function buildUrl(baseUrl: string, path: string, query: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const qs = search.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${qs === '' ? '' : `?${qs}`}`;
}
