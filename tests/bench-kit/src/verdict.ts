/** What a figure must reach: a floor (`atLeast`) or a ceiling (`atMost`), inclusive. */
export type Goal = { readonly atLeast: number } | { readonly atMost: number };

/** PASS/MISS against a goal; INFO for context rows without one; ERROR when a bench threw. */
export type Verdict = 'PASS' | 'MISS' | 'INFO' | 'ERROR';

/** A figure without a goal is context; a goal with a missing or NaN figure is a MISS. */
export function judge(value: number | undefined, goal: Goal | undefined): Verdict {
  if (goal === undefined) return 'INFO';
  if (value === undefined || Number.isNaN(value)) return 'MISS';
  const reached = 'atLeast' in goal ? value >= goal.atLeast : value <= goal.atMost;
  return reached ? 'PASS' : 'MISS';
}

/** True when the run must exit non-zero: any MISS or ERROR. */
export const isFailing = (verdicts: Iterable<Verdict>): boolean => {
  for (const verdict of verdicts) if (verdict === 'MISS' || verdict === 'ERROR') return true;
  return false;
};
