import { describe, expect, it } from 'vitest';
import { isDookiError } from '../errors/dooki-error.js';
import type { PaginationMeta } from '../parse/parse-meta.js';
import { nextPage, PageGuard } from './next-page.js';

const meta = (currentPage: number, totalPages: number): PaginationMeta => ({
  total: totalPages * 10,
  count: 10,
  perPage: 10,
  currentPage,
  totalPages,
  links: {},
});

describe('nextPage', () => {
  it('continues while current_page < total_pages, even after a short page', () => {
    expect(nextPage(meta(1, 3), 1, 10)).toEqual({ done: false, next: 2 });
    expect(nextPage(meta(2, 3), 2, 3)).toEqual({ done: false, next: 3 });
  });

  it('stops on the last page', () => {
    expect(nextPage(meta(3, 3), 3, 10)).toEqual({ done: true, endedBy: 'last-page' });
    expect(nextPage(meta(5, 3), 5, 1)).toEqual({ done: true, endedBy: 'last-page' });
  });

  it('stops on an empty page wherever it is', () => {
    expect(nextPage(meta(2, 9), 2, 0)).toEqual({ done: true, endedBy: 'empty-page' });
  });
});

describe('PageGuard', () => {
  const loopError = (run: () => void): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('accepts advancing pages', () => {
    const guard = new PageGuard();
    expect(() =>
      [1, 2, 3].forEach((page) => guard.check(page, meta(page, 3), 10, { page })),
    ).not.toThrow();
  });

  it('fails loudly when the same page is served twice', () => {
    const guard = new PageGuard();
    guard.check(1, meta(1, 5), 10, { page: 1 });
    const error = loopError(() => guard.check(2, meta(1, 5), 10, { page: 2 }));
    expect(isDookiError(error, 'DOOKI_ERR_LOOP')).toBe(true);
    expect((error as Error).message).toContain('served page 1 again');
  });

  it('fails loudly on data far beyond total_pages', () => {
    const guard = new PageGuard();
    const error = loopError(() => guard.check(6, meta(6, 3), 10, { page: 6 }));
    expect(isDookiError(error, 'DOOKI_ERR_LOOP')).toBe(true);
    expect(() => new PageGuard().check(5, meta(5, 3), 10, { page: 5 })).not.toThrow();
    expect(() => new PageGuard().check(9, meta(9, 3), 0, { page: 9 })).not.toThrow();
  });
});
