// The AgentRuntime status: phase, replicas, conditions, activeVersion,
// serviceEndpoint, and childNames when a child cannot carry the agent's name. Running only when the pods are ready AND every dependency is
// valid — never "green but broken". lastTransitionTime is carried over.

import type { AgentRuntimeStatus } from '../../../types/generated/agentruntime.js';
import type { KubeObject } from '../../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../../shared/conditions.js';
import { dig, digNumber, digString, isObject } from '../../../shared/json.js';
import { ANNOTATION_PACK_VERSION, serviceHost } from '../constants.js';
import { childNames, renamedChildren } from '../children/names.js';
import type { ConditionType, Problem } from './problems.js';

/** What is known to be fine about each dependency (used when it has no problem). */
export interface HealthyDependencies {
  PromptPackReady?: { reason: string; message: string };
  ProviderReady?: { reason: string; message: string };
  ToolRegistryReady?: { reason: string; message: string; ready: boolean };
}

export interface StatusInput {
  name: string;
  namespace: string;
  problems: Problem[];
  healthy: HealthyDependencies;
  /** The children this response asks for (desired, or the observed ones as last applied). */
  children: KubeObject[];
  observedDeployments: Map<string, KubeObject>;
  observedService?: KubeObject;
  /** agentNetwork.expose: false means no Service is wanted. */
  exposed: boolean;
  /** PeersReady, when the agent names peers (resolve/peers.ts). */
  peers?: { ready: boolean; reason: string; message: string };
  /** https://<host> of the agent's HTTPRoute, once it exists. */
  externalURL?: string;
  /** True when problems stopped the rollout and the observed children were kept. */
  kept: boolean;
  observedConditions: unknown;
  now: Date;
}

const ORDER: ConditionType[] = ['Ready', 'DeploymentReady', 'ServiceReady', 'PromptPackReady', 'ProviderReady', 'ToolRegistryReady', 'PeersReady'];

interface DeploymentHealth {
  ready: boolean;
  failed: boolean;
  reason: string;
  message: string;
  desired: number;
  readyReplicas: number;
  available: number;
}

