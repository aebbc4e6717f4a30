import { describe, expect, it } from 'vitest';
import { chunksOf, scriptFor } from '../../src/facade/handlers/demo.js';
import { parseClientFrame, server, serverText } from '../../src/facade/protocol.js';
import { createRateLimiter } from '../../src/facade/rate-limit.js';

describe('rate limiter (token bucket, time as a parameter)', () => {
  it('allows a burst up to the limit, then refills at limit per window', () => {
    let t = 0;
    const rl = createRateLimiter(3, 60_000, () => t);
    expect([rl.take(), rl.take(), rl.take(), rl.take()]).toEqual([true, true, true, false]);
    t += 19_999;
    expect(rl.take()).toBe(false);
    t += 1;
    expect(rl.take()).toBe(true);
    t += 10 * 60_000;
    expect([rl.take(), rl.take(), rl.take(), rl.take()]).toEqual([true, true, true, false]);
  });
});

describe('client frame parsing', () => {
  it('accepts a message with session_id and string metadata', () => {
    expect(parseClientFrame('{"type":"message","content":"hi","session_id":"abc-1","metadata":{"k":"v"}}')).toEqual({
      ok: true,
      message: { type: 'message', content: 'hi', session_id: 'abc-1', metadata: { k: 'v' } },
    });
  });
  it('joins text parts, which take precedence over content', () => {
    const r = parseClientFrame('{"type":"message","content":"old","parts":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}');
    expect(r).toEqual({ ok: true, message: { type: 'message', content: 'a\nb' } });
  });
  it('refuses a session_id that is not an id', () => {
    expect(parseClientFrame('{"type":"message","content":"x","session_id":"../../etc"}')).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
  });
  it('treats an empty session_id as absent', () => {
    expect(parseClientFrame('{"type":"message","content":"x","session_id":""}')).toEqual({ ok: true, message: { type: 'message', content: 'x' } });
  });
});

describe('demo scripts', () => {
  it.each([
    ['password reset please', 'lookup_password_policy'],
    ['PASSWORD?', 'lookup_password_policy'],
    ['weather for New York', 'get_weather'],
    ['my passwords', undefined],
    ['sweatherapy', undefined],
    ['passworded', undefined],
  ])('%s → %s', (text, tool) => {
    expect(scriptFor(text).tool?.name).toBe(tool);
  });
  it('extracts multi-word places', () => {
    expect(scriptFor('weather for New York').tool?.arguments).toEqual({ location: 'New York' });
  });
  it('chunks concatenate back to the text', () => {
    const text = 'The weather in  Oslo is sunny.';
    expect(chunksOf(text).join('')).toBe(text);
  });
});

describe('server messages built as text', () => {
  it('are byte for byte what JSON.stringify makes of the message objects', () => {
    const id = 'a-session_id:1.2';
    const content = 'quote " backslash \\ newline \n unicode é \u2028';
    // The text builders read the clock once per millisecond: compare within one.
    for (let i = 0; i < 20; i++) {
      const pairs = [
        [serverText.connected(id, false, 1048576), JSON.stringify(server.connected(id, false, 1048576))],
        [serverText.connected(id, true, 7), JSON.stringify(server.connected(id, true, 7))],
        [serverText.chunk(id, content), JSON.stringify(server.chunk(id, content))],
        [serverText.done(id, content), JSON.stringify(server.done(id, content))],
      ];
      const sameMs = pairs.every(([a, b]) => JSON.parse(a as string).timestamp === JSON.parse(b as string).timestamp);
      if (!sameMs) continue;
      for (const [text, json] of pairs) expect(text).toBe(json);
      return;
    }
    throw new Error('the clock never held still for four messages');
  });
});
