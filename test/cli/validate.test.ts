// `omnia validate` (the built CLI): the CRD schemas and CEL rules offline, with
// the API server's messages. The CEL cases are those of test/crds/cel.test.ts,
// their messages read from the CRD itself; each refused object is reported as
// `kubectl apply` reports it, valid ones (the spec's examples and every example
// manifest) pass, and the exit code says whether anything would be refused.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { collectRules } from '../../src/crds/cel.js';
import { crdForKind } from '../crds/support/crds.js';
import { EXAMPLES } from '../examples/support/files.js';

// Every test starts the CLI as a Node process: slow on a loaded machine.
const CLI_TIMEOUT_MS = 120_000;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'omnia-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
});

function validate(...paths: string[]) {
  const run = spawnSync(process.execPath, [CLI, 'validate', ...paths], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

// The CRD's own messages, by the node carrying the rule (the same five cel.test.ts pins).
const rules = collectRules(crdForKind('AgentRuntime').schema);
const rule = (path: string, words: string) => rules.find((r) => r.path === path && r.message.includes(words))!.message;
const MSG = {
  needsSchemas: rule('.spec', 'requires both'),
  forbidsSchemas: rule('.spec', 'only allowed'),
  noWebsocket: rule('.spec', 'grpc'),
  customImage: rule('.spec.framework', 'image'),
  storeRef: rule('.spec.session', 'storeRef'),
};
const SCHEMA = { type: 'object', properties: { x: { type: 'string' } } };

function agent(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntime', metadata: { name, namespace: 'n' }, spec: { promptPackRef: { name: 'pack' }, ...spec } };
}

/** Writes the objects as one multi-document file and validates it. */
function validateObjects(objects: object[]) {
  const file = join(dir, `${objects.length}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  return { file, ...validate(file) };
}

describe('omnia validate: CEL rules, with the API server messages', { timeout: CLI_TIMEOUT_MS }, () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['only-input', { mode: 'function', facade: { type: 'grpc' }, inputSchema: SCHEMA }, `spec: Invalid value: "object": ${MSG.needsSchemas}`],
    ['no-schemas', { mode: 'function', facade: { type: 'grpc' } }, `spec: Invalid value: "object": ${MSG.needsSchemas}`],
    ['agent-with-input', { inputSchema: SCHEMA }, `spec: Invalid value: "object": ${MSG.forbidsSchemas}`],
    ['defaulted-websocket', { mode: 'function', inputSchema: SCHEMA, outputSchema: SCHEMA }, `spec: Invalid value: "object": ${MSG.noWebsocket}`],
    ['custom-no-image', { framework: { type: 'custom' } }, `spec.framework: Invalid value: "object": ${MSG.customImage}`],
    ['redis-no-store', { session: { type: 'redis' } }, `spec.session: Invalid value: "object": ${MSG.storeRef}`],
  ];
  const valid: [string, Record<string, unknown>][] = [
    ['fn-ok', { mode: 'function', facade: { type: 'grpc' }, inputSchema: SCHEMA, outputSchema: SCHEMA }],
    ['custom-ok', { framework: { type: 'custom', image: 'example.com/rt:1' } }],
    ['postgres-ok', { session: { type: 'postgres', storeRef: { name: 's' } } }],
    ['defaults-ok', {}],
  ];
  let run: ReturnType<typeof validateObjects>;
  beforeAll(() => {
    run = validateObjects([...cases.map(([name, spec]) => agent(name, spec)), ...valid.map(([name, spec]) => agent(name, spec))]);
  });

  it.each(cases)('%s is refused with exactly its rule message', (name, _spec, message) => {
    expect(run.stdout).toContain(`${run.file}: The AgentRuntime "${name}" is invalid: ${message}\n`);
  });

  it.each(valid)('%s is valid', (name) => {
    expect(run.stdout).toContain(`${run.file}: AgentRuntime n/${name}: valid\n`);
  });

  it('exits 1 when anything is refused', () => {
    expect(run.code).toBe(1);
  });

  it('lists every broken rule of one object, as kubectl does', () => {
    const several = validateObjects([agent('many', { mode: 'function', framework: { type: 'custom' }, session: { type: 'redis' }, inputSchema: SCHEMA })]);
    expect(several.code).toBe(1);
    const lines = several.stdout.split('\n');
    expect(lines[0]).toBe(`${several.file}: The AgentRuntime "many" is invalid: `);
    expect(lines.slice(1).filter(Boolean).sort()).toEqual(
      [
        `* spec: Invalid value: "object": ${MSG.needsSchemas}`,
        `* spec: Invalid value: "object": ${MSG.noWebsocket}`,
        `* spec.framework: Invalid value: "object": ${MSG.customImage}`,
        `* spec.session: Invalid value: "object": ${MSG.storeRef}`,
      ].sort(),
    );
  });
});

describe('omnia validate: the schema', { timeout: CLI_TIMEOUT_MS }, () => {
  it('reports required, enum, type and name errors as the API server words them', () => {
    const run = validateObjects([
      { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntime', metadata: { name: 'no-pack' }, spec: {} },
      agent('bad-facade', { facade: { type: 'carrier-pigeon' } }),
      agent('bad-port', { facade: { port: 'eighty' } }),
      agent('Bad_Name', {}),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The AgentRuntime "no-pack" is invalid: spec.promptPackRef: Required value\n');
    expect(run.stdout).toContain('The AgentRuntime "bad-facade" is invalid: spec.facade.type: Unsupported value: "carrier-pigeon": supported values: "websocket", "grpc"\n');
    expect(run.stdout).toContain('The AgentRuntime "bad-port" is invalid: spec.facade.port: Invalid value: "string": spec.facade.port in body must be of type integer: "string"\n');
    expect(run.stdout).toContain('The AgentRuntime "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of');
  });

  it('warns about fields the API server would drop, without refusing the object', () => {
    const run = validateObjects([agent('typo', { replica: 3 })]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('AgentRuntime n/typo: valid');
    expect(run.stderr).toContain('AgentRuntime n/typo: Warning: unknown field "spec.replica"');
  });

  it('passes objects of other kinds through unchecked', () => {
    const run = validateObjects([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} }]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ConfigMap c: skipped (not an omnia custom resource)');
  });
});

describe('omnia validate: the shipped examples', { timeout: CLI_TIMEOUT_MS }, () => {
  it('every example folder is valid', () => {
    const folders = [EXAMPLES, ...readdirSync(EXAMPLES).map((f) => join(EXAMPLES, f)).filter((p) => statSync(p).isDirectory())];
    const run = validate(...folders);
    expect(run.stdout, run.stdout).not.toContain('is invalid');
    expect(run.code).toBe(0);
    expect(run.stdout.match(/: valid$/gm)?.length).toBeGreaterThanOrEqual(30);
  });
});
