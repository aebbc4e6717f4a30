import type { RuntimeErrorCode } from '../../contract/runtime-wire.js';

// A vendor-neutral conversation and the one operation every provider offers:
// stream a model reply. Each vendor module translates to and from its SDK.

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface ToolResultMessage {
  id: string;
  name: string;
  /** What the model is shown: the result as JSON text, or the error text. */
  content: string;
  isError: boolean;
}

export type ChatMessage =
  | { role: 'user'; content: string }
  /** `vendorParts` lets a vendor replay its own parts verbatim (Gemini's thought signatures). */
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[]; vendorParts?: unknown }
  | { role: 'tool'; results: ToolResultMessage[] };

export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface GenParams {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
}

export interface ModelRequest {
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  toolChoice: 'auto' | 'required' | 'none';
  params: GenParams;
  /**
   * Function mode: the final answer is JSON, shaped by `schema` where the vendor can
   * enforce one. `tools` stay callable; a reply without tool calls is the answer.
   */
  json?: { schema?: Record<string, unknown> };
  signal: AbortSignal;
}

export type ModelEvent =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; call: ToolCall }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  /** The assistant turn as the vendor wants it replayed (only vendors that need it). */
  | { type: 'vendor_parts'; parts: unknown };

export interface Provider {
  readonly name: string;
  readonly model: string;
  /** Streams one model reply. Throws ProviderError for anything that is not a clean reply. */
  stream(req: ModelRequest): AsyncIterable<ModelEvent>;
}

/** A failed vendor call, already classified for the client. Messages never carry secrets. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The system prompt with the plain-text JSON instruction a function call
 * needs when the vendor cannot be held to a schema (no object schema to force).
 */
export function withJsonInstruction(system: string): string {
  return `${system}\n\nAnswer with one JSON value only: no prose, no code fences.`.trim();
}
