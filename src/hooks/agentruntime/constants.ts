// Names, labels and type keys shared by the AgentRuntime children builders.
// The pod's ports, mount paths and env live in the pod contract (src/contract/).

import { PORTS } from '../../contract/paths.js';
import { digNumber } from '../../shared/json.js';
import { CHILD_KEYS } from './child-kinds.js';
import { childNames, serviceName } from './children/names.js';

export const GROUP_VERSION = 'omnia.altairalabs.ai/v1alpha1';

/** Namespace of the controller: its AgentRuntimeConfiguration sets cluster defaults. */
export const CONTROLLER_NAMESPACE = 'omnia-system';

/** Built-in fallbacks when no AgentRuntimeConfiguration says otherwise (docs/api.md). */
export const DEFAULT_IMAGE = 'ghcr.io/omnia-hooks/omnia:0.1.0';
export const DEFAULT_FRAMEWORK = 'promptkit';
export const DEFAULT_PROMETHEUS = 'http://prometheus-server.monitoring.svc.cluster.local:9090';

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_COMPONENT = 'omnia.altairalabs.ai/component';
/** stable | canary: part of each Deployment's (immutable) selector from the first Deployment on. */
export const LABEL_TRACK = 'omnia.altairalabs.ai/track';

export const ANNOTATION_CONFIG_HASH = 'omnia.altairalabs.ai/config-hash';
// Shared with the PromptPack hook, which relates an agent's Service by the pack
// label and reads from it the versions the agent's Deployments run.
export {
  PACK_LABEL as LABEL_PROMPTPACK,
  packLabelValue,
  VERSION_ANNOTATION as ANNOTATION_PACK_VERSION,
  VERSIONS_ANNOTATION as ANNOTATION_PACK_VERSIONS,
} from '../promptpack/names.js';

/**
 * Keys of Metacontroller's children / related maps (`<Kind>.<apiVersion>`):
 * every child kind's from child-kinds.ts, plus the related kinds the hooks read.
 */
export const T = {
  ...CHILD_KEYS,
  secret: 'Secret.v1',
  promptPack: `PromptPack.${GROUP_VERSION}`,
  provider: `Provider.${GROUP_VERSION}`,
  toolRegistry: `ToolRegistry.${GROUP_VERSION}`,
  arc: `AgentRuntimeConfiguration.${GROUP_VERSION}`,
  agentRuntime: `AgentRuntime.${GROUP_VERSION}`,
  namespace: 'Namespace.v1',
} as const;

// The builders write every object's keys in sorted order: responses are
// canonical JSON, and sortKeys hands sorted objects back without copying them
// (src/shared/canonical-json.ts). test/hooks/agentruntime/sorted-output.test.ts
// keeps it so.

// `name` is the AgentRuntime's; the instance label carries it shortened when it
// is no valid label value (children/names.ts).
export function commonLabels(name: string): Record<string, string> {
  return {
    [LABEL_INSTANCE]: childNames(name).instance,
    [LABEL_MANAGED_BY]: 'omnia-hooks',
    [LABEL_NAME]: 'omnia-agent',
    [LABEL_COMPONENT]: 'agent',
  };
}

/** What the Service (and PDB) select: every pod of the agent, both tracks. */
export function agentSelector(name: string): Record<string, string> {
  return { [LABEL_INSTANCE]: childNames(name).instance, [LABEL_NAME]: 'omnia-agent' };
}

export type Track = 'stable' | 'canary';

export function trackSelector(name: string, track: Track): Record<string, string> {
  return { ...agentSelector(name), [LABEL_TRACK]: track };
}

/** The in-cluster host of AgentRuntime `name`'s Service. */
export function serviceHost(name: string, namespace: string): string {
  return `${serviceName(name)}.${namespace}.svc.cluster.local`;
}

/** The facade's base URL on AgentRuntime `name`'s Service: the port its spec gives (`agent`, once it exists), else the default. */
export function agentServiceUrl(name: string, namespace: string, agent?: unknown): string {
  const port = digNumber(agent, 'spec', 'facade', 'port') ?? PORTS.facade;
  return `http://${serviceHost(name, namespace)}:${port}`;
}
