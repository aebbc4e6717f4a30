import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebSocketServer } from 'ws';
import { createFacade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { API_KEY, CONNECTED_BYTES, ECHO_REPLY_CONTENT } from './payload.js';

// A benchmark target, run as a child process with IPC:
//   bare        a plain `ws` server (the facade's ws options) that greets each
//               connection with a frame the size of the facade's `connected`
//               and answers every frame with a done-shaped frame (the baseline);
//   facade      the real facade, echo handler, memory store, auth open;
//   facade-key  the same with auth on: one API key in OMNIA_API_KEYS_FILE,
//               clients send `Authorization: Bearer <key>`.
// Answers {memory: true} with its memory usage after a full GC, and
// {cpu: true} with its CPU time so far.

const kind = process.argv[2];

async function start(): Promise<number> {
  if (kind === 'bare') {
    // The reply is not the request frame sent back but a `done`-shaped text
    // frame of exactly the facade's size (same keys, a UUID session id, the echo
    // text, a timestamp formatted per message), so both targets write the same
    // bytes per round trip; it does none of the facade's work (no parsing,
    // store, metrics).
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false });
    const greeting = 'x'.repeat(CONNECTED_BYTES);
    wss.on('connection', (ws) => {
      const sessionId = randomUUID();
      ws.send(greeting);
      ws.on('message', () =>
        ws.send(JSON.stringify({ type: 'done', session_id: sessionId, content: ECHO_REPLY_CONTENT, timestamp: new Date().toISOString() })),
      );
    });
    await new Promise((r) => wss.once('listening', r));
    return (wss.address() as { port: number }).port;
  }
  const auth: Record<string, string> = {};
  if (kind === 'facade-key') {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-keys-')), 'api-keys');
    writeFileSync(file, `${API_KEY}\n`);
    auth.OMNIA_API_KEYS_FILE = file;
  } else {
    auth.OMNIA_FACADE_ALLOW_UNAUTHENTICATED = 'true';
  }
  const config = loadFacadeConfig({
    OMNIA_FACADE_PORT: '0',
    OMNIA_HEALTH_PORT: '0',
    OMNIA_BIND_ADDRESS: '127.0.0.1',
    OMNIA_HANDLER_MODE: 'echo',
    OMNIA_SESSION_TYPE: 'memory',
    OMNIA_MAX_MESSAGES_PER_MINUTE: '100000000',
    OMNIA_MAX_CONNECTIONS: '100000',
    OMNIA_MAX_SESSIONS: '100000',
    ...auth,
  });
  const facade = createFacade(config, { logger: pino({ level: 'error' }) });
  return (await facade.listen()).port;
}

const port = await start();
process.on('message', (msg: { memory?: boolean; cpu?: boolean }) => {
  if (msg.memory) {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ memory: process.memoryUsage() });
  }
  if (msg.cpu) process.send?.({ cpu: process.cpuUsage() });
});
process.send?.({ port });
// Without IPC (bench/facade/idle.ts starts it as a plain process) the port goes to stdout, as the facade logs it.
if (!process.send) console.log(JSON.stringify({ msg: 'facade listening', port }));
process.on('SIGINT', () => process.exit(0));
