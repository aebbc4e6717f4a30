// The children of real hook answers, created the way Metacontroller creates them
// (controller-uid label, last-applied annotation) on the real API server and read
// back: Metacontroller's 3-way merge finds nothing to update, so an agent at rest
// costs no child writes (issue 19). And test/support/apiserver-view.ts, which
// the unit tests use in place of this API server, agrees with it: every default
// and rewritten value it simulates is what the API server stored.
import { describe, expect, it } from 'vitest';
import { sync } from '../../src/hooks/agentruntime/sync.js';
import { readJson } from '../hooks/support/golden.js';
import { fixture, NOW } from '../hooks/agentruntime/fixtures.js';
import { asLive, asSent } from '../support/apiserver-view.js';
import { LAST_APPLIED, lastAppliedOf, wouldUpdate } from '../support/metacontroller-apply.js';
import { kubectl, namespace, type Json } from './support/cluster.js';

// Between them: both tracks, HPA, ScaledObject, PDB, Secrets in env and volumes, shortened names.
const FIXTURES = ['complete-example', 'canary-split', 'hpa', 'name-dotted-keda', 'redis-session'];

/** The complete example with resources and tolerations spelled the way users may write them. */
function spelledRequest(): Json {
  const req = readJson(fixture('complete-example', 'request.json')) as Json;
  req.parent.spec.runtime.resources = { limits: { cpu: '1000m', memory: '1024Mi' }, requests: { cpu: 0.5, memory: '0.25Gi' } };
  req.parent.spec.runtime.tolerations = [{ effect: '', key: '', operator: 'Exists' }];
  return req;
}

/** Paths where `sim` holds a value that `real` does not (objects: per key; lists: per index). */
function notIn(sim: unknown, real: unknown, path = ''): string[] {
  if (Array.isArray(sim)) {
    if (!Array.isArray(real) || real.length !== sim.length) return [`${path}: ${JSON.stringify(sim)} vs ${JSON.stringify(real)}`];
    return sim.flatMap((v, i) => notIn(v, real[i], `${path}[${i}]`));
  }
  if (sim && typeof sim === 'object') {
    if (!real || typeof real !== 'object') return [`${path}: object vs ${JSON.stringify(real)}`];
    return Object.entries(sim).flatMap(([k, v]) => notIn(v, (real as Json)[k], `${path}.${k}`));
  }
  return sim === real ? [] : [`${path}: ${JSON.stringify(sim)} vs ${JSON.stringify(real)}`];
}

/** kubectl's name for the child's kind at its exact version (`deployment.v1.apps`; core kinds have one version: `service`). */
function resourceOf(child: Json): string {
  const kind = String(child.kind).toLowerCase();
  const [group, version] = String(child.apiVersion).split('/');
  return version ? `${kind}.${version}.${group}` : kind;
}

const cases: [string, () => Json][] = [
  ...FIXTURES.map((name) => [name, () => readJson(fixture(name, 'request.json'))] as [string, () => Json]),
  ['complete-example with spelled resources', spelledRequest],
];

describe('hook answers on the real API server', () => {
  it.each(cases.map(([name, req], i) => [name, req, i] as const))('%s: live children need no update, and the simulated view agrees', async (_name, request, i) => {
    const ns = await namespace(`view-${i}`);
    const children = (sync(request(), NOW) as Json).children as Json[];
    const sent = children.map((c) => {
      const s = asSent(c);
      s.metadata.namespace = ns;
      s.metadata.annotations = { ...s.metadata.annotations, [LAST_APPLIED]: lastAppliedOf(asSent(c)) };
      return s;
    });
    await kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: sent }) });
    for (const child of children) {
      const real = JSON.parse((await kubectl(['get', resourceOf(child), child.metadata.name, '-n', ns, '-o', 'json'])).stdout);
      expect(wouldUpdate(real, asSent(child)), `${child.kind} ${child.metadata.name}`).toBe(false);
      const simulated = asLive(asSent(child), ns);
      // Allocated by the API server, not defaulted: any address will do.
      if (simulated.spec?.clusterIP) simulated.spec = { ...simulated.spec, clusterIP: real.spec.clusterIP, clusterIPs: real.spec.clusterIPs };
      expect(notIn(simulated.spec ?? simulated.data, real.spec ?? real.data), `${child.kind} ${child.metadata.name}`).toEqual([]);
    }
    await kubectl(['delete', 'namespace', ns, '--wait=false']);
  });
});
