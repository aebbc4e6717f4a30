import Anthropic from '@anthropic-ai/sdk';
import { clientOptions, copyParams, parseArguments, VendorStream, type VendorSdk } from './sdk.js';
import { ProviderError, withJsonInstruction, type ChatMessage, type ModelEvent, type ModelRequest, type ToolCall } from './types.js';

// Claude through @anthropic-ai/sdk, Messages API with `stream: true`; the raw
// SSE events are folded into text, tool calls and usage here.

/** Anthropic requires max_tokens; used when neither the pack nor the provider sets it. */
const DEFAULT_MAX_TOKENS = 4096;
/** Function mode's answer tool: its input, shaped by the output schema, is the reply. */
export const RESPOND_TOOL = 'respond';

function toMessages(messages: ChatMessage[]): Anthropic.MessageParam[] {
  return messages.map((m): Anthropic.MessageParam => {
    if (m.role === 'user') return { role: 'user', content: m.content };
    if (m.role === 'assistant') {
      if (!m.toolCalls || m.toolCalls.length === 0) return { role: 'assistant', content: m.content };
      const blocks: Anthropic.ContentBlockParam[] = [];
      if (m.content !== '') blocks.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
      return { role: 'assistant', content: blocks.length > 0 ? blocks : '' };
    }
    return {
      role: 'user',
      content: m.results.map((r) => ({ type: 'tool_result' as const, tool_use_id: r.id, content: r.content, is_error: r.isError })),
    };
  });
}

function objectSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return schema && schema.type === 'object' ? schema : undefined;
}

/** An `error` event inside the stream arrives as an APIError without a status: its type says what happened. */
function inStreamError(err: unknown): ProviderError | undefined {
  const inStream = (err as { error?: { error?: { type?: unknown } } }).error?.error?.type;
  if (typeof inStream !== 'string' || (err as { status?: unknown }).status !== undefined) return undefined;
  const code = inStream === 'rate_limit_error' ? 'RATE_LIMITED' : inStream === 'invalid_request_error' ? 'INTERNAL_ERROR' : 'AGENT_UNAVAILABLE';
  return new ProviderError(code, `claude reported ${inStream} during the reply; please retry`);
}

export const claude: VendorSdk = {
  defaultModel: 'claude-sonnet-4-6',
  connect(s, model) {
    const client = new Anthropic({ ...clientOptions(s), apiKey: s.apiKey ?? null });
    return async function* stream(req: ModelRequest): AsyncIterable<ModelEvent> {
      const forced = req.json ? objectSchema(req.json.schema) : undefined;
      let system = req.system;
      if (req.json && !forced) system = withJsonInstruction(system);
      // Sampling fields left the SDK's types (newer models ignore or refuse them) but the
      // API and gateways still accept them for older models: sent only when configured.
      const params: Anthropic.MessageCreateParamsStreaming & { temperature?: number; top_p?: number; top_k?: number } = {
        model,
        max_tokens: req.params.maxTokens ?? DEFAULT_MAX_TOKENS,
        messages: toMessages(req.messages),
        stream: true,
      };
      if (system !== '') params.system = system;
      copyParams(req.params, params, { temperature: 'temperature', topP: 'top_p', topK: 'top_k' });
      const offered = req.tools.length > 0 && req.toolChoice !== 'none' ? req.tools : [];
      const toolParams = offered.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema as Anthropic.Tool.InputSchema }));
      if (forced) {
        // Structured output is a tool call: with real tools on offer the model must call
        // some tool (`any`), and calling `respond` is how it answers.
        const respond = { name: RESPOND_TOOL, description: 'Return the final answer.', input_schema: forced as Anthropic.Tool.InputSchema };
        params.tools = [...toolParams, respond];
        params.tool_choice = toolParams.length > 0 ? { type: 'any' } : { type: 'tool', name: RESPOND_TOOL };
      } else if (toolParams.length > 0) {
        params.tools = toolParams;
        params.tool_choice = { type: req.toolChoice === 'required' ? 'any' : 'auto' };
      }

      let input = 0;
      let output = 0;
      // Tool-use blocks arrive as a start (id, name) plus input_json_delta pieces.
      const blocks = new Map<number, { call: ToolCall; json: string }>();
      // Structured mode holds everything back until the reply is complete: a `respond`
      // call is the answer (its input is the text; any calls beside it are dropped),
      // otherwise the prose and the real calls go out as usual.
      let answer: string | undefined;
      let prose = '';
      const held: ToolCall[] = [];
      const reply = new VendorStream(() => client.messages.create(params, { signal: req.signal }), {
        vendor: 'claude',
        secrets: [s.apiKey],
        signal: req.signal,
        *events(ev): Iterable<ModelEvent> {
          switch (ev.type) {
            case 'message_start':
              input = ev.message.usage.input_tokens + (ev.message.usage.cache_read_input_tokens ?? 0) + (ev.message.usage.cache_creation_input_tokens ?? 0);
              output = ev.message.usage.output_tokens;
              break;
            case 'content_block_start':
              if (ev.content_block.type === 'tool_use') {
                blocks.set(ev.index, { call: { id: ev.content_block.id, name: ev.content_block.name, arguments: {} }, json: '' });
              } else if (ev.content_block.type === 'text' && ev.content_block.text !== '') {
                if (forced) prose += ev.content_block.text;
                else yield { type: 'text', text: ev.content_block.text };
              }
              break;
            case 'content_block_delta':
              if (ev.delta.type === 'text_delta') {
                if (forced) prose += ev.delta.text;
                else yield { type: 'text', text: ev.delta.text };
              } else if (ev.delta.type === 'input_json_delta') {
                const b = blocks.get(ev.index);
                if (b) b.json += ev.delta.partial_json;
              }
              break;
            case 'content_block_stop': {
              const b = blocks.get(ev.index);
              if (!b) break;
              blocks.delete(ev.index);
              if (forced && b.call.name === RESPOND_TOOL) answer ??= b.json;
              else {
                b.call.arguments = parseArguments(b.json);
                if (forced) held.push(b.call);
                else yield { type: 'tool_call', call: b.call };
              }
              break;
            }
            case 'message_delta':
              if (ev.usage?.output_tokens !== undefined && ev.usage.output_tokens !== null) output = ev.usage.output_tokens;
              if (typeof ev.usage?.input_tokens === 'number' && ev.usage.input_tokens > input) input = ev.usage.input_tokens;
              break;
          }
        },
        isLast: (ev) => ev.type === 'message_stop',
        ownError: inStreamError,
      });
      yield* reply;
      if (reply.aborted) return;
      if (answer !== undefined) yield { type: 'text', text: answer };
      else if (forced) {
        if (prose !== '') yield { type: 'text', text: prose };
        for (const call of held) yield { type: 'tool_call', call };
      }
      yield { type: 'usage', inputTokens: input, outputTokens: output };
    };
  },
};
