import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentFile, loadFunctionFile, loadToolsFile } from '../../src/runtime/agent-config.js';
import { loadSettings } from '../../src/runtime/config.js';

describe('runtime settings from the env', () => {
  it('uses the documented defaults', () => {
    const s = loadSettings({ OMNIA_PROVIDER_TYPE: 'mock' });
    expect(s).toMatchObject({
      port: 9000,
      mode: 'agent',
      packPath: '/etc/omnia/pack/pack.json',
      configDir: '/etc/omnia/config',
      provider: { type: 'mock', defaults: {}, pricing: { inputPer1K: 0, outputPer1K: 0 }, maxRetries: 2 },
    });
    expect(s.promptName).toBeUndefined();
  });

  it('auto picks the vendor whose key is present', () => {
    expect(loadSettings({ OPENAI_API_KEY: 'o' }).provider).toMatchObject({ type: 'openai', apiKey: 'o' });
    expect(loadSettings({ OMNIA_PROVIDER_TYPE: 'auto', GEMINI_API_KEY: 'g' }).provider).toMatchObject({ type: 'gemini', apiKey: 'g' });
    expect(loadSettings({ ANTHROPIC_API_KEY: 'a', GEMINI_API_KEY: 'g' }).provider.type).toBe('claude');
    expect(() => loadSettings({})).toThrow(/OMNIA_PROVIDER_TYPE=auto: none of ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY is set/);
  });

  it('refuses bad values naming the variable', () => {
    expect(() => loadSettings({ OMNIA_PROVIDER_TYPE: 'llama' })).toThrow('OMNIA_PROVIDER_TYPE: "llama" is not one of claude, openai, gemini, auto, mock');
    expect(() => loadSettings({ OMNIA_PROVIDER_TYPE: 'claude' })).toThrow('OMNIA_PROVIDER_TYPE=claude needs ANTHROPIC_API_KEY to be set');
    expect(() => loadSettings({ OMNIA_PROVIDER_TYPE: 'mock', OMNIA_PROVIDER_TEMPERATURE: 'hot' })).toThrow('OMNIA_PROVIDER_TEMPERATURE: "hot" is not a number 0-2');
    expect(() => loadSettings({ OMNIA_PROVIDER_TYPE: 'mock', OMNIA_PROVIDER_MAX_TOKENS: '1.5' })).toThrow(/OMNIA_PROVIDER_MAX_TOKENS/);
    expect(() => loadSettings({ OMNIA_PROVIDER_TYPE: 'mock', OMNIA_PROVIDER_BASE_URL: 'not a url' })).toThrow(/OMNIA_PROVIDER_BASE_URL/);
    expect(() => loadSettings({ OMNIA_PROVIDER_TYPE: 'mock', OMNIA_PROMPT_VARIABLES: '[1]' })).toThrow(/OMNIA_PROMPT_VARIABLES: expected a JSON object/);
    expect(() => loadSettings({ OMNIA_PROVIDER_TYPE: 'mock', OMNIA_MODE: 'batch' })).toThrow(/OMNIA_MODE/);
  });

  it('parses provider defaults, pricing and variables', () => {
    const s = loadSettings({
      OMNIA_PROVIDER_TYPE: 'mock',
      OMNIA_PROVIDER_TEMPERATURE: '0.7',
      OMNIA_PROVIDER_TOP_P: '0.9',
      OMNIA_PROVIDER_MAX_TOKENS: '512',
      OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.003',
      OMNIA_PROMPT_VARIABLES: '{"company":"Globex"}',
    });
    expect(s.provider.defaults).toEqual({ temperature: 0.7, topP: 0.9, maxTokens: 512 });
    expect(s.provider.pricing.inputPer1K).toBe(0.003);
    expect(s.promptVariables).toEqual({ company: 'Globex' });
  });
});

describe('the mounted config files', () => {
  const dir = (files: Record<string, string>): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'omnia-cfg-'));
    for (const [k, v] of Object.entries(files)) writeFileSync(path.join(d, k), v);
    return d;
  };

  it('defaults when files are absent', () => {
    const d = dir({});
    expect(loadAgentFile(d)).toEqual({ maxSteps: 5, contextLimit: 6 });
    expect(loadToolsFile(d)).toEqual([]);
    expect(loadFunctionFile(d)).toBeUndefined();
  });

  it('reads instructions and clamps reasoningLoopMaxSteps to 1-20', () => {
    expect(loadAgentFile(dir({ 'agent.json': '{"instructions":"Be kind.","reasoningLoopMaxSteps":50,"memory":{"contextLimit":2}}' }))).toEqual({ instructions: 'Be kind.', maxSteps: 20, contextLimit: 2 });
    expect(loadAgentFile(dir({ 'agent.json': '{"reasoningLoopMaxSteps":0}' })).maxSteps).toBe(1);
    expect(() => loadAgentFile(dir({ 'agent.json': '{"reasoningLoopMaxSteps":"ten"}' }))).toThrow(/reasoningLoopMaxSteps/);
    expect(() => loadAgentFile(dir({ 'agent.json': '{oops' }))).toThrow(/agent\.json is not valid JSON/);
  });

  it('reads tools with timeouts and retries, and names a bad entry', () => {
    const tools = loadToolsFile(
      dir({ 'tools.json': JSON.stringify({ tools: [{ name: 'w', type: 'http', endpoint: 'http://w/x', timeout: '1m30s', retries: 2, inputSchema: { type: 'object' } }] }) }),
    );
    expect(tools).toEqual([{ name: 'w', description: '', type: 'http', endpoint: 'http://w/x', timeoutMs: 90_000, retries: 2, inputSchema: { type: 'object' } }]);
    const bad = (t: unknown) => dir({ 'tools.json': JSON.stringify({ tools: [t] }) });
    expect(() => loadToolsFile(bad({ name: 'w', endpoint: 'nope' }))).toThrow('tools[0]: "endpoint" "nope" is not a URL');
    expect(() => loadToolsFile(bad({ name: 'w', endpoint: 'http://x', timeout: 'soon' }))).toThrow(/"timeout" must be a duration/);
    expect(() => loadToolsFile(bad({ name: 'has space', endpoint: 'http://x' }))).toThrow(/"name" must be/);
    expect(() => loadToolsFile(bad({ name: 'w', endpoint: 'http://x', type: 'grpc' }))).toThrow(/"type" must be http or mcp/);
  });
});
