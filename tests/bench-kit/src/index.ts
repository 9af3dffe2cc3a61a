/**
 * `@clusterstream/bench-kit`: the one benchmark harness of the repository. Every bench compares
 * a contender with a baseline doing the same work in the same run and judges the ratio.
 */
export { runBench, failuresAreFatal, type BenchSuite, type RunBenchOptions } from './run-bench.js';
export {
  interleave,
  median,
  type Contender,
  type Interleaved,
  type InterleaveOptions,
  type Sample,
} from './interleave.js';
export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
  type StartSimulatorOptions,
} from './simulator.js';
export {
  runWithPeakRss,
  type MeasuredRun,
  type MeasuredRunOptions,
  type MemorySample,
} from './peak-rss.js';
export { renderTable, rowCells, TABLE_COLUMNS, type BenchRow } from './table.js';
export { judge, isFailing, type Goal, type Verdict } from './verdict.js';
export { compact, fmt, formatGoal, withUnit } from './format.js';
export { loadAverage, machineLine } from './machine.js';
