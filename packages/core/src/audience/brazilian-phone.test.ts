import { describe, expect, it } from 'vitest';
import { normalizeBrazilianPhone } from './brazilian-phone.js';

describe('normalizeBrazilianPhone', () => {
  it.each([
    ['(11) 98765-4321', '5511987654321'],
    ['11 98765-4321', '5511987654321'],
    ['11987654321', '5511987654321'],
    ['+55 11 98765-4321', '5511987654321'],
    ['+55 (11) 98765-4321', '5511987654321'],
    ['55 11 98765 4321', '5511987654321'],
    ['0055 11 98765-4321', '5511987654321'],
    ['011 98765-4321', '5511987654321'],
    ['0 21 11 98765-4321', '5511987654321'], // trunk prefix + carrier code 21
    [' (27) 96132-9350 ', '5527961329350'],
    ['27.96132.9350', '5527961329350'],
  ])('mobile %j → %s', (input, expected) => {
    expect(normalizeBrazilianPhone(input)).toBe(expected);
  });

  it.each([
    ['11 8765-4321', '551187654321'], // 8 digits starting with 8: kept as stored, no 9 added
    ['(21) 3456-7890', '552134567890'], // landline
    ['+55 51 3333-4444', '555133334444'],
    ['(55) 3222-1000', '555532221000'], // area code 55 (Santa Maria, RS) without country code
    ['55 55 3222-1000', '555532221000'],
  ])('landline or number without the 9th digit %j → %s', (input, expected) => {
    expect(normalizeBrazilianPhone(input)).toBe(expected);
  });

  it.each([
    ['+1 (650) 555-1234', '16505551234'],
    ['00 44 20 7183 8750', '442071838750'],
  ])('a foreign number written with its country code %j → %s', (input, expected) => {
    expect(normalizeBrazilianPhone(input)).toBe(expected);
  });

  it.each([
    ['98765-4321'], // no area code
    ['(10) 98765-4321'], // 10 is not an area code
    ['(20) 3456-7890'], // neither is 20
    ['11 88765-4321'], // 9 digits that do not start with 9
    ['11 1876-4321'], // subscriber numbers do not start with 0 or 1
    ['1234'],
    [''],
    ['   '],
    ['n/a'],
    ['11 98765-4321 ramal 2'],
    ['11 98765-4321 / 11 3456-7890'],
    ['+0 11 98765 4321'],
    ['+55 98765-4321'],
    ['+1234567'], // too short for E.164
    ['+1234567890123456'], // too long
    ['0800 123 4567'], // toll-free, not a subscriber
    ['44 20 7183 8750'], // a foreign number without + or 00 is not guessed
  ])('refuses %j', (input) => {
    expect(normalizeBrazilianPhone(input)).toBeNull();
  });
});
