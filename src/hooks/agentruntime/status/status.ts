// The AgentRuntime status: phase, ready, message, conditions, replicas, the
// stable Deployment's mirror, endpoint, externalURL, model, linkedResources,
// activeVersion, serviceEndpoint, and childNames when a child cannot carry the agent's name.
// The phase rules (docs/api.md, "Status and phase") are in `phaseOf`; nothing
// here moves unless what it reports moved (lastTransitionTime is carried over).

import type { AgentRuntimeStatus } from '../../../types/generated/agentruntime.js';
import type { KubeObject } from '../../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../../shared/conditions.js';
import { dig, digString, isObject } from '../../../shared/json.js';
import { ENV } from '../../../contract/pod-env.js';
import { ANNOTATION_PACK_VERSION, serviceHost } from '../constants.js';
import { childNames, renamedChildren } from '../children/names.js';
import { DEPENDENCY_CHECKS, dependencyOf, type Gate, type LinkedResource } from './dependencies.js';
import type { ConditionType, Problem } from './problems.js';
import { deploymentHealth, deploymentMirror, type DeploymentHealth } from './rollout.js';

/** What is known to be fine about each dependency (used when it has no problem). */
export type HealthyDependencies = Partial<Record<ConditionType, { reason: string; message: string }>>;

export interface StatusInput {
  name: string;
  namespace: string;
  problems: Problem[];
  gate: Gate;
  healthy: HealthyDependencies;
  linked: LinkedResource[];
  /** The children this response asks for (desired, or the observed ones as last applied). */
  children: KubeObject[];
  observedDeployments: Map<string, KubeObject>;
  observedService?: KubeObject;
  /** agentNetwork.expose: false means no Service is wanted. */
  exposed: boolean;
  /** https://<host> of the agent's HTTPRoute, once it exists. */
  externalURL?: string;
  /** True when problems stopped the rollout and the observed children were kept. */
  kept: boolean;
  /** The parent's status as last written (conditions, phase). */
  observedStatus: unknown;
  now: Date;
}

// One condition per dependency, in the table's order (dependencies.ts).
const DEPENDENCY_CONDITIONS = DEPENDENCY_CHECKS.map((d) => d.condition);
// Reported only where it means something: an agent that uses a gateway or
// whose namespace requires them (resolve/gateways.ts gives it a problem or a
// healthy entry then); elsewhere the condition is left out rather than a
// "True, nothing to check" on every agent.
const ORDER: ConditionType[] = ['Ready', 'DeploymentReady', 'ServiceReady', ...DEPENDENCY_CONDITIONS, 'Progressing', 'Degraded'];

type Phase = NonNullable<AgentRuntimeStatus['phase']>;
interface Headline {
  phase: Phase;
  reason: string;
  message: string;
}

/** The observed state the phase is read from. */
interface Situation {
  gate: Gate;
  health: DeploymentHealth[];
  /** The Service exists, or none is wanted (agentNetwork.expose: false). */
  serviceExists: boolean;
  serviceName: string;
  wasRunning: boolean;
  kept: boolean;
}

const count = (list: DeploymentHealth[], key: 'desired' | 'readyReplicas' | 'available'): number => list.reduce((n, h) => n + h[key], 0);

/**
 * Phase, reason and the one-line message, most important first:
 * a spec that must change → Failed while nothing serves (Running, Ready False
 * and Degraded while the pods of the previous spec serve); pods serving →
 * Running (scaling, rolling out, a stuck rollout or a lost dependency only add
 * Progressing/Degraded); a stuck rollout with nothing serving → Failed; a
 * dependency waited for → Waiting; deployed without a dependency the pods
 * cannot serve without (waitForDependencies false) → Pending; anything else
 * not serving yet → Pending, except a pure scale of an agent that was Running
 * (e.g. up from zero), which stays Running.
 */
