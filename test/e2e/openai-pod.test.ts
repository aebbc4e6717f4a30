import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sync } from '../../src/hooks/agentruntime/sync.js';
import { deploymentOf, startPod, type PodObject, type RunningPod } from '../support/pod.js';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { BASIC_PACK } from '../runtime/helpers.js';

// The pod as the hook builds it: the AgentRuntime sync's Deployment (strict
// auth with an API-key Secret, a Claude Provider, a ToolRegistry) run as its
// two container processes by test/support/pod.ts, the vendor a fake Anthropic server, the tool a
// loopback HTTP server. The official openai client talks to the facade: the
// agent's tool call stays inside, the caller gets the answer; the agent card
// says what the spec says.

const KEY = 'pod-key-0123456789';
const fixture = path.resolve(import.meta.dirname, '../fixtures/agentruntime/tool-registry/request.json');

describe('the pod as built, through the official openai client', () => {
  let vendor: FakeVendor;
  let tools: ToolServer;
  let pod: RunningPod;
  let agent: OpenAI;
  let facadeUrl: string;

  beforeAll(async () => {
    tools = await startToolServer();
    vendor = await startFakeAnthropic([
      { toolCalls: [{ name: 'weather', args: { city: 'Paris' } }], usage: { input: 100, output: 20 } },
      { text: 'It is sunny in Paris, 21°C.', usage: { input: 150, output: 12 } },
    ]);
    const request = JSON.parse(readFileSync(fixture, 'utf8'));
    request.parent.spec.facade = { auth: { apiKeysSecretRef: { name: 'agent-api-keys' } } };
    // The Secret as the cluster would relate it (the hook checks it exists; its data never reaches a child).
    request.related['Secret.v1'] = {
      'agents/agent-api-keys': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'agent-api-keys', namespace: 'agents', resourceVersion: '1' }, type: 'Opaque', data: { 'api-keys': Buffer.from(KEY).toString('base64') } },
    };
    request.parent.spec.config = { ...request.parent.spec.config, description: 'Answers weather questions' };
    const registry = Object.values(request.related['ToolRegistry.omnia.altairalabs.ai/v1alpha1'])[0] as any;
    registry.status.discoveredTools = [
      {
        name: 'weather',
        description: 'Weather for a city',
        type: 'http',
        endpoint: `${tools.url}/weather`,
        inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
        source: 'inline',
        status: 'Available',
      },
    ];
    registry.status.discoveredToolsCount = 1;
    const response = sync(request, new Date('2026-03-01T12:00:00Z'));
    const volumes = (response.children.find((c: any) => c.kind === 'Deployment') as any).spec.template.spec.volumes as { name: string; configMap?: { name: string } }[];
    const packMap = volumes.find((v) => v.name === 'promptpack')!.configMap!.name;
    // What the cluster holds for the pod: the sync's ConfigMap, the pack version's, the Secrets.
    const objects: PodObject[] = [
      ...(response.children.filter((c) => c.kind === 'ConfigMap') as unknown as PodObject[]),
      { kind: 'ConfigMap', metadata: { name: packMap }, data: { 'pack.json': JSON.stringify(BASIC_PACK) } },
      { kind: 'Secret', metadata: { name: 'anthropic-credentials' }, stringData: { ANTHROPIC_API_KEY: 'sk-ant-pod' } },
      { kind: 'Secret', metadata: { name: 'agent-api-keys' }, stringData: { 'api-keys': `${KEY}\n` } },
    ];
    pod = await startPod(deploymentOf(response.children), { objects, env: { runtime: { OMNIA_PROVIDER_BASE_URL: vendor.url } }, readyTimeoutMs: 120_000 });
    facadeUrl = `http://127.0.0.1:${pod.port('facade', 'facade')}`;
    agent = new OpenAI({ baseURL: `${facadeUrl}/v1`, apiKey: KEY, maxRetries: 0 });
  }, 180_000);

  afterAll(async () => {
    await pod?.stop();
    await vendor?.close();
    await tools?.close();
  });

  it('streams the answer of a tool-using turn; the tool call stays inside the agent', async () => {
    const stream = await agent.chat.completions.create({
      model: 'tool-agent',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    let text = '';
    let usage;
    for await (const chunk of stream) {
      expect(chunk.choices[0]?.delta.tool_calls).toBeUndefined();
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('It is sunny in Paris, 21°C.');
    expect(usage).toEqual({ prompt_tokens: 250, completion_tokens: 32, total_tokens: 282 });
    expect(tools.calls.at(-1)).toMatchObject({ path: '/weather', body: { city: 'Paris' } });
  });

  it('answers without streaming, lists the agent as the model, refuses a wrong key in OpenAI\'s shape', async () => {
    vendor.script = [{ text: 'Still sunny.', usage: { input: 10, output: 3 } }];
    const reply = await agent.chat.completions.create({ model: 'tool-agent', messages: [{ role: 'user', content: 'And tomorrow?' }] });
    expect(reply.choices[0]?.message.content).toBe('Still sunny.');
    const models = [];
    for await (const m of agent.models.list()) models.push(m.id);
    expect(models).toEqual(['tool-agent']);
    const wrong = new OpenAI({ baseURL: `${facadeUrl}/v1`, apiKey: 'not-the-key', maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: 'tool-agent', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('serves the agent card from the spec: description, the tool as a skill, the bearer scheme', async () => {
    const res = await fetch(`${facadeUrl}/.well-known/agent-card.json`, { headers: { authorization: `Bearer ${KEY}` } });
    const card = (await res.json()) as any;
    expect(card).toMatchObject({ name: 'tool-agent', description: 'Answers weather questions', capabilities: { streaming: true }, security: [{ bearer: [] }] });
    expect(card.skills).toContainEqual({ id: 'tool:weather', name: 'weather', description: 'Weather for a city', tags: ['tool'] });
  });
});
