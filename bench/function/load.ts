import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

// The load generator of the function benchmarks: `concurrency` POSTs kept in
// flight on keep-alive connections for `seconds`; only 200 answers count.

export interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function keepLoaded(o: { port: number; path: string; body: string; seconds: number; concurrency: number; headers?: Record<string, string> }): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + o.seconds * 1000;
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(o.body), ...o.headers };
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request({ host: '127.0.0.1', port: o.port, path: o.path, method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(o.body);
    });
  const worker = async (): Promise<void> => {
    while (performance.now() < end) await one();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), errors };
}
