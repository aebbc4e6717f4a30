// The vendor catalogue's facts: it covers the schema's provider types, the
// runtime has an SDK for each vendor, and the API-key variable the hook writes
// into the runtime container is the one the runtime reads.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_KEY_ENVS, MODEL_ALIASES, PROVIDER_TYPES, VENDOR_TYPES, VENDORS, vendorOfModel, type Vendor } from '../../src/contract/vendors.js';
import { sync } from '../../src/hooks/agentruntime/sync.js';
import { acceptedKeys } from '../../src/hooks/provider/credential.js';
import { loadSettings, type ProviderSettings } from '../../src/runtime/config.js';
import { scrub } from '../../src/runtime/providers/errors.js';
import { createProvider, VENDOR_SDKS } from '../../src/runtime/providers/index.js';

type Json = Record<string, any>;

const readJson = (path: string): Json => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Json;
const SCHEMA_TYPES = readJson('../../schemas/common.schema.json').definitions.ProviderType.enum as string[];
const NOW = new Date('2026-01-01T00:00:00Z');

/** The env of the runtime container the AgentRuntime hook builds for this inline provider. */
function runtimeEnv(provider: Json, secretKeys: string[]): Json[] {
  const req = readJson('../fixtures/agentruntime/inline-provider/request.json');
  req.parent.spec.provider = { ...req.parent.spec.provider, ...provider };
  const secret = Object.values(req.related['Secret.v1'] as Json)[0] as Json;
  secret.data = Object.fromEntries(secretKeys.map((k) => [k, Buffer.from(`value-of-${k}`).toString('base64')]));
  const res = sync(req, NOW) as { children: Json[] };
  const deployment = res.children.find((c) => c.kind === 'Deployment');
  const runtime = (deployment?.spec.template.spec.containers as Json[]).find((c) => c.name === 'runtime');
  return runtime?.env as Json[];
}

const keyEnvs = (env: Json[]): string[] => env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name as string);

describe('vendor catalogue', () => {
  it('lists the provider types of the schema, in its order: every one a vendor, auto or mock', () => {
    expect(PROVIDER_TYPES).toEqual(SCHEMA_TYPES);
    for (const type of SCHEMA_TYPES) expect([...VENDOR_TYPES, 'auto', 'mock']).toContain(type);
    expect(new Set(API_KEY_ENVS).size).toBe(VENDOR_TYPES.length);
  });

  it('names each vendor first among its allow-list aliases', () => {
    for (const v of VENDOR_TYPES) expect(MODEL_ALIASES[v][0]).toBe(v);
    expect(MODEL_ALIASES.auto).toEqual([]);
  });

  it('the runtime has an SDK for every vendor, and names the provider by its type', () => {
    expect(Object.keys(VENDOR_SDKS).sort()).toEqual([...VENDOR_TYPES].sort());
    for (const v of VENDOR_TYPES) {
      const settings: ProviderSettings = { type: v, apiKey: 'k', defaults: {}, pricing: { inputPer1K: 0, outputPer1K: 0 }, maxRetries: 0, timeoutMs: 1000 };
      const provider = createProvider(settings);
      expect(provider.name).toBe(v);
      expect(provider.model).toBe(VENDOR_SDKS[v].defaultModel);
      // `auto` tells the vendor from a model name: the vendor's own default must read as its own.
      expect(vendorOfModel(provider.model)).toBe(v);
    }
  });

  it.each(VENDOR_TYPES)('%s: the API-key variable the hook writes is the one the runtime reads', (v: Vendor) => {
    const keyEnv = VENDORS[v].apiKeyEnv;
    const env = runtimeEnv({ type: v }, [keyEnv]);
    expect(keyEnvs(env)).toEqual([keyEnv]);
    expect(env.find((e) => e.name === 'OMNIA_PROVIDER_TYPE')?.value).toBe(v);
    // `auto` with the vendor's model writes the same variable.
    expect(keyEnvs(runtimeEnv({ type: 'auto', model: VENDOR_SDKS[v].defaultModel }, API_KEY_ENVS as string[]))).toEqual([keyEnv]);
    // The Provider hook checks a Secret for the same key.
    expect(acceptedKeys(v, undefined)).toEqual([keyEnv]);
    expect(loadSettings({ OMNIA_PROVIDER_TYPE: v, [keyEnv]: 'the-key' }).provider).toMatchObject({ type: v, apiKey: 'the-key' });
    expect(loadSettings({ [keyEnv]: 'the-key' }).provider).toMatchObject({ type: v, apiKey: 'the-key' });
  });

  it.each(VENDOR_TYPES)('%s: text that looks like its API key is scrubbed from vendor messages', (v: Vendor) => {
    for (const prefix of VENDORS[v].keyPrefixes) {
      expect(scrub(`bad key ${prefix}0123456789abcdef, retry`, [])).toBe('bad key [redacted], retry');
    }
  });

  it('docs/env.md and docs/api.md name every provider type and API-key variable', () => {
    const doc = (name: string): string => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');
    for (const name of [...PROVIDER_TYPES, ...API_KEY_ENVS]) expect(doc('env.md')).toContain(`\`${name}\``);
    for (const name of API_KEY_ENVS) expect(doc('api.md')).toContain(`\`${name}\``);
  });
});
