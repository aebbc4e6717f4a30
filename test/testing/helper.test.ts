// omnia-hooks/testing: the request shape follows the parent's kind (composite
// parent/children/related, decorator object/attachments/related), objects are
// stored as the API server stores them unless asked not to, and the answer
// readers find children, conditions and the phase.

import { describe, expect, it } from 'vitest';
import { CHILD_ORDER } from '../../src/hooks/agentruntime/child-kinds.js';
import { answer, customizeRequest, runCustomize, runSync, syncRequest } from '../../src/testing/index.js';

const AGENT = `
apiVersion: omnia.altairalabs.ai/v1alpha1
kind: AgentRuntime
metadata: {name: a, namespace: team}
spec:
  promptPackRef: {name: pack}
  provider: {type: mock}
`;
const PROVIDER = { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'Provider', metadata: { name: 'p' }, spec: { type: 'mock' } };
const NOW = new Date('2026-01-01T00:00:00Z');

describe('syncRequest', () => {
  it('builds a CompositeController request for an AgentRuntime, every declared child type present', () => {
    const req = syncRequest(AGENT, { related: [PROVIDER] }) as any;
    expect(Object.keys(req).sort()).toEqual(['children', 'parent', 'related']);
    expect(Object.keys(req.children)).toEqual([...CHILD_ORDER]);
    // Stored: CRD defaults applied; the related object lands in the parent's namespace.
    expect(req.parent.spec.facade.type).toBe('websocket');
    expect(req.related['Provider.omnia.altairalabs.ai/v1alpha1']['team/p'].metadata.namespace).toBe('team');
  });

  it('builds a DecoratorController request for a Provider, and sends objects as given with stored: false', () => {
    const req = syncRequest(PROVIDER, { stored: false, finalizing: true }) as any;
    expect(req).toEqual({ object: PROVIDER, attachments: {}, related: {}, finalizing: true });
    expect(customizeRequest(PROVIDER, { stored: false })).toEqual({ object: PROVIDER });
  });

  it('refuses a kind no omnia controller serves, and several parents', () => {
    expect(() => syncRequest({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toThrow('no omnia controller for kind Pod');
    expect(() => syncRequest([PROVIDER, PROVIDER])).toThrow('expected one object, got 2');
  });
});

describe('runSync and answer', () => {
  it("reads the AgentRuntime's children, conditions and phase", () => {
    const a = runSync(AGENT, { now: NOW });
    expect(a.phase).toBe('Waiting');
    expect(a.condition('PromptPackReady')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(a.condition('Nope')).toBeUndefined();
    expect(() => a.child('Deployment')).toThrow('expected one Deployment child, found 0');
  });

  it('reads a decorator answer (status, no children)', () => {
    const a = runSync(PROVIDER, { now: NOW });
    expect(a.phase).toBe('Ready');
    expect(a.children()).toEqual([]);
  });

  it('answer() reads children by kind and name', () => {
    const response = {
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      children: [
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd-canary' } },
      ],
    };
    const a = answer(response);
    expect(a.children('Deployment').map((c) => c.metadata.name)).toEqual(['d', 'd-canary']);
    expect(a.child('Deployment', 'd-canary').metadata.name).toBe('d-canary');
    expect(() => a.child('Deployment')).toThrow('found 2');
    expect(a.condition('Ready')?.status).toBe('True');
  });

  it('runCustomize returns the rules the hook asks for', () => {
    const rules = runCustomize(AGENT).relatedResources;
    expect(rules).toContainEqual({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'promptpacks', namespace: 'team', names: ['pack'] });
  });
});
