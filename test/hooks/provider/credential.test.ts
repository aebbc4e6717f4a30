import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/provider/index.js';
import type { CustomizeResponse, DecoratorSyncResponse } from '../../../src/hooks/metacontroller.js';
import { HookRequestError } from '../../../src/hooks/types.js';

const sync = hooks.sync as (request: unknown, now: Date) => DecoratorSyncResponse;
const customize = hooks.customize as (request: unknown, now: Date) => CustomizeResponse;
const NOW = new Date('2026-02-01T10:00:00Z');
const b64 = (s: string) => Buffer.from(s).toString('base64');

function provider(spec: Record<string, unknown>, namespace = 'agents', status?: unknown) {
  return { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'Provider', metadata: { name: 'llm', namespace }, spec, ...(status ? { status } : {}) };
}
function secret(data: Record<string, string>, resourceVersion: string, namespace = 'agents') {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'llm-keys', namespace, resourceVersion }, data };
}
function request(obj: unknown, secrets: unknown[] = []) {
  const group: Record<string, unknown> = {};
  for (const s of secrets) group[`${(s as { metadata: { namespace: string } }).metadata.namespace}/llm-keys`] = s;
  return { controller: {}, object: obj, attachments: {}, related: { 'Secret.v1': group } };
}
const cond = (r: DecoratorSyncResponse, type: string) =>
  (r.status!.conditions as { type: string; status: string; reason: string; lastTransitionTime: string }[]).find((c) => c.type === type)!;

describe('provider credential status', () => {
  const claude = { type: 'claude', secretRef: { name: 'llm-keys' } };

  it('key present → Ready with the Secret resourceVersion as credentialRevision', () => {
    const r = sync(request(provider(claude), [secret({ ANTHROPIC_API_KEY: b64('k1') }, '100')]), NOW);
    expect(r.status).toMatchObject({ phase: 'Ready', credentialRevision: '100' });
    expect(cond(r, 'CredentialValid')).toMatchObject({ status: 'True', reason: 'KeyPresent' });
  });

  it('key missing → Error, CredentialValid False, the revision still reported', () => {
    const r = sync(request(provider(claude), [secret({ OPENAI_API_KEY: b64('k1') }, '101')]), NOW);
    expect(r.status).toMatchObject({ phase: 'Error', credentialRevision: '101' });
    expect(cond(r, 'SecretFound')).toMatchObject({ status: 'True' });
    expect(cond(r, 'CredentialValid')).toMatchObject({ status: 'False', reason: 'KeyMissing' });
    expect(cond(r, 'Ready')).toMatchObject({ status: 'False', reason: 'KeyMissing' });
  });

  it('rotation changes credentialRevision but keeps condition transition times', () => {
    const first = sync(request(provider(claude), [secret({ ANTHROPIC_API_KEY: b64('old') }, '200')]), NOW);
    const later = new Date('2026-02-02T10:00:00Z');
    const rotated = sync(request(provider(claude, 'agents', first.status), [secret({ ANTHROPIC_API_KEY: b64('new') }, '201')]), later);
    expect(rotated.status!.credentialRevision).toBe('201');
    expect(cond(rotated, 'Ready').lastTransitionTime).toBe('2026-02-01T10:00:00Z');
    // A key that then disappears flips the condition and stamps the new time.
    const removed = sync(request(provider(claude, 'agents', rotated.status), [secret({}, '202')]), later);
    expect(removed.status).toMatchObject({ phase: 'Error', credentialRevision: '202' });
    expect(cond(removed, 'Ready').lastTransitionTime).toBe('2026-02-02T10:00:00Z');
  });

  it('secretRef.key wins over the vendor variable name', () => {
    const spec = { type: 'openai', secretRef: { name: 'llm-keys', key: 'token' } };
    expect(sync(request(provider(spec), [secret({ OPENAI_API_KEY: b64('x') }, '1')]), NOW).status!.phase).toBe('Error');
    expect(sync(request(provider(spec), [secret({ token: b64('x') }, '1')]), NOW).status!.phase).toBe('Ready');
  });

  it('auto accepts any vendor key and names the one it found', () => {
    const r = sync(request(provider({ type: 'auto', secretRef: { name: 'llm-keys' } }), [secret({ GEMINI_API_KEY: b64('g') }, '7')]), NOW);
    expect(r.status!.phase).toBe('Ready');
    expect((cond(r, 'CredentialValid') as unknown as { message: string }).message).toContain('GEMINI_API_KEY');
  });

  it('a Secret of the same name in another namespace does not count', () => {
    const r = sync(request(provider(claude), [secret({ ANTHROPIC_API_KEY: b64('k') }, '9', 'elsewhere')]), NOW);
    expect(r.status).toMatchObject({ phase: 'Error' });
    expect(cond(r, 'SecretFound')).toMatchObject({ status: 'False', reason: 'SecretNotFound' });
  });

  it('a Provider shared with other namespaces reports only its own credential state', () => {
    const shared = { ...claude, allowedNamespaces: ['team-a'], models: ['claude/*'] };
    const r = sync(request(provider(shared, 'shared-providers'), [secret({ ANTHROPIC_API_KEY: b64('k') }, '55', 'shared-providers')]), NOW);
    expect(r.status).toMatchObject({ phase: 'Ready', credentialRevision: '55' });
    expect(customize({ controller: {}, parent: provider(shared, 'shared-providers') }, NOW)).toEqual({
      relatedResources: [{ apiVersion: 'v1', resource: 'secrets', namespace: 'shared-providers', names: ['llm-keys'] }],
    });
  });

  it('claude without secretRef is an Error, not a crash', () => {
    const r = sync(request(provider({ type: 'claude' })), NOW);
    expect(r.status).toMatchObject({ phase: 'Error' });
    expect(cond(r, 'SecretFound')).toMatchObject({ status: 'False', reason: 'SecretRefMissing' });
  });

  it('requests without an object are request errors', () => {
    expect(() => sync(null, NOW)).toThrow(HookRequestError);
    expect(() => sync({ object: { metadata: {} } }, NOW)).toThrow(/metadata.name/);
    expect(() => customize({ controller: {} }, NOW)).toThrow(HookRequestError);
  });

  it('a garbage spec and related map still produce an honest status', () => {
    const r = sync({ object: { ...provider({}), spec: 'nonsense' }, related: { 'Secret.v1': 'x' } }, NOW);
    expect(r.status).toMatchObject({ phase: 'Error' });
    expect(cond(r, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
  });
});
