// In-process reference points for the sync benchmark, for the same bytes:
//   floor — parse the request bytes once and serialise the response once: what
//           any JSON-over-HTTP hook must do at least;
//   pure  — parse, run the AgentRuntime sync function, serialise canonically:
//           the hook without HTTP, logging or metrics.
// Prints one JSON line: {"mode", "opsPerSecond", "cpuMicrosPerOp", "iterations", "seconds"}.
// cpuMicrosPerOp is this process's CPU time per op: on a shared machine other
// processes take wall time from the core, not CPU time, so it compares with the
// server's CPU per request even when the core was not ours alone.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, requestPath, responsePath, secondsArg] = process.argv.slice(2);
if ((mode !== 'floor' && mode !== 'pure') || !requestPath || !responsePath) {
  console.error('usage: floor.ts floor|pure <request.json> <response.json> [seconds]');
  process.exit(2);
}
const requestBytes = readFileSync(requestPath);
const response = JSON.parse(readFileSync(responsePath, 'utf8')) as unknown;
const seconds = Number(secondsArg ?? 3);

// The compiled code, as the server runs it.
const dist = join(resolve(import.meta.dirname, '../..'), 'dist');
const { defaultRegistry } = (await import(pathToFileURL(join(dist, 'hooks/registry.js')).href)) as typeof import('../../src/hooks/registry.js');
const { canonicalJson } = (await import(pathToFileURL(join(dist, 'shared/canonical-json.js')).href)) as typeof import('../../src/shared/canonical-json.js');
const sync = defaultRegistry.agentruntime.hooks.sync;
if (!sync) throw new Error('no agentruntime sync hook');
const now = new Date();

let sink = 0;
const once =
  mode === 'floor'
    ? () => {
        const parsed = JSON.parse(requestBytes.toString('utf8')) as { parent?: unknown };
        // Keep both results observable so the work cannot be optimised away.
        sink += JSON.stringify(response).length + (parsed.parent ? 1 : 0);
      }
    : () => {
        sink += Buffer.from(canonicalJson(sync(JSON.parse(requestBytes.toString('utf8')), now)), 'utf8').length;
      };

// Warm up the JIT, then measure for a fixed wall time.
for (let i = 0; i < 2000; i++) once();
let iterations = 0;
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
const limit = BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() - start < limit) {
  for (let i = 0; i < 50; i++) once();
  iterations += 50;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuMicrosPerOp = (cpu.user + cpu.system) / iterations;
console.log(JSON.stringify({ mode, opsPerSecond: iterations / elapsed, cpuMicrosPerOp, iterations, seconds: elapsed, sink: sink > 0 }));