export function phaseOf(s: Situation): Headline {
  const { gate: g, health } = s;
  const serving = s.serviceExists && count(health, 'available') > 0;
  const pods = `${count(health, 'readyReplicas')}/${count(health, 'desired')} pods ready`;
  const kept = s.kept ? '; the running children are kept as last applied' : '; nothing new is deployed until this is resolved';
  const stuck = health.find((h) => h.stuck);
  const rolling = health.find((h) => h.rollingOut);
  const failed = g.holding.find((p) => p.severity === 'failed');

  if (failed) {
    // Failed only when nothing serves: kept pods of the previous spec still answer.
    const tail = serving ? `; ${count(health, 'available')} pods of the previous spec still serve` : '';
    return { phase: serving ? 'Running' : 'Failed', reason: failed.reason, message: failed.message + kept + tail };
  }
  if (stuck) {
    const tail = serving ? `; ${count(health, 'available')} pods of the previous version still serve` : '; no pod serves';
    return { phase: serving ? 'Running' : 'Failed', reason: stuck.reason, message: stuck.message + tail };
  }
  if (g.waitingFor.length > 0) {
    const message = `waiting for dependencies: ${g.waitingFor.map((p) => p.message).join('; ')}${kept}`;
    return { phase: serving ? 'Running' : 'Waiting', reason: 'WaitingForDependencies', message };
  }
  const [pending] = g.holding;
  if (pending) return { phase: serving ? 'Running' : 'Pending', reason: pending.reason, message: pending.message + kept };
  if (g.unserved.length > 0) {
    const kinds = g.unserved.map((p) => dependencyOf(p.condition).kind).join(' and ');
    const one = g.unserved.length === 1;
    const message = `deployed without its ${kinds} (waitForDependencies is false): ${g.unserved.map((p) => p.message).join('; ')}; the pods stay not ready and refuse every turn until ${one ? 'it is' : 'they are'} Ready, then roll onto ${one ? 'it' : 'them'}`;
    return { phase: serving ? 'Running' : 'Pending', reason: 'DependenciesMissing', message };
  }
  if (rolling) return { phase: serving ? 'Running' : 'Pending', reason: rolling.reason, message: rolling.message };
  const [missing] = g.tolerated;
  const without = missing ? `; ${runningWithout(g)}` : '';
  const uncreated = [...health.filter((h) => h.reason === 'NotCreated').map((h) => `Deployment ${h.name}`), ...(s.serviceExists ? [] : [`Service ${s.serviceName}`])];
  if (health.length === 0 || uncreated.length > 0) {
    return { phase: 'Pending', reason: 'NotCreated', message: `${uncreated.join(' and ') || 'Deployment'} not created yet${without}` };
  }
  if (health.every((h) => h.reason === 'ScaledToZero')) {
    return { phase: 'Running', reason: 'ScaledToZero', message: `scaled to zero: no pod serves until the replica count rises (KEDA: when a trigger fires)${without}` };
  }
  const notReady = health.find((h) => !h.ready);
  if (notReady) {
    // Not a rollout and not stuck: the count moved (or pods restart). An agent
    // that was Running stays so; `ready` says whether a pod serves right now.
    const phase: Phase = serving || s.wasRunning ? 'Running' : 'Pending';
    return { phase, reason: notReady.reason, message: notReady.message + without };
  }
  return { phase: 'Running', reason: missing ? 'Degraded' : 'Running', message: `agent is running: ${pods}${without}` };
}

