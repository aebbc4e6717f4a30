import { describe, expect, it } from 'vitest';
import { compileFunctionSchemas } from '../../../src/facade/function/index.js';
import { compileJsonSchema } from '../../../src/shared/json-schema.js';

const OBJ = { type: 'object', required: ['a'], properties: { a: { type: 'string' } } };

describe('compileFunctionSchemas', () => {
  it('validates input and output with messages that name the side', () => {
    const v = compileFunctionSchemas(OBJ, { type: 'object', required: ['summary'] });
    expect(v.validateInput({ a: 'x' })).toEqual({ ok: true });
    expect(v.validateInput({ a: 1 })).toEqual({ ok: false, message: 'input/a must be string' });
    expect(v.validateOutput({})).toEqual({ ok: false, message: "output must have required property 'summary'" });
  });

  it('reports every violation at once', () => {
    const v = compileFunctionSchemas(
      { type: 'object', required: ['a', 'b'], properties: { n: { type: 'integer', minimum: 10 } } },
      true,
    );
    const r = v.validateInput({ n: 3 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message.split(', ')).toEqual([
      "input must have required property 'a'",
      "input must have required property 'b'",
      'input/n must be >= 10',
    ]);
  });

  it('checks formats (ajv-formats)', () => {
    const v = compileFunctionSchemas({ type: 'string', format: 'email' }, { type: 'string', format: 'date-time' });
    expect(v.validateInput('a@example.com')).toEqual({ ok: true });
    expect(v.validateInput('not an email')).toEqual({ ok: false, message: 'input must match format "email"' });
    expect(v.validateOutput('2026-01-02T03:04:05Z')).toEqual({ ok: true });
    expect(v.validateOutput('yesterday').ok).toBe(false);
  });

  it('honours $schema: 2020-12 prefixItems, 2019-09, draft-07 tuples', () => {
    const v2020 = compileFunctionSchemas(
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }], items: false },
      { $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', unevaluatedProperties: false, properties: { x: {} } },
    );
    expect(v2020.validateInput(['a'])).toEqual({ ok: true });
    expect(v2020.validateInput(['a', 'b']).ok).toBe(false);
    expect(v2020.validateOutput({ x: 1 })).toEqual({ ok: true });
    expect(v2020.validateOutput({ y: 1 }).ok).toBe(false);

    const v07 = compileFunctionSchemas(
      { $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'string' }], additionalItems: false },
      true,
    );
    expect(v07.validateInput(['a'])).toEqual({ ok: true });
    expect(v07.validateInput(['a', 1]).ok).toBe(false);
  });

  it('ignores unknown keywords such as OpenAPI examples', () => {
    const v = compileFunctionSchemas({ type: 'string', example: 'hi', 'x-kubernetes-preserve-unknown-fields': true }, true);
    expect(v.validateInput('hi')).toEqual({ ok: true });
  });

  it('keeps the two schemas apart even when they share an $id', () => {
    const v = compileFunctionSchemas(
      { $id: 'https://example.com/s', type: 'string' },
      { $id: 'https://example.com/s', type: 'number' },
    );
    expect(v.validateInput('a')).toEqual({ ok: true });
    expect(v.validateOutput(1)).toEqual({ ok: true });
  });

  it('throws a clear error naming the schema at fault', () => {
    expect(() => compileFunctionSchemas({ type: 'objekt' }, true)).toThrow(
      /^inputSchema is not a valid JSON Schema: schema is invalid: data\/type must be equal to one of the allowed values/,
    );
    expect(() => compileFunctionSchemas(true, { type: 'object', required: 'summary' })).toThrow(
      /^outputSchema is not a valid JSON Schema: schema is invalid: data\/required must be array/,
    );
    expect(() => compileFunctionSchemas(true, { $ref: '#/definitions/missing' })).toThrow(
      /^outputSchema is not a valid JSON Schema: can't resolve reference #\/definitions\/missing/,
    );
    expect(() => compileFunctionSchemas(undefined, true)).toThrow('inputSchema is required in function mode');
    expect(() => compileFunctionSchemas(true, null)).toThrow('outputSchema is required in function mode');
    expect(() => compileFunctionSchemas('string', true)).toThrow('inputSchema must be a JSON Schema object, got string');
    expect(() => compileFunctionSchemas([], true)).toThrow('inputSchema must be a JSON Schema object, got an array');
    expect(() => compileFunctionSchemas({ $schema: 'http://json-schema.org/draft-04/schema#' }, true)).toThrow(
      'inputSchema: unsupported "$schema" "http://json-schema.org/draft-04/schema#" (use draft-07, 2019-09 or 2020-12, or leave it out for draft-07)',
    );
    expect(() => compileFunctionSchemas({ $schema: 7 }, true)).toThrow('inputSchema: "$schema" must be a string');
  });
});

describe('compileJsonSchema (shared with the AgentRuntime hook)', () => {
  it('labels errors with the caller\'s field name and messages with the data name', () => {
    expect(() => compileJsonSchema({ type: 'objekt' }, 'spec.outputSchema', 'output')).toThrow(
      /^spec\.outputSchema is not a valid JSON Schema: schema is invalid/,
    );
    expect(() => compileJsonSchema(undefined, 'spec.inputSchema', 'input')).toThrow('spec.inputSchema is required');
    const v = compileJsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'integer' }, 'x', 'value');
    expect(v(1.5)).toEqual({ ok: false, message: 'value must be integer' });
  });
});
