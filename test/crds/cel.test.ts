// The CEL rules of the AgentRuntime CRD, evaluated with a real CEL engine on
// objects defaulted the way the API server defaults them before validating.

import { Environment } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { collectRules, violations } from './support/cel.js';
import { crdForKind, CRD_FILES, loadCrd, loadFixture } from './support/crds.js';
import { applyDefaults } from './support/defaulting.js';

const { schema } = crdForKind('AgentRuntime');

const MSG = {
  needsSchemas: 'spec.mode function requires both spec.inputSchema and spec.outputSchema',
  forbidsSchemas: 'spec.inputSchema and spec.outputSchema are only allowed when spec.mode is function',
  noWebsocket: 'spec.mode function requires spec.facade.type grpc (the websocket facade does not serve functions)',
  customImage: 'spec.framework.type custom requires spec.framework.image',
  storeRef: 'spec.session.storeRef is required when spec.session.type is redis or postgres',
  kedaZero:
    "spec.runtime.autoscaling.minReplicas 0 with KEDA's default trigger (open connections) could never scale up again: with no pods there are no connections to count; set minReplicas to 1 or give keda.triggers that see demand without pods",
};

const SCHEMA = { type: 'object', properties: { x: { type: 'string' } } };

function agent(spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'omnia.altairalabs.ai/v1alpha1',
    kind: 'AgentRuntime',
    metadata: { name: 'a', namespace: 'n' },
    spec: { promptPackRef: { name: 'pack' }, ...spec },
  };
}

/** Messages of the violated rules after API-server defaulting. */
function check(object: Record<string, unknown>): string[] {
  return violations(schema, applyDefaults(schema, object)).map((v) => v.message);
}

describe('CEL rules present', () => {
  it('AgentRuntime carries exactly the six rules of docs/api.md, each with a message, at their levels', () => {
    const rules = collectRules(schema);
    expect(rules.map((r) => [r.path, r.message])).toEqual([
      ['.spec', MSG.needsSchemas],
      ['.spec', MSG.forbidsSchemas],
      ['.spec', MSG.noWebsocket],
      ['.spec.framework', MSG.customImage],
      ['.spec.session', MSG.storeRef],
      ['.spec.runtime.autoscaling', MSG.kedaZero],
    ]);
  });

  it('every rule parses and type-checks to bool with self as a map', () => {
    const env = new Environment().registerVariable('self', 'map');
    for (const r of collectRules(schema)) {
      const result = env.check(r.rule);
      expect(result.valid, `${r.rule}: ${String(result.error)}`).toBe(true);
      expect(result.type).toBe('bool');
    }
    // the checker does reject a malformed rule
    expect(env.check("self.mode ==").valid).toBe(false);
  });

  it('the other kinds carry no CEL rules, but for the gateways\' one address (ToolServer\'s are in toolserver-cel.test.ts)', () => {
    for (const file of CRD_FILES.filter((f) => !f.startsWith('agentruntimes.') && !f.startsWith('toolservers.'))) {
      const expected = file.includes('gateways.') ? [['.spec', GATEWAY_ONE_ADDRESS]] : [];
      expect(collectRules(loadCrd(file).schema).map((r) => [r.path, r.message]), file).toEqual(expected);
    }
  });
});

const GATEWAY_ONE_ADDRESS = 'set exactly one of spec.url, spec.service and spec.serviceSelector';

describe('gateway CEL rule', () => {
  for (const kind of ['AiGateway', 'ToolGateway', 'AgentGateway']) {
    const gw = crdForKind(kind).schema;
    const messages = (spec: Record<string, unknown>) =>
      violations(gw, { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind, metadata: { name: 'g' }, spec }).map((v) => v.message);
    it(`${kind}: one address is accepted, none or two refused`, () => {
      expect(messages({ url: 'https://gw.example.com' })).toEqual([]);
      expect(messages({ service: { name: 'gw' } })).toEqual([]);
      expect(messages({ serviceSelector: { matchLabels: { app: 'gw' } } })).toEqual([]);
      expect(messages({ className: 'litellm' })).toEqual([GATEWAY_ONE_ADDRESS]);
      expect(messages({ url: 'https://gw.example.com', service: { name: 'gw' } })).toEqual([GATEWAY_ONE_ADDRESS]);
    });
  }
});

describe('spec examples', () => {
  it('spec/000 complete example is valid', () => {
    expect(check(loadFixture('spec000-complete.yaml'))).toEqual([]);
  });

  it('spec/003 summarizer function is valid', () => {
    expect(check(loadFixture('spec003-summarizer.yaml'))).toEqual([]);
  });

  it('the all-fields agent is valid', () => {
    expect(check(loadFixture('spec000-fields.yaml'))).toEqual([]);
  });
});

describe('function mode requires both schemas', () => {
  it('accepts function mode with both schemas', () => {
    expect(check(agent({ mode: 'function', facade: { type: 'grpc' }, inputSchema: SCHEMA, outputSchema: SCHEMA }))).toEqual([]);
  });

  it('rejects function mode with only inputSchema', () => {
    expect(check(agent({ mode: 'function', facade: { type: 'grpc' }, inputSchema: SCHEMA }))).toEqual([MSG.needsSchemas]);
  });

  it('rejects function mode with only outputSchema', () => {
    expect(check(agent({ mode: 'function', facade: { type: 'grpc' }, outputSchema: SCHEMA }))).toEqual([MSG.needsSchemas]);
  });

  it('rejects function mode with neither schema', () => {
    expect(check(agent({ mode: 'function', facade: { type: 'grpc' } }))).toEqual([MSG.needsSchemas]);
  });
});

