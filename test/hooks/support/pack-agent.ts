// An AgentRuntime sync request (from the canary-split fixture) whose PromptPack is a
// simulated pack as it stands, and the agent's answer with every child validated: how the
// cross-hook PromptPack tests run the AgentRuntime hook against the pack hook's output.
import { sync as syncAgent } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { validateChild } from '../../support/k8s-validate.js';
import { fixture, NOW } from '../agentruntime/fixtures.js';
import { NS } from '../promptpack/cluster-sim.js';
import { readJson } from './golden.js';

export type Json = Record<string, any>;
export type AgentReq = { parent: Json; children: ObjectMap; related: ObjectMap; [k: string]: unknown };
export type AgentRes = { status: Json; children: KubeObject[] };

const PP = 'PromptPack.omnia.altairalabs.ai/v1alpha1';
const LAST_APPLIED = 'metacontroller.k8s.io/last-applied-configuration';

export interface PackAsSeen {
  spec: unknown;
  status: unknown;
  /** Set while the PromptPack is being deleted (its finalizer holds it). */
  deletionTimestamp?: string;
}

/** `observed`: the agent's children as the last answer made them live (with Metacontroller's last-applied record). */
export function agentRequest(agentName: string, version: string | undefined, pack: PackAsSeen | undefined, observed?: KubeObject[]): AgentReq {
  const req = readJson(fixture('canary-split', 'request.json')) as AgentReq;
  req.parent.metadata.name = agentName;
  req.parent.spec.promptPackRef = { name: 'customer-support', ...(version ? { version } : {}) };
  req.parent.spec.runtime = { replicas: 2 };
  req.related[PP] = {};
  if (pack) {
    req.related[PP]![`${NS}/customer-support`] = {
      apiVersion: 'omnia.altairalabs.ai/v1alpha1',
      kind: 'PromptPack',
      metadata: { name: 'customer-support', namespace: NS, ...(pack.deletionTimestamp ? { deletionTimestamp: pack.deletionTimestamp } : {}) },
      spec: structuredClone(pack.spec),
      status: structuredClone(pack.status),
    } as KubeObject;
  }
  for (const type of Object.keys(req.children)) req.children[type] = {};
  for (const c of observed ?? []) {
    const type = `${c.kind}.${c.apiVersion}`;
    (req.children[type] ??= {})[`${NS}/${c.metadata.name}`] = {
      ...structuredClone(c),
      metadata: { ...structuredClone(c.metadata), namespace: NS, annotations: { ...(c.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(c) } },
    };
  }
  return req;
}

export function runAgent(req: AgentReq): AgentRes {
  const res = syncAgent(req, NOW) as AgentRes;
  for (const c of res.children) validateChild(c);
  return res;
}

export const deploymentsOf = (res: AgentRes): Json[] => res.children.filter((c) => c.kind === 'Deployment') as Json[];
export const conditionOf = (res: AgentRes, type: string): Json => (res.status.conditions as Json[]).find((c) => c.type === type)!;
