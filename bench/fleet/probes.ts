// What the bench reads besides the API: Metacontroller's client-go request
// counter from its /metrics, and a process's memory from /proc (its CPU comes
// from bench/hooks/proc-cpu.ts).
import { readFileSync } from 'node:fs';

/** client-go's rest_client_requests_total summed per HTTP method (every host and code). */
export async function restRequests(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^rest_client_requests_total\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m) continue;
    const method = /method="([^"]*)"/.exec(m[1]!)?.[1] ?? '?';
    out[method] = (out[method] ?? 0) + Number(m[2]);
  }
  return out;
}

export function total(byMethod: Record<string, number>): number {
  return Object.values(byMethod).reduce((a, b) => a + b, 0);
}

/** The difference of two counter snapshots, per method (methods with no change left out). */
export function delta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

/** Resident memory now and its peak since the process started (VmRSS, VmHWM), in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
