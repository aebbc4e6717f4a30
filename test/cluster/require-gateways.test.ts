// The admission policy omnia-require-gateways (manifests/admission/) on the real
// API server: in a namespace labelled omnia.altairalabs.ai/require-gateways=true
// an AgentRuntime without an AiGateway (its own or the namespace
// configuration's) or with a direct provider baseURL is refused; elsewhere it is
// admitted. Server-side dry runs, nothing stored. test/manifests/require-gateways.test.ts
// evaluates the same CEL with a library.
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUIRE_GATEWAYS_LABEL } from '../../src/hooks/agentruntime/resolve/gateways.js';
import { apply, kubectl, namespace, waitFor } from './support/cluster.js';

const OMNIA = 'omnia.altairalabs.ai/v1alpha1';
const GATED = 'gated';
const OPEN = 'not-gated';
const claude = { type: 'claude', secretRef: { name: 'k' } };

function agent(ns: string, spec: object): string {
  return JSON.stringify({ apiVersion: OMNIA, kind: 'AgentRuntime', metadata: { name: 'gw-case', namespace: ns }, spec: { promptPackRef: { name: 'p' }, ...spec } });
}
const dryRun = (input: string) => kubectl(['create', '--dry-run=server', '-f', '-'], { input, allowFailure: true });
const configuration = (gateways?: object) => [
  { apiVersion: OMNIA, kind: 'AgentRuntimeConfiguration', metadata: { name: 'defaults' }, spec: gateways ? { gateways } : {} },
];

describe('omnia-require-gateways at admission (real API server)', () => {
  beforeAll(async () => {
    await namespace(GATED);
    await namespace(OPEN);
    await kubectl(['label', 'namespace', GATED, `${REQUIRE_GATEWAYS_LABEL}=true`]);
  });

  it('refuses every agent in a labelled namespace that holds no AgentRuntimeConfiguration (no params: Deny)', async () => {
    // The policy and its binding are compiled by the API server in the background: wait for the refusal.
    const res = await waitFor('the policy to refuse', async () => {
      const r = await dryRun(agent(GATED, { provider: claude, gateways: { ai: 'llm' } }));
      return r.code !== 0 ? r : undefined;
    });
    expect(res.stderr).toContain('omnia-require-gateways');
  });

  it('with the namespace configuration: refuses an agent without an AiGateway, admits one naming it', async () => {
    await apply(configuration(), GATED);
    const missing = await waitFor('the configuration to be the params', async () => {
      const r = await dryRun(agent(GATED, { provider: claude }));
      return r.stderr.includes('requires gateways') ? r : undefined;
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('set spec.gateways.ai');
    const named = await dryRun(agent(GATED, { provider: claude, gateways: { ai: 'llm' } }));
    expect(named.stderr).toBe('');
    expect(named.code).toBe(0);
    // demo/echo call no model.
    expect((await dryRun(agent(GATED, { facade: { handler: 'demo' } }))).code).toBe(0);
  });

  it('refuses a direct provider baseURL even with an AiGateway', async () => {
    const r = await dryRun(agent(GATED, { gateways: { ai: 'llm' }, provider: { ...claude, baseURL: 'https://api.anthropic.com' } }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.provider.baseURL is not allowed');
  });

  it("admits an agent relying on the namespace configuration's default AiGateway", async () => {
    await apply(configuration({ ai: 'llm' }), GATED);
    const r = await waitFor('the default to count', async () => {
      const d = await dryRun(agent(GATED, { provider: claude }));
      return d.code === 0 ? d : undefined;
    });
    expect(r.stderr).toBe('');
  });

  it('admits anything in a namespace without the label', async () => {
    const r = await dryRun(agent(OPEN, { provider: { ...claude, baseURL: 'https://api.anthropic.com' } }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