describe('agent mode (the default) forbids the schemas', () => {
  it('accepts agent mode without schemas, explicit or defaulted', () => {
    expect(check(agent({ mode: 'agent' }))).toEqual([]);
    expect(check(agent({}))).toEqual([]);
  });

  it('rejects an inputSchema when mode is left to its default', () => {
    expect(check(agent({ inputSchema: SCHEMA }))).toEqual([MSG.forbidsSchemas]);
  });

  it('rejects an outputSchema in explicit agent mode', () => {
    expect(check(agent({ mode: 'agent', outputSchema: SCHEMA }))).toEqual([MSG.forbidsSchemas]);
  });

  it('rejects both schemas in agent mode', () => {
    expect(check(agent({ mode: 'agent', inputSchema: SCHEMA, outputSchema: SCHEMA }))).toEqual([MSG.forbidsSchemas]);
  });
});

describe('function mode rejects the websocket facade', () => {
  const fn = { mode: 'function', inputSchema: SCHEMA, outputSchema: SCHEMA };

  it('accepts the grpc facade', () => {
    expect(check(agent({ ...fn, facade: { type: 'grpc', port: 9000 } }))).toEqual([]);
  });

  it('rejects an explicit websocket facade', () => {
    expect(check(agent({ ...fn, facade: { type: 'websocket' } }))).toEqual([MSG.noWebsocket]);
  });

  it('rejects a facade whose type defaults to websocket', () => {
    expect(check(agent({ ...fn, facade: { port: 9000 } }))).toEqual([MSG.noWebsocket]);
  });

  it('rejects an absent facade (it defaults to a websocket one)', () => {
    expect(check(agent(fn))).toEqual([MSG.noWebsocket]);
  });

  it('does not apply in agent mode', () => {
    expect(check(agent({ facade: { type: 'websocket' } }))).toEqual([]);
  });
});

describe('framework custom requires an image', () => {
  it('accepts custom with an image', () => {
    expect(check(agent({ framework: { type: 'custom', image: 'example.com/rt:1' } }))).toEqual([]);
  });

  it('accepts an absent framework, an empty one (promptkit) and other types without image', () => {
    expect(check(agent({}))).toEqual([]);
    expect(check(agent({ framework: {} }))).toEqual([]);
    expect(check(agent({ framework: { type: 'langchain' } }))).toEqual([]);
  });

  it('rejects custom without an image', () => {
    expect(check(agent({ framework: { type: 'custom' } }))).toEqual([MSG.customImage]);
  });

  it('rejects custom with an empty image', () => {
    expect(check(agent({ framework: { type: 'custom', image: '' } }))).toEqual([MSG.customImage]);
  });
});

describe('non-memory sessions require a storeRef', () => {
  it('accepts memory sessions without storeRef, explicit, defaulted or absent', () => {
    expect(check(agent({ session: { type: 'memory' } }))).toEqual([]);
    expect(check(agent({ session: { ttl: '1h' } }))).toEqual([]);
    expect(check(agent({}))).toEqual([]);
  });

  it('accepts redis and postgres with a storeRef', () => {
    expect(check(agent({ session: { type: 'redis', storeRef: { name: 's' } } }))).toEqual([]);
    expect(check(agent({ session: { type: 'postgres', storeRef: { name: 's' } } }))).toEqual([]);
  });

  it('rejects redis without storeRef', () => {
    expect(check(agent({ session: { type: 'redis' } }))).toEqual([MSG.storeRef]);
  });

  it('rejects postgres without storeRef', () => {
    expect(check(agent({ session: { type: 'postgres', ttl: '1h' } }))).toEqual([MSG.storeRef]);
  });
});

describe('several violations are all reported', () => {
  it('reports each broken rule once', () => {
    const messages = check(
      agent({ mode: 'function', framework: { type: 'custom' }, session: { type: 'redis' }, inputSchema: SCHEMA }),
    );
    expect(messages.sort()).toEqual([MSG.customImage, MSG.needsSchemas, MSG.noWebsocket, MSG.storeRef].sort());
  });
});

describe('KEDA scale to zero needs a trigger that can wake the agent', () => {
  const autoscaling = (a: Record<string, unknown>) => agent({ runtime: { autoscaling: { enabled: true, type: 'keda', ...a } } });

  it('minReplicas 0 with the default (connections) trigger is refused', () => {
    expect(check(autoscaling({ minReplicas: 0 }))).toEqual([MSG.kedaZero]);
    expect(check(autoscaling({ minReplicas: 0, keda: { triggers: [] } }))).toEqual([MSG.kedaZero]);
  });

  it('minReplicas 0 with its own triggers, minReplicas ≥ 1, HPA, or autoscaling off is accepted', () => {
    const cron = { type: 'cron', metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 18 * * *', desiredReplicas: '1' } };
    expect(check(autoscaling({ minReplicas: 0, keda: { triggers: [cron] } }))).toEqual([]);
    expect(check(autoscaling({}))).toEqual([]);
    expect(check(agent({ runtime: { autoscaling: { enabled: false, type: 'keda', minReplicas: 0 } } }))).toEqual([]);
  });
});
