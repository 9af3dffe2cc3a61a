import { describe, expect, it } from 'vitest';
import { formatPreset } from './presets.js';

const saoPaulo = (date: string) => ({ date, timezone_type: 3, timezone: 'America/Sao_Paulo' });

describe('rfc4180 preset', () => {
  const preset = formatPreset('rfc4180');

  it('writes API dates as ISO 8601 with the zone offset in force at that moment', () => {
    expect(preset.dateTime(saoPaulo('2024-01-02 10:20:30.000000'))).toBe(
      '2024-01-02T10:20:30-03:00',
    );
    // Brazil still had daylight saving time in January 2018.
    expect(preset.dateTime(saoPaulo('2018-01-15 12:00:00.000000'))).toBe(
      '2018-01-15T12:00:00-02:00',
    );
    expect(
      preset.dateTime({ date: '2024-06-01 08:00:00', timezone_type: 3, timezone: 'UTC' }),
    ).toBe('2024-06-01T08:00:00+00:00');
    expect(
      preset.dateTime({ date: '2024-06-01 08:00', timezone_type: 1, timezone: '+05:30' }),
    ).toBe('2024-06-01T08:00:00+05:30');
  });

  it('omits the offset for an unknown zone and keeps unreadable dates as they are', () => {
    expect(preset.dateTime({ date: '2024-06-01 08:00:00', timezone: 'Mars/Olympus' })).toBe(
      '2024-06-01T08:00:00',
    );
    expect(preset.dateTime({ date: 'yesterday', timezone: 'UTC' })).toBe('yesterday');
  });

  it('uses dot decimals, true/false and ISO dates', () => {
    expect(preset.number(1234.5)).toBe('1234.5');
    expect(preset.boolean(true)).toBe('true');
    expect(preset.boolean(false)).toBe('false');
    expect(preset.date('1990-05-17')).toBe('1990-05-17');
    expect(preset).toMatchObject({ delimiter: ',', bom: false, portugueseHeaders: false });
  });
});

describe('excel-br preset', () => {
  const preset = formatPreset('excel-br');

  it('writes dd/mm/aaaa dates in the wall time the API gave', () => {
    expect(preset.dateTime(saoPaulo('2024-01-02 10:20:30.000000'))).toBe('02/01/2024 10:20:30');
    expect(preset.date('1990-05-17')).toBe('17/05/1990');
    expect(preset.date('not a date')).toBe('not a date');
  });

  it('uses a decimal comma, Excel pt-BR booleans, ";" and a BOM', () => {
    expect(preset.number(1234.5)).toBe('1234,5');
    expect(preset.number(-0.25)).toBe('-0,25');
    expect(preset.number(42)).toBe('42');
    expect(preset.boolean(true)).toBe('VERDADEIRO');
    expect(preset.boolean(false)).toBe('FALSO');
    expect(preset).toMatchObject({ delimiter: ';', bom: true, portugueseHeaders: true });
  });
});
