import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/hooks/registry.js';
import { createApp } from '../../../src/hooks/server/app.js';
import { captureLogger, NOW, parentRequest, testRegistry } from './helpers.js';

const FIXTURE = join(import.meta.dirname, '../../../bench/hooks/fixtures/sync-request.json');
const PLANTED = 'sk-ant-PLANTED-c0ffee-5ecret';
const PLANTED_B64 = Buffer.from(`redis://:${PLANTED}@redis:6379/0`).toString('base64');

/** A sync request whose related Secret carries a planted credential, as Metacontroller would send it. */
function requestWithSecret(): Record<string, unknown> {
  return {
    ...parentRequest('prod-agent', 'agents'),
    related: {
      'Secret.v1': {
        'agents/redis-credentials': {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'redis-credentials', namespace: 'agents', resourceVersion: '42' },
          data: { url: PLANTED_B64, ANTHROPIC_API_KEY: Buffer.from(PLANTED).toString('base64') },
          stringData: { token: PLANTED },
        },
      },
    },
  };
}

describe('hook server: logs', () => {
  it('logs one line per request with kind, hook, parent, status and duration', async () => {
    const captured = captureLogger();
    const app = createApp({ registry: testRegistry, clock: () => NOW, logger: captured.logger });
    await request(app).post('/hooks/widget/sync').send(parentRequest('prod-agent', 'agents'));
    const line = captured.lines().find((l) => l.msg === 'hook request');
    expect(line).toMatchObject({ kind: 'widget', hook: 'sync', namespace: 'agents', parent: 'prod-agent', status: 200 });
    // One "name" key only: the logger's.
    expect(captured.text().match(/"name":/g)?.length).toBe(captured.lines().length);
    expect(typeof line?.durationMs).toBe('number');
  });

  it('never logs a related Secret value, on success or on a hook that throws with the value in its message', async () => {
    const captured = captureLogger();
    const registry = {
      ...testRegistry,
      leaky: {
        controller: 'composite' as const,
        hooks: {
          // A realistic bug: parsing secret content that is not JSON; V8 quotes the input in the message.
          sync: (req: unknown) => JSON.parse(PLANTED + String((req as { parent: unknown }).parent)) as unknown,
        },
      },
    };
    const app = createApp({ registry, clock: () => NOW, logger: captured.logger });
    const ok = await request(app).post('/hooks/widget/sync').send(requestWithSecret());
    expect(ok.status).toBe(200);
    const failed = await request(app).post('/hooks/leaky/sync').send(requestWithSecret());
    expect(failed.status).toBe(500);
    expect(failed.text).not.toContain(PLANTED);

    const text = captured.text();
    expect(captured.lines().some((l) => l.errorName === 'SyntaxError')).toBe(true);
    expect(text).not.toContain(PLANTED);
    expect(text).not.toContain(PLANTED_B64);
  });

  it('never logs or answers a Secret value through the real AgentRuntime sync', async () => {
    const captured = captureLogger();
    const app = createApp({ registry: defaultRegistry, clock: () => NOW, logger: captured.logger });
    // The spec/000 complete example with its related objects; plant values in both Secrets.
    const body = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { related: Record<string, Record<string, { data: Record<string, string> }>> };
    for (const secret of Object.values(body.related['Secret.v1'] ?? {})) {
      for (const key of Object.keys(secret.data)) secret.data[key] = PLANTED_B64;
    }
    const res = await request(app).post('/hooks/agentruntime/sync').send(body);
    expect(res.status).toBe(200);
    expect(res.body.children.length).toBeGreaterThan(0);
    expect(res.text).not.toContain(PLANTED_B64);
    expect(res.text).not.toContain(PLANTED);
    expect(captured.lines()).toContainEqual(expect.objectContaining({ kind: 'agentruntime', hook: 'sync', parent: 'production-agent', status: 200 }));
    expect(captured.text()).not.toContain(PLANTED);
    expect(captured.text()).not.toContain(PLANTED_B64);
  });

  it('does not put a request body into the log of a JSON error', async () => {
    const captured = captureLogger();
    const app = createApp({ registry: testRegistry, logger: captured.logger });
    await request(app).post('/hooks/widget/sync').set('Content-Type', 'application/json').send(`{"token": ${PLANTED}}`);
    expect(captured.text()).toContain('invalid_json');
    expect(captured.text()).not.toContain(PLANTED);
  });
});
