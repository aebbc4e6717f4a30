// Every field and default named by docs/api.md and the spec tables is in the
// CRD schemas, and every field is described (kubectl explain shows it).

import { describe, expect, it } from 'vitest';
import { CRD_FILES, crdForKind, loadCrd, type Schema } from './support/crds.js';

/** Follow "a.b[].c" through properties / items. */
function at(root: Schema, path: string): Schema | undefined {
  let node: Schema | undefined = root;
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    node = (node?.properties as Record<string, Schema> | undefined)?.[name];
    if (part.endsWith('[]')) node = node?.items as Schema | undefined;
  }
  return node;
}

type Expected = [path: string, defaultValue?: unknown];

const AGENT_RUNTIME: Expected[] = [
  ['spec.promptPackRef.name'], ['spec.promptPackRef.version'], ['spec.promptPackRef.track', 'stable'],
  ['spec.providerRef.name'], ['spec.providerRef.namespace'],
  ['spec.provider.type'], ['spec.provider.model'], ['spec.provider.baseURL'],
  ['spec.provider.secretRef.name'], ['spec.provider.secretRef.key'],
  ['spec.provider.defaults.temperature'], ['spec.provider.defaults.topP'], ['spec.provider.defaults.maxTokens'],
  ['spec.provider.pricing.inputCostPer1K'], ['spec.provider.pricing.outputCostPer1K'],
  ['spec.providers[].name'], ['spec.providers[].providerRef.name'], ['spec.providers[].provider.type'],
  ['spec.framework.type', 'promptkit'], ['spec.framework.version'], ['spec.framework.image'],
  ['spec.facade', {}], ['spec.facade.type', 'websocket'], ['spec.facade.port', 8080], ['spec.facade.handler', 'runtime'],
  ['spec.facade.image'], ['spec.facade.allowedOrigins'], ['spec.facade.auth.allowUnauthenticated', false],
  ['spec.facade.auth.apiKeysSecretRef.name'], ['spec.facade.auth.jwt.jwksURL'],
  ['spec.facade.auth.jwt.publicKeySecretRef.name'], ['spec.facade.auth.jwt.publicKeySecretRef.key'],
  ['spec.facade.auth.jwt.issuer'], ['spec.facade.auth.jwt.audience'],
  ['spec.toolRegistryRef.name'], ['spec.toolRegistryRef.namespace'],
  ['spec.session.type', 'memory'], ['spec.session.ttl', '24h'], ['spec.session.storeRef.name'],
  ['spec.runtime.replicas', 1], ['spec.runtime.resources.limits'], ['spec.runtime.resources.requests'],
  ['spec.runtime.nodeSelector'], ['spec.runtime.tolerations[].key'], ['spec.runtime.affinity'],
  ['spec.runtime.autoscaling.enabled', false], ['spec.runtime.autoscaling.type', 'hpa'],
  ['spec.runtime.autoscaling.minReplicas', 1], ['spec.runtime.autoscaling.maxReplicas', 10],
  ['spec.runtime.autoscaling.targetMemoryUtilizationPercentage', 70],
  ['spec.runtime.autoscaling.targetCPUUtilizationPercentage', 90],
  ['spec.runtime.autoscaling.scaleDownStabilizationSeconds', 300],
  ['spec.runtime.autoscaling.keda.pollingInterval', 30], ['spec.runtime.autoscaling.keda.cooldownPeriod', 300],
  ['spec.runtime.autoscaling.keda.triggers[].type'], ['spec.runtime.autoscaling.keda.triggers[].metadata'],
  ['spec.runtime.autoscaling.keda.triggers[].name'], ['spec.runtime.autoscaling.keda.triggers[].authenticationRef.name'],
  ['spec.mode', 'agent'], ['spec.inputSchema'], ['spec.outputSchema'],
  ['spec.config.description'], ['spec.config.instructions'], ['spec.config.reasoningLoopMaxSteps', 5],
  ['spec.config.memory.maxSessions', 1000], ['spec.config.memory.maxSessionEvents', 500], ['spec.config.memory.contextLimit', 6],
  ['spec.peers'],
  ['status.phase'], ['status.replicas.desired'], ['status.replicas.ready'], ['status.replicas.available'],
  ['spec.waitForDependencies', true], ['status.ready'], ['status.endpoint'], ['status.model'], ['status.message'],
  ['status.linkedResources[].kind'], ['status.linkedResources[].name'], ['status.linkedResources[].phase'], ['status.linkedResources[].version'],
  ['status.deployment.replicas'], ['status.deployment.readyReplicas'], ['status.deployment.availableReplicas'],
  ['status.deployment.updatedReplicas'], ['status.deployment.conditions[].type'],
  ['status.conditions[].type'], ['status.activeVersion'], ['status.serviceEndpoint'], ['status.observedGeneration'],
];

