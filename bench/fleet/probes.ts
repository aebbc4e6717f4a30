// What the bench reads besides the API: Metacontroller's client-go request
// counter from its /metrics, and a process's memory from /proc (its CPU comes
// from bench/hooks/proc-cpu.ts).
import { readFileSync } from 'node:fs';

/** One read of a /metrics endpoint (each snapshot parses every figure from the same text). */
export async function scrape(metricsUrl: string): Promise<string> {
  return (await fetch(metricsUrl)).text();
}

/** A label's value in a series' label text (`a="1",b="2"`); '' when absent. */
const label = (labels: string, name: string): string => new RegExp(`(?:^|,)${name}="([^"]*)"`).exec(labels)?.[1] ?? '';

/**
 * The series of `metric` in Prometheus text, summed by `key` of their labels
 * (series whose key is undefined are left out).
 */
export function sumBy(text: string, metric: string, key: (labels: string) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(new RegExp(`^${metric}(?:\\{([^}]*)\\})?\\s+(\\S+)`, 'gm'))) {
    const k = key(m[1] ?? '');
    if (k !== undefined) out[k] = (out[k] ?? 0) + Number(m[2]);
  }
  return out;
}

/** client-go's rest_client_requests_total summed per HTTP method (every host and code). */
export function restRequests(text: string): Record<string, number> {
  return sumBy(text, 'rest_client_requests_total', (l) => label(l, 'method') || '?');
}

/**
 * Calls Metacontroller made to one hook (`sync`, `finalize`, `customize`) of one
 * controller, every status code, from its own counter (the bench calls the hook
 * server directly, with no proxy to count them).
 */
export function hookCallsOf(text: string, hook: string, controller: string): number {
  return sumBy(text, `metacontroller_${hook}_requests_total`, (l) => (label(l, 'controller_name') === controller ? '' : undefined))[''] ?? 0;
}

/** One client-go workqueue's counters (Metacontroller names a controller's queue `CompositeController-<name>`). */
export interface QueueCounters {
  adds: number;
  /** Time items waited in the queue before a worker took them (sum, count). */
  waitSeconds: number;
  waits: number;
  /** Time workers spent on items: the hook calls and the API requests of one sync (sum, count). */
  workSeconds: number;
  works: number;
  /** Hook calls (sync, finalize and customize, every controller) as Metacontroller timed them: sum, count. */
  hookSeconds: number;
  hookCalls: number;
}

export function workqueue(text: string, name: string): QueueCounters {
  const one = (metric: string): number => sumBy(text, metric, (l) => (label(l, 'name') === name ? name : undefined))[name] ?? 0;
  // Metacontroller's own timing of its hook calls (all of its controllers together).
  const all = (metric: string): number => sumBy(text, metric, () => '')[''] ?? 0;
  return {
    hookSeconds: all('metacontroller_sync_request_duration_histogram_seconds_sum') + all('metacontroller_customize_request_duration_histogram_seconds_sum'),
    hookCalls: all('metacontroller_sync_request_duration_histogram_seconds_count') + all('metacontroller_customize_request_duration_histogram_seconds_count'),
    adds: one('workqueue_adds_total'),
    waitSeconds: one('workqueue_queue_duration_seconds_sum'),
    waits: one('workqueue_queue_duration_seconds_count'),
    workSeconds: one('workqueue_work_duration_seconds_sum'),
    works: one('workqueue_work_duration_seconds_count'),
  };
}

/** Busy and total CPU time of the whole machine (every core), in clock ticks, from /proc/stat. */
export function machineTicks(): { busy: number; all: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const all = cpu.reduce((a, b) => a + b, 0);
  // idle + iowait are not busy.
  return { busy: all - (cpu[3] ?? 0) - (cpu[4] ?? 0), all };
}

/** An API server request series as `VERB resource[/subresource]`. */
const requestKey = (l: string): string => `${label(l, 'verb')} ${label(l, 'resource')}${label(l, 'subresource') ? `/${label(l, 'subresource')}` : ''}`;

/**
 * The API server's own counters (its /metrics): requests by verb and resource,
 * and watch events sent by kind. Who made a request is not in them; what they
 * show is where the API server's work went.
 */
export function apiserverCounters(metricsText: string): Record<string, number> {
  return {
    ...sumBy(metricsText, 'apiserver_request_total', requestKey),
    ...sumBy(metricsText, 'apiserver_watch_events_total', (l) => `watch events ${label(l, 'resource') || label(l, 'kind')}`),
  };
}

/**
 * Where request time went: the API server's own latency per verb and resource
 * (`apiserver_request_duration_seconds`, watches left out). Sums and counts, so
 * two snapshots give the mean over a phase. (Metacontroller's client has no
 * latency histogram: controller-runtime registers only the request counter.)
 */
export function latencyCounters(apiserverText: string): Record<string, number> {
  const verbResource = (l: string): string | undefined => (label(l, 'verb') === 'WATCH' ? undefined : requestKey(l));
  const sums = sumBy(apiserverText, 'apiserver_request_duration_seconds_sum', verbResource);
  const counts = sumBy(apiserverText, 'apiserver_request_duration_seconds_count', verbResource);
  return Object.fromEntries(Object.keys(sums).flatMap((k) => [[`${k} sum`, sums[k]!], [`${k} count`, counts[k] ?? 0]]));
}

/** Mean milliseconds per request between two latencyCounters snapshots, the `n` busiest first. */
export function meanLatencies(after: Record<string, number>, before: Record<string, number>, n: number): Record<string, { ms: number; requests: number }> {
  const d = delta(after, before);
  const rows = Object.keys(d)
    .filter((k) => k.endsWith(' count'))
    .map((k) => {
      const name = k.slice(0, -' count'.length);
      const count = d[k]!;
      return [name, { ms: Math.round(((d[`${name} sum`] ?? 0) / count) * 10000) / 10, requests: count }] as const;
    });
  return Object.fromEntries(rows.sort((a, b) => b[1].requests - a[1].requests).slice(0, n));
}

/** The `n` largest entries of a counter delta, largest first. */
export function top(counts: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, n));
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
