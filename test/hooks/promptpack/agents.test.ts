// Which agents a PromptPack sees: the Services the AgentRuntime sync labels
// with the pack (issue 16, item 17), not every AgentRuntime of the namespace
// nor their Deployments (~10x larger).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hooks as agentHooks } from '../../../src/hooks/agentruntime/index.js';
import { hooks as packHooks } from '../../../src/hooks/promptpack/index.js';
import { isLabelValue, PACK_LABEL, packLabelValue, VERSIONS_ANNOTATION } from '../../../src/hooks/promptpack/names.js';
import type { CompositeSyncResponse, CustomizeResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { FIXTURES } from '../support/golden.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const LONG = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(70)}`; // a 253-char DNS subdomain

const customize = (name: string): CustomizeResponse =>
  (packHooks.customize as (request: unknown, now: Date) => CustomizeResponse)({ parent: { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'PromptPack', metadata: { name, namespace: 'agents' }, spec: { source: { configMapRef: { name: 'src' } }, version: '1.0.0' } } }, NOW) as CustomizeResponse;

/** The complete-example AgentRuntime with its PromptPack renamed to `pack`. */
function agentChildren(pack: string): KubeObject[] {
  const request = JSON.parse(readFileSync(`${FIXTURES}/agentruntime/complete-example/request.json`, 'utf8'));
  const packs = request.related['PromptPack.omnia.altairalabs.ai/v1alpha1'];
  const key = Object.keys(packs)[0] as string;
  const packObject = packs[key];
  delete packs[key];
  packObject.metadata.name = pack;
  packs[`agents/${pack}`] = packObject;
  request.parent.spec.promptPackRef.name = pack;
  const response = (agentHooks.sync as (request: unknown, now: Date) => CompositeSyncResponse)(request, NOW);
  return response.children;
}

describe('the pack label that ties an agent\'s Service to its PromptPack', () => {
  it('is the pack name when that is a label value, else 52 characters, a dash and 10 hex digits of its hash', () => {
    expect(packLabelValue('customer-support')).toBe('customer-support');
    const long = packLabelValue(LONG);
    expect(long).toHaveLength(63);
    expect(isLabelValue(long)).toBe(true);
    expect(long.startsWith(LONG.slice(0, 52))).toBe(true);
    expect(packLabelValue(LONG)).toBe(long);
    expect(packLabelValue(`${LONG.slice(0, 252)}e`)).not.toBe(long);
  });

  for (const pack of ['assistant-prompts', LONG]) {
    it(`customize selects exactly the Service the AgentRuntime sync labels (${pack.length} chars)`, () => {
      const children = agentChildren(pack);
      const services = children.filter((c) => c.kind === 'Service');
      expect(services).toHaveLength(1);
      const rules = customize(pack).relatedResources;
      expect(rules).not.toContainEqual(expect.objectContaining({ resource: 'agentruntimes' }));
      expect(rules).not.toContainEqual(expect.objectContaining({ resource: 'deployments' }));
      const rule = rules.find((r) => r.resource === 'services')!;
      expect(rule).toMatchObject({ apiVersion: 'v1', namespace: 'agents' });
      const service = services[0]!;
      expect(service.metadata.labels).toMatchObject(rule.labelSelector!.matchLabels!);
      expect(isLabelValue(service.metadata.labels![PACK_LABEL]!)).toBe(true);
      // The versions its Deployments run, as their pod templates say.
      const deployments = children.filter((c) => c.kind === 'Deployment');
      const run = deployments.map((d) => (d.spec as { template: KubeObject }).template.metadata.annotations!['omnia.altairalabs.ai/promptpack-version']);
      expect(service.metadata.annotations![VERSIONS_ANNOTATION]).toBe([...new Set(run)].sort().join(','));
      // Not on the Deployments or their pods: only the Service is related.
      for (const d of deployments) {
        expect(d.metadata.labels).not.toHaveProperty(PACK_LABEL);
        expect((d.spec as { template: KubeObject }).template.metadata.labels).not.toHaveProperty(PACK_LABEL);
      }
    });
  }

  it('counts one agent per Service, keeps every version it lists, and ignores Services of other packs', () => {
    const request = JSON.parse(readFileSync(`${FIXTURES}/promptpack/canary-waiting/request.json`, 'utf8'));
    const services = request.related['Service.v1'] as Record<string, KubeObject>;
    expect(Object.keys(services)).toHaveLength(2); // two agents, each running stable + canary
    expect(services['agents/support-bot']!.metadata.annotations![VERSIONS_ANNOTATION]).toBe('1.0.0,2.0.0');
    const stray = structuredClone(services['agents/support-bot']!);
    stray.metadata.name = 'other-bot';
    stray.metadata.labels = { ...stray.metadata.labels, 'app.kubernetes.io/instance': 'other-bot', [PACK_LABEL]: 'sales-pack' };
    services['agents/other-bot'] = stray;
    const response = (packHooks.sync as (request: unknown, now: Date) => CompositeSyncResponse)(request, new Date('2026-01-01T00:02:00Z'));
    expect(response.status.referencingAgents).toBe(2);
  });
});
