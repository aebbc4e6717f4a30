// The pod as the hook builds it, behind gateways: the gateways example
// (manifests/examples/gateways/, a namespace that requires gateways) runs
// through the simulated controllers with its AiGateway and ToolGateway pointed
// at fake gateways on loopback, and the Deployment the AgentRuntime sync emits
// runs as local processes (test/support/pod.ts). One WebSocket turn: the
// runtime's OpenAI calls must arrive at the AI gateway on OpenAI's own path,
// model and key, and the tool call must arrive at the tool gateway naming the
// tool's in-cluster URL in X-Omnia-Tool-Target, which the gateway routes on to
// the tool server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KubeObject } from '../../src/hooks/metacontroller.js';
import { TOOL_TARGET_HEADER } from '../../src/runtime/tools/gateway.js';
import { exampleUnits } from '../examples/support/files.js';
import { isKustomizeConfig, parseFile } from '../examples/support/parse.js';
import { simulate, type SimulatedAgent } from '../examples/support/simulate.js';
import { startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { deploymentOf, startPod, type PodObject, type RunningPod } from '../support/pod.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const KEY = 'sk-gateway-test-0123456789';
const TOOL_URL = 'http://weather.tools.svc.cluster.local:8080/weather';

interface ToolGateway {
  url: string;
  port: number;
  calls: { path: string; target: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

/** A tool gateway: records each call and routes it by X-Omnia-Tool-Target (here: the weather Service → the local tool server). */
async function startToolGateway(routes: Record<string, string>): Promise<ToolGateway> {
  const calls: ToolGateway['calls'] = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const target = req.headers[TOOL_TARGET_HEADER.toLowerCase()] as string | undefined;
    calls.push({ path: req.url ?? '', target, body: raw ? JSON.parse(raw) : undefined });
    const origin = target ? routes[new URL(target).origin] : undefined;
    if (!origin || !target) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no route for this target' }));
      return;
    }
    const upstream = await fetch(`${origin}${new URL(target).pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(await upstream.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, calls, close: () => new Promise((r) => server.close(() => r())) };
}

function exampleObjects(): KubeObject[] {
  const unit = exampleUnits().find((u) => u.name.startsWith('gateways/'));
  if (!unit) throw new Error('no gateways example');
  return unit.files.map(parseFile).flatMap((p) => p.docs.map((d) => d.object)).filter((o) => !isKustomizeConfig(o)) as KubeObject[];
}

describe('an agent pod behind an AiGateway and a ToolGateway', () => {
  let vendor: FakeVendor;
  let tools: ToolServer;
  let toolGateway: ToolGateway;
  let sim: SimulatedAgent;
  let pod: RunningPod | undefined;

  beforeAll(async () => {
    tools = await startToolServer();
    toolGateway = await startToolGateway({ 'http://weather.tools.svc.cluster.local:8080': tools.url });
    // The AI gateway speaks OpenAI's wire format (an OpenAI-compatible gateway such as LiteLLM).
    vendor = await startFakeOpenAI([
      { toolCalls: [{ name: 'weather', args: { city: 'Paris' } }], usage: { input: 50, output: 10 } },
      { text: 'Sunny in Paris, 21°C.', usage: { input: 80, output: 8 } },
    ]);
    const objects = exampleObjects().map((o) => {
      // The gateways' implementations run here on loopback: their addresses replace the example's.
      if (o.kind === 'AiGateway') return { ...o, spec: { className: 'fake-openai', url: vendor.url, egressCIDRs: ['127.0.0.1/32'] } };
      if (o.kind === 'ToolGateway') return { ...o, spec: { className: 'fake-tools', url: toolGateway.url, egressCIDRs: ['127.0.0.1/32'] } };
      if (o.kind === 'Secret') return { ...o, stringData: { OPENAI_API_KEY: KEY } };
      return o;
    });
    [sim] = simulate(objects, NOW) as [SimulatedAgent];
  });
  afterAll(async () => {
    await pod?.stop();
    await Promise.all([vendor?.close(), tools?.close(), toolGateway?.close()]);
  });

  it('the sync deploys the agent with its NetworkPolicy and reports the gateways', () => {
    const kinds = sim.response.children.map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'NetworkPolicy']));
    const gateways = (sim.response.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'GatewaysReady');
    expect(gateways?.status).toBe('True');
    // The NetworkPolicy lets the pod reach both gateways (their egress CIDRs), and no tool Service directly.
    const np = sim.response.children.find((c) => c.kind === 'NetworkPolicy')! as unknown as { spec: { egress: { to: unknown[] }[] } };
    expect(JSON.stringify(np.spec.egress)).toContain('127.0.0.1/32');
    expect(JSON.stringify(np.spec.egress)).not.toContain('"tools"');
  });

  it('vendor calls arrive at the AI gateway with the right path, model and key; tool calls through the tool gateway', async () => {
    const objects = [...sim.cluster, ...sim.response.children].filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret') as unknown as PodObject[];
    pod = await startPod(deploymentOf(sim.response.children), {
      objects,
      outsidePorts: [Number(new URL(vendor.url).port), toolGateway.port],
    });
    const port = pod.port('facade', 'facade');
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?agent=governed-assistant`);
    const frames: { type: string; content?: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (data) => {
        const f = JSON.parse(String(data)) as { type: string };
        frames.push(f);
        if (f.type === 'connected') ws.send(JSON.stringify({ type: 'message', content: 'What is the weather in Paris?' }));
        if (f.type === 'done' || f.type === 'error') resolve();
      });
    });
    ws.close();
    expect(frames.at(-1), JSON.stringify(frames.at(-1))).toMatchObject({ type: 'done' });
    expect(frames.map((f) => f.type)).toEqual(expect.arrayContaining(['tool_call', 'tool_result']));

    // Both model calls reached the AI gateway on OpenAI's path, with the agent's model and key.
    expect(vendor.requests).toHaveLength(2);
    for (const r of vendor.requests) {
      expect(r.path.split('?')[0]).toBe('/v1/chat/completions');
      expect(r.body.model).toBe('gpt-4o-mini');
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    }
    // The tool call went through the tool gateway, naming the tool's own URL; the tool answered through it.
    expect(toolGateway.calls).toEqual([{ path: '/weather', target: TOOL_URL, body: { city: 'Paris' } }]);
    expect(tools.calls.map((c) => c.path)).toEqual(['/weather']);
    const toolResult = vendor.requests[1]!.body.messages.at(-1);
    expect(toolResult.role).toBe('tool');
    expect(JSON.parse(toolResult.content)).toMatchObject({ city: 'Paris', forecast: 'sunny' });
  }, 60_000);
});
