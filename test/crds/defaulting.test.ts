// The defaults of the CRDs, applied with API-server semantics: only where the
// parent object exists, nested defaults inside defaulted objects, explicit
// values untouched.

import { describe, expect, it } from 'vitest';
import { crdForKind, loadFixture } from './support/crds.js';
import { applyDefaults } from './support/defaulting.js';

const ar = crdForKind('AgentRuntime').schema;

describe('AgentRuntime defaults', () => {
  it('fills top-level spec defaults and materialises the facade, leaving optional parents absent', () => {
    const out = applyDefaults(ar, { spec: { promptPackRef: { name: 'p' } } }) as any;
    expect(out.spec).toEqual({
      promptPackRef: { name: 'p', track: 'stable' },
      mode: 'agent',
      facade: { type: 'websocket', port: 8080, handler: 'runtime' },
      waitForDependencies: true,
    });
  });

  it('defaults inside a present parent only', () => {
    const out = applyDefaults(ar, {
      spec: { promptPackRef: { name: 'p' }, runtime: {}, session: {}, framework: {}, config: {} },
    }) as any;
    expect(out.spec.runtime).toEqual({ replicas: 1 });
    expect(out.spec.session).toEqual({ type: 'memory', ttl: '24h' });
    expect(out.spec.framework).toEqual({ type: 'promptkit' });
    expect(out.spec.config).toEqual({ reasoningLoopMaxSteps: 5 });
  });

  it('fills autoscaling, keda and memory defaults when those objects exist', () => {
    const out = applyDefaults(ar, {
      spec: {
        promptPackRef: { name: 'p' },
        runtime: { autoscaling: { keda: {} } },
        config: { memory: {} },
        facade: { auth: {} },
      },
    }) as any;
    expect(out.spec.runtime.autoscaling).toEqual({
      enabled: false,
      type: 'hpa',
      minReplicas: 1,
      maxReplicas: 10,
      targetMemoryUtilizationPercentage: 70,
      targetCPUUtilizationPercentage: 90,
      scaleDownStabilizationSeconds: 300,
      keda: { pollingInterval: 30, cooldownPeriod: 300 },
    });
    expect(out.spec.config.memory).toEqual({ maxSessions: 1000, maxSessionEvents: 500, contextLimit: 6 });
    expect(out.spec.facade.auth).toEqual({ allowUnauthenticated: false });
  });

  it('keeps explicit values and does not change its input', () => {
    const input = loadFixture('spec000-complete.yaml');
    const before = structuredClone(input);
    const out = applyDefaults(ar, input) as any;
    expect(input).toEqual(before);
    expect(out.spec.runtime.autoscaling.keda).toEqual({ ...before.spec.runtime.autoscaling.keda });
    expect(out.spec.runtime.autoscaling.targetCPUUtilizationPercentage).toBe(90);
    expect(out.spec.facade).toEqual({ type: 'websocket', port: 8080, handler: 'runtime' });
  });

  it('treats null as absent', () => {
    const out = applyDefaults(ar, { spec: { promptPackRef: { name: 'p' }, mode: null } }) as any;
    expect(out.spec.mode).toBe('agent');
  });
});

describe('other kinds', () => {
  it('PromptPack source, rollout and canary defaults', () => {
    const pp = crdForKind('PromptPack').schema;
    const out = applyDefaults(pp, {
      spec: { source: { configMapRef: { name: 'c' } }, version: '1.0.0', rollout: { canary: {} } },
    }) as any;
    expect(out.spec).toEqual({
      source: { type: 'configmap', configMapRef: { name: 'c' } },
      version: '1.0.0',
      rollout: { type: 'immediate', canary: { weight: 10, stepWeight: 10, interval: '5m' } },
    });
  });

  it('ToolRegistry entries get type, timeout and retries', () => {
    const tr = crdForKind('ToolRegistry').schema;
    const out = applyDefaults(tr, { spec: { tools: [{ name: 't', endpoint: { url: 'http://x' } }] } }) as any;
    expect(out.spec.tools[0]).toEqual({ name: 't', endpoint: { url: 'http://x' }, type: 'http', timeout: '30s', retries: 0 });
  });

  it('AgentRuntimeConfiguration has no defaults, so a namespace configuration only overrides what it sets', () => {
    const arc = crdForKind('AgentRuntimeConfiguration').schema;
    const input = { spec: { images: {}, keda: {} } };
    expect(applyDefaults(arc, input)).toEqual(input);
  });
});
