// The order render syncs AgentRuntimes in: peers before the agents that call
// them, whatever the input order; a cycle broken at the input order; and the
// render itself shows a delegator reading the status this render wrote for its peer.

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/hooks/metacontroller.js';
import { peersFirst } from '../../src/render/peer-order.js';
import { render } from '../../src/render/render.js';

const agent = (name: string, spec: Record<string, unknown> = {}, namespace = 'team'): KubeObject =>
  ({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntime', metadata: { name, namespace }, spec }) as KubeObject;
const names = (list: KubeObject[]) => list.map((a) => a.metadata.name);

describe('peersFirst', () => {
  it('puts each peer (access and the peers alias) before its caller, keeping input order otherwise', () => {
    const list = [agent('lead', { agentNetwork: { access: ['writer'] }, peers: ['researcher'] }), agent('solo'), agent('writer'), agent('researcher')];
    expect(names(peersFirst(list))).toEqual(['writer', 'researcher', 'lead', 'solo']);
  });

  it('breaks a cycle at the input order and drops nobody', () => {
    const list = [agent('a', { agentNetwork: { access: ['b'] } }), agent('b', { agentNetwork: { access: ['a'] } })];
    expect(names(peersFirst(list))).toEqual(['b', 'a']);
  });

  it('matches peers in the same namespace only; an unknown peer is no obstacle', () => {
    const list = [agent('caller', { agentNetwork: { access: ['callee', 'ghost'] } }), agent('callee', {}, 'elsewhere')];
    expect(names(peersFirst(list))).toEqual(['caller', 'callee']);
  });
});

describe('render with peers', () => {
  it("a delegator listed before its peer reads the peer's rendered status", () => {
    const pack = { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'PromptPack', metadata: { name: 'p' }, spec: { version: '1.0.0', source: { configMapRef: { name: 'p-src' } } } };
    const source = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p-src' }, data: { 'pack.json': JSON.stringify({ id: 'p', name: 'p', version: '1.0.0', template_engine: { version: 'v1', syntax: '{{variable}}' }, prompts: { default: { id: 'default', name: 'd', version: '1.0.0', system_template: 'hi' } } }) } };
    const base = { promptPackRef: { name: 'p' }, provider: { type: 'mock' }, facade: { auth: { allowUnauthenticated: true } } };
    const objects = [agent('lead', { ...base, agentNetwork: { access: ['worker'] } }, 'default'), agent('worker', base, 'default'), pack, source] as KubeObject[];
    const { rendered } = render(objects, new Date('2026-03-01T12:00:00Z'));
    const lead = rendered.find((r) => r.object.metadata.name === 'lead')!;
    const worker = rendered.find((r) => r.object.metadata.name === 'worker')!;
    expect(rendered.indexOf(worker)).toBeLessThan(rendered.indexOf(lead));
    const linked = (lead.object.status as { linkedResources: { kind: string; name: string; phase: string }[] }).linkedResources;
    expect(linked.find((l) => l.kind === 'AgentRuntime')).toMatchObject({ name: 'worker', phase: (worker.object.status as { phase: string }).phase });
    expect(lead.children.map((c) => c.kind)).toContain('Deployment');
  });
});
