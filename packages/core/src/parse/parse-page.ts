import { DookiBadPageError } from '../errors/error-tree.js';
import type { DookiErrorDetails } from '../errors/dooki-error.js';
import { parseMeta, type PaginationMeta } from './parse-meta.js';

/** A list response body checked for shape: `data` items are objects with an integer `id`. */
export interface ParsedPage<T> {
  items: T[];
  meta: PaginationMeta;
}

/**
 * Checks a decoded list body and normalizes its meta. Items are passed through as they
 * are (unknown fields preserved, no copy); a malformed body throws
 * {@link DookiBadPageError} naming the page rather than being skipped.
 */
export function parsePage<T extends { id: number }>(
  body: unknown,
  context: DookiErrorDetails,
): ParsedPage<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DookiBadPageError('response body is not a JSON object', context);
  }
  const { data, meta } = body as { data?: unknown; meta?: unknown };
  if (!Array.isArray(data)) {
    throw new DookiBadPageError('response has no data array', context);
  }
  for (let index = 0; index < data.length; index += 1) {
    const item: unknown = data[index];
    if (typeof item !== 'object' || item === null || !normalizeId(item)) {
      throw new DookiBadPageError(`data[${index}] is not an object with an integer id`, context);
    }
  }
  return { items: data as T[], meta: parseMeta(meta, context) };
}

/** Unwraps a single-resource body (`{ data: {...} }` or the bare object). */
export function parseResource<T extends { id: number }>(
  body: unknown,
  context: DookiErrorDetails,
): T {
  const candidate: unknown =
    typeof body === 'object' && body !== null && 'data' in body ? body.data : body;
  const resource: unknown =
    Array.isArray(candidate) && candidate.length === 1 ? (candidate[0] as unknown) : candidate;
  if (typeof resource !== 'object' || resource === null || !normalizeId(resource)) {
    throw new DookiBadPageError('response is not an object with an integer id', context);
  }
  return resource as T;
}

// The docs show numbers as strings in places, so a numeric-string id is accepted and
// normalized in place (the object is ours: it was just decoded).
function normalizeId(item: { id?: unknown }): boolean {
  if (typeof item.id === 'number') return Number.isSafeInteger(item.id);
  if (typeof item.id === 'string' && /^\d{1,15}$/.test(item.id)) {
    item.id = Number(item.id);
    return true;
  }
  return false;
}
