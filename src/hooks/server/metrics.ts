// Prometheus metrics of the hook server, in a registry of its own so that two
// apps in one process (tests) or a library user's registry never collide.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HookMetrics {
  readonly registry: Registry;
  /** One finished (or aborted) hook request; `error` is the error code of a non-2xx answer. */
  observe(kind: string, hook: string, code: string, seconds: number, error?: string): void;
}

// Hooks answer in well under a millisecond on small parents and in a few
// milliseconds on large ones; Metacontroller gives up after 10 s by default.
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createHookMetrics(options: { defaultMetrics?: boolean } = {}): HookMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'omnia_hooks_requests_total',
    help: 'Hook requests answered, by kind, hook and HTTP status code.',
    labelNames: ['kind', 'hook', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'omnia_hooks_request_duration_seconds',
    help: 'Time from request start to the last response byte, by kind and hook.',
    labelNames: ['kind', 'hook'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'omnia_hooks_errors_total',
    help: 'Hook requests answered with an error body, by kind, hook and error code.',
    labelNames: ['kind', 'hook', 'error'] as const,
    registers: [registry],
  });

  return {
    registry,
    observe(kind, hook, code, seconds, error) {
      requests.inc({ kind, hook, code });
      duration.observe({ kind, hook }, seconds);
      if (error) errors.inc({ kind, hook, error });
    },
  };
}
