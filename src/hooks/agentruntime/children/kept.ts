// The children of an answer in response order, and the children kept as they
// run when a problem stops the rollout: Metacontroller deletes any child an
// answer leaves out, so a kept child is re-emitted exactly as last applied.

import { sortKeys } from '../../../shared/canonical-json.js';
import type { KubeObject, ObjectMap } from '../../metacontroller.js';
import { lastApplied, objectsOf } from '../../shared/objects.js';
import { CHILD_RANK } from '../child-kinds.js';

/** Every observed child as the hook last asked for it (else stripped of server-owned fields). */
export function keptChildren(observed: ObjectMap): KubeObject[] {
  const out: KubeObject[] = [];
  for (const type of Object.keys(observed).sort()) {
    for (const obj of objectsOf(observed, type)) out.push(sortKeys(lastApplied(obj) ?? stripped(obj)) as KubeObject);
  }
  return ordered(out);
}

const LAST_APPLIED = 'metacontroller.k8s.io/last-applied-configuration';
const SERVER_FIELDS = new Set(['status']);
const SERVER_METADATA = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'ownerReferences', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'finalizers']);

function stripped(obj: KubeObject): KubeObject {
  const out: KubeObject = { ...obj, metadata: { ...obj.metadata } };
  for (const k of Object.keys(out)) if (SERVER_FIELDS.has(k)) delete out[k];
  for (const k of Object.keys(out.metadata)) if (SERVER_METADATA.has(k)) delete out.metadata[k];
  if (out.metadata.annotations) {
    const { [LAST_APPLIED]: _dropped, ...rest } = out.metadata.annotations;
    out.metadata.annotations = rest;
  }
  return out;
}

/** Children in response order (child-kinds.ts), then by name. */
export function ordered(children: KubeObject[]): KubeObject[] {
  const ranked = children.map((c) => ({ child: c, rank: CHILD_RANK.get(`${c.kind}.${c.apiVersion}`) ?? CHILD_RANK.size }));
  ranked.sort((a, b) => {
    const x = a.child.metadata.name;
    const y = b.child.metadata.name;
    return a.rank - b.rank || (x < y ? -1 : x > y ? 1 : 0);
  });
  return ranked.map((r) => r.child);
}
