// The two request bodies of the sync benchmark, shared by the load generator
// (sync.ts) and the profiler driver (profile.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortKeys } from '../../src/shared/canonical-json.js';

export const FIXTURE = join(import.meta.dirname, 'fixtures/sync-request.json');

export interface Child {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}
export interface SyncRequest {
  parent: { metadata: { namespace: string; generation?: number }; status?: unknown };
  children: Record<string, Record<string, Child>>;
  [k: string]: unknown;
}

/**
 * Metacontroller relays every object as unstructured data — Go maps — and Go's
 * encoding/json writes map keys in sorted order, so the requests a hook really
 * receives have every object's keys sorted. The fixture file is written for
 * people to read; the benchmark sends it as Metacontroller would.
 */
function asSent<T>(request: T): T {
  return JSON.parse(JSON.stringify(sortKeys(request))) as T;
}

/** The first sync of the spec/000 complete example: every child type present and empty. */
export function createRequest(): SyncRequest {
  return asSent(JSON.parse(readFileSync(FIXTURE, 'utf8')) as SyncRequest);
}

/**
 * The steady state most syncs see: every child the first answer asked for now
 * exists, as the API server returns it (uid, resourceVersion, Metacontroller's
 * last-applied annotation, a status), and the parent carries the last status.
 */
export function steadyRequest(first: { status: unknown; children: Child[] }): SyncRequest {
  const request = createRequest();
  request.parent.status = { ...(first.status as object), observedGeneration: request.parent.metadata.generation ?? 1 };
  for (const [i, child] of first.children.entries()) {
    const namespace = child.metadata.namespace ?? request.parent.metadata.namespace;
    const live: Child = structuredClone(child);
    live.metadata = {
      ...live.metadata,
      namespace,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(60000 + i),
      generation: 1,
      creationTimestamp: '2026-01-01T10:00:01Z',
      annotations: {
        ...(live.metadata.annotations as Record<string, string> | undefined),
        'metacontroller.k8s.io/last-applied-configuration': JSON.stringify(child),
      },
    };
    if (child.kind === 'Deployment') {
      const replicas = Number((child.spec as { replicas?: number } | undefined)?.replicas ?? 1);
      live.status = { observedGeneration: 1, replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas };
    }
    const type = `${child.kind}.${child.apiVersion}`;
    (request.children[type] ??= {})[`${namespace}/${child.metadata.name}`] = live;
  }
  return asSent(request);
}
