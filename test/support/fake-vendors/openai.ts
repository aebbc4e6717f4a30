import type http from 'node:http';
import { pieces, startFakeVendor, type FakeVendor, type Reply, type VendorWire } from './server.js';

// OpenAI Chat Completions streaming: POST /v1/chat/completions answers SSE
// `data:` lines of chat.completion.chunk objects — content deltas, tool calls
// as delta.tool_calls fragments keyed by index, a finish_reason chunk, a final
// usage chunk with empty choices (stream_options.include_usage), then [DONE].

function chunk(res: http.ServerResponse, model: string, choices: unknown[], extra: Record<string, unknown> = {}): void {
  res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices, ...extra })}\n\n`);
}

let seq = 0;

export const openaiWire: VendorWire = {
  matches: (path) => path.split('?')[0] === '/v1/chat/completions',
  stream(res, reply, req) {
    const model = req.body?.model ?? 'gpt';
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    chunk(res, model, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    for (const p of pieces(reply.text ?? '')) chunk(res, model, [{ index: 0, delta: { content: p }, finish_reason: null }]);
    (reply.toolCalls ?? []).forEach((call, i) => {
      const id = call.id ?? `call_fake_${++seq}`;
      chunk(res, model, [
        { index: 0, delta: { tool_calls: [{ index: i, id, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null },
      ]);
      for (const p of pieces(JSON.stringify(call.args), 2)) {
        chunk(res, model, [{ index: 0, delta: { tool_calls: [{ index: i, function: { arguments: p } }] }, finish_reason: null }]);
      }
    });
    chunk(res, model, [{ index: 0, delta: {}, finish_reason: reply.toolCalls?.length ? 'tool_calls' : 'stop' }]);
    if (req.body?.stream_options?.include_usage) {
      const input = reply.usage?.input ?? 10;
      const output = reply.usage?.output ?? 5;
      chunk(res, model, [], { usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } });
    }
    res.write('data: [DONE]\n\n');
    res.end();
  },
  cut(res, text, req) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    chunk(res, req.body?.model ?? 'gpt', [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }]);
  },
};

export function openaiErrorBody(type: string, message: string): unknown {
  return { error: { message, type, param: null, code: null } };
}

export function startFakeOpenAI(script: Reply[]): Promise<FakeVendor> {
  return startFakeVendor(openaiWire, script);
}
