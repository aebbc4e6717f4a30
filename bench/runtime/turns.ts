import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import WebSocket from 'ws';
import { createFacade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { createRuntimeHandler } from '../../src/facade/handlers/runtime.js';
import type { HandlerEvent } from '../../src/facade/handlers/types.js';
import { createMockProvider } from '../../src/runtime/providers/mock.js';
import type { Provider } from '../../src/runtime/providers/types.js';
import { startRuntime, type StartedRuntime } from '../../src/runtime/start.js';
import { startFakeOpenAI } from '../../test/support/fake-vendors/openai.js';
import { runtimeDir, type RuntimeDir } from '../support/runtime-dir.js';

// Runtime benchmark, loopback only, everything in this one process:
//  1. per-turn overhead (median / p95 / p99) of a short conversational turn
//     a. loopback floor: a bare node:http keep-alive POST round trip;
//     b. facade runtime handler → runtime, mock provider (no vendor at all);
//     c. the same through the OpenAI SDK against a fake vendor that answers at once;
//     d. a WebSocket client → facade → runtime (mock): the whole pod path;
//  2. heap per concurrent turn: N turns held in flight inside the runtime.
// Goal: (b) and (d) median < 2 ms per turn on this machine.
// Usage: bash bench/runtime/run.sh, or node --import tsx --expose-gc bench/runtime/turns.ts [--turns 2000] [--concurrent 200]

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TURNS = Math.min(arg('turns', 2000), 20_000);
const WARMUP = Math.min(500, Math.ceil(TURNS / 4));
const CONCURRENT = Math.min(arg('concurrent', 200), 2_000);
const silent = pino({ level: 'silent' });

function stats(samples: number[]): { median: number; p95: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { median: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

async function measure(name: string, turn: () => Promise<void>): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await turn();
  const samples: number[] = [];
  for (let i = 0; i < TURNS; i++) {
    const t0 = process.hrtime.bigint();
    await turn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(JSON.stringify({ scenario: name, turns: TURNS, ms: stats(samples) }));
}

function fixture(): RuntimeDir {
  return runtimeDir('omnia-bench-', {
    system_template: 'You are a {{role}}.',
    variables: [{ name: 'role', type: 'string', required: false, default: 'bench bot' }],
  });
}

async function drain(events: AsyncIterable<HandlerEvent>): Promise<HandlerEvent> {
  let lastEv: HandlerEvent | undefined;
  for await (const ev of events) lastEv = ev;
  if (lastEv?.type !== 'done') throw new Error(`turn did not finish: ${JSON.stringify(lastEv)}`);
  return lastEv;
}

const HISTORY = [
  { role: 'user' as const, content: 'Hi, I need help with my order.' },
  { role: 'assistant' as const, content: 'Sure, what is the order number?' },
];

async function floor(): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end('{"type":"done","content":"ok"}\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify({ session_id: 's', messages: [...HISTORY, { role: 'user', content: 'It is 1234.' }] });
  await measure('a. loopback floor: bare node:http POST round trip', () => new Promise<void>((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  }));
  agent.destroy();
  server.close();
}

async function handlerToRuntime(rt: StartedRuntime, name: string): Promise<void> {
  const h = createRuntimeHandler({ address: rt.url });
  await measure(name, async () => {
    await drain(h.converse({ sessionId: 's', content: 'It is 1234.', history: HISTORY, signal: new AbortController().signal }));
  });
}

async function throughFacade(rt: StartedRuntime): Promise<void> {
  const facade = createFacade(
    loadFacadeConfig({
      OMNIA_FACADE_PORT: '0',
      OMNIA_HEALTH_PORT: '0',
      OMNIA_BIND_ADDRESS: '127.0.0.1',
      OMNIA_HANDLER_MODE: 'runtime',
      OMNIA_RUNTIME_ADDRESS: rt.url,
      OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
      OMNIA_MAX_MESSAGES_PER_MINUTE: '1000000',
    }),
    { logger: silent },
  );
  const { port } = await facade.listen();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  let waiter: ((m: { type: string }) => void) | undefined;
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { type: string };
    if (m.type === 'done' || m.type === 'error' || m.type === 'connected') waiter?.(m);
  });
  const nextEnd = () => new Promise<{ type: string }>((r) => (waiter = r));
  const connected = nextEnd();
  await new Promise<void>((r, j) => {
    ws.once('open', () => r());
    ws.once('error', j);
  });
  await connected;
  await measure('d. WebSocket client → facade → runtime (mock provider), session in memory', async () => {
    const end = nextEnd();
    ws.send(JSON.stringify({ type: 'message', content: 'It is 1234.' }));
    const m = await end;
    if (m.type !== 'done') throw new Error(`turn failed: ${JSON.stringify(m)}`);
  });
  ws.close();
  await facade.close();
}

function gcHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function memoryPerTurn(f: ReturnType<typeof fixture>): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) {
    console.log(JSON.stringify({ scenario: 'memory', skipped: 'run with --expose-gc' }));
    return;
  }
  // A provider that holds every turn open until released, then answers like the mock.
  const mock = createMockProvider();
  let inFlight = 0;
  let holding = false;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const held: Provider = {
    name: 'held',
    model: 'held',
    async *stream(req) {
      inFlight++;
      if (holding) await gate;
      yield* mock.stream(req);
    },
  };
  const rt = await startRuntime({ env: f.env(), provider: held });
  const h = createRuntimeHandler({ address: rt.url });
  const run = () =>
    Array.from({ length: CONCURRENT }, (_, i) =>
      drain(h.converse({ sessionId: `s${i}`, content: 'It is 1234.', history: HISTORY, signal: new AbortController().signal })),
    );
  // A first unheld round warms code paths and the socket pool so they are not counted per turn.
  await Promise.all(run());
  inFlight = 0;
  holding = true;
  const before = gcHeap();
  const turns = run();
  while (inFlight < CONCURRENT) await new Promise((r) => setTimeout(r, 10));
  const during = gcHeap();
  release();
  await Promise.all(turns);
  const after = gcHeap();
  console.log(
    JSON.stringify({
      scenario: 'heap per concurrent turn (runtime + handler client, this process)',
      concurrent: CONCURRENT,
      heapBeforeMiB: +(before / 2 ** 20).toFixed(1),
      heapDuringMiB: +(during / 2 ** 20).toFixed(1),
      heapAfterMiB: +(after / 2 ** 20).toFixed(1),
      kibPerTurn: +((during - before) / CONCURRENT / 1024).toFixed(1),
    }),
  );
  await rt.close(1_000);
}

const f = fixture();
try {
  console.log(JSON.stringify({ node: process.version, turns: TURNS, warmup: WARMUP }));
  await floor();
  const rt = await startRuntime({ env: f.env() });
  await handlerToRuntime(rt, 'b. runtime handler → runtime (mock provider)');
  await throughFacade(rt);
  await rt.close(1_000);

  const vendor = await startFakeOpenAI([{ text: 'Thanks, order 1234 ships tomorrow.', usage: { input: 40, output: 9 } }]);
  const rtSdk = await startRuntime({ env: f.env({ OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'bench', OMNIA_PROVIDER_BASE_URL: `${vendor.url}/v1` }) });
  await handlerToRuntime(rtSdk, 'c. runtime handler → runtime → OpenAI SDK → instant fake vendor');
  await rtSdk.close(1_000);
  await vendor.close();

  await memoryPerTurn(f);
} finally {
  rmSync(f.dir, { recursive: true, force: true });
}
