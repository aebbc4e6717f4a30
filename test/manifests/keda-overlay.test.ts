// The without-keda overlay and the AgentRuntime sync hook together: the same
// KEDA agent gets a ScaledObject under the default install's controller (with
// components/keda) and an honest Failed status (and no ScaledObject) under the
// overlay's controller (without it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childKinds } from '../../src/hooks/agentruntime/child-kinds.js';
import { defaultRegistry } from '../../src/hooks/registry.js';
import { agentRuntimeController } from './controller-build.js';
import { MANIFESTS, ROOT, type Doc } from './load.js';

const NOW = new Date('2026-01-02T03:04:05Z');
/** `<resource>.<apiVersion>` → the children key Metacontroller sends for it. */
const CHILD_KEY = new Map(childKinds.map((k) => [`${k.resource}.${k.apiVersion}`, k.key]));

const base = agentRuntimeController(MANIFESTS);
const withoutKeda = agentRuntimeController(join(MANIFESTS, 'overlays/without-keda'));

/** The bench's spec/000 request (a KEDA agent), as sent by the given controller. */
function syncRequest(controller: Doc): Record<string, unknown> {
  const request = JSON.parse(readFileSync(join(ROOT, 'bench/hooks/fixtures/sync-request.json'), 'utf8')) as Record<string, unknown>;
  const resources = (controller.spec as { childResources: { apiVersion: string; resource: string }[] }).childResources;
  // Metacontroller sends one entry (possibly empty) per declared child type.
  request.children = Object.fromEntries(resources.map((r) => [CHILD_KEY.get(`${r.resource}.${r.apiVersion}`), {}]));
  request.controller = controller;
  return request;
}

interface SyncResponse {
  status: { phase: string; conditions: { type: string; status: string; message: string }[] };
  children: { kind: string }[];
}

const sync = (request: unknown) => defaultRegistry.agentruntime.hooks.sync?.(request, NOW) as SyncResponse;

describe('KEDA autoscaling with and without the overlay', () => {
  it('emits a ScaledObject under the default controller', () => {
    const res = sync(syncRequest(base));
    expect(res.children.map((c) => c.kind)).toContain('ScaledObject');
    expect(res.status.phase).not.toBe('Failed');
  });

  it('reports Failed, naming KEDA, and emits no ScaledObject under overlays/without-keda', () => {
    const res = sync(syncRequest(withoutKeda));
    expect(res.status.phase).toBe('Failed');
    expect(res.children.map((c) => c.kind)).not.toContain('ScaledObject');
    const failing = res.status.conditions.filter((c) => c.status === 'False');
    expect(failing.some((c) => /KEDA|ScaledObject/i.test(c.message))).toBe(true);
  });
});
