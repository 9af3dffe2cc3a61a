// Brazilian document numbers with valid check digits (mod-11 rules of the Receita Federal).
import type { AsciiWriter } from './ascii-writer.js';
import { type Rng } from './random.js';

/** Mod-11 check digit over the first `count` digits, weights falling from `firstWeight`. */
function checkDigit(digits: readonly number[], count: number, firstWeight: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (digits[i] ?? 0) * (firstWeight - i);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

// Reused by the writers below: they run once per served customer, so no per-call arrays.
const scratch: number[] = new Array<number>(14).fill(0);

function writeDigits(out: AsciiWriter, count: number): void {
  for (let i = 0; i < count; i++) out.digit(scratch[i]!);
}

/** Writes a random valid CPF: 11 digits, no punctuation (as the API serves it). */
export function writeCpf(out: AsciiWriter, rng: Rng): void {
  let allEqual = true;
  for (let i = 0; i < 9; i++) {
    scratch[i] = rng.int(10);
    if (scratch[i] !== scratch[0]) allEqual = false;
  }
  // All-equal sequences pass the arithmetic but are invalid by rule.
  if (allEqual) scratch[8] = (scratch[8]! + 1) % 10;
  scratch[9] = checkDigit(scratch, 9, 10);
  scratch[10] = checkDigit(scratch, 10, 11);
  writeDigits(out, 11);
}

/** True when `cpf` is 11 digits, not all equal, with both check digits right. */
export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  return checkDigit(digits, 9, 10) === digits[9] && checkDigit(digits, 10, 11) === digits[10];
}

const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

function cnpjDigit(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** Writes a random valid CNPJ (head office `0001`): 14 digits, no punctuation. */
export function writeCnpj(out: AsciiWriter, rng: Rng): void {
  for (let i = 0; i < 8; i++) scratch[i] = rng.int(10);
  scratch[8] = scratch[9] = scratch[10] = 0;
  scratch[11] = 1;
  scratch[12] = cnpjDigit(scratch, CNPJ_WEIGHTS_1);
  scratch[13] = cnpjDigit(scratch, CNPJ_WEIGHTS_2);
  writeDigits(out, 14);
}

/** True when `cnpj` is 14 digits with both check digits right. */
export function isValidCnpj(cnpj: string): boolean {
  if (!/^\d{14}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return false;
  const digits = [...cnpj].map(Number);
  return (
    cnpjDigit(digits, CNPJ_WEIGHTS_1) === digits[12] &&
    cnpjDigit(digits, CNPJ_WEIGHTS_2) === digits[13]
  );
}
