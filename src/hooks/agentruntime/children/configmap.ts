// ConfigMap `<name>-config` (shortened by names.ts when too long), mounted at MOUNTS.config: agent.json, tools.json
// and (function mode) function.json, their names and shapes from the pod
// contract (src/contract/files.ts, docs/env.md). Values are pretty canonical
// JSON so equal inputs give equal bytes.

import { CONFIG_FILES, type AgentJson, type FunctionJson, type ToolJson } from '../../../contract/files.js';
import type { KubeObject } from '../../metacontroller.js';
import { builtSorted, sortKeys } from '../../../shared/canonical-json.js';
import { commonLabels } from '../constants.js';
import type { Peer } from '../resolve/peers.js';
import type { AgentSpec } from '../spec.js';
import { childNames } from './names.js';

// agent.json and function.json are written with sorted keys (user-given
// schemas sorted where they enter) and marked so: the pretty text then needs
// no sorting pass (see constants.ts). The config hash is taken over these
// texts (sync.ts).
export function agentJson(name: string, namespace: string, spec: AgentSpec, peers: readonly Peer[]): AgentJson {
  const { contextLimit, maxSessionEvents, maxSessions } = spec.config.memory;
  return builtSorted<AgentJson>({
    description: spec.config.description,
    instructions: spec.config.instructions,
    memory: { contextLimit, maxSessionEvents, maxSessions },
    mode: spec.mode,
    name,
    namespace,
    // Keys in sorted order; a peer that does not exist yet is listed too (resolve/peers.ts).
    peers: peers.map((p) => ({ cardUrl: p.cardUrl, name: p.name, url: p.url })),
    reasoningLoopMaxSteps: spec.config.reasoningLoopMaxSteps,
  });
}

export function functionJson(name: string, spec: AgentSpec): FunctionJson | undefined {
  if (spec.mode !== 'function') return undefined;
  return builtSorted<FunctionJson>({ inputSchema: sortKeys(spec.inputSchema ?? {}), name, outputSchema: sortKeys(spec.outputSchema ?? {}) });
}

function pretty(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** The files the pods mount from the ConfigMap, by file name. */
export function configFiles(agent: AgentJson, tools: ToolJson[], fn: FunctionJson | undefined): Record<string, string> {
  return {
    // In sorted order of the file names (the ConfigMap's data is canonical JSON).
    [CONFIG_FILES.agent]: pretty(agent),
    ...(fn ? { [CONFIG_FILES.function]: pretty(fn) } : {}),
    [CONFIG_FILES.tools]: pretty({ tools }),
  };
}

/** Every mounted file in one text, for the pods' config hash (sync.ts). */
export function mountedText(files: Record<string, string>): string {
  return `${files[CONFIG_FILES.agent]}\0${files[CONFIG_FILES.function] ?? ''}\0${files[CONFIG_FILES.tools]}`;
}

export function buildConfigMap(name: string, files: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    data: files,
    kind: 'ConfigMap',
    metadata: { labels: commonLabels(name), name: childNames(name).configMap },
  };
}
