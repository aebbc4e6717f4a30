// The status through a scripted life cycle, fed the Deployment statuses the
// API server would report at each step: create → pods start → rollout →
// scale 3→5 → rollout stuck → recover → an invalid podSpec while serving →
// fixed → scale to zero and back. Each step
// feeds the previous answer back (children as observed, status as last
// written), so phase, conditions, message and transition times are checked
// the way Metacontroller drives them. The rules are docs/api.md's
// "Status and phase" table.

import { describe, expect, it } from 'vitest';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { validateChild } from '../../support/k8s-validate.js';
import { readJson } from '../support/golden.js';
import { fixture } from './fixtures.js';

type Json = Record<string, any>;
type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime: string };
type Res = { status: Json & { conditions: Condition[] }; children: KubeObject[] };

/** What the Deployment controller reports: counts and, when stuck, its Progressing condition. */
interface Observed {
  replicas: number;
  updated: number;
  ready: number;
  available?: number;
  stuck?: boolean;
}

interface Step {
  name: string;
  /** Spec changes made before this sync. */
  spec?: (spec: Json) => void;
  /** The Deployment's status the API server reports at this sync (none: not created yet). */
  observed?: Observed;
  expect: {
    phase: string;
    ready: boolean;
    message: RegExp;
    conditions: Record<string, [status: string, reason: string]>;
  };
}

const DEPLOYMENT = 'Deployment.apps/v1';
const SERVICE = 'Service.v1';
const stuckCondition = {
  type: 'Progressing',
  status: 'False',
  reason: 'ProgressDeadlineExceeded',
  message: 'ReplicaSet "tool-agent-7d9f" has timed out progressing.',
  lastTransitionTime: '2026-01-01T00:00:00Z',
  lastUpdateTime: '2026-01-01T00:09:00Z',
};

