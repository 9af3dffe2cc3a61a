import type { Quirks } from './types.js';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

/** Parses `page` (from 1; garbage → 1) and `limit` (default 10, > 100 clamped, garbage → 10). */
export function parsePaging(query: URLSearchParams): { page: number; limit: number } {
  const page = positiveInt(query.get('page')) ?? 1;
  const limit = Math.min(MAX_LIMIT, positiveInt(query.get('limit')) ?? DEFAULT_LIMIT);
  return { page, limit };
}

function positiveInt(raw: string | null): number | undefined {
  if (raw === null || !/^\s*\+?\d+\s*$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 && Number.isSafeInteger(value) ? value : undefined;
}

/** Inputs of one paginated response's `meta.pagination`. */
export interface PageInfo {
  total: number;
  count: number;
  limit: number;
  page: number;
  /** Absolute URL of the listing without query, e.g. `http://127.0.0.1:1234/v2/a/customers/clusters`. */
  selfUrl: string;
}

/** `meta.pagination` as League\Fractal's ArraySerializer renders it, bent by the active quirks. */
export function paginationMeta(info: PageInfo, quirks: Quirks): Record<string, unknown> {
  const totalPages = Math.max(1, Math.ceil(info.total / info.limit));
  const num = quirks.numbersAsStrings ? String : (n: number): number => n;
  const meta: Record<string, unknown> = {
    total: num(info.total),
    count: num(info.count),
    per_page: num(info.limit),
    current_page: num(info.page),
    total_pages: num(totalPages),
  };
  const previous = info.page > 1 ? `${info.selfUrl}?page=${info.page - 1}` : undefined;
  const next = info.page < totalPages ? `${info.selfUrl}?page=${info.page + 1}` : undefined;
  switch (quirks.links) {
    case 'missing':
      break;
    case 'empty-string':
    case 'null': {
      const absent = quirks.links === 'null' ? null : '';
      meta.links = { previous: previous ?? absent, next: next ?? absent };
      break;
    }
    default: {
      const links: Record<string, string> = {};
      if (previous) links.previous = previous;
      if (next) links.next = next;
      // PHP serialises an empty array as `[]`; Fractal starts `links` as one.
      meta.links = quirks.links === 'fractal' && !previous && !next ? [] : links;
    }
  }
  return { pagination: meta };
}
