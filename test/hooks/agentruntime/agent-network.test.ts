// agentNetwork and gatewayRoute beyond the golden fixtures (delegate-*,
// expose-false, gateway-route*, nowait-peer-missing): what customize relates,
// what blocks a route, how peers pass the dependency gate (present and exposed,
// not Running: A↔B must not deadlock), that a lost peer never drops a running
// Deployment, and that the answer converges once the route is observed.
import { describe, expect, it } from 'vitest';
import { customize } from '../../../src/hooks/agentruntime/customize.js';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import { readJson } from '../support/golden.js';
import { fixture, NOW } from './fixtures.js';

type Json = any;
const load = (name: string): Json => readJson(fixture(name, 'request.json'));
const run = (req: Json): Json => sync(req, NOW);
const cond = (res: Json, type: string): Json => res.status.conditions.find((c: Json) => c.type === type);
const kinds = (res: Json): string[] => res.children.map((c: Json) => c.kind);
const ROUTE_KEY = 'HTTPRoute.gateway.networking.k8s.io/v1';

describe('agentNetwork', () => {
  it('customize relates the peers of access and of the peers alias, by name', () => {
    const req = load('delegate-missing-peer');
    const rules = customize({ ...req, children: undefined, related: undefined }).relatedResources;
    expect(rules.find((r) => r.resource === 'agentruntimes')).toEqual({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'agentruntimes', namespace: 'agents', names: ['ghost', 'worker'] });
  });

  it('a peer that goes missing keeps the running Deployment (and its peer env) and only flips PeersReady', () => {
    const first = run(load('delegate-coordinator'));
    const req = load('delegate-coordinator');
    req.related['AgentRuntime.omnia.altairalabs.ai/v1alpha1'] = {};
    req.children['Deployment.apps/v1'] = { coordinator: first.children.find((c: Json) => c.kind === 'Deployment') };
    const res = run(req);
    expect(kinds(res)).toContain('Deployment');
    expect(cond(res, 'PeersReady')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(cond(res, 'PeersReady').message).toContain('worker');
    const runtime = res.children.find((c: Json) => c.kind === 'Deployment').spec.template.spec.containers.find((c: Json) => c.name === 'runtime');
    expect(runtime.env).toContainEqual({ name: 'PEER_AGENTS', value: 'worker' });
  });

  it('waitForDependencies true: a missing peer holds a new agent Waiting, naming the peer', () => {
    const req = load('delegate-coordinator');
    req.related['AgentRuntime.omnia.altairalabs.ai/v1alpha1'] = {};
    const res = run(req);
    expect(res.children).toEqual([]);
    expect(res.status.phase).toBe('Waiting');
    expect(res.status.message).toContain('peer AgentRuntime worker not found');
    expect(cond(res, 'Ready')).toMatchObject({ status: 'False', reason: 'WaitingForDependencies' });
    expect(res.status.linkedResources).toContainEqual({ kind: 'AgentRuntime', name: 'worker', namespace: 'agents', phase: 'NotFound' });
  });

  it('waitForDependencies false: a missing peer does not hold the Deployment back; PeersReady False, Degraded True', () => {
    const req = load('delegate-coordinator');
    req.related['AgentRuntime.omnia.altairalabs.ai/v1alpha1'] = {};
    req.parent.spec.waitForDependencies = false;
    const res = run(req);
    expect(kinds(res)).toContain('Deployment');
    expect(res.status.phase).not.toBe('Waiting');
    expect(cond(res, 'PeersReady')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(cond(res, 'Degraded')).toMatchObject({ status: 'True', reason: 'NotFound' });
  });

  it('mutual access (A↔B): a peer that exists but does not run yet does not hold the agent back', () => {
    // Both just created: neither has a status. Waiting for the other to run would deadlock the pair.
    const req = load('delegate-coordinator');
    const worker = req.related['AgentRuntime.omnia.altairalabs.ai/v1alpha1']['agents/worker'];
    delete worker.status;
    worker.spec.agentNetwork = { access: ['coordinator'] };
    const res = run(req);
    expect(kinds(res)).toContain('Deployment');
    expect(res.status.phase).toBe('Pending');
    expect(cond(res, 'PeersReady')).toMatchObject({ status: 'True', reason: 'Exposed' });
    expect(cond(res, 'PeersReady').message).toContain('not serving yet: worker');
    expect(res.status.linkedResources).toContainEqual({ kind: 'AgentRuntime', name: 'worker', namespace: 'agents', phase: 'Unknown' });
  });

  it('a peer that is not exposed is named as such', () => {
    const req = load('delegate-coordinator');
    req.related['AgentRuntime.omnia.altairalabs.ai/v1alpha1']['agents/worker'].spec.agentNetwork = { expose: false };
    expect(cond(run(req), 'PeersReady')).toMatchObject({ status: 'False', reason: 'PeerNotExposed' });
  });

  it('an agent without peers carries no PeersReady condition', () => {
    expect(cond(run(load('inline-provider')), 'PeersReady')).toBeUndefined();
  });

  it('the network token is only referenced: a mounted Secret, never its value', () => {
    const text = JSON.stringify(run(load('delegate-coordinator')));
    expect(text).not.toContain('c2VjcmV0LXRva2Vu');
    expect(text).not.toContain('secret-token');
  });
});

describe('gatewayRoute', () => {
  it('without the Gateway API in the controller: Failed GatewayApiNotEnabled, no route, nothing new', () => {
    const req = load('gateway-route-gateway-timeout');
    delete req.children[ROUTE_KEY];
    const res = run(req);
    expect(res.status.phase).toBe('Failed');
    expect(cond(res, 'Ready')).toMatchObject({ reason: 'GatewayApiNotEnabled' });
    expect(kinds(res)).not.toContain('HTTPRoute');
  });

  it('no parent in the spec nor in any configuration: Failed GatewayParentMissing', () => {
    const req = load('gateway-route');
    delete req.related['AgentRuntimeConfiguration.omnia.altairalabs.ai/v1alpha1']['omnia-system/default'].spec.gatewayRoute;
    // Nothing observed: nothing is created (an observed route would be kept as last applied).
    req.children[ROUTE_KEY] = {};
    const res = run(req);
    expect(cond(res, 'Ready')).toMatchObject({ status: 'False', reason: 'GatewayParentMissing' });
    expect(kinds(res)).not.toContain('HTTPRoute');
  });

  it('a timeout that is no Gateway API duration is an invalid spec', () => {
    const req = load('gateway-route-gateway-timeout');
    req.parent.spec.gatewayRoute.timeout = '2 minutes';
    expect(cond(run(req), 'Ready')).toMatchObject({ reason: 'InvalidSpec' });
  });

  it('externalURL appears once the route is observed, and the route is stable when fed back', () => {
    const req = load('gateway-route');
    const routeChild = (res: Json) => res.children.find((c: Json) => c.kind === 'HTTPRoute');
    req.children[ROUTE_KEY] = {};
    const before = run(req);
    expect(before.status.externalURL).toBeUndefined();
    req.children[ROUTE_KEY] = { 'public-agent': routeChild(before) };
    const after = run(req);
    expect(after.status.externalURL).toBe('https://agent.example.com');
    expect(routeChild(after)).toEqual(routeChild(before));
  });
});
