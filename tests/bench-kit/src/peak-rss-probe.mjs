// Preloaded into a measured process (node --import): samples memory while it runs and reports
// the series and the kernel's peak RSS (maxRSS) on fd 3 at exit.
import { writeSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';

const samples = [];
const started = Date.now();
const sample = () => {
  const { rss, heapUsed } = process.memoryUsage();
  samples.push({ ms: Date.now() - started, rss, heapUsed });
};
const timer = setInterval(sample, 100);
timer.unref();
process.on('exit', () => {
  sample();
  const report = { maxRssBytes: process.resourceUsage().maxRSS * 1024, samples };
  try {
    writeSync(3, `${JSON.stringify(report)}\n`);
  } catch {
    // fd 3 is not open: the process was started outside the harness.
  }
});
