// The admission policy that enforces gateways (manifests/admission/): the
// objects are valid admissionregistration.k8s.io/v1 (kubernetes-models), and
// the policy's CEL — variables, then validations, as the API server evaluates
// them — admits and refuses AgentRuntimes as docs/gateways.md says, with the
// namespace's AgentRuntimeConfiguration as params. The AgentRuntime hook agrees
// with it: an admitted agent resolves an AiGateway, a refused one is reported.
import { join } from 'node:path';
import { evaluate } from '@marcbachmann/cel-js';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { describe, expect, it } from 'vitest';
import { clusterConfig } from '../../src/hooks/agentruntime/resolve/cluster-config.js';
import { REQUIRE_GATEWAYS_LABEL, resolveGateways } from '../../src/hooks/agentruntime/resolve/gateways.js';
import { resolveSpec } from '../../src/hooks/agentruntime/spec.js';
import type { ObjectMap } from '../../src/hooks/metacontroller.js';
import { SpecReader } from '../../src/hooks/request/spec-reader.js';
import { get, MANIFESTS, readDocs, type Doc } from './load.js';

const DIR = join(MANIFESTS, 'admission');
const [policy] = readDocs(join(DIR, 'require-gateways-policy.yaml')) as [Doc];
const [binding] = readDocs(join(DIR, 'require-gateways-binding.yaml')) as [Doc];

interface Named {
  name: string;
  expression: string;
}
interface Validation {
  expression: string;
  message?: string;
  messageExpression?: string;
}

type Params = Record<string, unknown> | null;

/** The messages of the validations that fail, [] when the policy admits the object. */
function refusals(object: Record<string, unknown>, params: Params): string[] {
  const variables: Record<string, unknown> = {};
  const ctx = { object, params, variables };
  for (const v of get(policy, 'spec', 'variables') as Named[]) variables[v.name] = evaluate(v.expression, ctx);
  return (get(policy, 'spec', 'validations') as Validation[]).flatMap((v) => {
    if (evaluate(v.expression, ctx) === true) return [];
    return [v.messageExpression ? String(evaluate(v.messageExpression, ctx)) : String(v.message)];
  });
}

const NS = 'regulated';
function agent(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntime', metadata: { name: 'a', namespace: NS }, spec: { promptPackRef: { name: 'p' }, ...spec } };
}
function arc(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntimeConfiguration', metadata: { name: 'defaults', namespace: NS }, spec };
}
const claude = { type: 'claude', secretRef: { name: 'k' } };

