// manifests/admission/agentruntime-finalizer.yaml adds Metacontroller's finalizer
// to a new AgentRuntime at admission. Metacontroller names that finalizer after
// the CompositeController, so the policy must name the controller of
// manifests/controllers/agentruntime.yaml, and that controller must have the
// finalize hook that removes it again. test/cluster/agentruntime-finalizer.test.ts
// runs the policy on the real API server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from './load.js';

const policyDocs = parseAllDocuments(readFileSync(join(ROOT, 'manifests/admission/agentruntime-finalizer.yaml'), 'utf8')).map((d) => d.toJS());
const controller = parse(readFileSync(join(ROOT, 'manifests/controllers/agentruntime.yaml'), 'utf8'));

describe('the AgentRuntime finalizer policy', () => {
  it('names the finalizer Metacontroller gives the AgentRuntime controller, which has a finalize hook', () => {
    const policy = policyDocs.find((d) => d.kind === 'MutatingAdmissionPolicy');
    const variable = policy.spec.variables.find((v: { name: string }) => v.name === 'finalizer');
    expect(JSON.parse(variable.expression)).toBe(`metacontroller.io/compositecontroller-${controller.metadata.name}`);
    expect(controller.spec.hooks.finalize).toBeDefined();
  });

  it('matches only the creation of AgentRuntimes, ignores its own failure, and is bound', () => {
    const policy = policyDocs.find((d) => d.kind === 'MutatingAdmissionPolicy');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [controller.spec.parentResource.apiVersion.split('/')[0]], apiVersions: ['*'], operations: ['CREATE'], resources: [controller.spec.parentResource.resource] },
    ]);
    expect(policy.spec.failurePolicy).toBe('Ignore');
    const binding = policyDocs.find((d) => d.kind === 'MutatingAdmissionPolicyBinding');
    expect(binding.spec.policyName).toBe(policy.metadata.name);
  });
});
