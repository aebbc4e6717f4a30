import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/hooks/server/app.js';
import { captureLogger, NOW, objectRequest, parentRequest, testRegistry } from './helpers.js';

function app(bodyLimit?: number) {
  const { logger } = captureLogger();
  return createApp({ registry: testRegistry, clock: () => NOW, logger, ...(bodyLimit ? { bodyLimit } : {}) });
}

describe('hook server: requests it cannot answer', () => {
  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const res = await request(app()).post('/hooks/widget/sync').set('Content-Type', 'application/json').send('{"parent": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_json', detail: 'request body is not valid JSON' });
  });

  it('answers 400 invalid_json for an empty body', async () => {
    const res = await request(app()).post('/hooks/widget/sync').set('Content-Type', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_json');
  });

  it('answers 400 invalid_request when the JSON is not an object', async () => {
    const res = await request(app()).post('/hooks/widget/sync').set('Content-Type', 'application/json').send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('answers 400 missing_parent for a composite request without parent', async () => {
    const body = parentRequest();
    delete body.parent;
    const res = await request(app()).post('/hooks/widget/sync').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'missing_parent', detail: 'request has no "parent" object' });
  });

  it('answers 400 missing_object for a decorator sync request without object', async () => {
    const res = await request(app()).post('/hooks/gadget/sync').send(parentRequest());
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('missing_object');
  });

  it('takes parent (or the sync-shaped object) on a decorator customize request', async () => {
    const ok = await request(app()).post('/hooks/gadget/customize').send({ parent: { metadata: { name: 'g' } } });
    expect(ok.status).toBe(200);
    const objectShaped = await request(app()).post('/hooks/gadget/customize').send(objectRequest());
    expect(objectShaped.status).toBe(200);
    const neither = await request(app()).post('/hooks/gadget/customize').send({ related: {} });
    expect(neither.status).toBe(400);
    expect(neither.body.error).toBe('missing_parent');
    const composite = await request(app()).post('/hooks/widget/customize').send(objectRequest());
    expect(composite.status).toBe(400);
    expect(composite.body.error).toBe('missing_parent');
  });

  it('answers 400 invalid_parent when the parent has no metadata', async () => {
    const res = await request(app()).post('/hooks/widget/sync').send({ parent: { spec: {} } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_parent');
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const res = await request(app()).post('/hooks/widget/sync').set('Content-Type', 'text/plain').send('{}');
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('unsupported_media_type');
  });

  it('answers 415 for JSON in a charset other than UTF-8', async () => {
    const res = await request(app())
      .post('/hooks/widget/sync')
      .set('Content-Type', 'application/json; charset=latin1')
      .send(JSON.stringify(parentRequest()));
    expect(res.status).toBe(415);
  });

  it('accepts application/json with an explicit UTF-8 charset', async () => {
    const res = await request(app())
      .post('/hooks/widget/sync')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send(JSON.stringify(parentRequest()));
    expect(res.status).toBe(200);
  });

  it('answers 413 for a body over the limit, and takes one at the limit', async () => {
    const body = JSON.stringify({ ...parentRequest(), padding: 'x'.repeat(2000) });
    const tooBig = await request(app(body.length - 1)).post('/hooks/widget/sync').set('Content-Type', 'application/json').send(body);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toBe('payload_too_large');
    const fits = await request(app(body.length)).post('/hooks/widget/sync').set('Content-Type', 'application/json').send(body);
    expect(fits.status).toBe(200);
  });

  it('answers 404 unknown_kind and unknown_hook', async () => {
    const kind = await request(app()).post('/hooks/nosuch/sync').send(parentRequest());
    expect(kind.status).toBe(404);
    expect(kind.body.error).toBe('unknown_kind');
    const hook = await request(app()).post('/hooks/gadget/finalize').send(objectRequest());
    expect(hook.status).toBe(404);
    expect(hook.body.error).toBe('unknown_hook');
    const other = await request(app()).post('/hooks/widget/postUpdateChild').send(parentRequest());
    expect(other.status).toBe(404);
  });

  it('does not resolve Object prototype members as kinds or hooks', async () => {
    for (const path of ['/hooks/constructor/sync', '/hooks/__proto__/sync', '/hooks/widget/toString', '/hooks/widget/constructor']) {
      const res = await request(app()).post(path).send(parentRequest());
      expect(res.status, path).toBe(404);
    }
  });

  it('answers 404 before looking at the content type', async () => {
    const res = await request(app()).post('/hooks/nosuch/sync').set('Content-Type', 'text/plain').send('x');
    expect(res.status).toBe(404);
  });

  it('answers 400 invalid_path for a hook path with a broken escape', async () => {
    const res = await request(app()).post('/hooks/wid%E0%A4%A/sync').send(parentRequest());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_path', detail: 'the request path could not be decoded' });
  });

  it('answers 405 for other methods on a hook path and 404 elsewhere', async () => {
    const get = await request(app()).get('/hooks/widget/sync');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const elsewhere = await request(app()).post('/sync').send({});
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error).toBe('not_found');
  });

  it('answers 500 internal_error without a stack trace when a hook throws', async () => {
    const res = await request(app()).post('/hooks/broken/sync').send(parentRequest());
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('internal_error');
    expect(res.text).not.toMatch(/TypeError|Cannot read|at .*\.ts/);
  });

  it.each(['sync', 'customize', 'finalize'])('answers 500 for a hook that breaks the contract (%s)', async (hook) => {
    const res = await request(app()).post(`/hooks/odd/${hook}`).send(parentRequest());
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal_error', detail: expect.any(String) as string });
  });

  it('keeps serving after a hook threw', async () => {
    const a = app();
    await request(a).post('/hooks/broken/sync').send(parentRequest());
    const res = await request(a).post('/hooks/widget/sync').send(parentRequest());
    expect(res.status).toBe(200);
  });

  it('maps a HookRequestError to its status, code and detail', async () => {
    const res = await request(app()).post('/hooks/broken/customize').send(parentRequest());
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: 'unsupported_version', detail: 'hook version v1 is not supported' });
  });

  it('answers 500 when a hook returns a field Metacontroller would reject', async () => {
    const res = await request(app()).post('/hooks/broken/finalize').send(parentRequest());
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('internal_error');
  });

  it('never echoes the offending input in a JSON error', async () => {
    const res = await request(app())
      .post('/hooks/widget/sync')
      .set('Content-Type', 'application/json')
      .send('{"parent": sk-ant-PLANTED-9f8e7d}');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('PLANTED');
  });
});
