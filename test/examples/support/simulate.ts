// What a cluster would make of an example: each controller's sync hook runs in
// dependency order on the example's own objects (as Metacontroller would relate
// them), every dependency's status is written back before the AgentRuntime
// hook sees it — PromptPack, Provider, ToolRegistry, the gateways, then the agents,
// each agent's peers before it (src/render/peer-order.ts), their statuses written back too.

import { sync as syncAgent } from '../../../src/hooks/agentruntime/sync.js';
import { CHILD_ORDER } from '../../../src/hooks/agentruntime/child-kinds.js';
import { T } from '../../../src/hooks/agentruntime/constants.js';
import type { CompositeSyncResponse, KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { syncPromptPack } from '../../../src/hooks/promptpack/sync.js';
import { syncProvider } from '../../../src/hooks/provider/sync.js';
import { syncToolRegistry } from '../../../src/hooks/toolregistry/sync.js';
import { peersFirst } from '../../../src/render/peer-order.js';
import { syncGateway } from '../../../src/hooks/gateway/hooks.js';
import { GATEWAY_KINDS } from '../../../src/hooks/gateway/kinds.js';
import { NAMESPACE_TYPE } from '../../../src/hooks/agentruntime/resolve/gateways.js';
import { stored } from '../../../src/render/render.js';
import type { Obj } from './parse.js';

const TYPE_KEY: Record<string, string> = {
  ConfigMap: 'ConfigMap.v1',
  Secret: T.secret,
  Service: 'Service.v1',
  PromptPack: T.promptPack,
  Provider: T.provider,
  ToolRegistry: T.toolRegistry,
  AgentRuntimeConfiguration: T.arc,
  AgentRuntime: T.agentRuntime,
  Namespace: NAMESPACE_TYPE,
  ...Object.fromEntries(Object.values(GATEWAY_KINDS).map((g) => [g.kind, g.key])),
};
const GATEWAYS = new Map(Object.values(GATEWAY_KINDS).map((g) => [g.kind, g]));

function mapOf(objects: KubeObject[]): ObjectMap {
  const map: ObjectMap = {};
  for (const o of objects) {
    const key = TYPE_KEY[o.kind];
    if (!key) continue;
    // Metacontroller keys cluster-scoped objects by name alone.
    (map[key] ??= {})[o.kind === 'Namespace' ? o.metadata.name : `${o.metadata.namespace}/${o.metadata.name}`] = o;
  }
  return map;
}

export interface SimulatedAgent {
  agent: KubeObject;
  response: CompositeSyncResponse;
  /** The example's objects as stored, with their statuses, plus the PromptPacks' children (version ConfigMaps). */
  cluster: KubeObject[];
}

/** Runs the hooks over one example's objects; returns each AgentRuntime's sync response. */
export function simulate(objects: Obj[], now: Date): SimulatedAgent[] {
  // Stored as `omnia render` stores them (src/render/render.ts); related here is every object, not customize's choice.
  const all = objects.map((o, i) => stored(o as KubeObject, i));
  const related = (): ObjectMap => mapOf(all);
  const packChildren: KubeObject[] = [];
  for (const o of all) {
    if (o.kind === 'PromptPack') {
      const r = syncPromptPack({ parent: o, children: { 'ConfigMap.v1': {} }, related: related() }, now) as CompositeSyncResponse;
      o.status = r.status;
      packChildren.push(...r.children.map((c) => ({ ...c, metadata: { namespace: o.metadata.namespace, ...c.metadata } }) as KubeObject));
    } else if (o.kind === 'Provider') {
      o.status = syncProvider({ object: o, related: related() }, now).status;
    } else if (o.kind === 'ToolRegistry') {
      o.status = syncToolRegistry({ object: o, related: related() }, now).status;
    } else if (GATEWAYS.has(o.kind)) {
      o.status = syncGateway({ object: o, related: related() }, now, GATEWAYS.get(o.kind)!).status;
    }
  }
  // Every child type the default install declares (KEDA included), none observed yet.
  const children: ObjectMap = Object.fromEntries(CHILD_ORDER.map((t) => [t, {}]));
  return peersFirst(all.filter((o) => o.kind === 'AgentRuntime')).map((agent) => {
    const response = syncAgent({ parent: agent, children, related: related() }, now);
    agent.status = response.status;
    return { agent, response, cluster: [...all, ...packChildren] };
  });
}
