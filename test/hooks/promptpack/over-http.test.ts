// The golden cases of every kind answered by the real hook server (over
// supertest) are byte for byte the golden answers: the files hold canonical
// JSON, and the server sends the same bytes without the indentation.
import request from 'supertest';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/hooks/registry.js';
import { createApp } from '../../../src/hooks/server/app.js';
import { loadCases } from '../support/golden.js';

describe('golden cases over HTTP', () => {
  for (const kind of ['agentruntime', 'promptpack', 'provider', 'toolregistry', 'agentruntimeconfiguration']) {
    it(`${kind}: every case answers 200 with its golden response`, async () => {
      const cases = loadCases(kind);
      for (const c of cases) {
        const app = createApp({ registry: defaultRegistry, clock: () => c.now, logger: pino({ level: 'silent' }) });
        const res = await request(app).post(`/hooks/${kind}/${c.hook}`).send(c.request as object);
        expect(res.status, `${kind}/${c.name}`).toBe(200);
        expect(res.text, `${kind}/${c.name}`).toBe(JSON.stringify(c.expected));
      }
    });
  }

  it('a PromptPack request with no parent is a 400 with a JSON error, not a crash', async () => {
    const app = createApp({ registry: defaultRegistry, logger: pino({ level: 'silent' }) });
    const res = await request(app).post('/hooks/promptpack/sync').send({ children: {} });
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty('error');
  });
});