export function buildStatus(s: StatusInput): AgentRuntimeStatus {
  const names = childNames(s.name);
  const deployments = s.children.filter((c) => c.kind === 'Deployment');
  const service = s.children.find((c) => c.kind === 'Service');
  const health = deployments.map((d) => deploymentHealth(d, s.observedDeployments.get(d.metadata.name)));
  const byCondition = new Map<ConditionType, Problem>();
  for (const p of s.problems) if (!byCondition.has(p.condition)) byCondition.set(p.condition, p);

  const conditions = new Map<ConditionType, DesiredCondition>();
  const set = (type: ConditionType, ok: boolean | 'Unknown', reason: string, message: string): void => {
    conditions.set(type, { type, status: ok === 'Unknown' ? 'Unknown' : ok ? 'True' : 'False', reason, message });
  };

  // An unexposed agent serves through its pods alone (it delegates; nothing calls it).
  const serviceExists = s.observedService !== undefined || !s.exposed;
  const serving = serviceExists && count(health, 'available') > 0;
  const head = phaseOf({
    gate: s.gate,
    health,
    serviceExists,
    serviceName: names.service,
    wasRunning: digString(s.observedStatus, 'phase') === 'Running',
    kept: s.kept,
  });
  // Ready: the agent serves as specified. Kept pods of a previous spec that a
  // refused one could not replace serve (status.ready) but are not Ready.
  set('Ready', serving && !s.gate.holding.some((p) => p.severity === 'failed'), head.reason, head.message);

  const depProblem = byCondition.get('DeploymentReady');
  if (depProblem) set('DeploymentReady', false, depProblem.reason, depProblem.message);
  else if (health.length === 0) set('DeploymentReady', false, 'NotCreated', `Deployment ${names.stable} not created`);
  else {
    const bad = health.find((h) => !h.ready);
    const zero = health.every((h) => h.reason === 'ScaledToZero');
    set('DeploymentReady', !bad, bad ? bad.reason : zero ? 'ScaledToZero' : 'Ready', (bad ? [bad] : health).map((h) => h.message).join('; '));
  }

  if (!s.exposed) set('ServiceReady', true, 'NotExposed', 'agentNetwork.expose is false: the agent has no Service');
  else if (s.observedService) set('ServiceReady', true, 'Created', `Service ${names.service} exposes port ${firstPort(s.observedService) ?? 'unknown'}`);
  else set('ServiceReady', false, 'NotCreated', `Service ${names.service} not created yet`);

  for (const { condition: type, onlyWhenReferenced } of DEPENDENCY_CHECKS) {
    const p = byCondition.get(type);
    const h = s.healthy[type];
    if (!p && !h && onlyWhenReferenced) continue;
    const note = p && s.gate.unserved.includes(p)
      ? ' (waitForDependencies is false: the pods are deployed without it and cannot serve until it is Ready)'
      : p && s.gate.tolerated.includes(p)
        ? ' (waitForDependencies is false: the agent runs without it)'
        : '';
    if (p) set(type, false, p.reason, p.message + note);
    else if (h) set(type, true, h.reason, h.message);
    else set(type, 'Unknown', 'NotEvaluated', 'not evaluated because the spec is invalid');
  }

  const stuck = health.find((h) => h.stuck);
  const rolling = health.find((h) => h.rollingOut);
  if (stuck) set('Progressing', false, stuck.reason, stuck.message);
  else if (rolling) set('Progressing', true, rolling.reason, rolling.message);
  else set('Progressing', false, 'NoRollout', 'no rollout in progress');

  // Degraded: the agent serves, but not as specified.
  const lost = serving ? (stuck ?? s.gate.holding[0]) : undefined;
  const [missing] = s.gate.tolerated;
  if (lost) set('Degraded', true, lost.reason, head.message);
  else if (missing) set('Degraded', true, missing.reason, runningWithout(s.gate));
  else set('Degraded', false, 'AsExpected', 'nothing is degraded');

  const stable = deployments.find((d) => d.metadata.name === names.stable);
  const renamed = renamedChildren(s.name, s.children);
  const version = digString(stable, 'spec', 'template', 'metadata', 'annotations', ANNOTATION_PACK_VERSION);
  const port = service ? firstPort(service) : undefined;
  const host = port !== undefined ? `${serviceHost(s.name, s.namespace)}:${port}` : undefined;
  const mirror = deploymentMirror(s.observedDeployments.get(names.stable));
  const model = modelOf(stable);
  // Keys in sorted order: hook answers are canonical JSON (src/shared/canonical-json.ts).
  return {
    ...(version ? { activeVersion: version } : {}),
    ...(renamed ? { childNames: renamed } : {}),
    conditions: withTransitionTimes(
      ORDER.flatMap((t) => conditions.get(t) ?? []),
      dig(s.observedStatus, 'conditions'),
      s.now,
    ),
    ...(mirror ? { deployment: mirror } : {}),
    ...(host ? { endpoint: `http://${host}` } : {}),
    ...(s.externalURL ? { externalURL: s.externalURL } : {}),
    linkedResources: s.linked,
    message: head.message,
    ...(model ? { model } : {}),
    phase: head.phase,
    ready: serving,
    replicas: { available: count(health, 'available'), desired: count(health, 'desired'), ready: count(health, 'readyReplicas') },
    ...(host ? { serviceEndpoint: host } : {}),
  };
}

function runningWithout(g: Gate): string {
  return `deployed without what is not Ready (waitForDependencies is false): ${g.tolerated.map((p) => p.message).join('; ')}`;
}

/** `<provider type>/<model>` from the runtime container's env, as the pods run it. */
function modelOf(deployment: KubeObject | undefined): string | undefined {
  const containers = dig(deployment, 'spec', 'template', 'spec', 'containers');
  const runtime = Array.isArray(containers) ? containers.find((c) => isObject(c) && c.name === 'runtime') : undefined;
  const env = dig(runtime, 'env');
  const value = (name: string): string | undefined => {
    const e = Array.isArray(env) ? env.find((v) => isObject(v) && v.name === name) : undefined;
    return isObject(e) && typeof e.value === 'string' && e.value !== '' ? e.value : undefined;
  };
  const model = value(ENV.providerModel.name);
  if (!model) return undefined;
  const type = value(ENV.providerType.name);
  return model.includes('/') || !type ? model : `${type}/${model}`;
}

function firstPort(service: KubeObject): number | undefined {
  const ports = dig(service, 'spec', 'ports');
  if (!Array.isArray(ports) || !isObject(ports[0])) return undefined;
  return typeof ports[0].port === 'number' ? ports[0].port : undefined;
}
