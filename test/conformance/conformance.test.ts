import { afterAll, beforeAll } from 'vitest';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { makeFixture, start, type Fixture } from '../runtime/helpers.js';
import { defineConformanceSuite } from './suite.js';

// Runs the conformance suite against OMNIA_CONFORMANCE_URL when set (a custom
// framework image: `OMNIA_CONFORMANCE_URL=http://127.0.0.1:9000 npx vitest run
// test/conformance`), else against our runtime started with the mock provider.

const external = process.env.OMNIA_CONFORMANCE_URL?.replace(/\/$/, '');
let fixture: Fixture | undefined;
let rt: StartedRuntime | undefined;

beforeAll(async () => {
  if (external) return;
  fixture = makeFixture({ fn: { name: 'conformance', inputSchema: { type: 'object' }, outputSchema: { type: 'object' } } });
  rt = await start(fixture.env());
});

afterAll(async () => {
  await rt?.close();
  fixture?.cleanup();
});

defineConformanceSuite(() => external ?? (rt as StartedRuntime).url);
