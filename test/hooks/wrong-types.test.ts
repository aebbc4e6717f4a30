// A wrong-typed field is reported in the status of every kind, with its path,
// never passed over with a Ready/valid status (issue 16, item 6).
import { describe, expect, it } from 'vitest';
import { syncAgentRuntimeConfiguration } from '../../src/hooks/agentruntimeconfiguration/sync.js';
import { syncPromptPack } from '../../src/hooks/promptpack/sync.js';
import { syncProvider } from '../../src/hooks/provider/sync.js';
import { FIXTURES, readJson } from './support/golden.js';

type Json = Record<string, any>;
type Condition = { type: string; status: string; reason: string; message: string };
const NOW = new Date('2026-01-01T00:00:00Z');
const load = (path: string): Json => readJson(`${FIXTURES}/${path}/request.json`) as Json;
const cond = (status: Json, type: string): Condition => (status.conditions as Condition[]).find((c) => c.type === type)!;

describe('Provider', () => {
  it.each([
    ['model', 0, 'spec.model: expected string, got number'],
    ['defaults', [], 'spec.defaults: expected object, got array'],
    ['allowedNamespaces', 'x', 'spec.allowedNamespaces: expected array, got string'],
    ['models', [1], 'spec.models[0]: expected string, got number'],
    ['secretRef', 'creds', 'spec.secretRef: expected object, got string'],
  ])('%s of the wrong type → phase Error naming the path', (field, value, message) => {
    const req = load('provider/claude-key-present');
    req.object.spec[field] = value;
    const status = (syncProvider(req, NOW) as { status: Json }).status;
    expect(status.phase).toBe('Error');
    expect(cond(status, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(cond(status, 'Ready').message).toContain(message);
  });
});

describe('AgentRuntimeConfiguration', () => {
  it.each([
    ['keda', 0, 'spec.keda: expected object, got number'],
    ['defaultResources', 'x', 'spec.defaultResources: expected object, got string'],
    ['images', [], 'spec.images: expected object, got array'],
    ['defaultFramework', 7, 'spec.defaultFramework: expected string, got number'],
  ])('%s of the wrong type → phase Invalid naming the path', (field, value, message) => {
    const req = load('agentruntimeconfiguration/cluster-defaults');
    req.object.spec[field] = value;
    const status = (syncAgentRuntimeConfiguration(req, NOW) as { status: Json }).status;
    expect(status.phase).toBe('Invalid');
    expect(cond(status, 'Valid')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(cond(status, 'Valid').message).toContain(message);
  });
});

describe('PromptPack', () => {
  it.each([
    [['rollout', 'canary', 'weight'], 'x', 'spec.rollout.canary.weight: expected integer, got string'],
    [['rollout', 'canary', 'stepWeight'], true, 'spec.rollout.canary.stepWeight: expected integer, got boolean'],
    [['rollout', 'canary'], 5, 'spec.rollout.canary: expected object, got number'],
    [['rollout', 'type'], 'gradual', 'spec.rollout.type: "gradual" is not one of immediate, canary'],
    [['source', 'configMapRef', 'key'], 1, 'spec.source.configMapRef.key: expected string, got number'],
  ])('%j of the wrong type → SourceValid False, the running version kept', (path, value, message) => {
    const req = load('promptpack/canary-start');
    let at = req.parent.spec as Json;
    for (const k of (path as string[]).slice(0, -1)) at = at[k];
    at[(path as string[]).at(-1)!] = value;
    const res = syncPromptPack(req, NOW) as { status: Json; children: Json[] };
    expect(cond(res.status, 'SourceValid')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(cond(res.status, 'SourceValid').message).toContain(message);
    expect(res.children.map((c) => c.metadata.name)).toEqual(['customer-support-v1-0-0']);
  });
});
