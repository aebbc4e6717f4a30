// The contract between the facade's transports (WebSocket, function HTTP) and
// whatever produces the agent's reply (echo, demo, runtime). A handler is given
// one user turn with the session's recent history and yields events; the
// transport maps them onto the wire protocol and owns the session store.

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

export interface HistoryMessage {
  role: 'user' | 'assistant' | 'system' | 'tool';
  content: string;
}

export type HandlerEvent =
  | { type: 'chunk'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> }
  | { type: 'tool_result'; id: string; result?: unknown; error?: string }
  /** `content` is the whole reply; the transport stores it as the assistant message. */
  | { type: 'done'; content: string; usage?: Usage; model?: string; provider?: string }
  /**
   * `usage` (with `model`, `provider`): what the turn's model calls that completed
   * before the failure spent; the transport records it as on `done`. Absent when
   * none completed.
   */
  | { type: 'error'; code: string; message: string; usage?: Usage; model?: string; provider?: string };

export interface Turn {
  sessionId: string;
  content: string;
  metadata?: Record<string, string>;
  /** Earlier messages of the session, oldest first, bounded by the transport. */
  history: HistoryMessage[];
  /** Aborted when the client goes away or the facade drains past its deadline. */
  signal: AbortSignal;
}

/** A tool the model called while answering an invocation (for the audit trail). */
export interface InvokeToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  result?: unknown;
  error?: string;
  durationMs: number;
}

export interface InvokeResult {
  /** The model output, already parsed as JSON when the runtime could; else the raw text. */
  output: unknown;
  rawOutput: string;
  usage: Usage;
  /** Which model and provider answered, for the audit trail (absent when the runtime does not say). */
  model?: string;
  provider?: string;
  /** Tools called before the answer, in call order (absent when the runtime does not say). */
  toolCalls?: InvokeToolCall[];
}

/**
 * What a rejected invoke may carry beside its message (all optional; the
 * runtime handler's RuntimeCallError does): the tools that ran before the
 * failure (they may have had side effects) and the usage of the model calls
 * that completed (tokens already paid for), with the model and provider that
 * made them. The function audit records them as for a success.
 */
export interface InvokeFailure {
  toolCalls?: InvokeToolCall[];
  usage?: Usage;
  model?: string;
  provider?: string;
}

export interface Handler {
  readonly name: string;
  converse(turn: Turn): AsyncIterable<HandlerEvent>;
  /**
   * Function mode: one structured invocation. Handlers without it cannot serve functions.
   * A rejection may carry the fields of InvokeFailure: the tools that ran and the usage spent
   * before the failure, which the function audit records.
   */
  invoke?(input: unknown, opts: { invocationId: string; signal: AbortSignal }): Promise<InvokeResult>;
  /** false turns the facade's /readyz red. */
  healthy(): Promise<boolean>;
}
