// A labelled tool Service appearing and vanishing on the real cluster: the
// ToolRegistry relates Services by label selector through Metacontroller, and
// the agent's tools.json (in its <name>-config ConfigMap, what the runtime
// reads) gains the tool, then loses it when the Service is deleted.
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, get, kubectl, namespace, waitFor, type Json } from './support/cluster.js';
import { agent, mockProvider, packSource, promptPack } from './support/objects.js';

const NS = 'tools';

function toolService(name: string, toolName: string): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      labels: { 'omnia.altairalabs.ai/tool': 'true' },
      annotations: { 'omnia.altairalabs.ai/tool-name': toolName, 'omnia.altairalabs.ai/tool-description': 'Looks up orders', 'omnia.altairalabs.ai/tool-path': '/lookup' },
    },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] },
  };
}

const registry: Json = {
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'ToolRegistry',
  metadata: { name: 'discovered' },
  spec: {
    tools: [
      { name: 'static', description: 'Always there', endpoint: { url: 'http://static.example.com/run' } },
      { name: 'orders', description: 'Order tools', endpoint: { selector: { matchLabels: { 'omnia.altairalabs.ai/tool': 'true' }, port: 'http' } } },
    ],
  },
};

async function toolsJson(): Promise<Json | undefined> {
  const cm = await get('configmap', 'tooled-agent-config', NS);
  return cm?.data?.['tools.json'] ? JSON.parse(cm.data['tools.json']) : undefined;
}

const names = (t: Json | undefined): string[] => (t?.tools ?? []).map((x: Json) => x.name).sort();

describe('ToolRegistry Service discovery on a real cluster', () => {
  beforeAll(async () => {
    await namespace(NS);
    await apply([mockProvider('mock'), packSource('tp', '1.0.0', 'Use tools.'), promptPack('tp', '1.0.0'), registry, agent('tooled-agent', 'tp', 'mock', { toolRegistryRef: { name: 'discovered' } })], NS);
    await waitFor('tools.json with the static tool', async () => names(await toolsJson()).includes('static'), 90_000);
  });

  it('a labelled Service appears in tools.json with its URL, and leaves it when deleted', async () => {
    expect(names(await toolsJson())).not.toContain('lookup-order');

    const appeared = Date.now();
    await apply([toolService('order-svc', 'lookup-order')], NS);
    const tools = await waitFor('lookup-order in tools.json', async () => {
      const t = await toolsJson();
      return names(t).includes('lookup-order') ? t : undefined;
    });
    const tool = tools.tools.find((x: Json) => x.name === 'lookup-order');
    expect(tool.endpoint).toBe(`http://order-svc.${NS}.svc.cluster.local:8080/lookup`);
    expect(tool.description).toBe('Looks up orders');
    console.log(`tool Service → tools.json in ${Date.now() - appeared} ms`);
    const status = (await get('toolregistry', 'discovered', NS)).status;
    expect(status.phase).toBe('Ready');

    await kubectl(['delete', 'service', 'order-svc', '-n', NS]);
    await waitFor('lookup-order gone from tools.json', async () => !names(await toolsJson()).includes('lookup-order'));
    expect(names(await toolsJson())).toContain('static');
    // The selector now matches nothing: the registry says so instead of going silent.
    const after = await waitFor('registry Degraded', async () => {
      const r = await get('toolregistry', 'discovered', NS);
      return r?.status?.phase === 'Degraded' ? r : undefined;
    });
    expect(after.status.discoveredTools.find((t: Json) => t.name === 'orders')?.status).toBe('Unavailable');
  });
});
