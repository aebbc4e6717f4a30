// What the real Metacontroller sends to every hook of every controller object,
// recorded by the proxy in front of the hook server. This file makes objects of
// every kind (and deletes an agent and a pack, for finalize) so each hook is called, then
// checks the live requests have the shape of the samples in
// test/fixtures/recorded/ — the inputs test/hooks/recorded.test.ts runs through
// the hooks and compares with the simulated requests. UPDATE_RECORDED=1 rewrites
// the samples (Secret values scrubbed) instead.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestShape, scrubSecrets } from '../support/hook-request-shape.js';
import { REPO_ROOT } from './support/binaries.js';
import { apply, control, get, kubectl, namespace, waitFor, type Json } from './support/cluster.js';
import { agent, packSource, promptPack } from './support/objects.js';
import { render } from './support/overlay.js';

const NS = 'recorded';
const OUT = join(REPO_ROOT, 'test', 'fixtures', 'recorded');
const OMNIA = 'omnia.altairalabs.ai/v1alpha1';

// Every webhook path of the installed controller objects.
const paths = render(join(REPO_ROOT, 'manifests'))
  .filter((o) => o.kind === 'CompositeController' || o.kind === 'DecoratorController')
  .flatMap((o) => Object.values(o.spec?.hooks ?? {}).map((h) => String(h.webhook?.path)))
  .sort();
const fileOf = (path: string): string => `${path.replace(/^\/hooks\//, '').replace('/', '-')}.json`;

describe('real hook requests', () => {
  let latest: Record<string, Json> = {};

  beforeAll(async () => {
    await namespace(NS);
    await apply([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vendor-key' }, stringData: { ANTHROPIC_API_KEY: 'sk-recorded-test-value' } },
      { apiVersion: OMNIA, kind: 'Provider', metadata: { name: 'claude' }, spec: { type: 'claude', model: 'claude-sonnet-4-20250514', secretRef: { name: 'vendor-key' } } },
      { apiVersion: OMNIA, kind: 'ToolRegistry', metadata: { name: 'tools' }, spec: { tools: [{ name: 'lookup', endpoint: { url: 'http://lookup.example.com/run' } }] } },
      { apiVersion: OMNIA, kind: 'AgentRuntimeConfiguration', metadata: { name: 'recorded-defaults' }, spec: { defaultFramework: 'promptkit', gateways: { agent: 'edge' } } },
      { apiVersion: OMNIA, kind: 'AiGateway', metadata: { name: 'llm' }, spec: { className: 'litellm', url: 'https://llm.example.com' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'tools-gw' }, spec: { selector: { app: 'tools-gw' }, ports: [{ name: 'http', port: 80 }] } },
      { apiVersion: OMNIA, kind: 'ToolGateway', metadata: { name: 'tools-gw' }, spec: { className: 'krakend', service: { name: 'tools-gw' } } },
      { apiVersion: OMNIA, kind: 'AgentGateway', metadata: { name: 'edge' }, spec: { className: 'envoy-gateway', url: 'https://agents.example.com' } },
      packSource('rec', '1.0.0', 'Recorded.'),
      promptPack('rec', '1.0.0'),
      agent('rec-agent', 'rec', 'claude', { toolRegistryRef: { name: 'tools' }, gateways: { ai: 'llm', tool: 'tools-gw' } }),
      { apiVersion: OMNIA, kind: 'ToolServer', metadata: { name: 'rec-tools' }, spec: { protocol: 'mcp', image: 'ghcr.io/example/tools:1.0.0' } },
      { apiVersion: OMNIA, kind: 'AgenticWorkforce', metadata: { name: 'rec-workforce' }, spec: { name: 'Recorded', description: 'Recorded', owner: 'team@example.com', entryPointAgents: [{ name: 'rec-agent' }] } },
    ], NS);
    await waitFor('rec-agent status', async () => !!(await get('agentruntime', 'rec-agent', NS))?.status?.phase, 90_000);
    // Deleting the agent, then its pack: both controllers' finalize hooks are called.
    await kubectl(['delete', 'agentruntime', 'rec-agent', '-n', NS, '--wait=false']);
    await kubectl(['delete', 'promptpack', 'rec', '-n', NS, '--wait=false']);
    latest = await waitFor('a request to every hook path', async () => {
      const l = (await control('GET', '/proxy/latest')) as Record<string, Json>;
      return paths.every((p) => l[p]) ? l : undefined;
    }, 90_000);
  });

  it('the controllers declare the hooks this file records', () => {
    expect(paths).toContain('/hooks/agentruntime/finalize');
    expect(paths.length).toBeGreaterThanOrEqual(10);
  });

  it.each(paths)('%s: the live request has the shape of the committed sample', (path) => {
    const live = scrubSecrets(latest[path]);
    expect(JSON.stringify(live)).not.toContain('sk-recorded-test-value');
    const file = join(OUT, fileOf(path));
    if (process.env.UPDATE_RECORDED === '1') {
      mkdirSync(OUT, { recursive: true });
      writeFileSync(file, `${JSON.stringify(live, null, 2)}\n`);
    }
    const sample = JSON.parse(readFileSync(file, 'utf8'));
    const [a, b] = [requestShape(live), requestShape(sample)];
    expect({ ...a, keyFormat: undefined, subjectMetadata: undefined }).toEqual({ ...b, keyFormat: undefined, subjectMetadata: undefined });
  });
});
