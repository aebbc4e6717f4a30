import type { CustomizeResponse, RelatedResourceRule } from '../metacontroller.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { readRequest } from '../request/envelope.js';
import { parseRegistrySpec } from './spec.js';

/**
 * Related: the Services each selector entry may match. Metacontroller takes a
 * labelSelector or a namespace, never both: a selector in the registry's own
 * namespace is sent as a labelSelector; one in another namespace asks for that
 * namespace's Services and the sync hook filters them by label itself.
 */
export function customizeToolRegistry(request: unknown): CustomizeResponse {
  const { subject: registry, namespace } = readRequest(request, 'decorator', 'customize', 'ToolRegistry');
  const rules: RelatedResourceRule[] = [];
  const seen = new Set<string>();
  for (const entry of parseRegistrySpec(registry.spec, namespace).entries) {
    if (!entry.selector || entry.problem) continue;
    const rule: RelatedResourceRule =
      entry.selector.namespace === namespace
        ? { apiVersion: 'v1', resource: 'services', labelSelector: { matchLabels: entry.selector.matchLabels } }
        : { apiVersion: 'v1', resource: 'services', namespace: entry.selector.namespace };
    const key = canonicalJson(rule);
    if (!seen.has(key)) {
      seen.add(key);
      rules.push(rule);
    }
  }
  return { relatedResources: rules };
}
