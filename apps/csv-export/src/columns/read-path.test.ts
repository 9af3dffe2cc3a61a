import { describe, expect, it } from 'vitest';
import { pathReader } from './read-path.js';

describe('pathReader', () => {
  const customer = {
    id: 7,
    phone: { full_number: '11999990000' },
    tags: ['a', 'b'],
    spreadsheet: null,
  };

  it('reads top-level and nested fields and array indexes', () => {
    expect(pathReader('id')(customer)).toBe(7);
    expect(pathReader('phone.full_number')(customer)).toBe('11999990000');
    expect(pathReader('tags.1')(customer)).toBe('b');
  });

  it('gives undefined for missing or null parents instead of throwing', () => {
    expect(pathReader('spreadsheet.data.city')(customer)).toBeUndefined();
    expect(pathReader('nope.deeper')(customer)).toBeUndefined();
    expect(pathReader('id')(null)).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(pathReader('constructor')(customer)).toBeUndefined();
    expect(pathReader('phone.toString')(customer)).toBeUndefined();
  });
});
