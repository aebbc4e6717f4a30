// Every CEL rule of our CRDs, evaluated by the real API server at admission: a
// violating object is refused with the rule's message, and the same object
// without the violation is accepted (server-side dry-run, nothing stored).
// test/crds/cel.test.ts checks the same rules with a CEL library; this proves
// the API server compiles and enforces them the same way.
import { describe, expect, it } from 'vitest';
import { collectRules } from '../crds/support/cel.js';
import { CRD_FILES, loadCrd } from '../crds/support/crds.js';
import { kubectl } from './support/cluster.js';

const SCHEMA = { type: 'object', properties: { x: { type: 'string' } } };
const fn = { mode: 'function', facade: { type: 'grpc' }, inputSchema: SCHEMA, outputSchema: SCHEMA };

const CRON = { type: 'cron', metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 18 * * *', desiredReplicas: '1' } };
const TOOL = { image: 'ghcr.io/example/tool:1.0.0' };
const keda = (minReplicas: number, triggers?: object[]) => ({ enabled: true, type: 'keda', minReplicas, ...(triggers ? { keda: { triggers } } : {}) });

/** Per rule message: a spec that breaks only that rule, and its repaired form. */
const CASES: Record<string, { kind: string; bad: object; good: object }[]> = {
  'spec.mode function requires both spec.inputSchema and spec.outputSchema': [
    { kind: 'AgentRuntime', bad: { ...fn, outputSchema: undefined }, good: fn },
    { kind: 'AgentRuntime', bad: { ...fn, inputSchema: undefined }, good: fn },
  ],
  'spec.inputSchema and spec.outputSchema are only allowed when spec.mode is function': [
    { kind: 'AgentRuntime', bad: { inputSchema: SCHEMA }, good: {} },
    { kind: 'AgentRuntime', bad: { mode: 'agent', outputSchema: SCHEMA }, good: { mode: 'agent' } },
  ],
  'spec.mode function requires spec.facade.type grpc (the websocket facade does not serve functions)': [
    // An absent facade defaults to websocket before the rule runs.
    { kind: 'AgentRuntime', bad: { ...fn, facade: undefined }, good: fn },
    { kind: 'AgentRuntime', bad: { ...fn, facade: { type: 'websocket' } }, good: fn },
  ],
  'spec.framework.type custom requires spec.framework.image': [
    { kind: 'AgentRuntime', bad: { framework: { type: 'custom' } }, good: { framework: { type: 'custom', image: 'example.com/rt:1' } } },
    { kind: 'AgentRuntime', bad: { framework: { type: 'custom', image: '' } }, good: { framework: { type: 'custom', image: 'example.com/rt:1' } } },
  ],
  'spec.session.storeRef is required when spec.session.type is redis or postgres': [
    { kind: 'AgentRuntime', bad: { session: { type: 'redis' } }, good: { session: { type: 'redis', storeRef: { name: 's' } } } },
    { kind: 'AgentRuntime', bad: { session: { type: 'postgres', ttl: '1h' } }, good: { session: { type: 'postgres', ttl: '1h', storeRef: { name: 's' } } } },
  ],
  "spec.runtime.autoscaling.minReplicas 0 with KEDA's default trigger (open connections) could never scale up again: with no pods there are no connections to count; set minReplicas to 1 or give keda.triggers that see demand without pods": [
    { kind: 'AgentRuntime', bad: { runtime: { autoscaling: keda(0) } }, good: { runtime: { autoscaling: keda(1) } } },
    { kind: 'AgentRuntime', bad: { runtime: { autoscaling: keda(0, []) } }, good: { runtime: { autoscaling: keda(0, [CRON]) } } },
  ],
  'transportType sse is for protocol mcp only': [
    { kind: 'ToolServer', bad: { ...TOOL, protocol: 'http', transportType: 'sse' }, good: { ...TOOL, protocol: 'mcp', transportType: 'sse' } },
    { kind: 'ToolServer', bad: { ...TOOL, protocol: 'http', transportType: 'sse' }, good: { ...TOOL, protocol: 'http' } },
  ],
};

const GATEWAY = (kind: string) => ({ kind, bad: { className: 'litellm' }, good: { className: 'litellm', url: 'https://gw.example.com' } });
const GATEWAY_TWO = (kind: string) => ({ kind, bad: { url: 'https://gw.example.com', service: { name: 'gw' } }, good: { service: { name: 'gw' } } });
CASES['set exactly one of spec.url, spec.service and spec.serviceSelector'] = ['AiGateway', 'ToolGateway', 'AgentGateway'].flatMap((k) => [GATEWAY(k), GATEWAY_TWO(k)]);

const rules = CRD_FILES.map(loadCrd).flatMap((c) => collectRules(c.schema).map((r) => ({ kind: c.kind, ...r })));

function object(kind: string, spec: object): string {
  const base = kind === 'AgentRuntime' ? { promptPackRef: { name: 'pack' } } : {};
  return JSON.stringify({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind, metadata: { name: 'cel-case', namespace: 'default' }, spec: { ...base, ...spec } });
}

const dryRun = (input: string) => kubectl(['create', '--dry-run=server', '-f', '-'], { input, allowFailure: true });

describe('CEL rules at admission (real API server)', () => {
  it('every rule of every CRD has cases here', () => {
    expect(rules.length).toBeGreaterThan(0);
    // The three gateway kinds share one rule (and message).
    expect([...new Set(rules.map((r) => r.message))].sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(rules.flatMap((r) => (CASES[r.message] ?? []).filter((c) => c.kind === r.kind).map((c, i) => [`${r.kind} ${r.path} (${r.message.slice(0, 40)}…) #${i + 1}`, r.message, c] as const)))(
    '%s: refused with the rule message, accepted once repaired',
    async (_name, message, c) => {
      const bad = await dryRun(object(c.kind, c.bad));
      expect(bad.code, bad.stdout).not.toBe(0);
      expect(bad.stderr).toContain('is invalid');
      expect(bad.stderr).toContain(message);
      const good = await dryRun(object(c.kind, c.good));
      expect(good.stderr).toBe('');
      expect(good.code).toBe(0);
    },
  );
});
