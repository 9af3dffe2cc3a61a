/** One sample line of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a `/metrics` text (comments and blank lines skipped). */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = SAMPLE_LINE.exec(line);
    if (match === null || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) labels[name!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The metric names (`dooki_watch_*`, `up`) a PromQL expression reads. */
export function metricNamesIn(expr: string): string[] {
  const names = expr.match(/\b(dooki_watch_[a-z0-9_]+|up)\b(?!\s*\()/g) ?? [];
  return [...new Set(names)];
}

const seriesKey = (name: string, labels: Record<string, string>): string => {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => `${label}="${value}"`);
  return `${name}{${pairs.join(',')}}`;
};

/**
 * Scrapes of a live worker laid on a timeline of fixed steps, as Prometheus would store them,
 * written out as `promtool test rules` input series. Time 0 of the test is the first step, so
 * gauges that hold a Unix time are shifted by the same origin; a failed scrape is `up 0` and a
 * series missing from a scrape is `_` (no sample).
 */
export class SeriesRecorder {
  private readonly series = new Map<string, Map<number, number>>();
  private lastStep = -1;

  constructor(
    private readonly origin: { atMs: number; stepMs: number },
    private readonly target: { job: string; instance: string },
    private readonly wanted: (name: string) => boolean,
    private readonly timestampFamilies: ReadonlySet<string>,
  ) {}

  /** Records one scrape made at `atMs` (its samples, or null when it failed); returns its step. */
  record(atMs: number, samples: readonly Sample[] | null): number {
    const step = Math.round((atMs - this.origin.atMs) / this.origin.stepMs);
    this.lastStep = Math.max(this.lastStep, step);
    this.put(step, seriesKey('up', this.target), samples === null ? 0 : 1);
    for (const sample of samples ?? []) {
      if (!this.wanted(sample.name)) continue;
      const shift = this.timestampFamilies.has(sample.name) ? this.origin.atMs / 1000 : 0;
      this.put(
        step,
        seriesKey(sample.name, this.targetLabels(sample.labels)),
        sample.value - shift,
      );
    }
    return step;
  }

  /** The values a series took, in step order (what an alert's `increase` sees). */
  valuesOf(name: string, labels: Record<string, string>): number[] {
    const steps = this.series.get(seriesKey(name, this.targetLabels(labels)));
    return steps === undefined
      ? []
      : [...steps.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
  }

  /** promtool `input_series`: every series over every step so far. */
  inputSeries(): { series: string; values: string }[] {
    return [...this.series].map(([series, steps]) => {
      const values: string[] = [];
      for (let step = 0; step <= this.lastStep; step += 1) {
        const value = steps.get(step);
        values.push(value === undefined ? '_' : String(value));
      }
      return { series, values: values.join(' ') };
    });
  }

  /**
   * The labels Prometheus stores for an exposed sample: the target's added, and an exposed label
   * that clashes with one of them kept as `exported_<name>` (`honor_labels: false`, the default).
   */
  private targetLabels(labels: Record<string, string>): Record<string, string> {
    const stored: Record<string, string> = { ...this.target };
    for (const [name, value] of Object.entries(labels))
      stored[name in this.target ? `exported_${name}` : name] = value;
    return stored;
  }

  private put(step: number, key: string, value: number): void {
    const steps = this.series.get(key) ?? new Map<number, number>();
    steps.set(step, value);
    this.series.set(key, steps);
  }
}

/** One scrape of a live worker: when, and its text (null when it failed or was not 200). */
export interface Scrape {
  atMs: number;
  step: number;
  text: string | null;
}

/**
 * Scrapes `url` every `stepMs` into `recorder` until stopped; `until` waits for a scrape that
 * satisfies a condition (a state reached, never a moment) and returns it.
 */
export class ScrapeLoop {
  private latest: Scrape | null = null;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly recorder: SeriesRecorder,
    stepMs: number,
  ) {
    this.done = this.loop(stepMs);
  }

  async until(
    what: string,
    reached: (scrape: Scrape) => boolean,
    timeoutMs = 240_000,
  ): Promise<Scrape> {
    const deadline = Date.now() + timeoutMs;
    let seen: Scrape | null = null;
    for (;;) {
      if (this.latest !== seen && this.latest !== null) {
        seen = this.latest;
        if (reached(seen)) return seen;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async loop(stepMs: number): Promise<void> {
    while (!this.stopped) {
      const atMs = Date.now();
      const text = await fetch(this.url, { signal: AbortSignal.timeout(stepMs * 5) })
        .then((response) => (response.status === 200 ? response.text() : null))
        .catch(() => null);
      const step = this.recorder.record(atMs, text === null ? null : parseSamples(text));
      this.latest = { atMs, step, text };
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs + stepMs - Date.now())));
    }
  }
}
