import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoHandler } from './support/handlers.js';
import { postJson, startFunction, type StartedFunction } from './support/server.js';

describe('function metrics on the facade registry', () => {
  let f: StartedFunction;
  const registry = new Registry();
  beforeAll(async () => {
    f = await startFunction({
      handler: echoHandler(),
      registry,
      namespace: 'team-a',
      authenticate: async (req) => (req.headers.authorization ? { ok: true } : { ok: false, detail: 'no credential' }),
    });
  });
  afterAll(() => f.close());

  it('counts each answer by code and times it', async () => {
    const auth = { authorization: 'Bearer x' };
    await postJson(`${f.url}/functions/echo`, { text: 'a' }, auth);
    await postJson(`${f.url}/functions/echo`, { text: 'b' }, auth);
    await postJson(`${f.url}/functions/echo`, { text: 'c' }, auth);
    await postJson(`${f.url}/functions/echo`, { text: 1 }, auth);
    await postJson(`${f.url}/functions/echo`, { text: 'break-schema' }, auth);
    await postJson(`${f.url}/functions/echo`, { text: 'explode' }, auth);
    await postJson(`${f.url}/functions/echo`, { text: 'a' });
    await postJson(`${f.url}/functions/echo`, 'x', { ...auth, 'content-type': 'text/plain' });
    await fetch(`${f.url}/functions/echo`, { method: 'GET' });
    // Not this function: not counted, and the requested name never becomes a label.
    await postJson(`${f.url}/functions/someone-else`, { text: 'a' }, auth);

    const counter = await registry.getSingleMetric('omnia_function_invocations_total')?.get();
    const byCode = Object.fromEntries((counter?.values ?? []).map((v) => [v.labels.code, v.value]));
    expect(byCode).toEqual({
      ok: 3,
      input_invalid: 1,
      output_invalid: 1,
      runtime_error: 1,
      unauthorized: 1,
      unsupported_media_type: 1,
      method_not_allowed: 1,
    });
    for (const v of counter?.values ?? []) expect(v.labels).toMatchObject({ function: 'echo', namespace: 'team-a' });

    const text = await registry.metrics();
    expect(text).toContain('omnia_function_duration_seconds_count{function="echo",namespace="team-a",code="ok"} 3');
    expect(text).toContain('omnia_function_duration_seconds_count{function="echo",namespace="team-a",code="runtime_error"} 1');
    expect(text).not.toContain('someone-else');
    const sum = /omnia_function_duration_seconds_sum\{function="echo",namespace="team-a",code="ok"\} (\S+)/.exec(text);
    expect(Number(sum?.[1])).toBeGreaterThan(0);
  });

  it('a second handler on the same registry shares the series instead of failing to register', async () => {
    const g = await startFunction({ handler: echoHandler(), registry, namespace: 'team-a' });
    try {
      await postJson(`${g.url}/functions/echo`, { text: 'again' });
      const counter = await registry.getSingleMetric('omnia_function_invocations_total')?.get();
      expect(counter?.values.find((v) => v.labels.code === 'ok')?.value).toBe(4);
    } finally {
      await g.close();
    }
  });
});
