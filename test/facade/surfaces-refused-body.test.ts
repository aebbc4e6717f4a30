import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../src/facade/sessions/types.js';
import { startFacade, type Running } from './helpers.js';

// A body a JSON surface refuses without reading it (over OMNIA_MAX_FRAME_BYTES,
// or not JSON at all) is answered with Connection: close, so the server drops the
// socket instead of draining the rest; a body it read keeps the connection.

const POST_SURFACES = ['/a2a', '/v1/chat/completions', '/agent/invoke'];

describe('the HTTP surfaces close the connection after a body they left unread', () => {
  let facade: Running;
  let store: SessionStore;

  beforeAll(async () => {
    store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 100 });
    facade = await startFacade({ OMNIA_MAX_FRAME_BYTES: '4096' }, { store });
  });
  afterAll(async () => {
    await facade.facade.close();
    await store.close();
  });

  /** Sends the headers only (the declared body never comes) unless `body` is given; resolves with the answer's status and Connection header. */
  const ask = (path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: facade.port, path, method: 'POST', headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      });
      req.on('error', reject);
      if (body !== undefined) req.end(body);
      else req.flushHeaders();
    });

  it.each(POST_SURFACES)('%s: 413 for a declared length over the limit, with Connection: close', async (path) => {
    const r = await ask(path, { 'content-type': 'application/json', 'content-length': String(1024 * 1024) });
    expect(r).toEqual({ status: 413, connection: 'close' });
  });

  it.each(POST_SURFACES)('%s: 415 for a body that is not JSON, with Connection: close', async (path) => {
    const r = await ask(path, { 'content-type': 'text/plain', 'content-length': '5' }, 'hello');
    expect(r).toEqual({ status: 415, connection: 'close' });
  });

  it('a JSON body read to the end and refused as invalid keeps the connection', async () => {
    const r = await ask('/agent/invoke', { 'content-type': 'application/json', 'content-length': '2' }, '{}');
    expect(r.status).toBe(400);
    expect(r.connection).toBe('keep-alive');
  });
});
