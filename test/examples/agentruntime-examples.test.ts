// manifests/examples/agentruntime/: the spec's own examples are there verbatim
// (plus one documented addition), each feature asked for has an example, each
// file explains itself, and the examples README indexes every folder and file.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../crds/support/crds.js';
import { EXAMPLES } from './support/files.js';
import { headerComment, parseFile, type Obj } from './support/parse.js';

const DIR = join(EXAMPLES, 'agentruntime');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const docsOf = (file: string): Obj[] =>
  parseFile({ path: file, text: readFileSync(join(DIR, file), 'utf8') }).docs.map((d) => d.object);
const agents = files.flatMap((f) => docsOf(f).filter((o) => o.kind === 'AgentRuntime').map((o) => ({ file: f, agent: o })));

function onlyAgent(file: string): Obj {
  const found = docsOf(file).filter((o) => o.kind === 'AgentRuntime');
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The spec without facade.auth, the one field the examples add to the spec's own. */
function withoutAuth(spec: Obj): Obj {
  const { auth: _auth, ...facade } = spec.facade as Obj;
  return { ...spec, facade };
}

describe("the spec's examples", () => {
  it('production-agent.yaml holds the spec/000 complete example, adding only facade.auth', () => {
    const fixture = loadFixture('spec000-complete.yaml');
    const agent = onlyAgent('production-agent.yaml');
    expect(agent.metadata).toEqual(fixture.metadata);
    expect(withoutAuth(agent.spec)).toEqual(fixture.spec);
    expect(agent.spec.facade.auth).toEqual({ apiKeysSecretRef: { name: 'production-agent-api-keys' } });
  });

  it('production-agent.yaml defines what spec/000 names: PromptPack, Provider, ToolRegistry and the redis Secret with key url', () => {
    const docs = docsOf('production-agent.yaml');
    const names = docs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    for (const n of ['Namespace//agents', 'PromptPack/agents/customer-service-prompts', 'Provider/agents/claude-production', 'ToolRegistry/agents/service-tools', 'Secret/agents/redis-credentials']) {
      expect(names).toContain(n);
    }
    const redis = docs.find((o) => o.kind === 'Secret' && o.metadata.name === 'redis-credentials')!;
    expect(Object.keys(redis.stringData)).toEqual(['url']);
  });

  it('function-summarizer.yaml holds the spec/003 summarizer, adding only facade.auth', () => {
    const fixture = loadFixture('spec003-summarizer.yaml');
    const agent = onlyAgent('function-summarizer.yaml');
    expect(agent.metadata).toEqual(fixture.metadata);
    expect(withoutAuth(agent.spec)).toEqual(fixture.spec);
  });
});

describe('one example per feature', () => {
  const has = (pred: (s: Obj) => boolean): string[] => agents.filter((a) => pred(a.agent.spec)).map((a) => a.file);
  const auto = (s: Obj): Obj => s.runtime?.autoscaling ?? {};
  const cases: [string, (s: Obj) => boolean][] = [
    ['demo handler, memory sessions, unauthenticated', (s) => s.facade?.handler === 'demo' && s.session?.type === 'memory' && s.facade?.auth?.allowUnauthenticated === true],
    ['echo handler', (s) => s.facade?.handler === 'echo'],
    ['HPA autoscaling', (s) => auto(s).enabled === true && auto(s).type === 'hpa'],
    ['KEDA with the default trigger', (s) => auto(s).enabled === true && auto(s).type === 'keda' && auto(s).keda?.triggers === undefined],
    ['KEDA with a cron trigger', (s) => auto(s).type === 'keda' && (auto(s).keda?.triggers ?? []).some((t: Obj) => t.type === 'cron')],
    ['inline openai provider with secretRef', (s) => s.provider?.type === 'openai' && typeof s.provider?.secretRef?.name === 'string'],
    ['providers[] list', (s) => Array.isArray(s.providers) && s.providers.length > 1],
    ['canary track', (s) => s.promptPackRef?.track === 'canary'],
    ['function mode on the grpc facade', (s) => s.mode === 'function' && s.facade?.type === 'grpc'],
    ['custom framework with image', (s) => s.framework?.type === 'custom' && typeof s.framework?.image === 'string'],
    ['postgres sessions', (s) => s.session?.type === 'postgres'],
    ['API-key auth', (s) => typeof s.facade?.auth?.apiKeysSecretRef?.name === 'string'],
    ['pod customisation: a podSpec patch with a sidecar, and first-class env', (s) => (s.podSpec?.containers ?? []).some((c: Obj) => !['facade', 'runtime'].includes(c.name)) && Array.isArray(s.facade?.env)],
    ['facade limits with an idle timeout', (s) => typeof s.facade?.limits?.idleTimeout === 'string'],
  ];
  it.each(cases)('%s', (_name, pred) => {
    expect(has(pred).length).toBeGreaterThan(0);
  });
});

describe('each file explains itself', () => {
  it.each(files)('%s starts with a comment saying what it shows and what it needs', (file) => {
    const header = headerComment(readFileSync(join(DIR, file), 'utf8')).join('\n');
    expect(header).toMatch(/^[a-z0-9-]+ — \S/); // "<name> — what it is"
    expect(header).toMatch(/(^|\n)Shows:/);
    expect(header).toMatch(/(^|\n)Needs:/);
  });
});

describe('manifests/examples/README.md', () => {
  const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]!);

  it('indexes every example folder with one table row', () => {
    const folders = readdirSync(EXAMPLES).filter((f) => statSync(join(EXAMPLES, f)).isDirectory()).sort();
    for (const folder of folders) {
      expect(readme.match(new RegExp(`^\\| \\[${folder}/\\]\\(${folder}/\\) \\| \\S.*\\|$`, 'gm')), folder).toHaveLength(1);
    }
  });

  it('lists every agentruntime/ file with one line', () => {
    for (const file of files) {
      expect(readme.match(new RegExp(`^\\| \\[${file.replace('.', '\\.')}\\]\\(agentruntime/${file.replace('.', '\\.')}\\) \\| \\S.*\\|$`, 'gm')), file).toHaveLength(1);
    }
  });

  it('links only to paths that exist', () => {
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(existsSync(resolve(EXAMPLES, link)), link).toBe(true);
  });
});
