// Brazilian document numbers with valid check digits (mod-11 rules of the Receita Federal).
import { type Rng } from './random.js';

function checkDigit(digits: readonly number[], firstWeight: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits[i] ?? 0) * (firstWeight - i);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** A random valid CPF, 11 digits, no punctuation (as the API serves it). */
export function randomCpf(rng: Rng): string {
  const digits: number[] = [];
  for (let i = 0; i < 9; i++) digits.push(rng.int(10));
  // All-equal sequences pass the arithmetic but are invalid by rule.
  if (digits.every((d) => d === digits[0])) digits[8] = ((digits[8] ?? 0) + 1) % 10;
  digits.push(checkDigit(digits, 10));
  digits.push(checkDigit(digits, 11));
  return digits.join('');
}

/** True when `cpf` is 11 digits, not all equal, with both check digits right. */
export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  return (
    checkDigit(digits.slice(0, 9), 10) === digits[9] &&
    checkDigit(digits.slice(0, 10), 11) === digits[10]
  );
}

const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

function cnpjDigit(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** A random valid CNPJ (head office `0001`), 14 digits, no punctuation. */
export function randomCnpj(rng: Rng): string {
  const digits: number[] = [];
  for (let i = 0; i < 8; i++) digits.push(rng.int(10));
  digits.push(0, 0, 0, 1);
  digits.push(cnpjDigit(digits, CNPJ_WEIGHTS_1));
  digits.push(cnpjDigit(digits, CNPJ_WEIGHTS_2));
  return digits.join('');
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
