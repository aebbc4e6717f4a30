// ConfigMap `<name>-config`, mounted at /etc/omnia/config: agent.json,
// tools.json and (function mode) function.json, shapes per docs/env.md.
// Values are pretty canonical JSON so equal inputs give equal bytes.

import type { KubeObject, ObjectMap } from '../metacontroller.js';
import { builtSorted, sortKeys } from '../../shared/canonical-json.js';
import { findObject } from '../shared/objects.js';
import { digNumber } from '../../shared/json.js';
import { commonLabels, serviceHost, T } from './constants.js';
import type { AgentSpec } from './spec.js';
import type { RenderedTool } from './tools.js';

export function configMapName(name: string): string {
  return `${name}-config`;
}

// agent.json and function.json are written with sorted keys (user-given
// schemas sorted where they enter) and marked so: the pretty text then needs
// no sorting pass (see constants.ts). The config hash is taken over these
// texts (sync.ts).
export function agentJson(name: string, namespace: string, spec: AgentSpec, related: ObjectMap): Record<string, unknown> {
  const { contextLimit, maxSessionEvents, maxSessions } = spec.config.memory;
  return builtSorted({
    description: spec.config.description,
    instructions: spec.config.instructions,
    memory: { contextLimit, maxSessionEvents, maxSessions },
    mode: spec.mode,
    name,
    namespace,
    // A peer that does not exist yet is still listed (it may be created later);
    // its port comes from its spec when it exists.
    peers: spec.peers.map((peer) => {
      const obj = findObject(related, T.agentRuntime, peer, namespace);
      const port = digNumber(obj, 'spec', 'facade', 'port') ?? 8080;
      return { name: peer, url: `http://${serviceHost(peer, namespace)}:${port}` };
    }),
    reasoningLoopMaxSteps: spec.config.reasoningLoopMaxSteps,
  });
}

export function functionJson(name: string, spec: AgentSpec): Record<string, unknown> | undefined {
  if (spec.mode !== 'function') return undefined;
  return builtSorted({ inputSchema: sortKeys(spec.inputSchema ?? {}), name, outputSchema: sortKeys(spec.outputSchema ?? {}) });
}

function pretty(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** The files the pods mount from the ConfigMap, by file name. */
export function configFiles(agent: Record<string, unknown>, tools: RenderedTool[], fn: Record<string, unknown> | undefined): Record<string, string> {
  return {
    'agent.json': pretty(agent),
    ...(fn ? { 'function.json': pretty(fn) } : {}),
    'tools.json': pretty({ tools }),
  };
}

/** Every mounted file in one text, for the pods' config hash (sync.ts). */
export function mountedText(files: Record<string, string>): string {
  return `${files['agent.json']}\0${files['function.json'] ?? ''}\0${files['tools.json']}`;
}

export function buildConfigMap(name: string, files: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    data: files,
    kind: 'ConfigMap',
    metadata: { labels: commonLabels(name), name: configMapName(name) },
  };
}
