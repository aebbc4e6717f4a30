import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { converseEventSchema, errorBodySchema, invokeResponseSchema } from './schemas.js';

// The conformance schemas of invoke's optional `tool_calls`, on success and in
// an error body: what they accept from a custom runtime and what they refuse.

const isInvoke = new Ajv({ allErrors: true }).compile(invokeResponseSchema);
const base = { output: { ok: true }, raw_output: '{"ok":true}', usage: { input_tokens: 1, output_tokens: 1, cost_usd: 0 }, duration_ms: 5 };

describe('invoke response schema: tool_calls', () => {
  it('is optional', () => {
    expect(isInvoke(base)).toBe(true);
  });

  it('accepts calls with a result or an error', () => {
    const body = {
      ...base,
      tool_calls: [
        { id: 'c1', name: 'weather', arguments: { city: 'Oslo' }, result: { forecast: 'sunny' }, duration_ms: 12 },
        { id: 'c2', name: 'broken', arguments: {}, error: 'HTTP 500', duration_ms: 3 },
      ],
    };
    expect(isInvoke(body)).toBe(true);
  });

  it('refuses a call with both a result and an error, or without duration_ms, or with non-object arguments', () => {
    const call = { id: 'c1', name: 'weather', arguments: {}, duration_ms: 1 };
    expect(isInvoke({ ...base, tool_calls: [{ ...call, result: 1, error: 'x' }] })).toBe(false);
    const { duration_ms: _d, ...noDuration } = call;
    expect(isInvoke({ ...base, tool_calls: [noDuration] })).toBe(false);
    expect(isInvoke({ ...base, tool_calls: [{ ...call, arguments: 'city=Oslo' }] })).toBe(false);
    expect(isInvoke({ ...base, tool_calls: {} })).toBe(false);
  });
});

describe('error body schema: tool_calls of a failed invoke', () => {
  const isError = new Ajv({ allErrors: true }).compile(errorBodySchema);
  const failed = { error: 'runtime_error', detail: 'the model fell over', code: 'AGENT_UNAVAILABLE' };

  it('is optional, and accepts the calls made before the failure', () => {
    expect(isError(failed)).toBe(true);
    expect(isError({ ...failed, tool_calls: [] })).toBe(true);
    expect(isError({ ...failed, tool_calls: [{ id: 'c1', name: 'weather', arguments: { city: 'Oslo' }, result: { forecast: 'sunny' }, duration_ms: 12 }] })).toBe(true);
  });

  it('refuses entries shaped unlike a successful invoke\'s', () => {
    expect(isError({ ...failed, tool_calls: [{ id: 'c1', name: 'weather', arguments: {}, result: 1, error: 'x', duration_ms: 1 }] })).toBe(false);
    expect(isError({ ...failed, tool_calls: [{ id: 'c1', name: 'weather', arguments: {} }] })).toBe(false);
    expect(isError({ ...failed, tool_calls: 'weather' })).toBe(false);
  });
});

describe('error body schema: usage of a failed invoke', () => {
  const isError = new Ajv({ allErrors: true }).compile(errorBodySchema);
  const failed = { error: 'runtime_error', detail: 'the model fell over', code: 'AGENT_UNAVAILABLE', tool_calls: [] };
  const usage = { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 };

  it('is optional, and accepts usage with the model and provider as on success', () => {
    expect(isError(failed)).toBe(true);
    expect(isError({ ...failed, usage, model: 'gpt-test', provider: 'openai' })).toBe(true);
    expect(isError({ ...failed, usage })).toBe(true);
  });

  it('refuses usage shaped unlike a successful invoke\'s, and a non-string model or provider', () => {
    const { cost_usd: _c, ...noCost } = usage;
    expect(isError({ ...failed, usage: noCost })).toBe(false);
    expect(isError({ ...failed, usage: { ...usage, input_tokens: -1 } })).toBe(false);
    expect(isError({ ...failed, usage: { ...usage, output_tokens: 1.5 } })).toBe(false);
    expect(isError({ ...failed, usage: 42 })).toBe(false);
    expect(isError({ ...failed, usage, model: 7 })).toBe(false);
    expect(isError({ ...failed, usage, provider: null })).toBe(false);
  });
});

describe('converse event schema: usage of a failed turn', () => {
  const isEvent = new Ajv({ allErrors: true }).compile(converseEventSchema);
  const failed = { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'the model fell over' };
  const usage = { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 };

  it('is optional, and accepts usage with the model and provider as on done', () => {
    expect(isEvent(failed)).toBe(true);
    expect(isEvent({ ...failed, usage, model: 'gpt-test', provider: 'openai' })).toBe(true);
    expect(isEvent({ ...failed, usage })).toBe(true);
  });

  it("refuses usage shaped unlike done's, and a non-string model or provider", () => {
    const { cost_usd: _c, ...noCost } = usage;
    expect(isEvent({ ...failed, usage: noCost })).toBe(false);
    expect(isEvent({ ...failed, usage: { ...usage, input_tokens: -1 } })).toBe(false);
    expect(isEvent({ ...failed, usage: { ...usage, output_tokens: 1.5 } })).toBe(false);
    expect(isEvent({ ...failed, usage: 'lots' })).toBe(false);
    expect(isEvent({ ...failed, usage, model: 7 })).toBe(false);
    expect(isEvent({ ...failed, usage, provider: null })).toBe(false);
  });
});
