// A ToolServer end to end, its pod as the hook builds it: the Deployment the
// ToolServer sync emits runs as local processes (test/support/pod.ts: its env,
// the Secret behind a secretKeyRef, its /tmp emptyDir, its TCP readiness
// probe), the image standing in being a real MCP server (the SDK's). Its
// Service goes through the ToolRegistry hooks, the registry's status through
// the AgentRuntime's tools.json rendering and the runtime's parser, and the
// runtime's MCP client lists and calls the tool at that URL, with the cluster
// DNS name resolved to the pod's local port as a Service would route it.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseToolsJson } from '../../src/contract/files.js';
import { resolveTools } from '../../src/hooks/agentruntime/resolve/tools.js';
import type { AgentSpec } from '../../src/hooks/agentruntime/spec.js';
import type { CompositeSyncResponse, KubeObject } from '../../src/hooks/metacontroller.js';
import { customizeToolRegistry } from '../../src/hooks/toolregistry/customize.js';
import { syncToolRegistry } from '../../src/hooks/toolregistry/sync.js';
import { syncToolServer } from '../../src/hooks/toolserver/sync.js';
import { objectMap } from '../../src/render/objects.js';
import { selectRelated } from '../../src/render/related.js';
import { McpServerTools } from '../../src/runtime/tools/mcp-tools.js';
import { deploymentOf, startPod, type RunningPod } from '../support/pod.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_MAIN = join(ROOT, 'test/support/fake-vendors/mcp-server-main.ts');
const NOW = new Date('2026-03-01T12:00:00Z');
const NS = 'tools';
const OMNIA = 'omnia.altairalabs.ai/v1alpha1';

const toolServer = {
  apiVersion: OMNIA,
  kind: 'ToolServer',
  metadata: { name: 'calc', namespace: NS },
  spec: {
    protocol: 'mcp',
    image: 'ghcr.io/example/calc-mcp:1.0.0',
    command: ['calc-mcp'],
    port: 8080,
    description: 'Adds numbers',
    env: [{ name: 'MCP_PORT', value: '8080' }, { name: 'CALC_TOKEN', valueFrom: { secretKeyRef: { name: 'calc', key: 'token' } } }],
  },
};
const secret = { kind: 'Secret', metadata: { name: 'calc' }, stringData: { token: 'replace-me' } };
const registry: KubeObject = {
  apiVersion: OMNIA,
  kind: 'ToolRegistry',
  metadata: { name: 'tool-servers', namespace: NS },
  spec: { tools: [{ name: 'mcp-servers', type: 'mcp', timeout: '10s', retries: 0, endpoint: { selector: { matchLabels: { 'omnia.altairalabs.ai/component': 'toolserver', 'omnia.altairalabs.ai/tool-transport': 'http' } } } }] },
};

describe('a ToolServer pod as built, called by the runtime through a ToolRegistry', () => {
  let pod: RunningPod;
  let children: KubeObject[];

  beforeAll(async () => {
    children = (syncToolServer({ parent: toolServer, children: {}, related: {} }, NOW) as CompositeSyncResponse).children;
    pod = await startPod(deploymentOf(children), {
      objects: [secret],
      // The image's entrypoint (`calc-mcp`) is the MCP test server run by this repository's Node.
      command: (c) => {
        expect(c.name).toBe('toolserver');
        return { cmd: process.execPath, args: ['--import', 'tsx', SERVER_MAIN], cwd: ROOT };
      },
      readyTimeoutMs: 60_000,
    });
  }, 90_000);
  afterAll(async () => pod?.stop());

  it('the server started with the Secret behind its env, and passed its TCP readiness probe', async () => {
    expect(pod.env('toolserver').CALC_TOKEN).toBe('replace-me');
    // The port opens just before the program prints its line: poll for it.
    await vi.waitFor(() => expect(pod.logs('toolserver')).toContain('MCP server at'), { timeout: 10_000, interval: 20 });
    expect(pod.process('toolserver').exitCode).toBeNull();
  });

  it('lists and calls the tool at the URL the registry publishes for the ToolServer\'s Service', async () => {
    const services = children.filter((c) => c.kind === 'Service').map((c) => ({ ...c, metadata: { ...c.metadata, namespace: NS } }));
    const related = selectRelated(services, customizeToolRegistry({ parent: registry }).relatedResources, NS);
    const status = syncToolRegistry({ object: registry, attachments: {}, related }, NOW).status as Record<string, unknown>;
    const withStatus = { ...registry, status };
    const plan = resolveTools({ toolRegistryRef: { name: 'tool-servers' } } as AgentSpec, objectMap([withStatus]), NS).plan;
    const [entry] = parseToolsJson({ tools: plan.tools }, 'tools.json');
    expect(entry).toMatchObject({ name: 'calc', type: 'mcp', endpoint: `http://calc.${NS}.svc.cluster.local:8080/mcp`, description: 'Adds numbers' });

    // Cluster DNS and the Service: calc.tools.svc.cluster.local:8080 → the pod's port `mcp`.
    const local = entry!.endpoint.replace(`calc.${NS}.svc.cluster.local:8080`, `127.0.0.1:${pod.port('toolserver', 'mcp')}`);
    const client = new McpServerTools({ ...entry!, endpoint: local });
    try {
      const listed = await client.list();
      expect(listed.error).toBeUndefined();
      expect(listed.tools.map((t) => t.name).sort()).toEqual(['add', 'explode']);
      expect(await client.call('add', { a: 2, b: 40 }, new AbortController().signal)).toEqual({ sum: 42 });
    } finally {
      await client.close();
    }
  });
});
