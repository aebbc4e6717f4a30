// JSON Schemas of the runtime protocol's bodies (docs/runtime-protocol.md),
// used by the conformance suite to check any implementation.

const usage = {
  type: 'object',
  required: ['input_tokens', 'output_tokens', 'cost_usd'],
  properties: {
    input_tokens: { type: 'integer', minimum: 0 },
    output_tokens: { type: 'integer', minimum: 0 },
    cost_usd: { type: 'number', minimum: 0 },
  },
} as const;

export const converseEventSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['type', 'content'],
      properties: { type: { const: 'chunk' }, content: { type: 'string' } },
    },
    {
      type: 'object',
      required: ['type', 'id', 'name', 'arguments'],
      properties: { type: { const: 'tool_call' }, id: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, arguments: { type: 'object' } },
    },
    {
      type: 'object',
      required: ['type', 'id'],
      properties: { type: { const: 'tool_result' }, id: { type: 'string', minLength: 1 }, error: { type: 'string' } },
    },
    {
      type: 'object',
      required: ['type', 'content', 'usage'],
      properties: { type: { const: 'done' }, content: { type: 'string' }, usage, stop_reason: { enum: ['end', 'step_limit'] } },
    },
    {
      // A turn failing after model calls completed may add their `usage` with
      // `model` and `provider`, shaped as done's (optional: absent = none completed).
      type: 'object',
      required: ['type', 'code', 'message'],
      properties: {
        type: { const: 'error' },
        code: { enum: ['AGENT_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL_ERROR', 'INVALID_MESSAGE'] },
        message: { type: 'string', minLength: 1 },
        usage,
        model: { type: 'string' },
        provider: { type: 'string' },
      },
    },
  ],
} as const;

/** One entry of invoke's optional `tool_calls`: a result or an error, never both. */
const invokeToolCall = {
  type: 'object',
  required: ['id', 'name', 'arguments', 'duration_ms'],
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    arguments: { type: 'object' },
    error: { type: 'string' },
    duration_ms: { type: 'number', minimum: 0 },
  },
  not: { required: ['result', 'error'] },
} as const;

export const invokeResponseSchema = {
  type: 'object',
  required: ['output', 'raw_output', 'usage', 'duration_ms'],
  properties: {
    raw_output: { type: 'string' },
    usage,
    duration_ms: { type: 'number', minimum: 0 },
    model: { type: 'string' },
    provider: { type: 'string' },
    tool_calls: { type: 'array', items: invokeToolCall },
  },
} as const;

/**
 * Every non-2xx body. A failed invoke may add the `tool_calls` it made and the
 * `usage` of its completed model calls with `model` and `provider`, each shaped
 * as on success.
 */
export const errorBodySchema = {
  type: 'object',
  required: ['error', 'detail'],
  properties: {
    error: { type: 'string', minLength: 1 },
    detail: { type: 'string', minLength: 1 },
    code: { type: 'string' },
    tool_calls: { type: 'array', items: invokeToolCall },
    usage,
    model: { type: 'string' },
    provider: { type: 'string' },
  },
} as const;

export const healthSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { const: 'ok' } },
} as const;
