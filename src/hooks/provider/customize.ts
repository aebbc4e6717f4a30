import type { CustomizeResponse } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';
import { readProviderSpec } from './sync.js';

/** Related: the credential Secret, by name, in the Provider's namespace (none for mock or without secretRef). */
export function customizeProvider(request: unknown): CustomizeResponse {
  const { subject: provider, namespace } = readRequest(request, 'decorator', 'customize', 'Provider');
  const spec = readProviderSpec(provider.spec);
  if (!spec.secretName || spec.type === 'mock') return { relatedResources: [] };
  return {
    relatedResources: [{ apiVersion: 'v1', resource: 'secrets', namespace, names: [spec.secretName] }],
  };
}
