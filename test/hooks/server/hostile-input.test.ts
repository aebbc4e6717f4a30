// Requests a hostile or careless client sends to the real hooks, over HTTP:
// a subject of another kind, an unknown kind, and specs nested 100k levels deep.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/hooks/registry.js';
import { createApp } from '../../../src/hooks/server/app.js';
import { captureLogger, NOW } from './helpers.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`${path}/request.json`, FIXTURES), 'utf8')) as Record<string, unknown>;

function app() {
  return createApp({ registry: defaultRegistry, clock: () => NOW, logger: captureLogger().logger });
}

const post = (path: string, body: string) => request(app()).post(path).set('Content-Type', 'application/json').send(body);

describe('hook server: the real hooks refuse what they cannot answer', () => {
  const agent = fixture('agentruntime/complete-example');

  it.each(Object.keys(defaultRegistry).filter((k) => k !== 'agentruntime'))(
    'answers 400 wrong_kind for an AgentRuntime posted to /hooks/%s/*',
    async (kind) => {
      const composite = defaultRegistry[kind as keyof typeof defaultRegistry].controller === 'composite';
      const parent = agent.parent as Record<string, unknown>;
      const body = composite ? agent : { ...agent, object: parent, attachments: {} };
      // Every hook the kind has (a ToolServer relates nothing: no customize).
      for (const hook of ['sync', 'customize'].filter((h) => defaultRegistry[kind as keyof typeof defaultRegistry].hooks[h as 'sync'])) {
        const res = await post(`/hooks/${kind}/${hook}`, JSON.stringify(body));
        expect(res.status, `${kind}/${hook}`).toBe(400);
        expect(res.body).toEqual({ error: 'wrong_kind', detail: expect.stringMatching(/^expected a subject of kind \w+, got AgentRuntime$/) });
      }
    },
  );

  it('answers 400 wrong_kind for a PromptPack posted to /hooks/agentruntime/sync', async () => {
    const res = await post('/hooks/agentruntime/sync', JSON.stringify(fixture('promptpack/canary-waiting')));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'wrong_kind', detail: 'expected a subject of kind AgentRuntime, got PromptPack' });
  });

  it('lists the valid kinds in unknown_kind', async () => {
    const res = await post('/hooks/agentruntimes/sync', JSON.stringify(agent));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: 'unknown_kind',
      detail: 'no hooks for kind "agentruntimes" (valid kinds: agentgateway, agenticworkforce, agentruntime, agentruntimeconfiguration, aigateway, promptpack, provider, toolgateway, toolregistry, toolserver)',
    });
  });
});

describe('hook server: JSON nested 100k levels deep inside the spec', () => {
  const LEVELS = 100_000;
  // Built as text: a value this deep cannot go through JSON.stringify.
  const deepObject = `${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}`;
  const withDeep = (body: Record<string, unknown>, path: string[]): string => {
    const copy = structuredClone(body);
    let at = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[path.at(-1) as string] = '@DEEP@';
    return JSON.stringify(copy).replace('"@DEEP@"', deepObject);
  };

  it.each([
    ['runtime.affinity', 'agentruntime/complete-example', ['parent', 'spec', 'runtime', 'affinity']],
    ['inputSchema', 'agentruntime/function-mode', ['parent', 'spec', 'inputSchema']],
  ])('answers 400 too_deep (not 500) for %s', async (_what, path, at) => {
    const res = await post('/hooks/agentruntime/sync', withDeep(fixture(path), at));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'too_deep', detail: 'the request nests objects or arrays more than 512 levels deep' });
  });

  it.each([
    ['promptpack', 'promptpack/canary-waiting', ['parent', 'spec', 'rollout']],
    ['provider', 'provider/claude-key-present', ['object', 'spec', 'defaults']],
    ['agentruntimeconfiguration', 'agentruntimeconfiguration/cluster-defaults', ['object', 'spec', 'defaultResources']],
    ['aigateway', 'aigateway/selector-ambiguous', ['object', 'spec', 'serviceSelector']],
  ])('never answers 500 for a deep %s spec', async (kind, path, at) => {
    const res = await post(`/hooks/${kind}/sync`, withDeep(fixture(path), at));
    expect(res.status).not.toBe(500);
  });
});
