import OpenAI from 'openai';
import { clientOptions, copyParams, parseArguments, VendorStream, type VendorSdk } from './sdk.js';
import { withJsonInstruction, type ChatMessage, type ModelEvent, type ModelRequest } from './types.js';

// OpenAI (and OpenAI-compatible servers via OMNIA_PROVIDER_BASE_URL) through
// the `openai` SDK, Chat Completions with `stream: true` and
// `stream_options.include_usage` so the last chunk carries token usage.

type Msg = OpenAI.Chat.Completions.ChatCompletionMessageParam;

function toMessages(system: string, messages: ChatMessage[]): Msg[] {
  const out: Msg[] = [];
  if (system !== '') out.push({ role: 'system', content: system });
  for (const m of messages) {
    if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'assistant') {
      const msg: OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam = { role: 'assistant', content: m.content === '' ? null : m.content };
      if (m.toolCalls && m.toolCalls.length > 0) {
        msg.tool_calls = m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
      }
      out.push(msg);
    } else {
      for (const r of m.results) out.push({ role: 'tool', tool_call_id: r.id, content: r.content });
    }
  }
  return out;
}

export const openai: VendorSdk = {
  defaultModel: 'gpt-4o-mini',
  connect(s, model) {
    const client = new OpenAI({ ...clientOptions(s), apiKey: s.apiKey ?? '' });
    return async function* stream(req: ModelRequest): AsyncIterable<ModelEvent> {
      let system = req.system;
      if (req.json) system = withJsonInstruction(system);
      const params: OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming = {
        model,
        messages: toMessages(system, req.messages),
        stream: true,
        stream_options: { include_usage: true },
      };
      copyParams(req.params, params, {
        temperature: 'temperature',
        topP: 'top_p',
        maxTokens: 'max_completion_tokens',
        frequencyPenalty: 'frequency_penalty',
        presencePenalty: 'presence_penalty',
      });
      if (req.json) {
        // Chat Completions applies response_format to the message content only, so the
        // model may still call the tools below first (function mode's tool loop).
        params.response_format = req.json.schema
          ? { type: 'json_schema', json_schema: { name: 'output', schema: req.json.schema, strict: false } }
          : { type: 'json_object' };
      }
      if (req.tools.length > 0 && req.toolChoice !== 'none') {
        params.tools = req.tools.map((t) => ({
          type: 'function' as const,
          function: { name: t.name, description: t.description, parameters: t.inputSchema },
        }));
        params.tool_choice = req.toolChoice;
      }

      const calls = new Map<number, { id: string; name: string; args: string }>();
      let input = 0;
      let output = 0;
      const reply = new VendorStream(() => client.chat.completions.create(params, { signal: req.signal }), {
        vendor: 'openai',
        secrets: [s.apiKey],
        signal: req.signal,
        *events(chunk) {
          if (chunk.usage) {
            input = chunk.usage.prompt_tokens;
            output = chunk.usage.completion_tokens;
          }
          const delta = chunk.choices[0]?.delta;
          if (delta?.content) yield { type: 'text', text: delta.content };
          for (const tc of delta?.tool_calls ?? []) {
            const cur = calls.get(tc.index) ?? { id: '', name: '', args: '' };
            if (tc.id) cur.id = tc.id;
            if (tc.function?.name) cur.name += tc.function.name;
            if (tc.function?.arguments) cur.args += tc.function.arguments;
            calls.set(tc.index, cur);
          }
        },
        isLast: (chunk) => Boolean(chunk.choices[0]?.finish_reason),
      });
      yield* reply;
      if (reply.aborted) return;
      const ordered = [...calls.entries()].sort((a, b) => a[0] - b[0]);
      for (const [i, c] of ordered) {
        yield { type: 'tool_call', call: { id: c.id || `call_${i}`, name: c.name, arguments: parseArguments(c.args) } };
      }
      yield { type: 'usage', inputTokens: input, outputTokens: output };
    };
  },
};
