import { describe, expect, it } from 'vitest';
import { interleave, isFailing, judge, median, renderTable, rowCells } from '../src/index.js';

describe('judge', () => {
  it('passes a floor reached exactly and misses one not reached', () => {
    expect(judge(0.9, { atLeast: 0.9 })).toBe('PASS');
    expect(judge(0.89, { atLeast: 0.9 })).toBe('MISS');
  });

  it('passes a ceiling reached exactly and misses one exceeded', () => {
    expect(judge(1.05, { atMost: 1.05 })).toBe('PASS');
    expect(judge(1.06, { atMost: 1.05 })).toBe('MISS');
  });

  it('treats a row without a goal as context, and a goal without a figure as missed', () => {
    expect(judge(3, undefined)).toBe('INFO');
    expect(judge(undefined, { atLeast: 1 })).toBe('MISS');
    expect(judge(Number.NaN, { atMost: 1 })).toBe('MISS');
  });

  it('fails a run on any MISS or ERROR, not on INFO', () => {
    expect(isFailing(['PASS', 'INFO'])).toBe(false);
    expect(isFailing(['PASS', 'MISS'])).toBe(true);
    expect(isFailing(['ERROR'])).toBe(true);
  });
});

describe('table', () => {
  it('renders bench | contender | baseline | ratio | goal | verdict', () => {
    const row = { bench: 'b', contender: 'c', baseline: 'r', value: 0.8, goal: { atLeast: 0.9 } };
    expect(rowCells(row)).toEqual(['b', 'c', 'r', '0.800x', '>= 0.90x', 'MISS']);
    // Just under the goal must not print as the goal.
    expect(rowCells({ ...row, value: 0.8996 })[3]).toBe('0.899x');
    expect(rowCells({ ...row, value: 0.9 }).slice(3)).toEqual(['0.900x', '>= 0.90x', 'PASS']);
    const ceiling = { ...row, value: 1.0501, goal: { atMost: 1.05 } };
    expect(rowCells(ceiling).slice(3)).toEqual(['1.051x', '<= 1.05x', 'MISS']);
    const memory = { ...row, value: 150.2, unit: 'MB', goal: { atMost: 150 } };
    expect(rowCells(memory).slice(3)).toEqual(['151 MB', '<= 150 MB', 'MISS']);
    const cells = rowCells({ bench: 'rss', contender: 'c', baseline: 'r', value: 182, unit: 'MB' });
    expect(cells.slice(3)).toEqual(['182 MB', '-', 'INFO']);
    expect(renderTable([row]).split('\n')[0]).toMatch(
      /^\| bench +\| contender +\| baseline +\| ratio +\| goal +\| verdict \|$/,
    );
  });
});

describe('interleave', () => {
  it('takes medians and runs every contender once per round after the warm-up', async () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const calls: string[] = [];
    const result = await interleave(
      { a: () => (calls.push('a'), 1), b: () => (calls.push('b'), 1) },
      { warmup: 1, rounds: 2 },
    );
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'b', 'a']); // the start rotates
    expect(result.samples.a).toHaveLength(2);
    expect(Number.isFinite(result.ratio('a', 'b'))).toBe(true);
  });
});
