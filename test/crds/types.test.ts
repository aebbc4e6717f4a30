// The generated TypeScript types: they compile (tsc covers this file), describe
// the same objects the CRD schemas accept, and are importable from the index.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withFormats } from '../../src/shared/ajv-formats.js';
import { describe, expect, it } from 'vitest';
import type {
  AgentRuntime,
  AgentRuntimeConfiguration,
  AgentRuntimeSpec,
  AgentRuntimeStatus,
  Condition,
  PromptPack,
  PromptPackContent,
  PromptPackStatus,
  Provider,
  ProviderConfig,
  ProviderSpec,
  ToolRegistry,
  ToolRegistryStatus,
} from '../../src/types/generated/index.js';
import { crdValidator } from './support/ajv.js';
import { crdForKind, ROOT } from './support/crds.js';

// Compile-time equalities: a schema change that alters these breaks the typecheck.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typeFacts: [
  Equal<AgentRuntimeSpec['mode'], 'agent' | 'function' | undefined>,
  Equal<ProviderConfig['type'], 'claude' | 'openai' | 'gemini' | 'auto' | 'mock'>,
  Equal<ProviderSpec['type'], ProviderConfig['type']>,
  Equal<AgentRuntimeStatus['phase'], 'Waiting' | 'Pending' | 'Running' | 'Failed' | 'Deleting' | undefined>,
  Equal<PromptPackStatus['phase'], 'Pending' | 'Active' | 'Canary' | 'Failed' | 'Deleting' | undefined>,
  Equal<Condition['status'], 'True' | 'False' | 'Unknown'>,
  Equal<NonNullable<AgentRuntimeSpec['framework']>['type'], string | undefined>,
] = [true, true, true, true, true, true, true];

const condition: Condition = {
  type: 'Ready',
  status: 'True',
  reason: 'AllReady',
  message: 'ok',
  lastTransitionTime: '2026-01-01T00:00:00Z',
};

const summarizer: AgentRuntime = {
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'AgentRuntime',
  metadata: { name: 'summarizer', namespace: 'my-workspace', labels: { team: 'a' }, finalizers: ['x'] },
  spec: {
    mode: 'function',
    promptPackRef: { name: 'summarizer-pack' },
    facade: { type: 'grpc', port: 8080 },
    providers: [{ name: 'default', providerRef: { name: 'claude-sonnet' } }],
    inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    outputSchema: { type: 'object', required: ['summary'], properties: { summary: { type: 'string' } } },
    runtime: { resources: { requests: { cpu: '500m', memory: 1024 } } },
  },
  status: { phase: 'Running', replicas: { desired: 1, ready: 1, available: 1 }, conditions: [condition] },
};

const provider: Provider = {
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'Provider',
  metadata: { name: 'mock' },
  spec: { type: 'mock', models: ['*'], allowedNamespaces: ['*'] },
  status: { phase: 'Ready', conditions: [condition] },
};

const pack: PromptPack = {
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'PromptPack',
  metadata: { name: 'p' },
  spec: { source: { type: 'configmap', configMapRef: { name: 'p' } }, version: '1.0.0', rollout: { type: 'canary' } },
  status: {
    phase: 'Active',
    activeVersion: '1.0.0',
    active: { version: '1.0.0', configMapName: 'p-v1-0-0', key: 'pack.json', contentHash: 'sha256:00' },
  },
};

const toolStatus: ToolRegistryStatus = {
  phase: 'Degraded',
  discoveredToolsCount: 1,
  discoveredTools: [{ name: 'w', type: 'http', endpoint: '', source: 'service', status: 'Unavailable', error: 'no port' }],
};
const registry: ToolRegistry = {
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'ToolRegistry',
  metadata: { name: 'tr' },
  spec: { tools: [{ name: 'w', endpoint: { selector: { matchLabels: { a: 'b' }, port: 8080 } } }] },
  status: toolStatus,
};

const arc: AgentRuntimeConfiguration = {
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'AgentRuntimeConfiguration',
  metadata: { name: 'defaults', namespace: 'omnia-system' },
  spec: { images: { frameworks: { promptkit: 'img:1' } } },
  status: { phase: 'Ready', effectiveFor: 'cluster' },
};

const content: PromptPackContent.PromptPackSpecification = {
  id: 'support',
  name: 'Support',
  version: '1.0.0',
  template_engine: { version: 'v1', syntax: '{{variable}}' },
  prompts: {
    support: { id: 'support', name: 'Support', version: '1.0.0', system_template: 'You help {{customer}}.' },
  },
};

describe('generated types', () => {
  it('hold the compile-time facts about enums and shared pieces', () => {
    expect(typeFacts.every(Boolean)).toBe(true);
  });

  it.each([
    ['AgentRuntime', summarizer],
    ['Provider', provider],
    ['PromptPack', pack],
    ['ToolRegistry', registry],
    ['AgentRuntimeConfiguration', arc],
  ] as const)('a typed %s object is accepted by its CRD schema', (kind, object) => {
    expect(object.kind).toBe(kind);
    const validate = crdValidator(crdForKind(kind).schema);
    expect(validate(object), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a typed PromptPack content object is valid against the content schema (draft 2020-12)', () => {
    const ajv = withFormats(new Ajv2020({ strict: false, allErrors: true }));
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'promptpack-content.schema.json'), 'utf8')));
    expect(validate(content), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...content, prompts: {} })).toBe(false);
  });
});
