import type { CustomizeResponse } from '../metacontroller.js';
import { namespaceOf, requireCustomizeTarget } from '../shared/request-envelope.js';

/** Related: every AgentRuntimeConfiguration of the same namespace, to decide which one is in effect. */
export function customizeAgentRuntimeConfiguration(request: unknown): CustomizeResponse {
  const arc = requireCustomizeTarget(request);
  return {
    relatedResources: [
      { apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'agentruntimeconfigurations', namespace: namespaceOf(arc) },
    ],
  };
}
