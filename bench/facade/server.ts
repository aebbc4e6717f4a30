import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { WebSocketServer } from 'ws';
import { createFacade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { ECHO_REPLY_CONTENT } from './payload.js';

// A benchmark target, run as a child process with IPC: `bare` is a plain `ws`
// server answering every frame with a done-shaped frame (the baseline), `facade` is the real facade with the echo
// handler and the memory store. Answers {memory: true} with its memory usage
// after a full GC, and {cpu: true} with its CPU time so far.

const kind = process.argv[2];

async function start(): Promise<number> {
  if (kind === 'bare') {
    // Same ws options as the facade's server. The reply is not the request
    // frame sent back but a `done`-shaped text frame of exactly the facade's
    // size (same keys, a UUID session id, the echo text, a timestamp formatted
    // per message), so both targets write the same bytes per round trip; it
    // does none of the facade's work (no parsing, store, metrics).
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false });
    wss.on('connection', (ws) => {
      const sessionId = randomUUID();
      ws.on('message', () =>
        ws.send(JSON.stringify({ type: 'done', session_id: sessionId, content: ECHO_REPLY_CONTENT, timestamp: new Date().toISOString() })),
      );
    });
    await new Promise((r) => wss.once('listening', r));
    return (wss.address() as { port: number }).port;
  }
  const config = loadFacadeConfig({
    OMNIA_FACADE_PORT: '0',
    OMNIA_HEALTH_PORT: '0',
    OMNIA_BIND_ADDRESS: '127.0.0.1',
    OMNIA_HANDLER_MODE: 'echo',
    OMNIA_SESSION_TYPE: 'memory',
    OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
    OMNIA_MAX_MESSAGES_PER_MINUTE: '100000000',
    OMNIA_MAX_CONNECTIONS: '100000',
    OMNIA_MAX_SESSIONS: '100000',
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
process.on('SIGINT', () => process.exit(0));