const STEPS: Step[] = [
  {
    name: 'created: nothing observed yet',
    spec: (s) => (s.runtime = { replicas: 3 }),
    expect: { phase: 'Pending', ready: false, message: /^Deployment tool-agent and Service tool-agent not created yet$/, conditions: { Ready: ['False', 'NotCreated'], Progressing: ['False', 'NoRollout'] } },
  },
  {
    name: 'pods starting',
    observed: { replicas: 3, updated: 3, ready: 0 },
    expect: { phase: 'Pending', ready: false, message: /0\/3 replicas ready/, conditions: { Ready: ['False', 'Starting'], DeploymentReady: ['False', 'Starting'] } },
  },
  {
    name: 'one pod serves: Running while the others start',
    observed: { replicas: 3, updated: 3, ready: 1 },
    expect: { phase: 'Running', ready: true, message: /1\/3 replicas ready/, conditions: { Ready: ['True', 'Scaling'], DeploymentReady: ['False', 'Scaling'] } },
  },
  {
    name: 'rolled out',
    observed: { replicas: 3, updated: 3, ready: 3 },
    expect: { phase: 'Running', ready: true, message: /^agent is running: 3\/3 pods ready$/, conditions: { Ready: ['True', 'Running'], DeploymentReady: ['True', 'Ready'], Degraded: ['False', 'AsExpected'] } },
  },
  {
    name: 'a new configuration rolls out while the old pods serve',
    spec: (s) => (s.config = { instructions: 'Be brief.' }),
    observed: { replicas: 4, updated: 1, ready: 3 },
    expect: { phase: 'Running', ready: true, message: /rolling out, 1\/3 updated, 3 available/, conditions: { Ready: ['True', 'RollingOut'], Progressing: ['True', 'RollingOut'], DeploymentReady: ['False', 'RollingOut'] } },
  },
  {
    name: 'rollout done',
    observed: { replicas: 3, updated: 3, ready: 3 },
    expect: { phase: 'Running', ready: true, message: /^agent is running: 3\/3 pods ready$/, conditions: { Progressing: ['False', 'NoRollout'], DeploymentReady: ['True', 'Ready'] } },
  },
  {
    name: 'scale 3 → 5: new pods starting',
    spec: (s) => (s.runtime.replicas = 5),
    observed: { replicas: 5, updated: 5, ready: 3 },
    expect: { phase: 'Running', ready: true, message: /3\/5 replicas ready/, conditions: { Ready: ['True', 'Scaling'], Progressing: ['False', 'NoRollout'], DeploymentReady: ['False', 'Scaling'] } },
  },
  {
    name: 'scaled to 5',
    observed: { replicas: 5, updated: 5, ready: 5 },
    expect: { phase: 'Running', ready: true, message: /^agent is running: 5\/5 pods ready$/, conditions: { Ready: ['True', 'Running'] } },
  },
  {
    name: 'a rollout gets stuck while the old pods serve: Running and Degraded, not Failed',
    spec: (s) => (s.config = { instructions: 'Be very brief.' }),
    observed: { replicas: 6, updated: 1, ready: 5, stuck: true },
    expect: {
      phase: 'Running',
      ready: true,
      message: /failed to progress: ReplicaSet "tool-agent-7d9f" has timed out progressing\.; 5 pods of the previous version still serve$/,
      conditions: { Ready: ['True', 'ProgressDeadlineExceeded'], Degraded: ['True', 'ProgressDeadlineExceeded'], Progressing: ['False', 'ProgressDeadlineExceeded'] },
    },
  },
  {
    name: 'still stuck and the old pods are gone: Failed',
    observed: { replicas: 1, updated: 1, ready: 0, stuck: true },
    expect: { phase: 'Failed', ready: false, message: /failed to progress.*; no pod serves$/, conditions: { Ready: ['False', 'ProgressDeadlineExceeded'], Degraded: ['False', 'AsExpected'] } },
  },
  {
    name: 'recovered (a fixed configuration rolled out)',
    spec: (s) => (s.config = { instructions: 'Be brief again.' }),
    observed: { replicas: 5, updated: 5, ready: 5 },
    expect: { phase: 'Running', ready: true, message: /^agent is running: 5\/5 pods ready$/, conditions: { Ready: ['True', 'Running'], Degraded: ['False', 'AsExpected'], Progressing: ['False', 'NoRollout'] } },
  },
  {
    name: 'a podSpec patch with an invalid result while 5 pods serve: Running, not Ready, Degraded, the path named',
    spec: (s) => (s.podSpec = { containers: [{ name: 'facade', ports: [{ containerPort: 'http' }] }] }),
    observed: { replicas: 5, updated: 5, ready: 5 },
    expect: {
      phase: 'Running',
      ready: true,
      message: /^spec\.podSpec: the resulting pod spec is invalid: containers\[name=facade\]\.ports\[\d\]\.containerPort must be integer; the running children are kept as last applied; 5 pods of the previous spec still serve$/,
      conditions: { Ready: ['False', 'InvalidPodSpec'], Degraded: ['True', 'InvalidPodSpec'], DeploymentReady: ['True', 'Ready'], Progressing: ['False', 'NoRollout'] },
    },
  },
  {
    name: 'the patch removed: Ready again',
    spec: (s) => delete s.podSpec,
    observed: { replicas: 5, updated: 5, ready: 5 },
    expect: { phase: 'Running', ready: true, message: /^agent is running: 5\/5 pods ready$/, conditions: { Ready: ['True', 'Running'], Degraded: ['False', 'AsExpected'] } },
  },
  {
    name: 'scaling down to zero, pods still terminating',
    spec: (s) => (s.runtime.replicas = 0),
    observed: { replicas: 2, updated: 2, ready: 2 },
    expect: { phase: 'Running', ready: true, message: /scaling down to 0, 2 pods left$/, conditions: { Ready: ['True', 'Scaling'] } },
  },
  {
    name: 'at zero',
    observed: { replicas: 0, updated: 0, ready: 0 },
    expect: { phase: 'Running', ready: false, message: /^scaled to zero/, conditions: { Ready: ['False', 'ScaledToZero'], DeploymentReady: ['True', 'ScaledToZero'] } },
  },
  {
    name: 'back from zero: the first pod starts — a scale alone never leaves Running',
    spec: (s) => (s.runtime.replicas = 1),
    observed: { replicas: 1, updated: 1, ready: 0 },
    expect: { phase: 'Running', ready: false, message: /0\/1 replicas ready/, conditions: { Ready: ['False', 'Starting'], DeploymentReady: ['False', 'Starting'] } },
  },
  {
    name: 'serving again',
    observed: { replicas: 1, updated: 1, ready: 1 },
    expect: { phase: 'Running', ready: true, message: /^agent is running: 1\/1 pods ready$/, conditions: { Ready: ['True', 'Running'] } },
  },
];

