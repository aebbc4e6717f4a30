import { describe, expect, it } from 'vitest';
import { checkFunctionSchemas } from '../../../src/hooks/agentruntime/resolve/function-schemas.js';
import { compileJsonSchema } from '../../../src/shared/json-schema.js';

// The hook must accept and refuse exactly the schemas the facade will, or a
// Running agent could crash-loop on start-up (or a good one be held back).
describe('function schemas: the hook and the facade agree', () => {
  const cases: Array<[string, unknown]> = [
    ['draft-07 without $schema', { type: 'object', required: ['text'], properties: { text: { type: 'string' } } }],
    ['2020-12 with prefixItems', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }] }],
    ['2019-09', { $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object' }],
    ['a format ajv-formats knows', { type: 'string', format: 'date-time' }],
    ['unknown keyword in non-strict mode', { type: 'string', example: 'x' }],
    ['bad type name', { type: 'strin' }],
    ['draft-04', { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' }],
    ['non-string $schema', { $schema: 7, type: 'object' }],
  ];
  for (const [label, schema] of cases) {
    it(label, () => {
      let facadeError: string | null = null;
      try {
        compileJsonSchema(schema, 'spec.inputSchema', 'input');
      } catch (err) {
        facadeError = (err as Error).message;
      }
      const problems = checkFunctionSchemas({ inputSchema: schema as never, outputSchema: { type: 'object' } });
      expect(problems.length === 0).toBe(facadeError === null);
      if (facadeError !== null) expect(problems[0]).toBe(facadeError);
    });
  }

  it('names the offending field', () => {
    expect(checkFunctionSchemas({ inputSchema: { type: 'object' }, outputSchema: { type: 'nope' } as never })[0]).toMatch(
      /^spec\.outputSchema is not a valid JSON Schema/,
    );
  });
});
