// The pod as the hook builds it: every self-contained example runs through the
// simulated controllers, and the Deployment its AgentRuntime sync emits is run
// as local processes (test/support/pod.ts) with that env, those mounts and those
// probes — the facade and runtime programs from dist/. Each pod must become
// Ready, and those that need no outside service must answer a first turn.
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KubeObject } from '../../src/hooks/metacontroller.js';
import { exampleUnits } from '../examples/support/files.js';
import { isKustomizeConfig, parseFile } from '../examples/support/parse.js';
import { requirements } from '../examples/support/references.js';
import { simulate, type SimulatedAgent } from '../examples/support/simulate.js';
import { deploymentOf, startPod, type PodObject, type RunningPod } from '../support/pod.js';

const NOW = new Date('2026-03-01T12:00:00Z');

const simulated: [string, SimulatedAgent][] = exampleUnits().flatMap((u) => {
  const parsed = u.files.map(parseFile);
  if (parsed.some((p) => requirements(p.header).found.length > 0)) return [];
  const objects = parsed.flatMap((p) => p.docs.map((d) => d.object)).filter((o) => !isKustomizeConfig(o));
  if (!objects.some((o) => o.kind === 'AgentRuntime')) return [];
  return simulate(objects, NOW).map((s) => [`${u.name} ${s.agent.metadata.name}`, s] as [string, SimulatedAgent]);
});

type Spec = { facade?: { handler?: string }; mode?: string; session?: { type?: string }; framework?: { type?: string } };
const specOf = (s: SimulatedAgent) => (s.agent.spec ?? {}) as Spec;
// Pods whose containers are our programs and need no outside server (session
// stores other than memory need Redis/PostgreSQL; those suites test them).
const runnable = simulated.filter(([, s]) => {
  const spec = specOf(s);
  const hasDeployment = s.response.children.some((c) => c.kind === 'Deployment');
  return hasDeployment && (spec.session?.type ?? 'memory') === 'memory' && (spec.framework?.type ?? 'promptkit') === 'promptkit';
});

/** What the cluster holds for the pod: the example's ConfigMaps and Secrets, the packs' versions, the sync's own ConfigMaps. */
function podObjects(s: SimulatedAgent): PodObject[] {
  const all = [...s.cluster, ...s.response.children] as KubeObject[];
  return all.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret') as unknown as PodObject[];
}

/** One WebSocket turn: the frame types until done/error. */
async function turn(url: string, headers: Record<string, string>): Promise<{ types: string[]; last: Record<string, unknown> }> {
  const ws = new WebSocket(url, { headers });
  const types: string[] = [];
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no done frame; got ${types.join(',')}`)), 20_000);
      ws.on('error', reject);
      ws.on('unexpected-response', (_q, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown> & { type: string };
        types.push(frame.type);
        if (frame.type === 'connected') ws.send(JSON.stringify({ type: 'message', content: 'hello there' }));
        if (frame.type === 'done' || frame.type === 'error') {
          clearTimeout(timer);
          resolve({ types, last: frame });
        }
      });
    });
  } finally {
    ws.close();
  }
}

describe('examples, run as the pods their sync builds', () => {
  const pods: RunningPod[] = [];
  afterAll(async () => {
    await Promise.all(pods.map((p) => p.stop()));
  });

  it('covers the agent and function examples', () => {
    expect(runnable.map(([n]) => n)).toEqual(expect.arrayContaining(['echo-function/ (kustomization) echo', 'agentruntime/demo-agent.yaml demo-agent']));
    expect(runnable.length).toBeGreaterThanOrEqual(6);
  });

  it.each(runnable)('%s: every container becomes Ready and answers', async (_name, s) => {
    const pod = await startPod(deploymentOf(s.response.children), { objects: podObjects(s) });
    pods.push(pod);
    const spec = specOf(s);
    const facadePort = pod.port('facade', 'facade');
    // The env as built: with strict auth, the example's first API key (if it ships one) is the credential.
    const keysFile = pod.env('facade').OMNIA_API_KEYS_FILE;
    const key = keysFile ? (await import('node:fs')).readFileSync(keysFile, 'utf8').split('\n').find((l) => l.trim()) : undefined;
    const auth: Record<string, string> = key ? { authorization: `Bearer ${key.trim()}` } : {};
    const open = pod.env('facade').OMNIA_FACADE_ALLOW_UNAUTHENTICATED === 'true' || key !== undefined;

    if (spec.mode === 'function') {
      const name = s.agent.metadata.name;
      const res = await fetch(`http://127.0.0.1:${facadePort}/functions/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ text: 'hello from a pod' }),
      });
      if (!open) return expect(res.status).toBe(401);
      const body = (await res.json()) as { output?: unknown };
      if (name === 'echo') expect(body.output).toEqual({ echo: 'hello from a pod' });
      else expect([200, 400, 502]).toContain(res.status);
      return;
    }
    if (!open) {
      // Strict auth without a key the example ships: the facade refuses the upgrade.
      await expect(turn(`ws://127.0.0.1:${facadePort}/ws?agent=${s.agent.metadata.name}`, {})).rejects.toThrow(/401/);
      return;
    }
    const { types, last } = await turn(`ws://127.0.0.1:${facadePort}/ws?agent=${s.agent.metadata.name}`, auth);
    expect(types[0]).toBe('connected');
    const handler = spec.facade?.handler ?? 'runtime';
    // demo and echo answer alone; the runtime answers when its provider is the mock (no vendor to reach).
    const provider = pod.env('runtime').OMNIA_PROVIDER_TYPE;
    if (handler !== 'runtime' || provider === 'mock') expect(last.type, JSON.stringify(last)).toBe('done');
    else expect(['done', 'error']).toContain(last.type);
  }, 60_000);
});
