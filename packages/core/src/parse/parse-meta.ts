import { DookiBadPageError } from '../errors/error-tree.js';
import type { DookiErrorDetails } from '../errors/dooki-error.js';

/** `meta.pagination` of a list response, normalized: numbers are numbers, links are optional strings. */
export interface PaginationMeta {
  total: number;
  count: number;
  perPage: number;
  currentPage: number;
  totalPages: number;
  links: { next?: string; previous?: string };
}

const NUMERIC_STRING = /^\d{1,15}$/;

function toCount(value: unknown, field: string, context: DookiErrorDetails): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && NUMERIC_STRING.test(value)) return Number(value);
  throw new DookiBadPageError(
    `meta.pagination.${field} must be a non-negative integer or numeric string, got ${JSON.stringify(value) ?? 'undefined'}`,
    context,
  );
}

function toLinks(value: unknown, context: DookiErrorDetails): PaginationMeta['links'] {
  // Fractal serializes an empty PHP array as `[]`; docs show `""`; both mean "no links".
  if (value === undefined || value === null || value === '') return {};
  if (Array.isArray(value) && value.length === 0) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DookiBadPageError(
      `meta.pagination.links must be an object, [], "" or null, got ${JSON.stringify(value)}`,
      context,
    );
  }
  const links: PaginationMeta['links'] = {};
  const { next, previous } = value as Record<string, unknown>;
  if (typeof next === 'string' && next !== '') links.next = next;
  if (typeof previous === 'string' && previous !== '') links.previous = previous;
  return links;
}

/**
 * Parses `meta.pagination` defensively: every number may be an int or a numeric string,
 * `links` may be `{}`, `[]`, `""`, null or missing. Anything else throws
 * {@link DookiBadPageError} naming the page (from `context.page`).
 *
 * @example
 * ```ts
 * parseMeta({ pagination: { total: '3', count: 3, per_page: 10, current_page: 1, total_pages: 1, links: [] } });
 * // → { total: 3, count: 3, perPage: 10, currentPage: 1, totalPages: 1, links: {} }
 * ```
 */
export function parseMeta(meta: unknown, context: DookiErrorDetails = {}): PaginationMeta {
  const pagination =
    typeof meta === 'object' && meta !== null
      ? (meta as { pagination?: unknown }).pagination
      : undefined;
  if (typeof pagination !== 'object' || pagination === null || Array.isArray(pagination)) {
    throw new DookiBadPageError('response has no meta.pagination object', context);
  }
  const raw = pagination as Record<string, unknown>;
  const parsed: PaginationMeta = {
    total: toCount(raw.total, 'total', context),
    count: toCount(raw.count, 'count', context),
    perPage: toCount(raw.per_page, 'per_page', context),
    currentPage: toCount(raw.current_page, 'current_page', context),
    totalPages: toCount(raw.total_pages, 'total_pages', context),
    links: toLinks(raw.links, context),
  };
  if (parsed.currentPage < 1) {
    throw new DookiBadPageError('meta.pagination.current_page must be at least 1', context);
  }
  return parsed;
}
