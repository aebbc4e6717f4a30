// The README's own examples, held to what the programs answer: the curl of
// docs/examples/sync-request.json against the hook server (children and status
// as the abridged answer shows them) and the Paris demo transcript (the frames
// the demo agent sends, in order, with the README's contents).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/hooks/server/config.js';
import { startHookServer, type RunningServer } from '../../src/hooks/server/listen.js';
import { defaultRegistry as registry } from '../../src/hooks/registry.js';
import { T } from '../../src/hooks/agentruntime/constants.js';
import { clusterConfig } from '../../src/hooks/agentruntime/resolve/cluster-config.js';
import type { KubeObject } from '../../src/hooks/metacontroller.js';
import { crdValidator } from '../crds/support/ajv.js';
import { crdForKind } from '../crds/support/crds.js';
import { Client, silent, startFacade, type Msg, type Running } from '../facade/helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The fenced block that follows `marker` in the README. */
function blockAfter(marker: string): string {
  const at = README.indexOf(marker);
  expect(at, `README has "${marker}"`).toBeGreaterThan(-1);
  return blockAfterIn(README.slice(at));
}

describe('README: calling a hook yourself', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startHookServer({ ...loadConfig({}), port: 0, host: '127.0.0.1' }, registry, silent);
  });
  afterAll(() => server.shutdown('test over'));

  it('docs/examples/sync-request.json answers what the README shows', async () => {
    const curl = blockAfter('## Calling a hook yourself');
    expect(curl).toContain('--data @docs/examples/sync-request.json');
    const path = /(\/hooks\/[a-z]+\/[a-z]+)/.exec(curl)![1]!;
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: readFileSync(join(ROOT, 'docs/examples/sync-request.json')),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { children: { kind: string; metadata: { name: string } }[]; status: Record<string, any> };

    const shown = blockAfter('The answer (abridged)');
    const shownChildren = [...shown.matchAll(/"kind": "(\w+)", "metadata": \{"name": "([^"]+)"/g)].map((m) => `${m[1]}/${m[2]}`);
    expect(answer.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()).toEqual(shownChildren.sort());

    for (const field of ['phase', 'activeVersion', 'serviceEndpoint']) {
      const value = new RegExp(`"${field}": "([^"]+)"`).exec(shown)?.[1];
      expect(value, `README shows status.${field}`).toBeDefined();
      expect(answer.status[field]).toBe(value);
    }
    const replicas = /"replicas": (\{[^}]*\})/.exec(shown.slice(shown.indexOf('"status"')))![1]!;
    expect(answer.status.replicas).toEqual(JSON.parse(replicas));
    const conditions = [...shown.matchAll(/\{"type": "(\w+)", "status": "(\w+)", "reason": "(\w+)", "message": "([^"]+)"/g)];
    expect(conditions.length).toBeGreaterThan(0);
    for (const [, type, status, reason, message] of conditions) {
      expect(answer.status.conditions).toContainEqual(expect.objectContaining({ type, status, reason, message }));
    }
    // The Deployment's containers as shown: the facade first, started with `facade`, its agent name set.
    const deployment = answer.children.find((c) => c.kind === 'Deployment') as any;
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: 'facade', args: ['facade'] });
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'OMNIA_AGENT_NAME', value: 'demo' });
  });
});

describe('README: the demo agent transcript', () => {
  let facade: Running;
  beforeAll(async () => {
    facade = await startFacade({ OMNIA_HANDLER_MODE: 'demo', OMNIA_AGENT_NAME: 'demo' });
  });
  afterAll(() => facade.facade.close());

  it('answers the Paris question with the frames the README shows', async () => {
    const lines = blockAfter('talk to the demo agent').split('\n');
    const sent = lines.filter((l) => l.startsWith('> ')).map((l) => JSON.parse(l.slice(2)) as Record<string, unknown>);
    // The README elides ids and timestamps with "…" and the chunks with a comment line.
    const shown = lines
      .filter((l) => l.startsWith('< '))
      .map((l) => l.slice(2).replace(/\s+….*$/, ''))
      .map((l) => JSON.parse(l.replaceAll('"…"', 'null').replace(/,…\}/g, '}')) as Msg);
    expect(sent).toHaveLength(1);

    const client = await Client.open(facade.wsUrl('?agent=demo'));
    try {
      const connected = await client.next();
      expect(connected.type).toBe(shown[0]!.type);
      const reply = await client.say(String(sent[0]!.content));
      const types = reply.map((m) => m.type);
      // Each shown frame type in order; the single shown chunk stands for one chunk per word.
      const collapsed = types.filter((t, i) => t !== 'chunk' || types[i - 1] !== 'chunk');
      expect(['connected', ...collapsed]).toEqual(shown.map((m) => m.type));
      const byType = (t: string) => reply.find((m) => m.type === t)!;
      const shownOf = (t: string) => shown.find((m) => m.type === t)!;
      expect(byType('tool_call').tool_call).toMatchObject({ name: shownOf('tool_call').tool_call.name, arguments: shownOf('tool_call').tool_call.arguments });
      expect(byType('tool_result').tool_result.result).toEqual(shownOf('tool_result').tool_result.result);
      expect(byType('done').content).toBe(shownOf('done').content);
      expect(reply.filter((m) => m.type === 'chunk').map((m) => m.content).join('')).toBe(shownOf('done').content);
    } finally {
      await client.close();
    }
  });
});

describe('README: your own image', () => {
  it('the kustomize overlay it shows puts that image on the hook server', () => {
    const overlay = blockAfter('**Your own image.**');
    const dir = mkdtempSync(join(tmpdir(), 'readme-overlay-'));
    try {
      symlinkSync(join(ROOT, 'manifests'), join(dir, 'manifests'));
      mkdirSync(join(dir, 'my-install'));
      writeFileSync(join(dir, 'my-install/kustomization.yaml'), overlay);
      const run = spawnSync('kubectl', ['kustomize', join(dir, 'my-install')], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const images = [...run.stdout.matchAll(/image: (\S+)/g)].map((m) => m[1]);
      expect(images).toEqual(['registry.example.com/platform/omnia:1.2.3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the AgentRuntimeConfiguration it shows is valid and sets the agent images', () => {
    const text = README.slice(README.indexOf('The agent pods take their images'));
    const arc = parse(blockAfterIn(text)) as KubeObject;
    const validate = crdValidator(crdForKind('AgentRuntimeConfiguration').schema);
    expect(validate(arc), JSON.stringify(validate.errors)).toBe(true);
    const cfg = clusterConfig({ [T.arc]: { 'omnia-system/default': arc } }, 'team-a');
    expect(cfg.facadeImage).toBe('registry.example.com/platform/omnia:1.2.3');
    expect(cfg.frameworkImages.promptkit).toBe('registry.example.com/platform/omnia:1.2.3');
  });
});

function blockAfterIn(text: string): string {
  const open = text.indexOf('```');
  const body = text.indexOf('\n', open) + 1;
  return text.slice(body, text.indexOf('```', body));
}
