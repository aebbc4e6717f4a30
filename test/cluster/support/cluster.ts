// What a scenario file uses: kubectl against the run's cluster, JSON reads,
// polling for a condition (never a fixed sleep), a namespace of its own, and the
// global setup's control endpoint (hook server down/up, recorded requests).
import { inject } from 'vitest';
import { kubectlRunner, type KubectlResult } from './control-plane.js';

export const cluster = () => inject('cluster');

/** kubectl against the run's cluster; throws with its output on a non-zero exit unless `allowFailure`. */
export function kubectl(args: string[], opts: { input?: string; allowFailure?: boolean } = {}): Promise<KubectlResult> {
  return kubectlRunner('kubectl', cluster().kubeconfig)(args, opts);
}

/** Applies objects (YAML or JSON text, or objects) in `namespace`. */
export async function apply(objects: string | object[], namespace?: string): Promise<KubectlResult> {
  const input = typeof objects === 'string' ? objects : JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  return kubectl(['apply', ...(namespace ? ['-n', namespace] : []), '-f', '-'], { input });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The object, or undefined when it does not exist. */
export async function get(resource: string, name: string, namespace?: string): Promise<Json | undefined> {
  const r = await kubectl(['get', resource, name, ...(namespace ? ['-n', namespace] : []), '-o', 'json'], { allowFailure: true });
  if (r.code !== 0) {
    if (/NotFound|not found/.test(r.stderr)) return undefined;
    throw new Error(`kubectl get ${resource} ${name}: ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

export async function list(resource: string, namespace: string, selector?: string): Promise<Json[]> {
  const r = await kubectl(['get', resource, '-n', namespace, ...(selector ? ['-l', selector] : []), '-o', 'json']);
  return JSON.parse(r.stdout).items;
}

/**
 * Polls `probe` until it returns something other than undefined/false, and
 * returns that. On timeout the error carries the last value seen.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A fresh namespace for one scenario file. */
export async function namespace(name: string): Promise<string> {
  await kubectl(['create', 'namespace', name]);
  // The API server creates the default ServiceAccount asynchronously; pods need it.
  await waitFor(`ServiceAccount default in ${name}`, async () => (await get('serviceaccount', 'default', name)) !== undefined);
  return name;
}

export async function control(method: 'GET' | 'POST', path: string): Promise<Json> {
  const res = await fetch(`${cluster().controlUrl}${path}`, { method });
  const body = await res.json();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${JSON.stringify(body)}`);
  return body;
}

export function condition(obj: Json, type: string): Json | undefined {
  return (obj?.status?.conditions ?? []).find((c: Json) => c.type === type);
}
