// HTTPRoute `<name>` (gateway.networking.k8s.io/v1; names.ts): exposes the
// agent's Service through a Gateway, when spec.gatewayRoute asks for it and the
// agent is exposed. The parent Gateway comes from the spec, else from the
// AgentRuntimeConfiguration (sync.ts resolves it). A request timeout of `0s`
// leaves the timeout to the Gateway, so no `timeouts` are written.

import type { KubeObject } from '../../metacontroller.js';
import { commonLabels } from '../constants.js';
import type { GatewayParent, GatewayRouteSpec } from '../spec.js';
import { childNames } from './names.js';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** Whether `timeout` (a Gateway API duration) is zero: every number in it is 0. */
function isZero(timeout: string): boolean {
  return (timeout.match(/[0-9]+/g) ?? []).every((n) => Number(n) === 0);
}

export function buildHttpRoute(name: string, route: GatewayRouteSpec, parent: GatewayParent, port: number): KubeObject {
  // Keys in sorted order throughout (hook answers are canonical JSON).
  const parentRef = {
    group: GATEWAY_GROUP,
    kind: 'Gateway',
    name: parent.name,
    ...(parent.namespace ? { namespace: parent.namespace } : {}),
    ...(parent.sectionName ? { sectionName: parent.sectionName } : {}),
  };
  const rule = {
    backendRefs: [{ group: '', kind: 'Service', name: childNames(name).service, port, weight: 1 }],
    matches: [{ path: { type: 'PathPrefix', value: '/' } }],
    ...(isZero(route.timeout) ? {} : { timeouts: { request: route.timeout } }),
  };
  return {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: 'HTTPRoute',
    metadata: { labels: commonLabels(name), name: childNames(name).httpRoute },
    spec: {
      ...(route.hostnames.length > 0 ? { hostnames: route.hostnames } : {}),
      parentRefs: [parentRef],
      rules: [rule],
    },
  };
}

/** status.externalURL: the route's first host name that is not a wildcard, over https. */
export function externalURL(route: GatewayRouteSpec | undefined): string | undefined {
  const host = route?.hostnames.find((h) => !h.startsWith('*'));
  return host ? `https://${host}` : undefined;
}
