// The WebSocket text protocol as this facade speaks it (a subset of
// ../shared/reference/websocket-protocol.asyncapi.yaml): parsing of client
// frames into a closed union, and builders for server messages. Every server
// message carries session_id and an RFC 3339 timestamp.

export type ErrorCode =
  | 'INVALID_MESSAGE'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_EXPIRED'
  | 'INTERNAL_ERROR'
  | 'AGENT_UNAVAILABLE'
  | 'TOOL_FAILED'
  | 'UPLOAD_FAILED'
  | 'MEDIA_NOT_ENABLED'
  | 'RATE_LIMITED';

export const PROTOCOL_VERSION = 1;

export interface ClientMessage {
  type: 'message';
  content: string;
  session_id?: string;
  metadata?: Record<string, string>;
}

export type ParsedFrame = { ok: true; message: ClientMessage } | { ok: false; code: ErrorCode; message: string };

const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function invalid(message: string, code: ErrorCode = 'INVALID_MESSAGE'): ParsedFrame {
  return { ok: false, code, message };
}

/** Parses one text frame. Never throws: every problem is a protocol error for the client. */
export function parseClientFrame(text: string): ParsedFrame {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return invalid('frame is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return invalid('frame must be a JSON object');
  const obj = data as Record<string, unknown>;
  if (typeof obj.type !== 'string') return invalid('missing "type"');
  switch (obj.type) {
    case 'message':
      break;
    case 'upload_request':
      return invalid('media uploads are not enabled on this agent', 'MEDIA_NOT_ENABLED');
    case 'tool_result':
      return invalid('no client-side tool call is pending');
    default:
      return invalid(`unknown message type "${obj.type.slice(0, 64)}"`);
  }
  let content = typeof obj.content === 'string' ? obj.content : undefined;
  // `parts` takes precedence in the AsyncAPI; text parts are all we take.
  if (Array.isArray(obj.parts)) {
    const texts = obj.parts.filter(
      (p): p is { type: 'text'; text: string } => typeof p === 'object' && p !== null && (p as { type?: unknown }).type === 'text' && typeof (p as { text?: unknown }).text === 'string',
    );
    if (texts.length !== obj.parts.length) return invalid('only text parts are supported', 'MEDIA_NOT_ENABLED');
    if (texts.length > 0) content = texts.map((p) => p.text).join('\n');
  }
  if (content === undefined || content.trim() === '') return invalid('"content" must be a non-empty string');
  const out: ClientMessage = { type: 'message', content };
  if (obj.session_id !== undefined && obj.session_id !== null && obj.session_id !== '') {
    if (typeof obj.session_id !== 'string' || !SESSION_ID.test(obj.session_id)) return invalid('"session_id" is not a valid session id');
    out.session_id = obj.session_id;
  }
  if (obj.metadata !== undefined) {
    if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) return invalid('"metadata" must be an object of strings');
    const md: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj.metadata)) {
      if (typeof v !== 'string') return invalid(`"metadata.${k.slice(0, 64)}" must be a string`);
      md[k] = v;
    }
    out.metadata = md;
  }
  return { ok: true, message: out };
}

export function isValidSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

// Several messages go out within one millisecond; format each millisecond once.
let tsMs = NaN;
let tsText = '';
const ts = (): string => {
  const ms = Date.now();
  if (ms !== tsMs) {
    tsMs = ms;
    tsText = new Date(ms).toISOString();
  }
  return tsText;
};

export type ServerMessage = Record<string, unknown> & { type: string; session_id: string; timestamp: string };

export const server = {
  connected(sessionId: string, resumed: boolean, maxPayload: number): ServerMessage {
    return {
      type: 'connected',
      session_id: sessionId,
      connected: { capabilities: { binary_frames: false, max_payload_size: maxPayload, protocol_version: PROTOCOL_VERSION }, resumed },
      timestamp: ts(),
    };
  },
  chunk(sessionId: string, content: string): ServerMessage {
    return { type: 'chunk', session_id: sessionId, content, timestamp: ts() };
  },
  done(sessionId: string, content: string): ServerMessage {
    return { type: 'done', session_id: sessionId, content, timestamp: ts() };
  },
  toolCall(sessionId: string, call: { id: string; name: string; arguments: Record<string, unknown> }): ServerMessage {
    return { type: 'tool_call', session_id: sessionId, tool_call: { id: call.id, name: call.name, arguments: call.arguments }, timestamp: ts() };
  },
  toolResult(sessionId: string, r: { id: string; result?: unknown; error?: string }): ServerMessage {
    const info: Record<string, unknown> = { id: r.id };
    if (r.result !== undefined) info.result = r.result;
    if (r.error !== undefined) info.error = r.error;
    return { type: 'tool_result', session_id: sessionId, tool_result: info, timestamp: ts() };
  },
  error(sessionId: string, code: ErrorCode | string, message: string, details?: Record<string, unknown>): ServerMessage {
    return { type: 'error', session_id: sessionId, error: { code, message, ...(details ? { details } : {}) }, timestamp: ts() };
  },
};

// The greeting of every connection and the two messages of every streamed
// reply, as JSON text built directly: the same bytes as
// JSON.stringify(server.connected/chunk/done(...)), without an object per
// message and the generic serializer (a measurable share of an echo turn and
// of a connection's setup). The key order must stay the one of the builders above.
export const serverText = {
  connected(sessionId: string, resumed: boolean, maxPayload: number): string {
    return `{"type":"connected","session_id":${JSON.stringify(sessionId)},"connected":{"capabilities":{"binary_frames":false,"max_payload_size":${maxPayload},"protocol_version":${PROTOCOL_VERSION}},"resumed":${resumed}},"timestamp":"${ts()}"}`;
  },
  chunk(sessionId: string, content: string): string {
    return `{"type":"chunk","session_id":${JSON.stringify(sessionId)},"content":${JSON.stringify(content)},"timestamp":"${ts()}"}`;
  },
  done(sessionId: string, content: string): string {
    return `{"type":"done","session_id":${JSON.stringify(sessionId)},"content":${JSON.stringify(content)},"timestamp":"${ts()}"}`;
  },
};
