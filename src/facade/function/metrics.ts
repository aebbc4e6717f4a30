import { Counter, Histogram, type Registry } from 'prom-client';
import type { FunctionCode } from './errors.js';

// Function-mode series on the facade's registry. Only requests addressed to
// this pod's function are counted: a 404 for some other name is not an
// invocation, and using the requested name as a label would let any caller
// create unbounded series.

const LABELS = ['function', 'namespace', 'code'] as const;
type Label = (typeof LABELS)[number];

/** The answer's code, or client_closed when the caller hung up before the answer. */
export type MetricCode = FunctionCode | 'client_closed';

export interface FunctionMetrics {
  observe(code: MetricCode, seconds: number): void;
  auditFailure(): void;
}

export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The registry's existing metric of that name (a second handler on the same registry), else a new one. */
function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createFunctionMetrics(registry: Registry, fn: string, namespace: string): FunctionMetrics {
  const invocations = reuse(
    registry,
    'omnia_function_invocations_total',
    () =>
      new Counter<Label>({
        name: 'omnia_function_invocations_total',
        help: 'Function-mode requests to this function, by result code (ok or the error code)',
        labelNames: LABELS,
        registers: [registry],
      }),
  );
  const duration = reuse(
    registry,
    'omnia_function_duration_seconds',
    () =>
      new Histogram<Label>({
        name: 'omnia_function_duration_seconds',
        help: 'Time from request to response of function-mode requests, by result code',
        labelNames: LABELS,
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
  );
  const auditFailures = reuse(
    registry,
    'omnia_function_audit_failures_total',
    () =>
      new Counter<'function' | 'namespace'>({
        name: 'omnia_function_audit_failures_total',
        help: 'Function invocations whose audit trail could not be written (the caller still got its answer)',
        labelNames: ['function', 'namespace'],
        registers: [registry],
      }),
  );
  return {
    observe(code, seconds) {
      const labels = { function: fn, namespace, code };
      invocations.inc(labels);
      duration.observe(labels, seconds);
    },
    auditFailure() {
      auditFailures.inc({ function: fn, namespace });
    },
  };
}
