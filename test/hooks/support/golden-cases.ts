// Golden-file support for the PromptPack, Provider, ToolRegistry and
// AgentRuntimeConfiguration hooks: each case is a directory under
// test/fixtures/<kind>/<case>/ holding request.json and response.json, plus an
// optional meta.json {"hook": "sync"|"customize", "now": RFC 3339}. A case
// whose directory starts with "customize-" defaults to the customize hook.
// UPDATE_GOLDEN=1 rewrites response.json (review the diff before keeping it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import type { Hook, HookName, KindHooks } from '../../../src/hooks/types.js';
import type { CompositeSyncResponse, DecoratorSyncResponse } from '../../../src/hooks/metacontroller.js';

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const DEFAULT_NOW = '2026-01-01T00:00:00Z';

export interface GoldenCase {
  name: string;
  dir: string;
  hook: HookName;
  now: Date;
  request: unknown;
  expected: unknown;
}

export function loadCases(kind: string): GoldenCase[] {
  const base = join(ROOT, 'test/fixtures', kind);
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, 'request.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(base, name);
      const meta = existsSync(join(dir, 'meta.json'))
        ? (JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { hook?: HookName; now?: string })
        : {};
      const responsePath = join(dir, 'response.json');
      return {
        name,
        dir,
        hook: meta.hook ?? (name.startsWith('customize-') ? 'customize' : 'sync'),
        now: new Date(meta.now ?? DEFAULT_NOW),
        request: JSON.parse(readFileSync(join(dir, 'request.json'), 'utf8')) as unknown,
        expected: existsSync(responsePath) ? (JSON.parse(readFileSync(responsePath, 'utf8')) as unknown) : undefined,
      };
    });
}

/** Run a case; with UPDATE_GOLDEN=1 write its response.json first. */
export function runCase(hooks: KindHooks, c: GoldenCase): unknown {
  const hook = hooks[c.hook] as Hook;
  const actual = hook(c.request, c.now);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(join(c.dir, 'response.json'), `${JSON.stringify(actual, null, 2)}\n`);
    c.expected = JSON.parse(JSON.stringify(actual)) as unknown;
  }
  return actual;
}

// The fields Metacontroller's strict v2 decoder accepts in each response.
const ALLOWED = {
  composite: ['status', 'children', 'resyncAfterSeconds', 'finalized'],
  decorator: ['labels', 'annotations', 'status', 'attachments', 'resyncAfterSeconds', 'finalized'],
  customize: ['relatedResources'],
} as const;

export function unknownResponseFields(response: unknown, shape: keyof typeof ALLOWED): string[] {
  return Object.keys(response as object).filter((k) => !(ALLOWED[shape] as readonly string[]).includes(k));
}

type FormatsPlugin = (ajv: Ajv) => unknown;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);
const crdAjv = new Ajv({ allErrors: true, strict: false });
addFormats(crdAjv);
for (const file of readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json'))) {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', file), 'utf8')) as { $schema?: string };
  if (schema.$schema?.includes('draft-07')) crdAjv.addSchema(schema);
}

/** Errors of a status against the CRD's status schema (schemas/<kind>.schema.json), [] when it conforms. */
export function statusSchemaErrors(kindFile: string, statusDefinition: string, status: unknown): string[] {
  const validate = crdAjv.getSchema(`${kindFile}#/definitions/${statusDefinition}`);
  if (!validate) throw new Error(`no schema ${kindFile}#/definitions/${statusDefinition}`);
  return validate(status) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Errors of a whole custom resource against its schema (schemas/<kind>.schema.json). */
export function crdErrors(kindFile: string, obj: unknown): string[] {
  const validate = crdAjv.getSchema(kindFile);
  if (!validate) throw new Error(`no schema ${kindFile}`);
  return validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

export interface GoldenSuiteOptions {
  /** Response shape Metacontroller decodes: a DecoratorController's or a CompositeController's. */
  shape: 'decorator' | 'composite';
  /** The least number of sync cases the kind must keep. */
  minSyncCases: number;
  /** Extra checks on each child of a composite response. */
  checkChild?: (child: unknown) => void;
}

/**
 * The golden-file suite every dependency kind shares: each case answers
 * exactly its response.json, byte-identically twice, with only the fields
 * Metacontroller's strict decoder accepts, and a status that fits the CRD (or
 * the API server would prune it and Metacontroller rewrite forever).
 */
export function describeHookGoldens(kind: string, hooks: KindHooks, statusDefinition: string, opts: GoldenSuiteOptions): void {
  const cases = loadCases(kind);
  describe(`${kind} hooks: golden files`, () => {
    it('has cases for both hooks', () => {
      expect(cases.filter((c) => c.hook === 'sync').length).toBeGreaterThanOrEqual(opts.minSyncCases);
      expect(cases.some((c) => c.hook === 'customize')).toBe(true);
    });

    for (const c of cases) {
      it(`${c.hook} ${c.name}`, () => {
        const actual = runCase(hooks, c);
        expect(actual).toEqual(c.expected);
        // Same request and clock → byte-identical answer.
        expect(JSON.stringify(runCase(hooks, c))).toBe(JSON.stringify(actual));
        if (c.hook === 'customize') {
          expect(unknownResponseFields(actual, 'customize')).toEqual([]);
          return;
        }
        expect(unknownResponseFields(actual, opts.shape)).toEqual([]);
        const response = actual as DecoratorSyncResponse | CompositeSyncResponse;
        expect(statusSchemaErrors(`${kind}.schema.json`, statusDefinition, response.status)).toEqual([]);
        if (opts.checkChild) for (const child of (response as CompositeSyncResponse).children) opts.checkChild(child);
      });
    }
  });
}
