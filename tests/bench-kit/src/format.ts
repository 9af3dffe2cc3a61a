import type { Goal } from './verdict.js';

/** `1234567` → `1,234,567`; fixed `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `152340` → `152k`, `18431000` → `18.4M`, for rates in a narrow column. */
export const compact = (n: number): string =>
  n >= 1_000_000
    ? `${fmt(n / 1_000_000, 1)}M`
    : n >= 10_000
      ? `${fmt(n / 1000)}k`
      : n >= 1000
        ? `${fmt(n / 1000, 1)}k`
        : fmt(n, n < 10 ? 2 : 0);

/**
 * A figure with its unit: `x` is a ratio (`0.897x`: three decimals, so a ratio just under its
 * goal never prints as the goal), any other unit follows a space.
 */
export const withUnit = (value: number, unit: string, ratioDigits = 3): string =>
  unit === 'x'
    ? `${fmt(value, value < 10 ? ratioDigits : 1)}x`
    : `${fmt(value, value < 10 ? 2 : 0)} ${unit}`.trimEnd();

export const formatGoal = (goal: Goal | undefined, unit: string): string => {
  if (goal === undefined) return '-';
  return 'atLeast' in goal
    ? `>= ${withUnit(goal.atLeast, unit, 2)}`
    : `<= ${withUnit(goal.atMost, unit, 2)}`;
};
