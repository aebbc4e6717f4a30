import type { InvokeToolCall, Usage } from '../handlers/types.js';
import type { ProviderCallRecord, ToolCallRecord } from '../sessions/types.js';

// The audit trail of a function invocation (spec/003): one session tagged
// "function" holding the input as the user message, the raw model output as
// the assistant message, the provider call, the tool calls the model made,
// runtime events for failures, and a
// final status. AuditRecorder is the slice of the facade's SessionStore
// (src/facade/sessions/types.ts) that function mode writes through, declared
// here with the narrowest argument types so every store satisfies it as is.

export const FUNCTION_SESSION_TAG = 'function';

/** Reported when the runtime does not say which model or provider answered. */
export const UNKNOWN = 'unknown';

export type FunctionEventType =
  | 'function.input_invalid'
  | 'function.runtime_error'
  | 'function.output_invalid'
  | 'function.cancelled';

export interface AuditSession {
  /** The invocation id, so the caller's invocation_id finds the session. */
  id: string;
  agent: string;
  namespace: string;
  tags: string[];
}

export interface AuditMessage {
  role: 'user' | 'assistant';
  content: string;
}

export type AuditProviderCall = Omit<ProviderCallRecord, 'at'>;

export type AuditToolCall = Omit<ToolCallRecord, 'at'>;

export interface AuditEvent {
  type: FunctionEventType;
  detail: { message: string };
}

export type AuditStatus = 'completed' | 'error';

export interface AuditRecorder {
  create(session: AuditSession): Promise<unknown>;
  appendMessages(sessionId: string, messages: AuditMessage[]): Promise<void>;
  recordProviderCall(sessionId: string, call: AuditProviderCall): Promise<void>;
  recordToolCall(sessionId: string, call: AuditToolCall): Promise<void>;
  recordEvent(sessionId: string, event: AuditEvent): Promise<void>;
  setStatus(sessionId: string, status: AuditStatus): Promise<void>;
}

/** What the request handler knows about one invocation once it has answered. */
export interface InvocationTrail {
  invocationId: string;
  functionName: string;
  namespace: string;
  /** The request body as received (the input JSON, or the text that failed to parse). */
  input: string;
  rawOutput?: string;
  usage?: Usage;
  model?: string;
  provider?: string;
  invokeMs?: number;
  /** The tools that ran, also when the invocation failed after running them (their side effects happened). */
  toolCalls?: InvokeToolCall[];
  event?: AuditEvent;
  status: AuditStatus;
}

// PostgreSQL text cannot hold NUL; a malformed body or a model reply may.
const NUL = /\u0000/g;
const storable = (s: string): string => (s.includes('\u0000') ? s.replace(NUL, '\uFFFD') : s);

/** `storable` through a JSON value (tool arguments and results land in jsonb, which refuses \u0000 too). */
function storableJson(v: unknown): unknown {
  if (typeof v === 'string') return storable(v);
  if (Array.isArray(v)) return v.map(storableJson);
  // fromEntries defines own properties, so a "__proto__" key stays data.
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), storableJson(x)]));
  return v;
}

/** Writes one invocation's trail, in order; rejects on the first store failure. */
export async function writeAuditTrail(recorder: AuditRecorder, trail: InvocationTrail): Promise<void> {
  const id = trail.invocationId;
  await recorder.create({ id, agent: trail.functionName, namespace: trail.namespace, tags: [FUNCTION_SESSION_TAG] });
  const messages: AuditMessage[] = [{ role: 'user', content: storable(trail.input) }];
  if (trail.rawOutput !== undefined) messages.push({ role: 'assistant', content: storable(trail.rawOutput) });
  await recorder.appendMessages(id, messages);
  if (trail.usage !== undefined) {
    await recorder.recordProviderCall(id, {
      model: trail.model ?? UNKNOWN,
      provider: trail.provider ?? UNKNOWN,
      input_tokens: Math.round(trail.usage.input_tokens),
      output_tokens: Math.round(trail.usage.output_tokens),
      cost_usd: trail.usage.cost_usd,
      duration_ms: Math.round(trail.invokeMs ?? 0),
    });
  }
  for (const c of trail.toolCalls ?? []) {
    const call: AuditToolCall = {
      id: storable(c.id),
      name: storable(c.name),
      arguments: storableJson(c.arguments) as Record<string, unknown>,
      duration_ms: Math.round(c.durationMs),
    };
    if (c.result !== undefined) call.result = storableJson(c.result);
    if (c.error !== undefined) call.error = storable(c.error);
    await recorder.recordToolCall(id, call);
  }
  if (trail.event !== undefined) await recorder.recordEvent(id, trail.event);
  await recorder.setStatus(id, trail.status);
}
