// No secret value ever leaves a hook: plant one recognisable value in every
// Secret of every PromptPack / Provider / ToolRegistry / AgentRuntimeConfiguration
// fixture, run the hook, and look for it (raw and base64) in the response and in
// anything written to stdout/stderr while the hook ran.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/hooks/registry.js';
import { createApp } from '../../src/hooks/server/app.js';
import { hooks as promptpack } from '../../src/hooks/promptpack/index.js';
import { hooks as provider } from '../../src/hooks/provider/index.js';
import { hooks as toolregistry } from '../../src/hooks/toolregistry/index.js';
import { hooks as arc } from '../../src/hooks/agentruntimeconfiguration/index.js';
import type { Hook, KindHooks } from '../../src/hooks/types.js';
import { loadCases } from './support/golden.js';

const PLANTED = 'sk-PLANTED-h3-7f3a9c2e-do-not-leak';
const PLANTED_B64 = Buffer.from(PLANTED).toString('base64');
const KINDS: [string, KindHooks][] = [
  ['promptpack', promptpack],
  ['provider', provider],
  ['toolregistry', toolregistry],
  ['agentruntimeconfiguration', arc],
];

/** Replace every value of every Secret found in the request's object maps; returns how many were planted. */
function plant(request: unknown): number {
  let count = 0;
  const body = request as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  for (const field of ['children', 'related', 'attachments']) {
    for (const group of Object.values(body[field] ?? {})) {
      for (const obj of Object.values(group ?? {})) {
        if (obj.kind !== 'Secret') continue;
        for (const part of ['data', 'stringData'] as const) {
          const values = obj[part] as Record<string, string> | undefined;
          if (!values) continue;
          for (const key of Object.keys(values)) {
            values[key] = part === 'data' ? PLANTED_B64 : PLANTED;
            count++;
          }
        }
        // Also as stringData, the form a freshly applied manifest may carry.
        obj.stringData = { ...(obj.stringData as object | undefined), EXTRA_TOKEN: PLANTED };
        count++;
      }
    }
  }
  return count;
}

let written: string[] = [];
const originals = { out: process.stdout.write, err: process.stderr.write };
beforeEach(() => {
  written = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
});
afterEach(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
});

describe('secret hygiene of the PromptPack/Provider/ToolRegistry/ARC hooks', () => {
  let plantedTotal = 0;
  for (const [kind, kindHooks] of KINDS) {
    for (const c of loadCases(kind)) {
      it(`${kind}/${c.name}: no planted value in the response or logs`, () => {
        plantedTotal += plant(c.request);
        const response = JSON.stringify((kindHooks[c.hook] as Hook)(c.request, c.now));
        const logs = written.join('');
        for (const needle of [PLANTED, PLANTED_B64]) {
          expect(response).not.toContain(needle);
          expect(logs).not.toContain(needle);
        }
      });
    }
  }

  it('through the hook server too: no planted value in any HTTP response or debug log line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = createApp({ registry: defaultRegistry, clock: () => new Date('2026-01-01T00:00:00Z'), logger: pino({ level: 'trace' }, sink) });
    let served = 0;
    for (const [kind] of KINDS) {
      for (const c of loadCases(kind)) {
        if (plant(c.request) === 0) continue;
        const res = await request(app).post(`/hooks/${kind}/${c.hook}`).send(c.request as object);
        expect(res.status).toBe(200);
        served++;
        for (const needle of [PLANTED, PLANTED_B64]) expect(res.text).not.toContain(needle);
      }
    }
    expect(served).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeGreaterThan(0);
    for (const needle of [PLANTED, PLANTED_B64]) expect(lines.join('')).not.toContain(needle);
  });

  it('planted into the Secrets of the Provider fixtures (the test is not vacuous)', () => {
    expect(plantedTotal).toBeGreaterThanOrEqual(10);
  });

  it('a planted credential still counts as present (the hook saw the Secret)', () => {
    const c = loadCases('provider').find((x) => x.name === 'claude-key-present')!;
    plant(c.request);
    const status = (provider.sync as Hook)(c.request, c.now) as { status: { phase: string; credentialRevision: string } };
    expect(status.status).toMatchObject({ phase: 'Ready', credentialRevision: '4711' });
  });
});
