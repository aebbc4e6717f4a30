import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

// Preloaded (node --expose-gc --import tsx --import bench/facade/probe.ts)
// into the facade process of the idle-connection benchmark, and into an idle
// control process beside it: bench-only instruments, no product code. It reads
// one command per line on stdin and answers one JSON line on stderr, prefixed
// `probe `:
//   reset  restart the event-loop delay histogram
//   delay  the histogram since the last reset (ms): min, p50, p99, max, samples
//   gc     run a full GC, then the process's memory (bytes)
// The histogram samples every RESOLUTION_MS; a sample is the time between two
// timer callbacks, so it includes the resolution itself: `net` subtracts it
// (the event loop's delay proper).

const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

const ms = (ns: number) => Number((ns / 1e6).toFixed(3));
const answer = (body: unknown) => process.stderr.write(`probe ${JSON.stringify(body)}\n`);

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  switch (line.trim()) {
    case 'reset':
      histogram.reset();
      return answer({ reset: true });
    case 'delay': {
      const raw = { min: ms(histogram.min), p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
      const net = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(Math.max(0, v - RESOLUTION_MS).toFixed(3))]));
      return answer({ delay: { resolutionMs: RESOLUTION_MS, samples: histogram.count, raw, net } });
    }
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      return answer({ memory: process.memoryUsage() });
  }
});
// stdin must not keep a process alive that would otherwise exit.
process.stdin.unref();