describe('omnia-require-gateways: the objects', () => {
  it('are valid admissionregistration.k8s.io/v1 objects', () => {
    expect(() => new ValidatingAdmissionPolicy(policy as never).validate()).not.toThrow();
    expect(() => new ValidatingAdmissionPolicyBinding(binding as never).validate()).not.toThrow();
  });

  it('the binding applies the policy to labelled namespaces, denying, with the namespace configurations as params', () => {
    expect(get(binding, 'spec', 'policyName')).toBe(get(policy, 'metadata', 'name'));
    expect(get(binding, 'spec', 'validationActions')).toEqual(['Deny']);
    expect(get(binding, 'spec', 'matchResources', 'namespaceSelector')).toEqual({ matchLabels: { [REQUIRE_GATEWAYS_LABEL]: 'true' } });
    // No namespace: the params are looked up in the agent's namespace; none there refuses.
    expect(get(binding, 'spec', 'paramRef')).toEqual({ selector: {}, parameterNotFoundAction: 'Deny' });
    expect(get(policy, 'spec', 'paramKind')).toEqual({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntimeConfiguration' });
    expect(get(policy, 'spec', 'failurePolicy')).toBe('Fail');
    expect(get(policy, 'spec', 'matchConstraints', 'resourceRules', 0, 'resources')).toEqual(['agentruntimes']);
  });
});

const allowed: [string, Record<string, unknown>, Params][] = [
  ['an AiGateway named on the agent', agent({ provider: claude, gateways: { ai: 'llm' } }), arc({})],
  ['an AiGateway by default from the namespace configuration', agent({ providerRef: { name: 'claude' } }), arc({ gateways: { ai: 'llm' } })],
  ['the agent naming its own over a default', agent({ gateways: { ai: 'mine', tool: 'tools' } }), arc({ gateways: { ai: 'llm' } })],
  ['a demo facade, which calls no model', agent({ facade: { handler: 'demo' } }), arc({})],
  ['providers[] without baseURL', agent({ gateways: { ai: 'llm' }, providers: [{ name: 'default', provider: claude }, { name: 'b', providerRef: { name: 'x' } }] }), arc({})],
];
describe('omnia-require-gateways: the CEL', () => {
  it.each(allowed)('admits %s', (_what, object, params) => {
    expect(refusals(object, params)).toEqual([]);
  });

  const refused: [string, Record<string, unknown>, Params, RegExp][] = [
    ['no AiGateway and no default', agent({ provider: claude }), arc({ gateways: { tool: 'tools' } }), /requires gateways.*set spec\.gateways\.ai.*AgentRuntimeConfiguration defaults/],
    ['an empty AiGateway name', agent({ gateways: { ai: '' } }), arc({}), /requires gateways/],
    ['a configuration without spec', agent({}), { ...arc({}), spec: undefined }, /requires gateways/],
    ['a direct provider baseURL, even with a gateway', agent({ gateways: { ai: 'llm' }, provider: { ...claude, baseURL: 'https://api.anthropic.com' } }), arc({}), /spec\.provider\.baseURL is not allowed/],
    ['a baseURL in providers[]', agent({ providers: [{ name: 'default', provider: { ...claude, baseURL: 'http://proxy' } }] }), arc({ gateways: { ai: 'llm' } }), /spec\.providers\[\]\.provider\.baseURL is not allowed/],
  ];
  it.each(refused)('refuses %s', (_what, object, params, message) => {
    const got = refusals(object, params);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(message);
  });

  it('refuses both a missing gateway and a baseURL at once', () => {
    expect(refusals(agent({ provider: { ...claude, baseURL: 'http://x' } }), arc({}))).toHaveLength(2);
  });
});

describe('the AgentRuntime hook agrees with the policy', () => {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { [REQUIRE_GATEWAYS_LABEL]: 'true' } } };
  const gateway = {
    apiVersion: 'omnia.altairalabs.ai/v1alpha1',
    kind: 'AiGateway',
    metadata: { name: 'llm', namespace: NS },
    status: { phase: 'Ready', url: 'http://llm.regulated.svc.cluster.local:4000', egress: { ports: [{ port: 4000, protocol: 'TCP' }], to: [{ podSelector: {} }] } },
  };
  function hookSays(object: Record<string, unknown>, params: Record<string, unknown>): string | undefined {
    const related: ObjectMap = {
      'Namespace.v1': { [NS]: namespace as never },
      'AiGateway.omnia.altairalabs.ai/v1alpha1': { [`${NS}/llm`]: gateway as never },
      'AgentRuntimeConfiguration.omnia.altairalabs.ai/v1alpha1': { [`${NS}/defaults`]: params as never },
    };
    const spec = resolveSpec(object.spec, new SpecReader());
    return resolveGateways(spec, clusterConfig(related, NS), related, NS).problem?.reason;
  }

  it.each(allowed.filter(([, o]) => !JSON.stringify(o).includes('"mine"')))('no AiGatewayRequired where the policy admits %s', (_w, object, params) => {
    expect(hookSays(object, params!)).toBeUndefined();
  });

  it('AiGatewayRequired where the policy refuses for want of an AiGateway', () => {
    expect(hookSays(agent({ provider: claude }), arc({ gateways: { tool: 'tools' } }))).toBe('AiGatewayRequired');
  });
});
