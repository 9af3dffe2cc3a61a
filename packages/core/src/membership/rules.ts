/** The rules that decide when an absence becomes a `customer.left` event. */
export interface TruthRules {
  /** Consecutive complete scans a customer must be absent from before `left` is emitted. Default 2. */
  confirmScans: number;
  /**
   * Mass-change breaker: when more than this fraction of the previous snapshot is absent from one
   * scan (or the scan is empty after a non-empty snapshot), leaves are held. Default 0.15.
   */
  maxLeaveFraction: number;
  /**
   * Extra consecutive absences after which a held leave is released anyway. Default 2;
   * `Infinity` holds until the change is accepted or the threshold raised.
   */
  breakerConfirmScans: number;
  /** Release every held leave now (the `--accept-mass-change` flag). Default false. */
  acceptMassChange: boolean;
}

export const DEFAULT_TRUTH_RULES: TruthRules = Object.freeze({
  confirmScans: 2,
  maxLeaveFraction: 0.15,
  breakerConfirmScans: 2,
  acceptMassChange: false,
});

/** Fills defaults and rejects values that would make the rules meaningless. */
export function resolveTruthRules(partial: Partial<TruthRules> = {}): TruthRules {
  const rules = { ...DEFAULT_TRUTH_RULES, ...stripUndefined(partial) };
  if (!Number.isInteger(rules.confirmScans) || rules.confirmScans < 1 || rules.confirmScans > 100) {
    throw new RangeError(
      `confirmScans must be an integer from 1 to 100, got ${rules.confirmScans}`,
    );
  }
  if (!(rules.maxLeaveFraction >= 0 && rules.maxLeaveFraction <= 1)) {
    throw new RangeError(`maxLeaveFraction must be between 0 and 1, got ${rules.maxLeaveFraction}`);
  }
  const { breakerConfirmScans } = rules;
  if (
    !(Number.isInteger(breakerConfirmScans) || breakerConfirmScans === Infinity) ||
    breakerConfirmScans < 0
  ) {
    throw new RangeError(
      `breakerConfirmScans must be a non-negative integer or Infinity, got ${breakerConfirmScans}`,
    );
  }
  return rules;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
