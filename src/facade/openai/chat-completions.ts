import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../../shared/http/error.js';
import { sendJson } from '../../shared/http/respond.js';
import { clientGone, sendSse, startSse } from '../../shared/http/sse.js';
import type { Usage } from '../handlers/types.js';
import { readJson } from '../turns/body.js';
import type { Gate } from '../turns/gate.js';
import { runHttpTurn, type TurnDeps } from '../turns/run.js';
import { attachSession, type SessionOutcome } from '../turns/session.js';
import { fromRefusal, fromTurnError, openAiErrorBody, sendOpenAiError, type OpenAiError } from './errors.js';
import { parseChatRequest } from './request.js';

// POST /v1/chat/completions: one turn of the agent per request, answered as
// OpenAI answers it — a `chat.completion`, or with `stream: true` SSE
// `chat.completion.chunk` events (the role first, then the text as it comes,
// then finish_reason "stop"; with stream_options.include_usage a last chunk
// with empty choices and the usage) ending with `data: [DONE]`. A failure
// after the stream started is one `data: {"error": …}` event (the official
// client raises it) and no [DONE].
//
// Sessions: the X-Omnia-Session-Id request header resumes a session of this
// agent (or starts one under a new id); without it every request is a new
// session. The answer names the session in the same header.

export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
export const SESSION_HEADER = 'x-omnia-session-id';
export const OPENAI_SESSION_TAG = 'openai';

function usageOf(u: Usage | undefined): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const prompt = u?.input_tokens ?? 0;
  const completion = u?.output_tokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** A session refusal in OpenAI's shape. */
export function sessionError(s: Extract<SessionOutcome, { ok: false }>): OpenAiError {
  return s.reason === 'invalid'
    ? { status: 400, type: 'invalid_request_error', code: 'invalid_session_id', message: s.detail }
    : { status: 404, type: 'not_found_error', code: s.reason === 'expired' ? 'session_expired' : 'session_not_found', message: s.detail };
}

export function createChatCompletionsRoute(deps: TurnDeps, gate: Gate) {
  const { config } = deps;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendOpenAiError(res, fromRefusal(405, 'method_not_allowed', 'use POST'));
    const admitted = await gate.admit(req, res, true);
    if (!admitted.ok) return sendOpenAiError(res, fromRefusal(admitted.status, admitted.code, admitted.detail));
    let body: unknown;
    try {
      body = await readJson(req, config.limits.maxFrameBytes);
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(400, 'invalid_request', 'the request body could not be read');
      return sendOpenAiError(res, fromRefusal(e.status, e.code, e.detail));
    }
    const parsed = parseChatRequest(body, config.agent);
    if (!parsed.ok) return sendOpenAiError(res, parsed.error);
    const chat = parsed.request;
    const requested = req.headers[SESSION_HEADER];
    const session = await attachSession(deps.store, config, typeof requested === 'string' ? requested : undefined, [OPENAI_SESSION_TAG]);
    if (!session.ok) return sendOpenAiError(res, sessionError(session));

    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const headers = { [SESSION_HEADER]: session.sessionId };
    const signal = clientGone(res);
    const turn = { sessionId: session.sessionId, content: chat.content, signal, ...(session.resumed ? {} : { earlier: chat.earlier }) };

    if (!chat.stream) {
      const outcome = await runHttpTurn(deps, turn);
      if (!outcome.ok) return sendOpenAiError(res, fromTurnError(outcome.code, outcome.message));
      sendJson(
        res,
        200,
        {
          id,
          object: 'chat.completion',
          created,
          model: config.agent,
          choices: [{ index: 0, message: { role: 'assistant', content: outcome.content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: usageOf(outcome.usage),
        },
        headers,
      );
      return;
    }

    // The envelope every chunk shares, serialised once: only the choices (and usage) change.
    const head = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(config.agent)},"choices":`;
    const tail = chat.includeUsage ? ',"usage":null}' : '}';
    const chunk = (delta: string, finish: string | null): string => `${head}[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]${tail}`;
    startSse(res, headers);
    sendSse(res, chunk('{"role":"assistant","content":""}', null));
    const outcome = await runHttpTurn(deps, { ...turn, onChunk: (text) => sendSse(res, chunk(`{"content":${JSON.stringify(text)}}`, null)) });
    if (outcome.ok) {
      sendSse(res, chunk('{}', 'stop'));
      if (chat.includeUsage) sendSse(res, `${head}[],"usage":${JSON.stringify(usageOf(outcome.usage))}}`);
      sendSse(res, '[DONE]');
    } else {
      sendSse(res, JSON.stringify(openAiErrorBody(fromTurnError(outcome.code, outcome.message))));
    }
    res.end();
  };
}
