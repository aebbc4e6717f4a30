import type { HistoryMessage } from '../handlers/types.js';
import type { OpenAiError } from './errors.js';
import { isObject } from '../../shared/json.js';

// A chat completion request as this agent reads it. `model` must be the
// agent's name. The last message must be the user's: it is the turn; the
// earlier ones (system, developer → system, user, assistant, tool) are the
// conversation so far, used when the request starts a new session and ignored
// when it resumes one (the session already holds them). Content is a string
// or text parts; other parts are refused. Sampling parameters (temperature…)
// are the agent's own business and are ignored; `n` must be 1 and `tools`
// are refused (the agent's tools are its own).

export interface ChatRequest {
  content: string;
  earlier: HistoryMessage[];
  stream: boolean;
  includeUsage: boolean;
}

const ROLES: Record<string, HistoryMessage['role']> = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant', tool: 'tool' };

const bad = (message: string, param?: string): { ok: false; error: OpenAiError } => ({
  ok: false,
  error: { status: 400, type: 'invalid_request_error', code: 'invalid_value', message, ...(param ? { param } : {}) },
});

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return undefined;
  const out: string[] = [];
  for (const p of content) {
    if (p === null || typeof p !== 'object' || (p as { type?: unknown }).type !== 'text' || typeof (p as { text?: unknown }).text !== 'string') return undefined;
    out.push((p as { text: string }).text);
  }
  return out.join('\n');
}

export function parseChatRequest(body: unknown, agent: string): { ok: true; request: ChatRequest } | { ok: false; error: OpenAiError } {
  if (!isObject(body)) return bad('the request body must be a JSON object');
  const b = body;
  if (typeof b.model !== 'string') return bad('"model" is required: use the agent name', 'model');
  if (b.model !== agent) {
    return { ok: false, error: { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model', message: `The model '${b.model.slice(0, 64)}' does not exist; this agent serves '${agent}'` } };
  }
  if (b.n !== undefined && b.n !== null && b.n !== 1) return bad('"n" must be 1', 'n');
  if (Array.isArray(b.tools) && b.tools.length > 0) return bad('"tools" are not accepted: the agent calls its own tools', 'tools');
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean') return bad('"stream" must be a boolean', 'stream');
  if (!Array.isArray(b.messages) || b.messages.length === 0) return bad('"messages" must be a non-empty array', 'messages');
  const messages: HistoryMessage[] = [];
  for (const [i, m] of b.messages.entries()) {
    if (m === null || typeof m !== 'object') return bad(`messages[${i}] must be an object`, `messages[${i}]`);
    const role = ROLES[String((m as { role?: unknown }).role)];
    if (role === undefined) return bad(`messages[${i}].role must be system, developer, user, assistant or tool`, `messages[${i}].role`);
    const text = textOf((m as { content?: unknown }).content);
    if (text === undefined) return bad(`messages[${i}].content must be a string or text parts`, `messages[${i}].content`);
    messages.push({ role, content: text });
  }
  const last = messages.pop() as HistoryMessage;
  if (last.role !== 'user' || last.content.trim() === '') return bad('the last message must be a non-empty user message: it is the turn', 'messages');
  const opts = b.stream_options;
  const includeUsage = opts !== null && typeof opts === 'object' && (opts as { include_usage?: unknown }).include_usage === true;
  // An assistant message that only called tools has no text to keep.
  return { ok: true, request: { content: last.content, earlier: messages.filter((m) => m.content !== ''), stream: b.stream === true, includeUsage } };
}
