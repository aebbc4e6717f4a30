// The kinds of object a ToolServer owns, in response order: its Service, then
// its Deployment (one builder each, in children/). The CompositeController in
// manifests/controllers/toolserver.yaml declares exactly these
// (test/manifests/toolserver-controller.test.ts), and `omnia render` offers them
// as the controller's child types.

import type { UpdateMethod } from '../agentruntime/child-kinds.js';

export interface ToolServerChildKind {
  /** `<kind>.<apiVersion>`: the key of Metacontroller's children map. */
  key: string;
  apiVersion: string;
  kind: string;
  resource: string;
  updateStrategy: UpdateMethod;
}

// InPlace: a changed image, env or port must roll the running server.
export const TOOLSERVER_CHILD_KINDS = {
  service: { key: 'Service.v1', apiVersion: 'v1', kind: 'Service', resource: 'services', updateStrategy: 'InPlace' },
  deployment: { key: 'Deployment.apps/v1', apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments', updateStrategy: 'InPlace' },
} as const satisfies Record<string, ToolServerChildKind>;

/** Children keys in response order. */
export const TOOLSERVER_CHILD_ORDER: readonly string[] = Object.values(TOOLSERVER_CHILD_KINDS).map((k) => k.key);
