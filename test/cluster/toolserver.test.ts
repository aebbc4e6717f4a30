// A ToolServer and an AgenticWorkforce on the real control plane: the
// ToolServer's Deployment becomes Ready (kwok runs its pods), the ToolServer's
// status says Ready with its URL, and a ToolRegistry selecting tool servers by
// label lists its Service; the workforce walks a delegation chain of real
// AgentRuntimes and follows an agent that appears later.
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, condition, get, namespace, waitFor, type Json } from './support/cluster.js';
import { agent, mockProvider, packSource, promptPack } from './support/objects.js';

const NS = 'toolservers';
const OMNIA = 'omnia.altairalabs.ai/v1alpha1';

const server: Json = {
  apiVersion: OMNIA,
  kind: 'ToolServer',
  metadata: { name: 'weather' },
  spec: { protocol: 'mcp', image: 'ghcr.io/example/weather-mcp:1.2.0', port: 8080, description: 'Weather by city', env: [{ name: 'LOG_LEVEL', value: 'info' }] },
};
const registry: Json = {
  apiVersion: OMNIA,
  kind: 'ToolRegistry',
  metadata: { name: 'servers' },
  spec: { tools: [{ name: 'mcp-servers', type: 'mcp', endpoint: { selector: { matchLabels: { 'omnia.altairalabs.ai/component': 'toolserver', 'omnia.altairalabs.ai/tool-protocol': 'mcp' } } } }] },
};
const workforce: Json = {
  apiVersion: OMNIA,
  kind: 'AgenticWorkforce',
  metadata: { name: 'support' },
  spec: { name: 'Support', description: 'Support agents', owner: 'team@example.com', entryPointAgents: [{ name: 'triage' }] },
};

describe('ToolServer and AgenticWorkforce on a real cluster', () => {
  beforeAll(async () => {
    await namespace(NS);
    await apply([server, registry], NS);
  });

  it('the ToolServer gets a Ready Deployment and a Service, and its status says Ready with its URL', async () => {
    const ts = await waitFor('ToolServer Ready', async () => {
      const t = await get('toolserver', 'weather', NS);
      return t?.status?.phase === 'Ready' ? t : undefined;
    }, 120_000);
    expect(ts.status.url).toBe(`http://weather.${NS}.svc.cluster.local:8080/mcp`);
    expect(condition(ts, 'DeploymentReady')?.status).toBe('True');
    const deployment = await get('deployment', 'weather', NS);
    expect(deployment.status.readyReplicas).toBe(1);
    // The API server accepted the hardened pod as built.
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    const svc = await get('service', 'weather', NS);
    expect(svc.metadata.annotations['omnia.altairalabs.ai/tool-name']).toBe('weather');
  });

  it('a ToolRegistry selecting tool servers by label lists the ToolServer\'s Service', async () => {
    const reg = await waitFor('registry lists weather', async () => {
      const r = await get('toolregistry', 'servers', NS);
      return r?.status?.discoveredTools?.some((t: Json) => t.name === 'weather' && t.status === 'Available') ? r : undefined;
    });
    expect(reg.status.discoveredTools.find((t: Json) => t.name === 'weather').endpoint).toBe(`http://weather.${NS}.svc.cluster.local:8080/mcp`);
  });

  it('an AgenticWorkforce reports the missing agent, then the whole chain once it exists', async () => {
    await apply([mockProvider('mock'), packSource('wf', '1.0.0', 'Help.'), promptPack('wf', '1.0.0'), agent('triage', 'wf', 'mock', { peers: ['billing'] }), workforce], NS);
    const before = await waitFor('billing reported missing', async () => {
      const w = await get('agenticworkforce', 'support', NS);
      return w?.status?.missingAgents?.some((m: Json) => m.name === 'billing') ? w : undefined;
    });
    expect(before.status.phase).not.toBe('Ready');
    await apply([agent('billing', 'wf', 'mock')], NS);
    const after = await waitFor('both agents listed, none missing', async () => {
      const w = await get('agenticworkforce', 'support', NS);
      return w?.status?.agentCount === 2 && w.status.missingAgents.length === 0 ? w : undefined;
    }, 120_000);
    expect(after.status.agents.map((a: Json) => [a.name, a.depth])).toEqual([['billing', 1], ['triage', 0]]);
    expect(after.status.entryPoints[0].cardURL).toBe(`http://triage.${NS}.svc.cluster.local:8080/.well-known/agent-card.json`);
  });
});
