import { describe, expect, it } from 'vitest';
import { isoDate, withIsoDates } from '../nodes/Yampi/helpers/iso-dates';

const php = (date: string, timezone: string, timezone_type = 3) => ({
  date,
  timezone_type,
  timezone,
});

describe('Yampi timestamps as ISO 8601', () => {
  it('gives the zone offset of a named zone (São Paulo has no DST since 2019)', () => {
    expect(isoDate(php('2021-03-26 15:32:59.000000', 'America/Sao_Paulo'))).toBe(
      '2021-03-26T15:32:59-03:00',
    );
    // Before 2019 São Paulo kept summer time: February 2018 was -02:00.
    expect(isoDate(php('2018-02-10 09:00:00.000000', 'America/Sao_Paulo'))).toBe(
      '2018-02-10T09:00:00-02:00',
    );
  });

  it('follows DST on both sides of a change, from the wall-clock time', () => {
    expect(isoDate(php('2024-03-10 01:30:00', 'America/New_York'))).toBe(
      '2024-03-10T01:30:00-05:00',
    );
    expect(isoDate(php('2024-03-10 03:30:00', 'America/New_York'))).toBe(
      '2024-03-10T03:30:00-04:00',
    );
    expect(isoDate(php('2024-07-01 12:00:00', 'Asia/Kolkata'))).toBe('2024-07-01T12:00:00+05:30');
  });

  it('keeps a fraction of a second, without trailing zeros', () => {
    expect(isoDate(php('2021-03-26 15:32:59.250000', 'UTC', 3))).toBe(
      '2021-03-26T15:32:59.25+00:00',
    );
  });

  it('reads offsets (type 1) and UTC abbreviations (type 2); never guesses other abbreviations', () => {
    expect(isoDate(php('2021-03-26 15:32:59.000000', '-03:00', 1))).toBe(
      '2021-03-26T15:32:59-03:00',
    );
    expect(isoDate(php('2021-03-26 15:32:59.000000', '+0530', 1))).toBe(
      '2021-03-26T15:32:59+05:30',
    );
    expect(isoDate(php('2021-03-26 15:32:59.000000', 'UTC', 2))).toBe('2021-03-26T15:32:59+00:00');
    expect(isoDate(php('2021-03-26 15:32:59.000000', 'BRT', 2))).toBe('2021-03-26T15:32:59');
    expect(isoDate(php('2021-03-26 15:32:59.000000', 'Mars/Olympus_Mons'))).toBe(
      '2021-03-26T15:32:59',
    );
  });

  it('gives null for what is not a timestamp', () => {
    expect(isoDate(null)).toBeNull();
    expect(isoDate({ date: 'yesterday', timezone: 'UTC' })).toBeNull();
    expect(isoDate(42)).toBeNull();
  });

  it('replaces timestamp objects at any depth and leaves everything else alone', () => {
    const record = {
      id: 7,
      created_at: php('2021-03-26 15:32:59.000000', 'America/Sao_Paulo'),
      phone: { full_number: '5511999990000' },
      spreadsheet: { data: { last_order_date: php('2022-01-02 03:04:05', 'America/Sao_Paulo') } },
      tags: ['a', { date: 'not a timestamp', timezone: 'UTC' }],
    };
    expect(withIsoDates(record)).toEqual({
      id: 7,
      created_at: '2021-03-26T15:32:59-03:00',
      phone: { full_number: '5511999990000' },
      spreadsheet: { data: { last_order_date: '2022-01-02T03:04:05-03:00' } },
      tags: ['a', { date: 'not a timestamp', timezone: 'UTC' }],
    });
    expect(record.created_at).toEqual(php('2021-03-26 15:32:59.000000', 'America/Sao_Paulo'));
  });
});
