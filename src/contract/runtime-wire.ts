// The facade ↔ runtime wire protocol (docs/runtime-protocol.md): the runtime's
// server writes these shapes and the facade's runtime handler reads them, so
// neither program reaches into the other's folder and the two cannot drift
// apart. The facade's session records store tool calls in the wire shape.

export const PROTOCOL_PATHS = {
  converse: '/v1/converse',
  invoke: '/v1/invoke',
  health: '/healthz',
  ready: '/readyz',
} as const;

/** Converse responses are newline-delimited JSON: one event per line. */
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

export interface WireUsage {
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

export interface WireMessage {
  role: 'user' | 'assistant' | 'system' | 'tool';
  content: string;
}

export interface ConverseRequest {
  session_id: string;
  /** The session's recent messages, oldest first; the last one is the new user turn. */
  messages: WireMessage[];
  metadata?: Record<string, string>;
}

export type StopReason = 'end' | 'step_limit';

export type ConverseEvent =
  | { type: 'chunk'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> }
  | { type: 'tool_result'; id: string; result?: unknown; error?: string }
  | { type: 'done'; content: string; usage: WireUsage; stop_reason: StopReason; model?: string; provider?: string }
  | {
      type: 'error';
      code: RuntimeErrorCode;
      message: string;
      /**
       * The summed usage of the turn's model calls that completed before it
       * failed (tokens already paid for), with the model and provider that made
       * them, shaped as `done`'s. Absent when no model call completed: a failed
       * call's tokens are unknown, so absent means "none completed", not "free".
       */
      usage?: WireUsage;
      model?: string;
      provider?: string;
    };

/**
 * Error codes are a subset of the WebSocket protocol's ErrorInfo codes so the
 * facade can pass them to the client unchanged.
 */
export type RuntimeErrorCode = 'AGENT_UNAVAILABLE' | 'RATE_LIMITED' | 'INTERNAL_ERROR' | 'INVALID_MESSAGE';

export interface InvokeRequest {
  input: unknown;
  invocation_id?: string;
}

/** One tool call made while answering an invocation, in call order (stored as is in the session audit). */
export interface WireToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** Present when the tool answered; `error` when it failed (the model saw the error text). */
  result?: unknown;
  error?: string;
  duration_ms: number;
}

export interface InvokeResponse {
  output: unknown;
  raw_output: string;
  usage: WireUsage;
  duration_ms: number;
  /** The model and provider that answered (for the caller's audit trail). */
  model: string;
  provider: string;
  /** Tools the model called before answering (optional: runtimes without tools may omit it). */
  tool_calls?: WireToolCall[];
}

/** Body of every non-2xx answer. `code` is present when a vendor call failed. */
export interface ErrorBody {
  error: string;
  detail: string;
  code?: RuntimeErrorCode;
  /**
   * Invoke only: the tool calls made before the invocation failed, shaped as
   * on success. Tools may have had side effects, so the caller's audit trail
   * must show them. Optional: a runtime that made none may omit it.
   */
  tool_calls?: WireToolCall[];
  /**
   * Invoke only: the summed usage of the model calls that completed before
   * the invocation failed (tokens already paid for), with the model and
   * provider that made them, as on success. Absent when no model call
   * completed: a failed call's tokens are unknown.
   */
  usage?: WireUsage;
  model?: string;
  provider?: string;
}
