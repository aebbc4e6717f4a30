import type http from 'node:http';
import { pieces, startFakeVendor, type FakeVendor, type Reply, type VendorWire } from './server.js';

// Anthropic Messages API streaming: POST /v1/messages answers SSE with named
// events message_start, content_block_start/_delta/_stop (text_delta,
// input_json_delta), message_delta (stop_reason, usage) and message_stop.

function send(res: http.ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function start(res: http.ServerResponse, model: string, input: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake' });
  send(res, 'message_start', {
    type: 'message_start',
    message: {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: input, output_tokens: 1 },
    },
  });
  send(res, 'ping', { type: 'ping' });
}

let seq = 0;

export const anthropicWire: VendorWire = {
  matches: (path) => path.split('?')[0] === '/v1/messages',
  stream(res, reply, req) {
    start(res, req.body?.model ?? 'claude', reply.usage?.input ?? 10);
    let index = 0;
    if (reply.text) {
      send(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const p of pieces(reply.text)) {
        send(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: p } });
      }
      send(res, 'content_block_stop', { type: 'content_block_stop', index });
      index += 1;
    }
    for (const call of reply.toolCalls ?? []) {
      const id = call.id ?? `toolu_fake_${++seq}`;
      send(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: call.name, input: {} } });
      for (const p of pieces(JSON.stringify(call.args), 2)) {
        send(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } });
      }
      send(res, 'content_block_stop', { type: 'content_block_stop', index });
      index += 1;
    }
    const stop = reply.toolCalls?.length ? 'tool_use' : 'end_turn';
    send(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: reply.usage?.output ?? 5 } });
    send(res, 'message_stop', { type: 'message_stop' });
    res.end();
  },
  cut(res, text, req) {
    start(res, req.body?.model ?? 'claude', 10);
    send(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  },
  // Anthropic reports failures after the 200 as an `error` event (e.g. overloaded_error).
  streamError(res, error, req) {
    start(res, req.body?.model ?? 'claude', 10);
    send(res, 'error', { type: 'error', error });
    res.end();
  },
};

export function anthropicErrorBody(type: string, message: string): unknown {
  return { type: 'error', error: { type, message } };
}

export function startFakeAnthropic(script: Reply[]): Promise<FakeVendor> {
  return startFakeVendor(anthropicWire, script);
}
