// The Metacontroller hook wire format (v2 hooks), as described in
// ../shared/reference/metacontroller-hooks.md. Only fields Metacontroller's
// strict v2 decoder accepts may appear in responses.

/** Any Kubernetes object as it arrives from (or goes to) the API server. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  [field: string]: unknown;
}

/** `<Kind>.<apiVersion>` → (`namespace/name` | `name`) → object. Iterate values; never parse keys. */
export type ObjectMap = Record<string, Record<string, KubeObject>>;

export interface CompositeSyncRequest<P extends KubeObject = KubeObject> {
  controller?: unknown;
  parent: P;
  children: ObjectMap;
  related: ObjectMap;
  finalizing?: boolean;
}

export interface CompositeSyncResponse {
  status: Record<string, unknown>;
  children: KubeObject[];
  resyncAfterSeconds?: number;
  finalized?: boolean;
}

export interface CustomizeRequest<P extends KubeObject = KubeObject> {
  controller?: unknown;
  parent: P;
}

export interface RelatedResourceRule {
  apiVersion: string;
  resource: string;
  namespace?: string;
  names?: string[];
  labelSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
}

export interface CustomizeResponse {
  relatedResources: RelatedResourceRule[];
}

export interface DecoratorSyncRequest<O extends KubeObject = KubeObject> {
  controller?: unknown;
  object: O;
  attachments: ObjectMap;
  related: ObjectMap;
  finalizing?: boolean;
}

export interface DecoratorSyncResponse {
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
  status?: Record<string, unknown> | null;
  attachments?: KubeObject[];
  resyncAfterSeconds?: number;
  finalized?: boolean;
}
