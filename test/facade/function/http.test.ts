import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOnlyHandler, ECHO_USAGE, echoHandler, httpInvokeHandler } from './support/handlers.js';
import { postJson, startFunction, type StartedFunction } from './support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('POST /functions/{name}: the spec/003 status matrix over real HTTP', () => {
  let f: StartedFunction;
  const handler = echoHandler();
  beforeAll(async () => {
    f = await startFunction({ handler });
  });
  afterAll(() => f.close());

  it('200: validated output with invocation_id, duration_ms and usage', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'hello' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.json).toEqual({
      output: { echo: 'hello' },
      invocation_id: expect.stringMatching(UUID),
      duration_ms: expect.any(Number),
      usage: ECHO_USAGE,
    });
    expect(Number.isInteger(r.json?.duration_ms)).toBe(true);
    expect(r.headers.get('x-invocation-id')).toBe(r.json?.invocation_id);
    // The handler was given the same id the caller sees.
    expect(handler.invocations).toContain(r.json?.invocation_id);
  });

  it('200 with a charset parameter and a query string', async () => {
    const r = await postJson(`${f.url}/functions/echo?trace=1`, { text: 'hi' }, { 'content-type': 'application/json; charset=UTF-8' });
    expect(r.status).toBe(200);
    expect(r.json?.output).toEqual({ echo: 'hi' });
  });

  it('each invocation gets its own id', async () => {
    const a = await postJson(`${f.url}/functions/echo`, { text: 'a' });
    const b = await postJson(`${f.url}/functions/echo`, { text: 'b' });
    expect(a.json?.invocation_id).not.toBe(b.json?.invocation_id);
  });

  it('400 input_invalid carries the validator message', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 42, extra: true });
    expect(r.status).toBe(400);
    expect(r.json?.error).toBe('input_invalid');
    expect(r.json?.detail).toContain('input/text must be string');
    expect(r.json?.detail).toContain('must NOT have additional properties');
    expect(Object.keys(r.json ?? {}).sort()).toEqual(['detail', 'error']);
  });

  it('400 input_invalid for a missing required property', async () => {
    const r = await postJson(`${f.url}/functions/echo`, {});
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'input_invalid', detail: "input must have required property 'text'" });
  });

  it('400 input_invalid for malformed JSON, an empty body and invalid UTF-8', async () => {
    const malformed = await postJson(`${f.url}/functions/echo`, '{"text": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json?.error).toBe('input_invalid');
    expect(malformed.json?.detail).toMatch(/^request body is not valid JSON: /);

    const empty = await postJson(`${f.url}/functions/echo`, '');
    expect(empty.status).toBe(400);
    expect(empty.json?.detail).toBe('request body is not valid JSON: the body is empty');

    const res = await fetch(`${f.url}/functions/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'input_invalid', detail: 'request body is not valid UTF-8' });
  });

  it('502 output_invalid with raw_output when the reply breaks the output schema', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'break-schema' });
    expect(r.status).toBe(502);
    expect(r.json).toEqual({
      error: 'output_invalid',
      detail: expect.stringContaining("output must have required property 'echo'"),
      raw_output: '{"wrong":1}',
    });
  });

  it('502 output_invalid when the model reply was not JSON at all', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'not-json' });
    expect(r.status).toBe(502);
    expect(r.json?.error).toBe('output_invalid');
    expect(r.json?.detail).toBe('output must be object');
    expect(r.json?.raw_output).toBe('Sure! Here it is');
  });

  it('502 runtime_error when invoke throws', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'explode' });
    expect(r.status).toBe(502);
    expect(r.json).toEqual({ error: 'runtime_error', detail: 'runtime failed: runtime exploded' });
  });

  it('502 runtime_error when the handler resolves without a result', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'nothing' });
    expect(r.status).toBe(502);
    expect(r.json).toEqual({ error: 'runtime_error', detail: 'runtime failed: it returned no result' });
  });

  it('404 function_not_found for another name and other paths', async () => {
    const other = await postJson(`${f.url}/functions/summarizer`, { text: 'x' });
    expect(other.status).toBe(404);
    expect(other.json).toEqual({
      error: 'function_not_found',
      detail: 'no function named "summarizer" on this facade (it serves "echo")',
    });
    for (const path of ['/functions/', '/functions/echo/extra', '/functions', '/other', '/functions/%E0%A4%A']) {
      const r = await postJson(`${f.url}${path}`, { text: 'x' });
      expect(r.status, path).toBe(404);
      expect(r.json?.error, path).toBe('function_not_found');
    }
  });

  it('405 method_not_allowed with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await fetch(`${f.url}/functions/echo`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow'), method).toBe('POST');
      expect(await res.json()).toEqual({ error: 'method_not_allowed', detail: `${method} is not allowed; use POST` });
    }
    const head = await fetch(`${f.url}/functions/echo`, { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('POST');
  });

  it('415 unsupported_media_type unless the Content-Type is JSON in UTF-8', async () => {
    const cases: Array<[string | undefined, string]> = [
      ['text/plain', 'Content-Type must be application/json, got "text/plain"'],
      ['application/x-www-form-urlencoded', 'Content-Type must be application/json, got "application/x-www-form-urlencoded"'],
      ['application/json; charset=latin1', 'unsupported charset "latin1": JSON must be UTF-8'],
      [undefined, 'Content-Type must be application/json (none was sent)'],
    ];
    for (const [type, detail] of cases) {
      const res = await fetch(`${f.url}/functions/echo`, {
        method: 'POST',
        headers: type === undefined ? {} : { 'content-type': type },
        body: type === undefined ? new Uint8Array(Buffer.from('{"text":"x"}')) : '{"text":"x"}',
      });
      expect(res.status, String(type)).toBe(415);
      expect(await res.json()).toEqual({ error: 'unsupported_media_type', detail });
    }
  });

  it('413 payload_too_large for a body over 1 MiB', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    const r = await postJson(`${f.url}/functions/echo`, big);
    expect(r.status).toBe(413);
    expect(r.json).toEqual({ error: 'payload_too_large', detail: 'request body exceeds 1048576 bytes' });
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const prefix = '{"text":"';
    const suffix = '"}';
    const body = prefix + 'y'.repeat(1024 * 1024 - prefix.length - suffix.length) + suffix;
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    const r = await postJson(`${f.url}/functions/echo`, body);
    expect(r.status).toBe(200);
    expect((r.json?.output as { echo: string }).echo.length).toBe(1024 * 1024 - 11);
  });
});

describe('401 unauthorized through the authenticate chain', () => {
  let f: StartedFunction;
  const handler = echoHandler();
  beforeAll(async () => {
    f = await startFunction({
      handler,
      authenticate: async (req) =>
        req.headers.authorization === 'Bearer good'
          ? { ok: true }
          : { ok: false, detail: 'no credential was admitted by any validator' },
    });
  });
  afterAll(() => f.close());

  it('rejects without a credential and never invokes the handler', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'hi' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'unauthorized', detail: 'no credential was admitted by any validator' });
    expect(handler.invocations).toHaveLength(0);
  });

  it('admits a request the chain accepts', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'hi' }, { authorization: 'Bearer good' });
    expect(r.status).toBe(200);
    expect(r.json?.output).toEqual({ echo: 'hi' });
  });

  it('checks credentials before looking at the body (401, not 415 or 400)', async () => {
    const r = await postJson(`${f.url}/functions/echo`, 'not json', { 'content-type': 'text/plain' });
    expect(r.status).toBe(401);
  });
});

describe('an auth chain that throws fails closed', () => {
  let f: StartedFunction;
  beforeAll(async () => {
    f = await startFunction({
      handler: echoHandler(),
      authenticate: async () => {
        throw new Error('JWKS endpoint unreachable');
      },
    });
  });
  afterAll(() => f.close());

  it('answers 401 without leaking the internal error', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'hi' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'unauthorized', detail: 'authentication could not be checked' });
  });
});

describe('502 runtime_error when the runtime is down', () => {
  let f: StartedFunction;
  let g: StartedFunction;
  beforeAll(async () => {
    // A port that was just free: nothing listens there any more.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    f = await startFunction({ handler: httpInvokeHandler(`http://127.0.0.1:${deadPort}`) });
    g = await startFunction({ handler: chatOnlyHandler() });
  });
  afterAll(async () => {
    await f.close();
    await g.close();
  });

  it('connection refused → 502 runtime_error', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'hi' });
    expect(r.status).toBe(502);
    expect(r.json?.error).toBe('runtime_error');
    expect(r.json?.detail).toMatch(/^runtime failed: /);
  });

  it('a handler that cannot invoke → 502 runtime_error', async () => {
    const r = await postJson(`${g.url}/functions/echo`, { text: 'hi' });
    expect(r.status).toBe(502);
    expect(r.json).toEqual({ error: 'runtime_error', detail: 'the chat-only handler cannot serve functions' });
  });
});

describe('deadlines and callers that hang up', () => {
  let f: StartedFunction;
  const handler = echoHandler();
  beforeAll(async () => {
    f = await startFunction({ handler, invokeTimeoutMs: 200 });
  });
  afterAll(() => f.close());

  it('502 runtime_error when the runtime does not answer within invokeTimeoutMs', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'hang' });
    expect(r.status).toBe(502);
    expect(r.json).toEqual({ error: 'runtime_error', detail: 'runtime failed: the runtime did not answer within 200 ms' });
  });

  it('aborts the invocation when the caller goes away', async () => {
    const before = handler.aborted.length;
    const started = handler.invocations.length;
    const controller = new AbortController();
    const pending = fetch(`${f.url}/functions/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hang' }),
      signal: controller.signal,
    }).catch((err: unknown) => err);
    // Wait until the handler holds the invocation, then hang up.
    await expect.poll(() => handler.invocations.length).toBeGreaterThan(started);
    const id = handler.invocations.at(-1);
    controller.abort();
    await pending;
    await expect.poll(() => handler.aborted.length).toBe(before + 1);
    expect(handler.aborted.at(-1)).toBe(id);
  });
});