function deploymentHealth(desired: KubeObject, observed: KubeObject | undefined): DeploymentHealth {
  const name = desired.metadata.name;
  const want = digNumber(desired, 'spec', 'replicas') ?? 1;
  if (!observed) {
    return { ready: false, failed: false, reason: 'NotCreated', message: `Deployment ${name} not created yet`, desired: want, readyReplicas: 0, available: 0 };
  }
  const ready = digNumber(observed, 'status', 'readyReplicas') ?? 0;
  const available = digNumber(observed, 'status', 'availableReplicas') ?? 0;
  const updated = digNumber(observed, 'status', 'updatedReplicas') ?? 0;
  const generation = digNumber(observed, 'metadata', 'generation');
  const observedGeneration = digNumber(observed, 'status', 'observedGeneration');
  const base = { desired: want, readyReplicas: ready, available };
  const conditions = dig(observed, 'status', 'conditions');
  const stalled = Array.isArray(conditions)
    ? conditions.find((c) => isObject(c) && c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')
    : undefined;
  if (stalled) {
    const msg = typeof (stalled as Record<string, unknown>).message === 'string' ? `: ${(stalled as Record<string, unknown>).message}` : '';
    return { ...base, ready: false, failed: true, reason: 'ProgressDeadlineExceeded', message: `Deployment ${name} failed to progress${msg}` };
  }
  const settled = generation === undefined || observedGeneration === undefined || observedGeneration >= generation;
  if (settled && want === 0) {
    // KEDA scale-to-zero (or replicas: 0): nothing to wait for.
    return { ...base, ready: true, failed: false, reason: 'ScaledToZero', message: `Deployment ${name} is scaled to zero` };
  }
  if (settled && updated >= want && ready >= want && available >= want) {
    return { ...base, ready: true, failed: false, reason: 'Ready', message: `Deployment ${name}: ${ready}/${want} replicas ready` };
  }
  return { ...base, ready: false, failed: false, reason: 'Progressing', message: `Deployment ${name}: ${ready}/${want} replicas ready, ${updated} updated` };
}

export function buildStatus(s: StatusInput): AgentRuntimeStatus {
  const names = childNames(s.name);
  const byCondition = new Map<ConditionType, Problem>();
  for (const p of s.problems) if (!byCondition.has(p.condition)) byCondition.set(p.condition, p);

  const deployments = s.children.filter((c) => c.kind === 'Deployment');
  const service = s.children.find((c) => c.kind === 'Service');
  const health = deployments.map((d) => deploymentHealth(d, s.observedDeployments.get(d.metadata.name)));

  const conditions = new Map<ConditionType, DesiredCondition>();
  const set = (type: ConditionType, ok: boolean | 'Unknown', reason: string, message: string): void => {
    conditions.set(type, { type, status: ok === 'Unknown' ? 'Unknown' : ok ? 'True' : 'False', reason, message });
  };

  const depProblem = byCondition.get('DeploymentReady');
  if (depProblem) set('DeploymentReady', false, depProblem.reason, depProblem.message);
  else if (health.length === 0) set('DeploymentReady', false, 'NotCreated', `Deployment ${names.stable} not created`);
  else {
    const bad = health.find((h) => !h.ready);
    set('DeploymentReady', !bad, bad ? bad.reason : 'Ready', (bad ? [bad] : health).map((h) => h.message).join('; '));
  }

  if (!s.exposed) set('ServiceReady', true, 'NotExposed', 'agentNetwork.expose is false: the agent has no Service');
  else if (s.observedService) {
    const port = firstPort(s.observedService);
    set('ServiceReady', true, 'Created', `Service ${names.service} exposes port ${port ?? 'unknown'}`);
  } else set('ServiceReady', false, 'NotCreated', `Service ${names.service} not created yet`);

  for (const type of ['PromptPackReady', 'ProviderReady', 'ToolRegistryReady'] as const) {
    const p = byCondition.get(type);
    const h = s.healthy[type];
    if (p) set(type, false, p.reason, p.message);
    else if (h) set(type, !('ready' in h) || h.ready, h.reason, h.message);
    else set(type, 'Unknown', 'NotEvaluated', 'not evaluated because the spec is invalid');
  }

  // Only a delegating agent carries PeersReady; a missing peer keeps it from Running, never from rolling out.
  if (s.peers) set('PeersReady', s.peers.ready, s.peers.reason, s.peers.message);

  const failed = s.problems.some((p) => p.severity === 'failed') || health.some((h) => h.failed);
  const others = ORDER.slice(1).flatMap((t) => conditions.get(t) ?? []);
  const allTrue = s.problems.length === 0 && others.every((c) => c.status === 'True');
  if (allTrue) {
    set('Ready', true, 'Running', `agent is running: ${sum(health, 'readyReplicas')}/${sum(health, 'desired')} pods ready`);
  } else {
    const first = [...s.problems].sort((a, b) => rank(a) - rank(b))[0];
    const reason = first?.reason ?? others.find((c) => c.status !== 'True')!.reason;
    const messages = s.problems.length > 0 ? s.problems.map((p) => p.message) : others.filter((c) => c.status !== 'True').map((c) => c.message);
    let message = messages.join('; ');
    if (s.problems.length > 0) {
      message += s.kept ? '; the running children are kept as last applied' : '; nothing new is deployed until this is resolved';
    }
    set('Ready', false, reason, message);
  }

  const stable = deployments.find((d) => d.metadata.name === names.stable);
  const renamed = renamedChildren(s.name, s.children);
  const version = digString(stable, 'spec', 'template', 'metadata', 'annotations', ANNOTATION_PACK_VERSION);
  const port = service ? firstPort(service) : undefined;
  // Keys in sorted order: hook answers are canonical JSON (src/shared/canonical-json.ts).
  return {
    ...(version ? { activeVersion: version } : {}),
    ...(renamed ? { childNames: renamed } : {}),
    conditions: withTransitionTimes(
      ORDER.flatMap((t) => conditions.get(t) ?? []),
      s.observedConditions,
      s.now,
    ),
    ...(s.externalURL ? { externalURL: s.externalURL } : {}),
    phase: failed ? 'Failed' : allTrue ? 'Running' : 'Pending',
    replicas: { available: sum(health, 'available'), desired: sum(health, 'desired'), ready: sum(health, 'readyReplicas') },
    ...(port !== undefined ? { serviceEndpoint: `${serviceHost(s.name, s.namespace)}:${port}` } : {}),
  };
}

function rank(p: Problem): number {
  return (p.severity === 'failed' ? 0 : 100) + ORDER.indexOf(p.condition);
}

function sum(list: DeploymentHealth[], key: 'desired' | 'readyReplicas' | 'available'): number {
  return list.reduce((n, h) => n + h[key], 0);
}

function firstPort(service: KubeObject): number | undefined {
  const ports = dig(service, 'spec', 'ports');
  if (!Array.isArray(ports) || !isObject(ports[0])) return undefined;
  return typeof ports[0].port === 'number' ? ports[0].port : undefined;
}
