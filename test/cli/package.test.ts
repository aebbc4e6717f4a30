// What is published is what works: the package is packed (`npm pack`), the
// tarball and vitest are installed into a fresh temporary project, and the
// policy test of docs/testing.md — its files taken from the page itself — runs
// there against `omnia-hooks` and `omnia-hooks/testing`; the installed `omnia`
// bin renders the same manifests. The tarball holds dist/ and the files the
// code reads at run time, no sources or tests.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL_TIMEOUT_MS = 15 * 60_000;
// Each of these starts Node (and vitest) in the consumer project: slow on a loaded machine.
const SPAWN_TIMEOUT_MS = 180_000;

/** The files docs/testing.md shows: each fenced block right after a `<!-- file: path -->` marker. */
function docFiles(markdown: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const m of markdown.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) files[m[1]!] = `${m[2]!}\n`;
  return files;
}

let work: string;
let project: string;
let tarball: string;
const docs = docFiles(readFileSync(join(ROOT, 'docs/testing.md'), 'utf8'));

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  work = mkdtempSync(join(tmpdir(), 'omnia-pack-'));
  // --ignore-scripts: dist/ is built already (prepack would build it again).
  const packed = JSON.parse(execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as {
    filename: string;
  }[];
  tarball = join(work, packed[0]!.filename);
  project = join(work, 'team-policies');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'team-policies', private: true, type: 'module' }));
  const vitest = (JSON.parse(readFileSync(join(ROOT, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;
  execFileSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, `vitest@${vitest}`], {
    cwd: project,
    stdio: 'pipe',
    timeout: INSTALL_TIMEOUT_MS,
  });
  for (const [path, text] of Object.entries(docs)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
}, INSTALL_TIMEOUT_MS + 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the published package', () => {
  it('holds dist/, the CRDs and the PromptPack schema, and no sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of ['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/testing/index.js', 'package/dist/testing/index.d.ts', 'package/dist/cli.js', 'package/manifests/crds/agentruntimes.omnia.altairalabs.ai.yaml', 'package/schemas/promptpack-content.schema.json', 'package/package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^package\/(src|test|bench|scripts)\//.test(f))).toEqual([]);
  });

  it('docs/testing.md shows the manifests and the test it runs', () => {
    expect(Object.keys(docs).sort()).toEqual(['deploy/agents.yaml', 'policy.test.ts']);
    expect(docs['policy.test.ts']).toContain("from 'omnia-hooks/testing'");
  });

  it("runs docs/testing.md's policy test against the installed tarball", () => {
    const run = spawnSync(join(project, 'node_modules/.bin/vitest'), ['run', '--reporter=verbose'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    // The nested vitest colours its report when the outer one does.
    const output = (run.stdout + run.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/billing-agent autoscales with KEDA, not an HPA/);
    expect(output).toMatch(/Tests\s+3 passed/);
  }, SPAWN_TIMEOUT_MS);

  it('imports the hook functions and generated-type surface from the package root', () => {
    const script = "import * as o from 'omnia-hooks'; console.log(Object.keys(o).sort().join(','))";
    const names = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }).trim().split(',');
    expect(names).toEqual(expect.arrayContaining(['syncAgentRuntime', 'customizeAgentRuntime', 'finalizeAgentRuntime', 'syncPromptPack', 'customizePromptPack', 'syncProvider', 'customizeProvider', 'syncToolRegistry', 'customizeToolRegistry', 'syncAgentRuntimeConfiguration', 'customizeAgentRuntimeConfiguration', 'hooks', 'render', 'admit']));
  }, SPAWN_TIMEOUT_MS);

  it('installs the omnia bin, which renders and validates the same manifests', () => {
    const bin = join(project, 'node_modules/.bin/omnia');
    const render = spawnSync(bin, ['render', 'deploy/agents.yaml'], { cwd: project, encoding: 'utf8' });
    expect(render.status, render.stderr).toBe(0);
    expect(render.stdout).toContain('kind: ScaledObject');
    const validate = spawnSync(bin, ['validate', 'deploy/agents.yaml'], { cwd: project, encoding: 'utf8' });
    expect(validate.status, validate.stdout).toBe(0);
    expect(validate.stdout).toContain('AgentRuntime payments/billing-agent: valid');
  }, SPAWN_TIMEOUT_MS);
});
