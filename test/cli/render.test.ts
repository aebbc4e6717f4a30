// `omnia render` (the built CLI) on every example in manifests/examples/: each
// AgentRuntime's children and status are what the hooks answer for the same
// objects when every dependency's status is written back first
// (test/examples/support/simulate.ts, which relates every object, where render
// relates only what each customize hook asks for). The exit code follows the
// printed phases; Secret values never reach the output.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { exampleUnits, EXAMPLES } from '../examples/support/files.js';
import { isKustomizeConfig, parseFile } from '../examples/support/parse.js';
import { simulate } from '../examples/support/simulate.js';
import { RENDER_ORDER } from '../../src/render/render.js';

// Every test starts the CLI as a Node process: slow on a loaded machine.
const CLI_TIMEOUT_MS = 120_000;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const NOW = '2026-03-01T12:00:00.000Z';
type Obj = Record<string, any>;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
});

function render(args: string[]) {
  const run = spawnSync(process.execPath, [CLI, 'render', '--now', NOW, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Printed subjects with the children that follow each. */
function groups(items: Obj[]): { subject: Obj; children: Obj[] }[] {
  const out: { subject: Obj; children: Obj[] }[] = [];
  for (const item of items) {
    if (item.apiVersion === 'omnia.altairalabs.ai/v1alpha1') out.push({ subject: item, children: [] });
    else out.at(-1)!.children.push(item);
  }
  return out;
}

const units = exampleUnits().map((u) => ({
  name: u.name,
  files: u.files.map((f) => join(EXAMPLES, f.path)),
  objects: u.files.flatMap((f) => parseFile(f).docs.map((d) => d.object)).filter((o) => !isKustomizeConfig(o)),
}));
const withAgents = units.filter((u) => u.objects.some((o) => o.kind === 'AgentRuntime'));

describe('omnia render on the examples', { timeout: CLI_TIMEOUT_MS }, () => {
  it('covers every example with an AgentRuntime', () => {
    expect(withAgents.length).toBeGreaterThanOrEqual(14);
  });

  it.each(withAgents.map((u) => [u.name, u] as const))('%s: the children and status the hooks answer', (_name, unit) => {
    const run = render(['-o', 'json', ...unit.files]);
    const list = JSON.parse(run.stdout) as { kind: string; items: Obj[] };
    expect(list.kind).toBe('List');
    const printed = groups(list.items);
    const expected = simulate(unit.objects, new Date(NOW));
    for (const { agent, response } of expected) {
      const found = printed.find((g) => g.subject.kind === 'AgentRuntime' && g.subject.metadata.name === agent.metadata.name);
      expect(found, agent.metadata.name).toBeDefined();
      expect(found!.subject.status).toEqual(response.status);
      expect(found!.children).toEqual(response.children);
    }
    // Every subject of the input is printed, in dependency order.
    const kinds = printed.map((g) => g.subject.kind);
    const order: readonly string[] = RENDER_ORDER;
    expect(kinds).toEqual([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(kinds.length).toBe(unit.objects.filter((o) => order.includes(o.kind)).length);
    // Exit 1 exactly when a printed phase says the object fails, each one named with its reason.
    const failed = printed.filter((g) => ['Failed', 'Error', 'Invalid'].includes(g.subject.status?.phase));
    expect(run.code, run.stderr).toBe(failed.length > 0 ? 1 : 0);
    for (const g of failed) expect(run.stderr).toContain(`${g.subject.kind} ${g.subject.metadata.namespace}/${g.subject.metadata.name}: ${g.subject.status.phase}: `);
    // No Secret value of the input anywhere in the output.
    for (const secret of unit.objects.filter((o) => o.kind === 'Secret')) {
      for (const v of Object.values({ ...secret.stringData }) as string[]) {
        for (const line of v.split('\n').filter((l) => l.trim().length >= 6)) expect(run.stdout).not.toContain(line.trim());
      }
    }
  });

  it('toolserver/: each ToolServer renders its Service and Deployment before the ToolRegistry, which lists both servers', () => {
    const unit = units.find((u) => u.name.startsWith('toolserver/'))!;
    const run = render(['-o', 'json', ...unit.files]);
    expect(run.code, run.stderr).toBe(0);
    const printed = groups((JSON.parse(run.stdout) as { items: Obj[] }).items);
    expect(printed.map((g) => `${g.subject.kind}/${g.subject.metadata.name}`)).toEqual(['ToolServer/weather', 'ToolServer/calculator', 'ToolRegistry/tool-servers']);
    for (const g of printed.slice(0, 2)) {
      expect(g.children.map((c) => c.kind)).toEqual(['Service', 'Deployment']);
      // Nothing runs offline: the server waits for its Deployment.
      expect(g.subject.status.phase).toBe('Pending');
    }
    const registry = printed[2]!.subject.status;
    expect(registry.discoveredTools.map((t: Obj) => [t.name, t.type, t.status, t.endpoint])).toEqual([
      ['calculator', 'http', 'Available', 'http://calculator.default.svc.cluster.local:8000/evaluate'],
      ['weather', 'mcp', 'Available', 'http://weather.default.svc.cluster.local:8080/mcp'],
    ]);
  });

  it('agenticworkforce/: the workforce, rendered last, lists the chain from its entry point', () => {
    const unit = units.find((u) => u.name.startsWith('agenticworkforce/'))!;
    const run = render(['-o', 'json', ...unit.files]);
    const printed = groups((JSON.parse(run.stdout) as { items: Obj[] }).items);
    const workforce = printed.at(-1)!.subject;
    expect(workforce.kind).toBe('AgenticWorkforce');
    expect(workforce.status.agents.map((a: Obj) => [a.name, a.depth])).toEqual([['billing', 1], ['ledger', 2], ['triage', 0]]);
    expect(workforce.status.entryPoints).toEqual([{ cardURL: 'http://triage.default.svc.cluster.local:8080/.well-known/agent-card.json', found: true, name: 'triage', namespace: 'default' }]);
    expect(workforce.status.missingAgents).toEqual([]);
  });

  it('YAML output is the same objects as JSON output', () => {
    const files = withAgents[0]!.files;
    const yaml = parseAllDocuments(render(files).stdout).map((d) => d.toJS());
    expect(yaml).toEqual(JSON.parse(render(['-o', 'json', ...files]).stdout).items);
  });
});

describe('omnia render failures and secrets', { timeout: CLI_TIMEOUT_MS }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnia-render-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const SECRET = 'sk-live-do-not-print-me-0123456789';
  const file = join(dir, 'agent.yaml');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Secret
metadata: {name: openai, namespace: team}
stringData: {OPENAI_API_KEY: ${SECRET}}
---
apiVersion: omnia.altairalabs.ai/v1alpha1
kind: Provider
metadata: {name: gpt, namespace: team}
spec: {type: openai, model: gpt-4o, secretRef: {name: openai}}
---
apiVersion: omnia.altairalabs.ai/v1alpha1
kind: AgentRuntime
metadata: {name: lonely, namespace: team}
spec:
  promptPackRef: {name: missing-pack}
  providerRef: {name: gpt}
  framework: {type: custom}
`,
  );

  it('exits 1 naming the Failed object and why; the Secret value is printed nowhere', () => {
    const run = render([file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^omnia render: AgentRuntime team\/lonely: Failed: Ready InvalidSpec: invalid spec: spec.framework.image: framework type custom requires an image; nothing new is deployed until this is resolved/m);
    const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as Obj);
    expect(docs.find((d) => d.kind === 'Provider')?.status?.phase).toBe('Ready');
    expect(docs.find((d) => d.kind === 'AgentRuntime')?.status?.phase).toBe('Failed');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(run.stdout + run.stderr).not.toContain(Buffer.from(SECRET).toString('base64'));
  });

  it('exits 2 with the reason for unreadable input', () => {
    const missing = render([join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: [unclosed');
    const broken = render([bad]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('YAML error');
    expect(parse('a: 1')).toEqual({ a: 1 });
  });
});
