import { FunctionCallingConfigMode, GoogleGenAI, type Content, type GenerateContentConfig, type Part } from '@google/genai';
import { randomUUID } from 'node:crypto';
import { copyParams, VendorStream, type VendorSdk } from './sdk.js';
import { withJsonInstruction, type ChatMessage, type ModelEvent, type ModelRequest, type ToolCall } from './types.js';

// Gemini through @google/genai, `models.generateContentStream` (the
// streamGenerateContent?alt=sse endpoint). The model's own parts are replayed
// verbatim on the next step because they may carry thought signatures.

/** Gemini may omit call ids; ours carry this prefix and are not sent back to the vendor. */
const LOCAL_ID = 'local_';

function resultPayload(content: string, isError: boolean): Record<string, unknown> {
  if (isError) return { error: content };
  try {
    return { output: JSON.parse(content) as unknown };
  } catch {
    return { output: content };
  }
}

function toContents(messages: ChatMessage[]): Content[] {
  return messages.map((m): Content => {
    if (m.role === 'user') return { role: 'user', parts: [{ text: m.content }] };
    if (m.role === 'assistant') {
      if (Array.isArray(m.vendorParts)) return { role: 'model', parts: m.vendorParts as Part[] };
      const parts: Part[] = [];
      if (m.content !== '') parts.push({ text: m.content });
      for (const c of m.toolCalls ?? []) {
        parts.push({ functionCall: { ...(c.id.startsWith(LOCAL_ID) ? {} : { id: c.id }), name: c.name, args: c.arguments } });
      }
      return { role: 'model', parts };
    }
    return {
      role: 'user',
      parts: m.results.map((r) => ({
        functionResponse: {
          ...(r.id.startsWith(LOCAL_ID) ? {} : { id: r.id }),
          name: r.name,
          response: resultPayload(r.content, r.isError),
        },
      })),
    };
  });
}

/** Whether the model takes responseJsonSchema and function declarations in one request (Gemini 3 on). */
export function jsonWithTools(model: string): boolean {
  return !/^(models\/)?gemini-(1|2)(\.|-)/.test(model);
}

export const gemini: VendorSdk = {
  defaultModel: 'gemini-2.5-flash',
  connect(s, model) {
    const httpOptions: NonNullable<ConstructorParameters<typeof GoogleGenAI>[0]>['httpOptions'] = {
      timeout: s.timeoutMs,
      // attempts counts the first call; the SDK retries 408/429/5xx with backoff.
      retryOptions: { attempts: s.maxRetries + 1, initialDelay: 0.5, maxDelay: 10 },
    };
    if (s.baseURL) httpOptions.baseUrl = s.baseURL;
    const ai = new GoogleGenAI({ apiKey: s.apiKey ?? '', httpOptions });
    return async function* stream(req: ModelRequest): AsyncIterable<ModelEvent> {
      const config: GenerateContentConfig = { abortSignal: req.signal };
      const offered = req.tools.length > 0 && req.toolChoice !== 'none';
      // Gemini before 3 rejects function calling together with a JSON response mime type
      // ("Function calling with a response mime type: 'application/json' is unsupported"):
      // with tools on offer those models get the schema as an instruction instead.
      const jsonMode = req.json !== undefined && !(offered && !jsonWithTools(model));
      let system = req.system;
      if (req.json && !jsonMode && req.json.schema) {
        system = `${system}\n\nYour final answer must be one JSON value only (no prose, no code fences) matching this JSON Schema:\n${JSON.stringify(req.json.schema)}`.trim();
      } else if (req.json && !req.json.schema) system = withJsonInstruction(system);
      if (system !== '') config.systemInstruction = system;
      copyParams(req.params, config, {
        temperature: 'temperature',
        topP: 'topP',
        topK: 'topK',
        maxTokens: 'maxOutputTokens',
        frequencyPenalty: 'frequencyPenalty',
        presencePenalty: 'presencePenalty',
      });
      if (req.json && jsonMode) {
        config.responseMimeType = 'application/json';
        if (req.json.schema) config.responseJsonSchema = req.json.schema;
      }
      if (offered) {
        config.tools = [
          { functionDeclarations: req.tools.map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.inputSchema })) },
        ];
        config.toolConfig = {
          functionCallingConfig: { mode: req.toolChoice === 'required' ? FunctionCallingConfigMode.ANY : FunctionCallingConfigMode.AUTO },
        };
      }

      const parts: Part[] = [];
      const calls: ToolCall[] = [];
      let input = 0;
      let output = 0;
      const reply = new VendorStream(() => ai.models.generateContentStream({ model, contents: toContents(req.messages), config }), {
        vendor: 'gemini',
        secrets: [s.apiKey],
        signal: req.signal,
        *events(chunk): Iterable<ModelEvent> {
          for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
            parts.push(part);
            if (part.thought) continue;
            if (typeof part.text === 'string' && part.text !== '') yield { type: 'text', text: part.text };
            if (part.functionCall?.name) {
              calls.push({
                id: part.functionCall.id ?? `${LOCAL_ID}${randomUUID()}`,
                name: part.functionCall.name,
                arguments: (part.functionCall.args ?? {}) as Record<string, unknown>,
              });
            }
          }
          const u = chunk.usageMetadata;
          if (u) {
            input = u.promptTokenCount ?? input;
            output = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0) || output;
          }
        },
        isLast: (chunk) => Boolean(chunk.candidates?.[0]?.finishReason),
      });
      yield* reply;
      if (reply.aborted) return;
      for (const call of calls) yield { type: 'tool_call', call };
      yield { type: 'vendor_parts', parts };
      yield { type: 'usage', inputTokens: input, outputTokens: output };
    };
  },
};
