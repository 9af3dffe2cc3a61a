/** One timed run of a contender. */
export interface Sample {
  /** Units of work done (items, rows, ids), as the run reported them. */
  units: number;
  ms: number;
}

/** A contender: does the work once and resolves with how many units it did. */
export type Contender = () => Promise<number> | number;

export interface InterleaveOptions {
  /** Untimed runs of each contender first (JIT, keep-alive sockets, caches). Default 1. */
  warmup?: number;
  /** Timed rounds; each runs every contender once. Default 5. */
  rounds?: number;
}

/** The samples of an interleaved comparison and the medians drawn from them. */
export interface Interleaved {
  readonly rounds: number;
  readonly samples: Readonly<Record<string, readonly Sample[]>>;
  /** Median units per second of one contender. */
  rate(name: string): number;
  /**
   * Median over rounds of `rate(contender) / rate(baseline)` within the same round: a burst of
   * load from elsewhere then spoils one round's ratio, not one side of every ratio.
   */
  ratio(contender: string, baseline: string): number;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const perSecond = (sample: Sample): number => (sample.units * 1000) / sample.ms;

async function timed(run: Contender): Promise<Sample> {
  const started = performance.now();
  const units = await run();
  return { units, ms: performance.now() - started };
}

/**
 * Runs contenders alternately in the same process and run: after the warm-up, each round runs
 * every contender once, the starting contender rotating from round to round so none always
 * goes first (or last, after the others warmed the caches).
 */
export async function interleave(
  contenders: Readonly<Record<string, Contender>>,
  options: InterleaveOptions = {},
): Promise<Interleaved> {
  const { warmup = 1, rounds = 5 } = options;
  const names = Object.keys(contenders);
  for (let i = 0; i < warmup; i += 1) for (const name of names) await contenders[name]!();
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + k) % names.length]!;
      samples[name]!.push(await timed(contenders[name]!));
    }
  }
  const of = (name: string): Sample[] => {
    const list = samples[name];
    if (list === undefined) throw new Error(`no contender named ${name}`);
    return list;
  };
  return {
    rounds,
    samples,
    rate: (name) => median(of(name).map(perSecond)),
    ratio: (contender, baseline) => {
      const base = of(baseline);
      return median(of(contender).map((sample, i) => perSecond(sample) / perSecond(base[i]!)));
    },
  };
}
