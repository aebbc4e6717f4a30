import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/hooks/registry.js';
import { createApp } from '../../../src/hooks/server/app.js';

const FIXTURE = join(import.meta.dirname, '../../../bench/hooks/fixtures/sync-request.json');
import { captureLogger, NOW, objectRequest, parentRequest, testRegistry } from './helpers.js';

function app() {
  return createApp({ registry: testRegistry, clock: () => NOW, logger: captureLogger().logger });
}

describe('hook server: answering hooks', () => {
  it('calls the composite sync hook with the request and the clock', async () => {
    const res = await request(app()).post('/hooks/widget/sync').send(parentRequest('a1'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.status.observedAt).toBe(NOW.toISOString());
    expect(res.body.children[0].metadata.name).toBe('a1');
  });

  it('calls the decorator sync hook with the object', async () => {
    const res = await request(app()).post('/hooks/gadget/sync').send(objectRequest('g1'));
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual({ name: 'g1', phase: 'Ready' });
  });

  it('serialises with sorted keys at every level', async () => {
    const res = await request(app()).post('/hooks/widget/sync').send(parentRequest('a1'));
    expect(res.text).toBe(
      '{"children":[{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"name":"a1"}}],' +
        '"status":{"observedAt":"2026-01-02T03:04:05.000Z","phase":"Running","zeta":1}}',
    );
  });

  it('answers byte-identical responses and ETags for the same request', async () => {
    const a = app();
    const first = await request(a).post('/hooks/widget/sync').send(parentRequest());
    const second = await request(a).post('/hooks/widget/sync').send(parentRequest());
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  });

  it('sends the length and a sha256 ETag of the exact UTF-8 bytes', async () => {
    const res = await request(app()).post('/hooks/widget/sync').send(parentRequest('agent-é✓'));
    expect(res.status).toBe(200);
    const bytes = Buffer.from(res.text, 'utf8');
    expect(res.body.children[0].metadata.name).toBe('agent-é✓');
    expect(Number(res.headers['content-length'])).toBe(bytes.length);
    expect(res.headers.etag).toBe(`"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`);
  });

  it('finds the hook behind escaped segments, a trailing slash, a query or another case', async () => {
    const a = app();
    for (const path of ['/hooks/wid%67et/sync', '/hooks/widget/sync/', '/hooks/widget/sync?trace=1', '/HOOKS/widget/sync']) {
      const res = await request(a).post(path).send(parentRequest('found'));
      expect(res.status, path).toBe(200);
      expect(res.body.children[0].metadata.name, path).toBe('found');
    }
    const escapedUnknown = await request(a).post('/hooks/no%20such/sync').send(parentRequest());
    expect(escapedUnknown.status).toBe(404);
    expect(escapedUnknown.body).toEqual({ error: 'unknown_kind', detail: 'no hooks for kind "no such" (valid kinds: broken, gadget, odd, widget)' });
  });

  it('gives a different ETag to a different response', async () => {
    const a = app();
    const one = await request(a).post('/hooks/widget/sync').send(parentRequest('one'));
    const two = await request(a).post('/hooks/widget/sync').send(parentRequest('two'));
    expect(two.headers.etag).not.toBe(one.headers.etag);
  });

  it('answers 304 with no body when If-None-Match matches, 200 when it does not', async () => {
    const a = app();
    const first = await request(a).post('/hooks/widget/sync').send(parentRequest());
    const etag = first.headers.etag as string;
    const cached = await request(a).post('/hooks/widget/sync').set('If-None-Match', etag).send(parentRequest());
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');
    expect(cached.headers.etag).toBe(etag);
    const listed = await request(a).post('/hooks/widget/sync').set('If-None-Match', `"other", W/${etag}`).send(parentRequest());
    expect(listed.status).toBe(304);
    const stale = await request(a).post('/hooks/widget/sync').set('If-None-Match', '"stale"').send(parentRequest());
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(first.text);
  });

  it('answers the real AgentRuntime sync with identical bytes for the same request', async () => {
    const a = createApp({ registry: defaultRegistry, clock: () => NOW, logger: captureLogger().logger });
    const body = JSON.parse(readFileSync(FIXTURE, 'utf8')) as object;
    const first = await request(a).post('/hooks/agentruntime/sync').send(body);
    const second = await request(a).post('/hooks/agentruntime/sync').send(structuredClone(body));
    expect(first.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(Object.keys(first.body).every((k) => ['status', 'children', 'resyncAfterSeconds', 'finalized'].includes(k))).toBe(true);
  });

  it('sends no ETag on an error', async () => {
    const res = await request(app()).post('/hooks/broken/sync').send(parentRequest());
    expect(res.status).toBe(500);
    expect(res.headers.etag).toBeUndefined();
  });

  it('accepts a gzip-compressed body and answers 400 for a corrupt one', async () => {
    // A real socket: supertest re-encodes Buffer bodies sent as JSON.
    const server = app().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/widget/sync`;
      const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
      const good = await fetch(url, { method: 'POST', headers, body: gzipSync(JSON.stringify(parentRequest('zipped'))) });
      expect(good.status).toBe(200);
      expect(((await good.json()) as { children: { metadata: { name: string } }[] }).children[0]?.metadata.name).toBe('zipped');
      const corrupt = await fetch(url, { method: 'POST', headers, body: 'not gzip at all' });
      expect(corrupt.status).toBe(400);
      expect(await corrupt.json()).toEqual({ error: 'invalid_encoding', detail: 'the compressed request body could not be decompressed' });
    } finally {
      server.close();
    }
  });
});
