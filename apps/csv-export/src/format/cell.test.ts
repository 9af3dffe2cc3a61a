import { describe, expect, it } from 'vitest';
import { cellFormatter } from './cell.js';
import { formatPreset } from './presets.js';

const rfc = formatPreset('rfc4180');
const br = formatPreset('excel-br');

describe('cellFormatter', () => {
  it('turns numeric text of number fields into numbers, but not long digit strings', () => {
    const number = cellFormatter('number', rfc);
    expect(number('149.90')).toBe(149.9);
    expect(number('-3')).toBe(-3);
    expect(number(7)).toBe(7);
    expect(number('12345678901234567')).toBe('12345678901234567');
    expect(number('n/a')).toBe('n/a');
  });

  it('keeps text fields as text, even when they look numeric (CPF, phone)', () => {
    expect(cellFormatter('text', rfc)('01234567890')).toBe('01234567890');
  });

  it('renders nulls and missing values as empty cells and booleans per format', () => {
    const any = cellFormatter(undefined, br);
    expect(any(null)).toBeNull();
    expect(any(undefined)).toBeNull();
    expect(any(true)).toBe('VERDADEIRO');
    expect(cellFormatter('boolean', rfc)(false)).toBe('false');
  });

  it('joins arrays of scalars with "|" and writes other objects as JSON', () => {
    const any = cellFormatter('list', br);
    expect(any(['Natura', 'Farm'])).toBe('Natura|Farm');
    expect(any([1.5, true, null])).toBe('1,5|VERDADEIRO|');
    expect(any({ area_code: '11' })).toBe('{"area_code":"11"}');
    expect(any([{ a: 1 }])).toBe('{"a":1}');
  });

  it('formats API date objects wherever they appear, and date text of date fields', () => {
    const date = {
      date: '2024-01-02 10:20:30.000000',
      timezone_type: 3,
      timezone: 'America/Sao_Paulo',
    };
    expect(cellFormatter(undefined, br)(date)).toBe('02/01/2024 10:20:30');
    expect(cellFormatter('datetime', rfc)(date)).toBe('2024-01-02T10:20:30-03:00');
    expect(cellFormatter('date', br)('1990-05-17')).toBe('17/05/1990');
    expect(cellFormatter('datetime', br)(null)).toBeNull();
    expect(
      cellFormatter('datetime', rfc)({ date: null, timezone: null, timezone_type: null }),
    ).toBe('');
  });
});
