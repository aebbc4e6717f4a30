// The shape of a Metacontroller hook request, as far as the hooks depend on it:
// which top-level fields are present, the subject's name (`parent` for
// CompositeControllers, `object` for DecoratorControllers) and its metadata,
// how children / attachments / related objects are keyed, which child types are
// listed, and `finalizing`'s type. Recorded real requests and the requests the
// tests simulate are compared through it (test/hooks/recorded.test.ts).
type Json = Record<string, unknown>;

export interface RequestShape {
  fields: string[];
  subject: 'parent' | 'object' | 'none';
  subjectFields: string[];
  subjectMetadata: string[];
  /** Per object map: "namespace/name" or "name" (undefined when the map is absent or empty). */
  keyFormat: Record<string, 'namespace/name' | 'name' | undefined>;
  childTypes: string[];
  finalizing: string;
  controllerKind: unknown;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// What a hook may read of its subject's metadata; the others (managedFields…) are not shape.
const METADATA = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'labels', 'annotations', 'deletionTimestamp'];

// Cluster-scoped types a hook relates (an AgentRuntime's Namespace): Metacontroller
// keys them by name alone, whatever the format of the namespaced ones.
const CLUSTER_SCOPED_TYPES = new Set(['Namespace.v1']);

function keyFormat(map: unknown): 'namespace/name' | 'name' | undefined {
  if (!isObject(map)) return undefined;
  const keys = Object.entries(map).flatMap(([type, byName]) => (isObject(byName) && !CLUSTER_SCOPED_TYPES.has(type) ? Object.keys(byName) : []));
  if (keys.length === 0) return undefined;
  return keys.every((k) => k.includes('/')) ? 'namespace/name' : 'name';
}

export function requestShape(request: unknown): RequestShape {
  const r = isObject(request) ? request : {};
  const subjectKey = 'parent' in r ? 'parent' : 'object' in r ? 'object' : 'none';
  const subject = subjectKey === 'none' ? {} : (r[subjectKey] as Json);
  const metadata = isObject(subject.metadata) ? subject.metadata : {};
  const children = r.children ?? r.attachments;
  return {
    fields: Object.keys(r).sort(),
    subject: subjectKey,
    subjectFields: Object.keys(subject).filter((k) => k !== 'status').sort(),
    subjectMetadata: Object.keys(metadata).filter((k) => METADATA.includes(k) && k !== 'labels' && k !== 'annotations' && k !== 'deletionTimestamp').sort(),
    keyFormat: { children: keyFormat(r.children), attachments: keyFormat(r.attachments), related: keyFormat(r.related) },
    childTypes: isObject(children) ? Object.keys(children).sort() : [],
    finalizing: typeof r.finalizing,
    controllerKind: isObject(r.controller) ? r.controller.kind : undefined,
  };
}

/** Replaces every Secret value (data, stringData, and the copy in kubectl's last-applied annotation) anywhere in a request. */
export function scrubSecrets<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObject(v)) return v;
    const out: Json = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    if (out.kind === 'Secret') {
      for (const field of ['data', 'stringData']) {
        if (isObject(out[field])) out[field] = Object.fromEntries(Object.keys(out[field]).map((k) => [k, field === 'data' ? Buffer.from('redacted').toString('base64') : 'redacted']));
      }
      const metadata = out.metadata;
      if (isObject(metadata) && isObject(metadata.annotations)) {
        const { 'kubectl.kubernetes.io/last-applied-configuration': _dropped, ...rest } = metadata.annotations;
        metadata.annotations = rest;
      }
      if (isObject(metadata)) delete metadata.managedFields;
    }
    return out;
  };
  return walk(value) as T;
}
