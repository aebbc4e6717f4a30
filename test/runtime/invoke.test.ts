import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import { startFakeGemini } from '../support/fake-vendors/gemini.js';
import { openaiErrorBody, startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { makeFixture, start } from './helpers.js';

// Function mode: POST /v1/invoke renders the prompt with the input and asks
// the vendor for JSON shaped by function.json's outputSchema.

const PACK = {
  id: 'summarizer',
  name: 'Summarizer',
  version: '2.0.0',
  template_engine: { version: 'v1', syntax: '{{variable}}' },
  prompts: {
    summarize: {
      id: 'summarize',
      name: 'Summarize',
      version: '1.0.0',
      system_template: 'Summarise the text in at most {{maxWords}} words.',
      variables: [{ name: 'maxWords', type: 'number', required: true }],
    },
  },
};
const OUTPUT_SCHEMA = { type: 'object', required: ['summary'], properties: { summary: { type: 'string' } } };
const FUNCTION = { name: 'summarizer', inputSchema: { type: 'object' }, outputSchema: OUTPUT_SCHEMA };

async function invoke(url: string, input: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input, invocation_id: 'inv-1' }),
  });
  return { status: res.status, body: await res.json() };
}

describe('invoke with the mock provider', () => {
  it('echoes input.text, or the whole input, as the output', async () => {
    const fixture = makeFixture({ fn: FUNCTION });
    const rt = await start(fixture.env({ OMNIA_MODE: 'function' }));
    try {
      const a = await invoke(rt.url, { text: 'hello world' });
      expect(a.status).toBe(200);
      expect(a.body.output).toEqual({ echo: 'hello world' });
      expect(a.body.raw_output).toBe('{"echo":"hello world"}');
      expect(a.body.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: 6, cost_usd: 0 });
      expect(typeof a.body.duration_ms).toBe('number');
      const b = await invoke(rt.url, { n: 1, tags: ['x'] });
      expect(b.body.output).toEqual({ echo: { n: 1, tags: ['x'] } });
    } finally {
      await rt.close();
      fixture.cleanup();
    }
  });
});

describe('invoke through vendor SDKs', () => {
  const fixture = makeFixture({ pack: PACK, fn: FUNCTION });
  let openai: FakeVendor;
  let claude: FakeVendor;
  let gemini: FakeVendor;
  beforeAll(async () => {
    openai = await startFakeOpenAI([{ text: '{"summary":"short"}' }]);
    claude = await startFakeAnthropic([{ toolCalls: [{ name: 'respond', args: { summary: 'from claude' } }] }]);
    gemini = await startFakeGemini([{ text: '{"summary":"from gemini"}' }]);
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), claude?.close(), gemini?.close()]);
    fixture.cleanup();
  });

  it('openai: renders the prompt with the input and asks for json_schema output', async () => {
    const rt = await start(fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${openai.url}/v1` }));
    try {
      const r = await invoke(rt.url, { text: 'long text', maxWords: 20 });
      expect(r.status).toBe(200);
      expect(r.body.output).toEqual({ summary: 'short' });
      const req = openai.requests.at(-1)!.body;
      expect(req.messages[0].content).toContain('Summarise the text in at most 20 words.');
      expect(req.messages[1]).toEqual({ role: 'user', content: '{"text":"long text","maxWords":20}' });
      expect(req.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: OUTPUT_SCHEMA, strict: false } });
      expect(req.tools).toBeUndefined();
    } finally {
      await rt.close();
    }
  });

  it('claude: forces the respond tool whose input schema is the output schema', async () => {
    const rt = await start(fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'claude', ANTHROPIC_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: claude.url }));
    try {
      const r = await invoke(rt.url, { text: 't', maxWords: 10 });
      expect(r.body.output).toEqual({ summary: 'from claude' });
      const req = claude.requests.at(-1)!.body;
      expect(req.tool_choice).toEqual({ type: 'tool', name: 'respond' });
      expect(req.tools[0].input_schema).toEqual(OUTPUT_SCHEMA);
    } finally {
      await rt.close();
    }
  });

  it('gemini: asks for application/json with responseJsonSchema', async () => {
    const rt = await start(fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'gemini', GEMINI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: gemini.url }));
    try {
      const r = await invoke(rt.url, { text: 't', maxWords: 10 });
      expect(r.body.output).toEqual({ summary: 'from gemini' });
      const cfg = gemini.requests.at(-1)!.body.generationConfig;
      expect(cfg.responseMimeType).toBe('application/json');
      expect(cfg.responseJsonSchema).toEqual(OUTPUT_SCHEMA);
    } finally {
      await rt.close();
    }
  });

  it('returns the raw text as output when the model does not answer JSON, and unwraps code fences', async () => {
    const rt = await start(fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${openai.url}/v1` }));
    try {
      openai.script = [{ text: 'not json at all' }];
      const a = await invoke(rt.url, { maxWords: 10 });
      expect(a.body).toMatchObject({ output: 'not json at all', raw_output: 'not json at all' });
      openai.script = [{ text: '```json\n{"summary":"fenced"}\n```' }];
      const b = await invoke(rt.url, { maxWords: 10 });
      expect(b.body.output).toEqual({ summary: 'fenced' });
    } finally {
      await rt.close();
    }
  });

  it('answers 422 prompt_error when the input lacks a required prompt variable', async () => {
    const rt = await start(fixture.env({ OMNIA_MODE: 'function' }));
    try {
      const r = await invoke(rt.url, { text: 'no maxWords' });
      expect(r.status).toBe(422);
      expect(r.body).toEqual({ error: 'prompt_error', detail: 'prompt "summarize": required variable "maxWords" has no value' });
    } finally {
      await rt.close();
    }
  });

  it('answers 502 runtime_error with the code when the vendor fails', async () => {
    const rt = await start(
      fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${openai.url}/v1`, OMNIA_PROVIDER_MAX_RETRIES: '0' }),
    );
    try {
      openai.script = [{ status: 429, body: openaiErrorBody('rate_limit_exceeded', 'slow down') }];
      const r = await invoke(rt.url, { maxWords: 10 });
      expect(r.status).toBe(502);
      expect(r.body).toMatchObject({ error: 'runtime_error', code: 'RATE_LIMITED' });
    } finally {
      await rt.close();
    }
  });
});
