import { compileJsonSchema, type ValidationResult, type Validator } from '../../shared/json-schema.js';

// Function mode's validation boundary: both JSON Schemas are compiled once at
// start-up (a schema change rolls the Deployment, spec/003), so a request only
// runs the generated validator. The compiler is shared with the AgentRuntime
// hook, which refuses the same schemas before a pod is ever started.

export type { ValidationResult, Validator };

export interface FunctionValidators {
  validateInput: Validator;
  validateOutput: Validator;
}

/** Compiles both schemas; throws an Error naming the schema at fault. */
export function compileFunctionSchemas(inputSchema: unknown, outputSchema: unknown): FunctionValidators {
  const required = (schema: unknown, label: string): unknown => {
    if (schema === undefined || schema === null) throw new Error(`${label} is required in function mode`);
    return schema;
  };
  return {
    validateInput: compileJsonSchema(required(inputSchema, 'inputSchema'), 'inputSchema', 'input'),
    validateOutput: compileJsonSchema(required(outputSchema, 'outputSchema'), 'outputSchema', 'output'),
  };
}
