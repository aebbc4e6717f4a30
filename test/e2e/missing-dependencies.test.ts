// waitForDependencies false, run as the pod the sync builds (test/support/pod.ts):
// a new agent whose PromptPack or Provider is missing is deployed at once; its
// pod starts and keeps running (no crash, so no restart loop), stays not Ready
// with the reason in the runtime's probe answer and log, and answers a turn
// with an error naming what is missing. When the pack appears, the next sync
// rolls the Deployment onto it and the pod as built answers turns.

import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sync } from '../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../src/hooks/metacontroller.js';
import { readJson } from '../hooks/support/golden.js';
import { fixture } from '../hooks/agentruntime/fixtures.js';
import { BASIC_PACK } from '../runtime/helpers.js';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import { deploymentOf, startPod, type PodObject, type RunningPod } from '../support/pod.js';

type Json = Record<string, any>;
type Req = { parent: Json; children: ObjectMap; related: ObjectMap };

const NOW = new Date('2026-03-01T12:00:00Z');
const GV = 'omnia.altairalabs.ai/v1alpha1';
const SECRET_VALUE = 'sk-ant-pod-test-never-logged';
// The Provider's credential (Provider claude-production reads Secret anthropic-credentials).
const credential: PodObject = { kind: 'Secret', metadata: { name: 'anthropic-credentials' }, stringData: { ANTHROPIC_API_KEY: SECRET_VALUE } };
const packConfigMap: PodObject = { kind: 'ConfigMap', metadata: { name: 'assistant-prompts-v1-0-0' }, data: { 'pack.json': JSON.stringify(BASIC_PACK) } };

/** A fixture's request, its facade opened without credentials so a test client can connect. */
function request(name: string): Req {
  const req = readJson(fixture(name, 'request.json')) as Req;
  req.parent.spec.facade = { auth: { allowUnauthenticated: true } };
  return req;
}

const objectsOf = (children: KubeObject[]): PodObject[] => [...(children.filter((c) => c.kind === 'ConfigMap') as unknown as PodObject[]), credential, packConfigMap];

/** One WebSocket turn: the frames until done or error. */
async function turn(port: number, agent: string): Promise<Json[]> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?agent=${agent}`);
  const frames: Json[] = [];
  try {
    return await new Promise((resolve, reject) => {
      ws.on('error', reject);
      ws.on('unexpected-response', (_q, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Json;
        frames.push(frame);
        if (frame.type === 'connected') ws.send(JSON.stringify({ type: 'message', content: 'hello there' }));
        if (frame.type === 'done' || frame.type === 'error') resolve(frames);
      });
    });
  } finally {
    ws.close();
  }
}

const pods: RunningPod[] = [];
afterAll(async () => {
  await Promise.all(pods.map((p) => p.stop()));
});

describe.each([
  ['nowait-promptpack-missing', 'PromptPack agents/assistant-prompts'],
  ['nowait-provider-missing', 'Provider agents/claude-production'],
])('%s: the pod as built', (name, missing) => {
  it('starts, stays not Ready saying why, refuses a turn naming it, and does not crash', async () => {
    const req = request(name);
    const res = sync(req, NOW) as { children: KubeObject[]; status: Json };
    expect(res.status.phase).toBe('Pending');
    const pod = await startPod(deploymentOf(res.children), { objects: objectsOf(res.children), expectNotReady: ['facade', 'runtime'] });
    pods.push(pod);

    // The runtime's probe answer (the kubelet's readiness probe reads it) names what is missing.
    const probe = await fetch(`http://127.0.0.1:${pod.port('runtime', 'runtime-health')}/healthz`);
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({ status: 'unavailable', detail: expect.stringContaining(`deployed without ${missing}`) });
    // The facade is not ready either: its runtime cannot take turns.
    const facadeReady = await fetch(`http://127.0.0.1:${pod.port('facade', 'health')}/readyz`);
    expect(facadeReady.status).toBe(503);
    expect(await facadeReady.json()).toMatchObject({ status: 'not_ready', checks: { handler: 'unhealthy' } });

    const frames = await turn(pod.port('facade', 'facade'), name);
    expect(frames[0]!.type).toBe('connected');
    expect(frames.at(-1)).toMatchObject({ type: 'error', error: { code: 'AGENT_UNAVAILABLE', message: expect.stringContaining(missing) } });

    // Both processes still run: nothing crashed, so nothing would be restarted.
    expect([pod.process('facade').exitCode, pod.process('runtime').exitCode]).toEqual([null, null]);
    expect(pod.logs('runtime')).toContain(`deployed without ${missing}`);
    expect(pod.logs('runtime') + pod.logs('facade')).not.toContain(SECRET_VALUE);
  }, 60_000);
});

describe('the PromptPack appears', () => {
  it('the next sync rolls the Deployment onto it, and the pod as built answers', async () => {
    const req = request('nowait-promptpack-missing');
    const before = sync(req, NOW) as { children: KubeObject[] };
    // The degraded children as observed, and the pack now Active.
    req.children = {};
    for (const c of before.children) (req.children[`${c.kind}.${c.apiVersion}`] ??= {})[`agents/${c.metadata.name}`] = { ...c, metadata: { ...c.metadata, namespace: 'agents' } };
    const withPack = readJson(fixture('nowait-provider-missing', 'request.json')) as Req;
    req.related[`PromptPack.${GV}`] = withPack.related[`PromptPack.${GV}`]!;
    const after = sync(req, NOW) as { children: KubeObject[]; status: Json };

    const runtimeEnv = (children: KubeObject[]) => (deploymentOf(children).spec.template.spec.containers.find((c) => c.name === 'runtime')!.env ?? []).map((e) => e.name);
    expect(runtimeEnv(before.children)).toContain('OMNIA_MISSING_DEPENDENCIES');
    expect(runtimeEnv(after.children)).not.toContain('OMNIA_MISSING_DEPENDENCIES');
    expect(after.status.conditions.find((c: Json) => c.type === 'PromptPackReady')).toMatchObject({ status: 'True' });

    const vendor = await startFakeAnthropic([{ text: 'Hello from the pack.' }]);
    try {
      const pod = await startPod(deploymentOf(after.children), { objects: objectsOf(after.children), env: { runtime: { OMNIA_PROVIDER_BASE_URL: vendor.url } } });
      pods.push(pod);
      const frames = await turn(pod.port('facade', 'facade'), 'nowait-promptpack-missing');
      expect(frames.at(-1)).toMatchObject({ type: 'done', content: 'Hello from the pack.' });
      expect(vendor.requests[0]!.body.system).toContain('You are a helpful assistant for Acme.');
    } finally {
      await vendor.close();
    }
  }, 60_000);
});
