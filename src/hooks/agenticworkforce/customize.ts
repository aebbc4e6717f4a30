// customize: every AgentRuntime of each namespace an entry point is in. The
// reachable agents are not known before sync walks the graph, and delegation
// targets live in the delegating agent's namespace, so whole namespaces are
// related (one rule each; Metacontroller caches the answer per generation).

import { GROUP_VERSION } from '../agentruntime/constants.js';
import type { CustomizeResponse } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';
import { readWorkforceSpec } from './spec.js';

export function customizeAgenticWorkforce(request: unknown): CustomizeResponse {
  const { subject, namespace } = readRequest(request, 'decorator', 'customize', 'AgenticWorkforce');
  const { spec } = readWorkforceSpec(subject.spec, namespace);
  const namespaces = [...new Set(spec.entryPoints.map((e) => e.namespace))].sort();
  return { relatedResources: namespaces.map((ns) => ({ apiVersion: GROUP_VERSION, resource: 'agentruntimes', namespace: ns })) };
}
