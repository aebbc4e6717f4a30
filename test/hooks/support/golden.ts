// The one golden-file harness of every hook kind. A case is a directory
// test/fixtures/<kind>/<case>/ holding request.json and response.json, plus an
// optional meta.json {"hook": "sync"|"customize"|"finalize", "now": RFC 3339};
// without it the directory's prefix picks the hook (customize-*, finalize-*,
// else sync). response.json holds the answer as canonical pretty JSON (keys
// sorted at every level, two-space indent, trailing newline) — the same key
// order the hook server sends — and is compared byte for byte.
//
// UPDATE_GOLDEN=1 rewrites the files instead (review the diff before keeping
// it); scripts/test.sh refuses to run with it set, so CI never rewrites.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubernetesAjv } from '../../crds/support/ajv.js';
import { sortKeys } from '../../../src/shared/canonical-json.js';
import type { Hook, HookName, KindHooks } from '../../../src/hooks/types.js';
import type { CompositeSyncResponse, DecoratorSyncResponse } from '../../../src/hooks/metacontroller.js';

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'test/fixtures');
export const DEFAULT_NOW = '2026-01-01T00:00:00Z';

export interface GoldenCase {
  name: string;
  dir: string;
  hook: HookName;
  now: Date;
  request: unknown;
  /** The parsed response.json, undefined when the case has none yet. */
  expected: unknown;
}

/** The golden text of an answer: canonical pretty JSON. */
export function canonicalPretty(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** The hook a case directory exercises when its meta.json does not say. */
export function hookOf(caseName: string): HookName {
  return caseName.startsWith('customize-') ? 'customize' : caseName.startsWith('finalize-') ? 'finalize' : 'sync';
}

export function loadCases(kind: string): GoldenCase[] {
  const base = join(FIXTURES, kind);
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, 'request.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(base, name);
      const meta = existsSync(join(dir, 'meta.json')) ? (readJson(join(dir, 'meta.json')) as { hook?: HookName; now?: string }) : {};
      const responsePath = join(dir, 'response.json');
      return {
        name,
        dir,
        hook: meta.hook ?? hookOf(name),
        now: new Date(meta.now ?? DEFAULT_NOW),
        request: readJson(join(dir, 'request.json')),
        expected: existsSync(responsePath) ? readJson(responsePath) : undefined,
      };
    });
}

/** The answer of a case's hook (throws when the kind has no such hook). */
export function answer(hooks: KindHooks, c: GoldenCase): unknown {
  const hook = hooks[c.hook] as Hook | undefined;
  if (!hook) throw new Error(`no ${c.hook} hook for case ${c.name}`);
  return hook(c.request, c.now);
}

/** `actual` as canonical pretty JSON must equal `file` byte for byte (UPDATE_GOLDEN=1 writes it). */
export function expectGolden(file: string, actual: unknown): void {
  const text = canonicalPretty(actual);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
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

const crdAjv = kubernetesAjv();
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
  /** The status definition in schemas/<kind>.schema.json, e.g. ProviderStatus. */
  statusDefinition: string;
  /** The least number of sync cases the kind must keep. */
  minSyncCases: number;
  /** Extra checks on each child of a composite response. */
  checkChild?: (child: unknown) => void;
  /** Extra checks on each case's answer (any hook). */
  checkCase?: (c: GoldenCase, answer: unknown) => void;
}

/**
 * The golden-file suite of every kind: each case answers exactly its
 * response.json (bytes), byte-identically twice, with only the fields
 * Metacontroller's strict decoder accepts, and a status that fits the CRD (or
 * the API server would prune it and Metacontroller rewrite forever).
 */
export function describeHookGoldens(kind: string, hooks: KindHooks, opts: GoldenSuiteOptions): void {
  const cases = loadCases(kind);
  describe(`${kind} hooks: golden files`, () => {
    it('has cases for each of its hooks', () => {
      expect(cases.filter((c) => c.hook === 'sync').length).toBeGreaterThanOrEqual(opts.minSyncCases);
      // A kind that relates nothing (ToolServer) has no customize hook.
      expect(cases.some((c) => c.hook === 'customize')).toBe(hooks.customize !== undefined);
    });

    for (const c of cases) {
      it(`${c.hook} ${c.name}`, () => {
        const actual = answer(hooks, c);
        expectGolden(join(c.dir, 'response.json'), actual);
        // Same request and clock → byte-identical answer.
        expect(JSON.stringify(answer(hooks, c))).toBe(JSON.stringify(actual));
        opts.checkCase?.(c, actual);
        if (c.hook === 'customize') {
          expect(unknownResponseFields(actual, 'customize')).toEqual([]);
          return;
        }
        expect(unknownResponseFields(actual, opts.shape)).toEqual([]);
        const response = actual as DecoratorSyncResponse | CompositeSyncResponse;
        if (response.status !== undefined) {
          expect(statusSchemaErrors(`${kind}.schema.json`, opts.statusDefinition, response.status)).toEqual([]);
        }
        if (opts.checkChild) for (const child of (response as CompositeSyncResponse).children ?? []) opts.checkChild(child);
      });
    }
  });
}
