import type { CustomizeResponse, RelatedResourceRule } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';
import { parsePackSpec } from './spec.js';

/**
 * Related objects: the source ConfigMap (its changes start a rollout) and the
 * AgentRuntimes of the namespace (counted in status; their pinned versions
 * keep their ConfigMaps). Depends on the spec only, as Metacontroller caches it.
 */
export function customizePromptPack(request: unknown): CustomizeResponse {
  const { subject: parent, namespace } = readRequest(request, 'composite', 'customize');
  const spec = parsePackSpec(parent.spec);
  const rules: RelatedResourceRule[] = [];
  if (spec.configMapName) rules.push({ apiVersion: 'v1', resource: 'configmaps', namespace, names: [spec.configMapName] });
  rules.push({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'agentruntimes', namespace });
  return { relatedResources: rules };
}