const PROMPT_PACK: Expected[] = [
  ['spec.source.type', 'configmap'], ['spec.source.configMapRef.name'], ['spec.source.configMapRef.key'], ['spec.version'],
  ['spec.rollout.type', 'immediate'], ['spec.rollout.canary.weight', 10], ['spec.rollout.canary.stepWeight', 10],
  ['spec.rollout.canary.interval', '5m'],
  ['status.phase'], ['status.activeVersion'], ['status.active.version'], ['status.active.configMapName'],
  ['status.active.key'], ['status.active.contentHash'], ['status.canary.weight'], ['status.canary.contentHash'],
  ['status.canaryStartedAt'], ['status.lastStepTime'], ['status.conditions[].reason'], ['status.referencingAgents'],
  ['status.versions[].version'], ['status.versions[].configMapName'], ['status.versions[].key'], ['status.versions[].contentHash'],
];

const PROVIDER: Expected[] = [
  ['spec.type'], ['spec.model'], ['spec.baseURL'], ['spec.secretRef.name'], ['spec.secretRef.key'],
  ['spec.defaults.temperature'], ['spec.defaults.topP'], ['spec.defaults.maxTokens'],
  ['spec.pricing.inputCostPer1K'], ['spec.pricing.outputCostPer1K'], ['spec.models'], ['spec.allowedNamespaces'],
  ['status.phase'], ['status.credentialRevision'], ['status.conditions[].message'],
];

const TOOL_REGISTRY: Expected[] = [
  ['spec.tools[].name'], ['spec.tools[].description'], ['spec.tools[].type', 'http'], ['spec.tools[].endpoint.url'],
  ['spec.tools[].endpoint.selector.matchLabels'], ['spec.tools[].endpoint.selector.namespace'],
  ['spec.tools[].endpoint.selector.port'], ['spec.tools[].inputSchema'], ['spec.tools[].timeout', '30s'],
  ['spec.tools[].retries', 0],
  ['status.phase'], ['status.discoveredTools[].name'], ['status.discoveredTools[].description'],
  ['status.discoveredTools[].type'], ['status.discoveredTools[].endpoint'], ['status.discoveredTools[].inputSchema'],
  ['status.discoveredTools[].timeout'], ['status.discoveredTools[].retries'], ['status.discoveredTools[].source'],
  ['status.discoveredTools[].status'], ['status.discoveredTools[].error'], ['status.discoveredToolsCount'],
  ['status.conditions[].lastTransitionTime'],
];

const CONFIGURATION: Expected[] = [
  ['spec.defaultFramework'], ['spec.images.facade'], ['spec.images.frameworks'], ['spec.keda.prometheusServerAddress'],
  ['spec.defaultResources.requests'], ['spec.defaultResources.limits'],
  ['status.phase'], ['status.conditions[].type'], ['status.effectiveFor'],
];

const TOOL_SERVER: Expected[] = [
  ['spec.protocol', 'mcp'], ['spec.transportType', 'http'], ['spec.image'], ['spec.command'], ['spec.args'],
  ['spec.port', 8080], ['spec.path'], ['spec.description'], ['spec.replicas', 1], ['spec.env[].name'],
  ['spec.env[].valueFrom'], ['spec.envFrom'], ['spec.resources.requests'], ['spec.resources.limits'],
  ['status.phase'], ['status.url'], ['status.serviceName'], ['status.toolName'], ['status.replicas.desired'],
  ['status.replicas.ready'], ['status.replicas.available'], ['status.conditions[].type'], ['status.observedGeneration'],
];

