import { CHILD_KINDS } from '../agentruntime/child-kinds.js';
import type { CustomizeResponse, RelatedResourceRule } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';
import { PACK_LABEL, packLabelValue } from './names.js';
import { parsePackSpec } from './spec.js';

/**
 * Related objects: the source ConfigMap (its changes start a rollout) and the
 * Services of the agents running this pack, selected by the pack label the
 * AgentRuntime sync puts on them (one per agent, counted in status; the
 * versions their annotation lists keep their ConfigMaps). Not every
 * AgentRuntime of the namespace: that made each sync carry every agent and
 * every agent's change resync every pack; nor their Deployments, ~10x larger.
 * Depends on the parent only, as Metacontroller caches it.
 */
export function customizePromptPack(request: unknown): CustomizeResponse {
  const { subject: parent, name, namespace } = readRequest(request, 'composite', 'customize', 'PromptPack');
  const spec = parsePackSpec(parent.spec);
  const rules: RelatedResourceRule[] = [];
  if (spec.configMapName) rules.push({ apiVersion: 'v1', resource: 'configmaps', namespace, names: [spec.configMapName] });
  const { apiVersion, resource } = CHILD_KINDS.service;
  rules.push({ apiVersion, resource, namespace, labelSelector: { matchLabels: { [PACK_LABEL]: packLabelValue(name) } } });
  return { relatedResources: rules };
}
