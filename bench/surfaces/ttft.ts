import http from 'node:http';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import WebSocket from 'ws';
import { createFacade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { createRuntimeHandler } from '../../src/facade/handlers/runtime.js';
import { startRuntime } from '../../src/runtime/start.js';
import { runtimeDir } from '../support/runtime-dir.js';

// Time to first token through each surface of the facade, against the runtime
// alone, mock provider (no vendor), all on loopback in this one process:
//   runtime  the facade's runtime handler straight to the runtime: first `chunk` event
//   ws       a `ws` client → /ws → runtime: first `chunk` message
//   a2a      POST /a2a message/stream (v0.3) → first `artifact-update` SSE event
//   chat     POST /v1/chat/completions stream:true → first chunk with content
// Each round measures every scenario (TURNS turns, median per scenario), the
// order rotating from round to round; the table gives min / median / max of
// the round medians and what each surface adds over the runtime alone.
// Usage: bash bench/surfaces/run.sh [--rounds 5] [--turns 200]

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = Math.max(5, Math.min(arg('rounds', 5), 50));
const TURNS = Math.max(10, Math.min(arg('turns', 200), 5_000));
const WARMUP = Math.min(100, TURNS);
const TEXT = 'Where is my order 1234?';

const files = runtimeDir('omnia-bench-surfaces-', { system_template: 'You are a bench bot.' });
const { dir } = files;

const rt = await startRuntime({ env: files.env(), log: pino({ level: 'silent' }) });
const facade = createFacade(
  loadFacadeConfig({
    OMNIA_AGENT_NAME: 'bench',
    OMNIA_FACADE_PORT: '0',
    OMNIA_HEALTH_PORT: '0',
    OMNIA_BIND_ADDRESS: '127.0.0.1',
    OMNIA_HANDLER_MODE: 'runtime',
    OMNIA_RUNTIME_ADDRESS: rt.url,
    OMNIA_CONFIG_DIR: path.join(dir, 'config'),
    OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
    OMNIA_MAX_MESSAGES_PER_MINUTE: '100000000',
    OMNIA_MAX_SESSIONS: '1000000',
    // Every surface hands the runtime the same request (no history), as the runtime-alone scenario does.
    OMNIA_HISTORY_LIMIT: '0',
  }),
  { logger: pino({ level: 'silent' }) },
);
const { port } = await facade.listen();

/** Milliseconds from the call to the first token, then the rest of the turn is read to its end. */
type Turn = () => Promise<number>;

const handler = createRuntimeHandler({ address: rt.url });
const runtimeTurn: Turn = async () => {
  const t0 = performance.now();
  let first = 0;
  for await (const ev of handler.converse({ sessionId: 's', content: TEXT, history: [], signal: new AbortController().signal })) {
    if (ev.type === 'chunk' && first === 0) first = performance.now() - t0;
  }
  return first;
};

const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
ws.setMaxListeners(0);
await new Promise<void>((resolve, reject) => {
  ws.once('message', () => resolve()); // `connected`
  ws.once('error', reject);
});
const wsTurn: Turn = () =>
  new Promise((resolve) => {
    const t0 = performance.now();
    let first = 0;
    const on = (data: WebSocket.RawData): void => {
      const m = JSON.parse(data.toString()) as { type: string };
      if (m.type === 'chunk' && first === 0) first = performance.now() - t0;
      if (m.type === 'done' || m.type === 'error') {
        ws.off('message', on);
        resolve(first);
      }
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ type: 'message', content: TEXT }));
  });

// node:http with a keep-alive agent, not fetch: under load undici's own
// per-request cost (≈ 10 ms here) would swamp what the server adds.
const agent = new http.Agent({ keepAlive: true });

/** POSTs `body`; resolves with the time to the first SSE event `isFirst` accepts, once the stream has ended. */
function sseTurn(pathname: string, body: string, isFirst: (data: string) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first = 0;
    let buffered = '';
    const req = http.request(
      { host: '127.0.0.1', port, path: pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (piece: string) => {
          buffered += piece;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) !== -1) {
            const event = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            if (first === 0 && isFirst(event.slice('data: '.length))) first = performance.now() - t0;
          }
        });
        res.on('end', () => (first === 0 ? reject(new Error(`no first token from ${pathname}`)) : resolve(first)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let contextId = crypto.randomUUID();
const a2aTurn: Turn = () =>
  sseTurn(
    '/a2a',
    JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/stream', params: { message: { kind: 'message', role: 'user', messageId: crypto.randomUUID(), contextId, parts: [{ kind: 'text', text: TEXT }] } } }),
    (data) => data.includes('"kind":"artifact-update"'),
  );
const chatTurn: Turn = () =>
  sseTurn('/v1/chat/completions', JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'user', content: TEXT }] }), (data) => data.includes('"delta":{"content"'));

const SCENARIOS: [string, Turn][] = [
  ['runtime', runtimeTurn],
  ['ws', wsTurn],
  ['a2a', a2aTurn],
  ['chat', chatTurn],
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

for (const [, turn] of SCENARIOS) for (let i = 0; i < WARMUP; i++) await turn();
const perRound = new Map<string, number[]>(SCENARIOS.map(([n]) => [n, []]));
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order each round, so no scenario always runs first or last.
  const order = [...SCENARIOS.slice(r % SCENARIOS.length), ...SCENARIOS.slice(0, r % SCENARIOS.length)];
  for (const [name, turn] of order) {
    // Fresh A2A session per round: history stays bounded like the other surfaces'.
    contextId = crypto.randomUUID();
    const samples: number[] = [];
    for (let i = 0; i < TURNS; i++) samples.push(await turn());
    perRound.get(name)!.push(median(samples));
  }
}
const floor = median(perRound.get('runtime')!);
const rows = SCENARIOS.map(([name]) => {
  const m = perRound.get(name)!;
  return { scenario: name, min: round3(Math.min(...m)), median: round3(median(m)), max: round3(Math.max(...m)), added_median: round3(median(m) - floor) };
});
console.log(JSON.stringify({ rounds: ROUNDS, turns_per_round: TURNS, unit: 'ms to first token (median per round)', rows }));
console.table(rows);

ws.close();
agent.destroy();
await facade.close();
await rt.server.close(1_000);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
