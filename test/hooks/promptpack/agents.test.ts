// Which agents a PromptPack sees: the Deployments the AgentRuntime sync labels
// with the pack (issue 16, item 17), not every AgentRuntime of the namespace.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hooks as agentHooks } from '../../../src/hooks/agentruntime/index.js';
import { hooks as packHooks } from '../../../src/hooks/promptpack/index.js';
import { isLabelValue, PACK_LABEL, packLabelValue } from '../../../src/hooks/promptpack/names.js';
import type { CompositeSyncResponse, CustomizeResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { FIXTURES } from '../support/golden.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const LONG = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(70)}`; // a 253-char DNS subdomain

const customize = (name: string): CustomizeResponse =>
  (packHooks.customize as (request: unknown, now: Date) => CustomizeResponse)({ parent: { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'PromptPack', metadata: { name, namespace: 'agents' }, spec: { source: { configMapRef: { name: 'src' } }, version: '1.0.0' } } }, NOW) as CustomizeResponse;

/** The complete-example AgentRuntime with its PromptPack renamed to `pack`. */
function agentDeployments(pack: string): KubeObject[] {
  const request = JSON.parse(readFileSync(`${FIXTURES}/agentruntime/complete-example/request.json`, 'utf8'));
  const packs = request.related['PromptPack.omnia.altairalabs.ai/v1alpha1'];
  const key = Object.keys(packs)[0] as string;
  const packObject = packs[key];
  delete packs[key];
  packObject.metadata.name = pack;
  packs[`agents/${pack}`] = packObject;
  request.parent.spec.promptPackRef.name = pack;
  const response = (agentHooks.sync as (request: unknown, now: Date) => CompositeSyncResponse)(request, NOW);
  return response.children.filter((c) => c.kind === 'Deployment');
}

describe('the pack label that ties an agent\'s Deployments to its PromptPack', () => {
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
    it(`customize selects exactly the label the AgentRuntime sync writes (${pack.length} chars)`, () => {
      const deployments = agentDeployments(pack);
      expect(deployments.length).toBeGreaterThan(0);
      const rules = customize(pack).relatedResources;
      expect(rules).not.toContainEqual(expect.objectContaining({ resource: 'agentruntimes' }));
      const rule = rules.find((r) => r.resource === 'deployments')!;
      expect(rule).toMatchObject({ apiVersion: 'apps/v1', namespace: 'agents' });
      for (const d of deployments) {
        expect(d.metadata.labels).toMatchObject(rule.labelSelector!.matchLabels!);
        expect(isLabelValue(d.metadata.labels![PACK_LABEL]!)).toBe(true);
        // On the Deployment only: adding it must not roll the agents' pods.
        expect((d.spec as { template: KubeObject }).template.metadata.labels).not.toHaveProperty(PACK_LABEL);
      }
    });
  }

  it('counts an agent\'s stable and canary Deployments once and ignores Deployments of other packs', () => {
    const request = JSON.parse(readFileSync(`${FIXTURES}/promptpack/canary-waiting/request.json`, 'utf8'));
    const deployments = request.related['Deployment.apps/v1'] as Record<string, KubeObject>;
    expect(Object.keys(deployments)).toHaveLength(4); // two agents × (stable + canary)
    const stray = structuredClone(deployments['agents/support-bot']!);
    stray.metadata.name = 'other-bot';
    stray.metadata.labels = { ...stray.metadata.labels, 'app.kubernetes.io/instance': 'other-bot', [PACK_LABEL]: 'sales-pack' };
    deployments['agents/other-bot'] = stray;
    const response = (packHooks.sync as (request: unknown, now: Date) => CompositeSyncResponse)(request, new Date('2026-01-01T00:02:00Z'));
    expect(response.status.referencingAgents).toBe(2);
  });
});
