import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDookiError } from '../errors/dooki-error.js';
import { parseMeta } from './parse-meta.js';

const count = fc.nat({ max: 10_000_000 });
// Every documented or observed spelling of a number: int or numeric string.
const numberShape = count.chain((n) =>
  fc.constantFrom<number | string>(n, String(n)).map((v) => [n, v] as const),
);
const url = fc.webUrl();
// links as {} | [] | "" | null | missing | an object with (possibly empty) next/previous.
const linksShape = fc.oneof(
  fc.constant({ present: false as const }),
  fc
    .constantFrom({}, [], '', null)
    .map((value) => ({ present: true as const, value, expected: {} })),
  fc
    .record({
      next: fc.option(url, { nil: undefined }),
      previous: fc.option(url, { nil: undefined }),
    })
    .map((links) => ({
      present: true as const,
      value: links,
      expected: Object.fromEntries(Object.entries(links).filter(([, v]) => v !== undefined)),
    })),
);

describe('parseMeta', () => {
  it('accepts every documented shape and normalizes it', () => {
    fc.assert(
      fc.property(
        numberShape,
        numberShape,
        numberShape,
        numberShape,
        numberShape,
        linksShape,
        (total, c, per, cur, pages, links) => {
          const current: readonly [number, number | string] = cur[0] === 0 ? [1, 1] : cur;
          const pagination: Record<string, unknown> = {
            total: total[1],
            count: c[1],
            per_page: per[1],
            current_page: current[1],
            total_pages: pages[1],
          };
          if (links.present) pagination.links = links.value;
          expect(parseMeta({ pagination })).toEqual({
            total: total[0],
            count: c[0],
            perPage: per[0],
            currentPage: current[0],
            totalPages: pages[0],
            links: links.present ? links.expected : {},
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads the docs example with strings and empty links', () => {
    const meta = parseMeta({
      pagination: {
        total: '10',
        count: '30',
        per_page: '10',
        current_page: '1',
        total_pages: '1',
        links: { previous: '', next: '' },
      },
    });
    expect(meta).toEqual({
      total: 10,
      count: 30,
      perPage: 10,
      currentPage: 1,
      totalPages: 1,
      links: {},
    });
  });

  const garbageNumber = fc.oneof(
    fc.constantFrom(
      -1,
      1.5,
      Number.NaN,
      Infinity,
      '',
      ' 3',
      '3.0',
      '-2',
      '1e3',
      'abc',
      true,
      null,
      undefined,
      {},
      [],
    ),
    fc.string().filter((s) => !/^\d{1,15}$/.test(s)),
  );
  const field = fc.constantFrom('total', 'count', 'per_page', 'current_page', 'total_pages');

  it('rejects garbage in any numeric field with a bad-page error naming the page', () => {
    fc.assert(
      fc.property(field, garbageNumber, fc.integer({ min: 1, max: 999 }), (name, value, page) => {
        const pagination: Record<string, unknown> = {
          total: 5,
          count: 5,
          per_page: 5,
          current_page: 1,
          total_pages: 1,
        };
        pagination[name] = value;
        let caught: unknown;
        try {
          parseMeta({ pagination }, { page });
        } catch (error) {
          caught = error;
        }
        expect(isDookiError(caught, 'DOOKI_ERR_BAD_PAGE')).toBe(true);
        expect((caught as Error).message).toContain(`on page ${page}`);
        expect((caught as Error).message).toContain(name);
      }),
      { numRuns: 200 },
    );
  });

  const valid = { total: 1, count: 1, per_page: 1, current_page: 1, total_pages: 1 };
  it.each([
    ['missing meta', undefined],
    ['meta without pagination', {}],
    ['pagination as an array', { pagination: [] }],
    ['links as a string', { pagination: { ...valid, links: 'x' } }],
    ['links as a non-empty array', { pagination: { ...valid, links: ['x'] } }],
    ['current_page 0', { pagination: { ...valid, current_page: 0 } }],
  ])('rejects %s', (_name, meta) => {
    expect(() => parseMeta(meta, { page: 4 })).toThrow(/on page 4/);
  });
});