/** The answer's children as the API server returns them: the Deployment with this status, generation observed. */
function observe(res: Res, o: Observed | undefined, generation: number): ObjectMap {
  const children: ObjectMap = { [DEPLOYMENT]: {}, [SERVICE]: {} };
  if (!o) return children;
  for (const c of res.children) {
    const key = `${c.kind}.${c.apiVersion}`;
    const obj: Json = structuredClone(c);
    obj.metadata = { ...obj.metadata, namespace: 'agents', generation };
    if (c.kind === 'Deployment') {
      const available = o.available ?? o.ready;
      obj.status = {
        observedGeneration: generation,
        replicas: o.replicas,
        updatedReplicas: o.updated,
        readyReplicas: o.ready,
        availableReplicas: available,
        conditions: [
          { type: 'Available', status: available >= obj.spec.replicas ? 'True' : 'False', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastTransitionTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:05:00Z' },
          ...(o.stuck ? [stuckCondition] : []),
        ],
      };
    }
    (children[key] ??= {})[`agents/${c.metadata.name}`] = obj as KubeObject;
  }
  return children;
}

describe('AgentRuntime status through a scripted life cycle', () => {
  it('phase, ready, message and conditions at every step; transition times move only with a status', () => {
    const req = readJson(fixture('tool-registry', 'request.json')) as Json;
    let res: Res | undefined;
    let generation = 1;
    for (const [i, step] of STEPS.entries()) {
      const now = new Date(Date.UTC(2026, 0, 1, 1, i));
      const spec = req.parent.spec;
      const before = JSON.stringify(spec);
      step.spec?.(spec);
      if (JSON.stringify(spec) !== before) generation += 1;
      req.children = observe(res ?? { status: { conditions: [] }, children: [] }, step.observed, generation);
      if (res) req.parent.status = res.status;
      const previous = res?.status.conditions;
      res = sync(req, now) as Res;

      const s = res.status;
      expect({ step: step.name, phase: s.phase, ready: s.ready }).toEqual({ step: step.name, phase: step.expect.phase, ready: step.expect.ready });
      expect(s.message, step.name).toMatch(step.expect.message);
      expect(s.message, step.name).not.toContain('\n');
      for (const [type, [status, reason]] of Object.entries(step.expect.conditions)) {
        expect(s.conditions.find((c) => c.type === type), `${step.name}: ${type}`).toMatchObject({ status, reason });
      }
      // lastTransitionTime: carried over unless the condition's status changed at this step.
      for (const c of s.conditions) {
        const old = previous?.find((p) => p.type === c.type);
        const expected = old && old.status === c.status ? old.lastTransitionTime : now.toISOString().replace('.000Z', 'Z');
        expect(c.lastTransitionTime, `${step.name}: ${c.type}`).toBe(expected);
      }
      // The same observed state synced again answers byte for byte the same (no status churn).
      const again = sync({ ...req, parent: { ...req.parent, status: s } }, new Date(now.getTime() + 60_000));
      expect(JSON.stringify(again), step.name).toBe(JSON.stringify(res));
      for (const c of res.children) validateChild(c as Parameters<typeof validateChild>[0]);
      if (step.observed) {
        expect(s.deployment, step.name).toMatchObject({ replicas: step.observed.replicas, updatedReplicas: step.observed.updated, readyReplicas: step.observed.ready });
        expect(s.deployment.conditions.every((c: Json) => !('lastUpdateTime' in c)), step.name).toBe(true);
      }
    }
  });
});
