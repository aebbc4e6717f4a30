// The hooks of every gateway kind (DecoratorController, status only): the
// implementation named by spec.className runs the gateway; these hooks publish
// where agents reach it (status.url, status.egress) and Ready with a reason.

import { dig } from '../../shared/json.js';
import type { GatewayStatus } from '../../types/generated/common.js';
import type { CustomizeResponse, DecoratorSyncResponse } from '../metacontroller.js';
import { depthGuarded } from '../request/depth.js';
import { readRequest } from '../request/envelope.js';
import { withTransitionTimes } from '../shared/conditions.js';
import { objectsOf } from '../shared/objects.js';
import type { KindHooks } from '../types.js';
import { gatewayAddress } from './address.js';
import type { GatewayKind } from './kinds.js';
import { readGatewaySpec } from './spec.js';
import { SERVICE_TYPE } from '../toolregistry/sync.js';


/** Related: the Service the spec names or selects, in the gateway's namespace (nothing for spec.url). */
export function customizeGateway(request: unknown, g: GatewayKind): CustomizeResponse {
  const { subject, namespace } = readRequest(request, 'decorator', 'customize', g.kind);
  const spec = readGatewaySpec(subject.spec);
  if (spec.url) return { relatedResources: [] };
  if (spec.service) return { relatedResources: [{ apiVersion: 'v1', resource: 'services', namespace, names: [spec.service.name] }] };
  if (spec.serviceSelector) {
    return { relatedResources: [{ apiVersion: 'v1', resource: 'services', namespace, labelSelector: { matchLabels: spec.serviceSelector.matchLabels } }] };
  }
  return { relatedResources: [] };
}

export function syncGateway(request: unknown, now: Date, g: GatewayKind): DecoratorSyncResponse {
  const { subject, namespace, related } = readRequest(request, 'decorator', 'sync', g.kind);
  const address = gatewayAddress(readGatewaySpec(subject.spec), namespace, objectsOf(related, SERVICE_TYPE));
  const condition = { type: 'Ready', status: address.ready ? ('True' as const) : ('False' as const), reason: address.reason, message: address.message };
  const status: GatewayStatus = {
    phase: address.ready ? 'Ready' : 'NotReady',
    conditions: withTransitionTimes([condition], dig(subject.status, 'conditions'), now),
  };
  if (address.ready) {
    status.url = address.url;
    if (address.egress) status.egress = { ports: address.egress.ports, to: address.egress.to };
  }
  return { status: { ...status } };
}

export function gatewayHooks(g: GatewayKind): KindHooks {
  return depthGuarded({
    sync: (request, now) => syncGateway(request, now, g),
    customize: (request) => customizeGateway(request, g),
  });
}
