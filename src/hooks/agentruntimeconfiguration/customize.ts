import type { CustomizeResponse } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';

/** Related: every AgentRuntimeConfiguration of the same namespace, to decide which one is in effect. */
export function customizeAgentRuntimeConfiguration(request: unknown): CustomizeResponse {
  const { namespace } = readRequest(request, 'decorator', 'customize', 'AgentRuntimeConfiguration');
  return {
    relatedResources: [{ apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'agentruntimeconfigurations', namespace }],
  };
}
