// A runtime deployed without its PromptPack or Provider (waitForDependencies
// false; OMNIA_MISSING_DEPENDENCIES): it listens, reads neither a pack nor
// provider settings, answers every probe and turn with 503 naming what is
// missing, and keeps running (a crash would restart it in a loop).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingReason, startUnavailable, type UnavailableRuntime } from '../../src/runtime/start.js';

const env = {
  OMNIA_RUNTIME_PORT: '0',
  OMNIA_RUNTIME_HOST: '127.0.0.1',
  OMNIA_RUNTIME_HEALTH_PORT: '0',
  // No pack file and no provider settings at all: none is read.
  OMNIA_PROMPTPACK_PATH: '/nonexistent/pack.json',
  OMNIA_MISSING_DEPENDENCIES: 'PromptPack agents/support-prompts, Provider agents/claude',
};

describe('missingReason', () => {
  it('names every missing dependency, and is undefined when nothing is missing', () => {
    expect(missingReason(env)).toBe(
      'not ready: this agent was deployed without PromptPack agents/support-prompts and Provider agents/claude (waitForDependencies is false); it takes no turns until those are Ready and the pods roll onto them',
    );
    expect(missingReason({ OMNIA_MISSING_DEPENDENCIES: 'Provider agents/claude' })).toMatch(/without Provider agents\/claude .*until that is Ready and the pods roll onto it$/);
    expect(missingReason({})).toBeUndefined();
    expect(missingReason({ OMNIA_MISSING_DEPENDENCIES: ' , ' })).toBeUndefined();
  });
});

describe('a runtime deployed without its dependencies', () => {
  let rt: UnavailableRuntime;
  beforeAll(async () => {
    rt = await startUnavailable(missingReason(env)!, { env });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('answers /healthz and /readyz on both listeners with 503 and the reason', async () => {
    for (const base of [rt.url, rt.healthUrl]) {
      for (const path of ['/healthz', '/readyz']) {
        const res = await fetch(`${base}${path}`);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ status: 'unavailable', detail: rt.reason });
      }
    }
  });

  it('refuses each turn and each invocation with 503 {error, detail}, and keeps serving', async () => {
    for (const path of ['/v1/converse', '/v1/invoke', '/v1/converse']) {
      const res = await fetch(`${rt.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: 's', messages: [{ role: 'user', content: 'hi' }], input: {} }),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'unavailable', detail: rt.reason });
    }
  });

  it('still answers 404 and 405 as the protocol says', async () => {
    expect((await fetch(`${rt.url}/v1/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${rt.url}/v1/converse`)).status).toBe(405);
  });
});