const WORKFORCE: Expected[] = [
  ['spec.name'], ['spec.description'], ['spec.owner'], ['spec.tags'], ['spec.entryPointAgents[].name'], ['spec.entryPointAgents[].namespace'],
  ['status.phase'], ['status.entryPoints[].cardURL'], ['status.entryPoints[].found'], ['status.agents[].name'],
  ['status.agents[].namespace'], ['status.agents[].phase'], ['status.agents[].entryPoint'], ['status.agents[].depth'],
  ['status.agents[].access'], ['status.agentCount'], ['status.missingAgents[].name'], ['status.missingAgents[].referencedBy'],
  ['status.missingAgents[].entryPoint'], ['status.cycles'], ['status.conditions[].reason'],
];

describe.each([
  ['AgentRuntime', AGENT_RUNTIME],
  ['PromptPack', PROMPT_PACK],
  ['Provider', PROVIDER],
  ['ToolRegistry', TOOL_REGISTRY],
  ['AgentRuntimeConfiguration', CONFIGURATION],
  ['ToolServer', TOOL_SERVER],
  ['AgenticWorkforce', WORKFORCE],
] as const)('%s fields of docs/api.md', (kind, expected) => {
  const { schema } = crdForKind(kind);
  it.each(expected.map((e) => [e[0], e] as const))('%s', (_path, [path, defaultValue]) => {
    const node = at(schema, path);
    expect(node, path).toBeDefined();
    expect(node?.default, `${path} default`).toEqual(defaultValue);
  });
});

describe('enums of docs/api.md', () => {
  const ar = crdForKind('AgentRuntime').schema;
  it.each([
    ['spec.provider.type', ['claude', 'openai', 'gemini', 'auto', 'mock']],
    ['spec.facade.type', ['websocket', 'grpc']],
    ['spec.facade.handler', ['runtime', 'demo', 'echo']],
    ['spec.session.type', ['memory', 'redis', 'postgres']],
    ['spec.runtime.autoscaling.type', ['hpa', 'keda']],
    ['spec.mode', ['agent', 'function']],
    ['spec.promptPackRef.track', ['stable', 'canary']],
    ['status.phase', ['Waiting', 'Pending', 'Running', 'Failed', 'Deleting']],
  ])('%s', (path, values) => {
    expect(at(ar, path)?.enum).toEqual(values);
  });

  it('framework.type is a free string, not an enum', () => {
    expect(at(ar, 'spec.framework.type')).toMatchObject({ type: 'string' });
    expect(at(ar, 'spec.framework.type')?.enum).toBeUndefined();
  });

  it('free-form fields preserve unknown fields; quantities and ports are int-or-string', () => {
    for (const p of ['spec.inputSchema', 'spec.outputSchema', 'spec.runtime.affinity']) {
      expect(at(ar, p)?.['x-kubernetes-preserve-unknown-fields'], p).toBe(true);
    }
    const limits = at(ar, 'spec.runtime.resources.limits')?.additionalProperties as Schema;
    expect(limits['x-kubernetes-int-or-string']).toBe(true);
    const port = at(crdForKind('ToolRegistry').schema, 'spec.tools[].endpoint.selector.port');
    expect(port?.['x-kubernetes-int-or-string']).toBe(true);
  });
});

describe('descriptions', () => {
  /** Paths of properties (and map/array members) without a description. */
  function undescribed(node: Schema, path: string): string[] {
    const missing: string[] = [];
    for (const [k, s] of Object.entries((node.properties as Record<string, Schema>) ?? {})) {
      const p = `${path}.${k}`;
      if (typeof s.description !== 'string' || s.description === '') missing.push(p);
      missing.push(...undescribed(s, p));
    }
    if (node.items) missing.push(...undescribed(node.items as Schema, `${path}[]`));
    if (typeof node.additionalProperties === 'object') missing.push(...undescribed(node.additionalProperties as Schema, `${path}{}`));
    return missing;
  }

  it.each(CRD_FILES)('%s: every field below spec and status is described', (file) => {
    const props = loadCrd(file).schema.properties as Record<string, Schema>;
    expect([...undescribed(props.spec!, '.spec'), ...undescribed(props.status!, '.status')]).toEqual([]);
  });
});
