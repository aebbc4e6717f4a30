import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/hooks/server/app.js';
import { createHookMetrics } from '../../../src/hooks/server/metrics.js';
import { captureLogger, NOW, parentRequest, parseMetrics, sampleValue, testRegistry } from './helpers.js';

describe('hook server: health and metrics', () => {
  it('answers /healthz and /readyz', async () => {
    const app = createApp({ registry: testRegistry, logger: captureLogger().logger });
    const health = await request(app).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
  });

  it('reports 503 on /readyz while not ready, and stays healthy', async () => {
    let ready = true;
    const app = createApp({ registry: testRegistry, logger: captureLogger().logger, isReady: () => ready });
    ready = false;
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('not_ready');
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('counts requests by kind, hook and code, errors by code, and durations', async () => {
    const app = createApp({ registry: testRegistry, clock: () => NOW, logger: captureLogger().logger });
    await request(app).post('/hooks/widget/sync').send(parentRequest());
    await request(app).post('/hooks/widget/sync').send(parentRequest());
    await request(app).post('/hooks/widget/sync').set('Content-Type', 'application/json').send('nope');
    await request(app).post('/hooks/broken/sync').send(parentRequest());
    await request(app).post('/hooks/bogus-kind/sync').send(parentRequest());

    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const samples = parseMetrics(res.text);
    const count = (labels: Record<string, string>) => sampleValue(samples, 'omnia_hooks_requests_total', labels);
    expect(count({ kind: 'widget', hook: 'sync', code: '200' })).toBe(2);
    expect(count({ kind: 'widget', hook: 'sync', code: '400' })).toBe(1);
    expect(count({ kind: 'broken', hook: 'sync', code: '500' })).toBe(1);
    // unknown kinds collapse into one label value
    expect(count({ kind: 'unknown', hook: 'unknown', code: '404' })).toBe(1);
    expect(samples.some((s) => s.labels.kind === 'bogus-kind')).toBe(false);

    const errors = (labels: Record<string, string>) => sampleValue(samples, 'omnia_hooks_errors_total', labels);
    expect(errors({ kind: 'widget', hook: 'sync', error: 'invalid_json' })).toBe(1);
    expect(errors({ kind: 'broken', hook: 'sync', error: 'internal_error' })).toBe(1);

    expect(sampleValue(samples, 'omnia_hooks_request_duration_seconds_count', { kind: 'widget', hook: 'sync' })).toBe(3);
    // default process metrics are there too
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
  });

  it('keeps the metrics of two apps apart', async () => {
    const metricsA = createHookMetrics({ defaultMetrics: false });
    const a = createApp({ registry: testRegistry, logger: captureLogger().logger, metrics: metricsA });
    const b = createApp({ registry: testRegistry, logger: captureLogger().logger });
    await request(a).post('/hooks/widget/sync').send(parentRequest());
    const textB = (await request(b).get('/metrics')).text;
    expect(sampleValue(parseMetrics(textB), 'omnia_hooks_requests_total', { kind: 'widget' })).toBeUndefined();
    const textA = await metricsA.registry.metrics();
    expect(sampleValue(parseMetrics(textA), 'omnia_hooks_requests_total', { kind: 'widget', code: '200' })).toBe(1);
  });
});
