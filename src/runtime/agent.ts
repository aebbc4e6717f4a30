import type { Logger } from 'pino';
import type { AgentFile, FunctionFile } from './agent-config.js';
import type { ProviderSettings } from './config.js';
import type { ConverseEvent, InvokeResponse, WireMessage, WireToolCall } from '../contract/runtime-wire.js';
import { renderSystemPrompt, type SelectedPrompt } from './promptpack.js';
import { ProviderError, type ChatMessage, type GenParams, type ModelEvent, type ModelRequest, type Provider, type ToolCall, type ToolResultMessage, type ToolSpec } from './providers/types.js';
import type { DelegationContext, PeerTools } from './peers/peer-tools.js';
import type { ToolOutcome, ToolSet } from './tools/toolset.js';
import { SpendTracker, type Spend } from './usage.js';

// The agent: one prompt, one provider, its tools. `converse` runs the
// reasoning loop (model → tools → model …) for one user turn and yields wire
// events; `invoke` runs the same loop for one function input and ends with
// the model's structured JSON answer.

export interface AgentParts {
  prompt: SelectedPrompt;
  provider: Provider;
  providerSettings: Pick<ProviderSettings, 'defaults' | 'pricing'>;
  agentFile: AgentFile;
  functionFile?: FunctionFile;
  tools: ToolSet;
  /** The agents it may delegate to (PEER_AGENTS), offered as tools next to `tools`. */
  peers?: PeerTools;
  /** Static variable values (OMNIA_PROMPT_VARIABLES). */
  variables: Record<string, unknown>;
  log?: Logger;
}

export class InvokeError extends Error {
  override name = 'InvokeError';
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly code?: ProviderError['code'],
    /**
     * Tools already run when the invocation failed (undefined when it failed
     * before the first model call). They may have had side effects, so the
     * error answer carries them for the caller's audit trail.
     */
    readonly toolCalls?: WireToolCall[],
    /**
     * What the model calls that completed before the failure cost, and which
     * model and provider made them (undefined when no model call completed:
     * a call that failed has no reliable token count). Those tokens are paid
     * for, so the error answer reports them as a success reports its usage.
     */
    readonly spent?: InvokeSpend,
  ) {
    super(message);
  }
}

/** Usage of a failed invocation's completed model calls, with the model and provider, as on success. */
export type InvokeSpend = Spend;

/**
 * What one model call streamed besides its text: the tool calls it asked for,
 * the vendor's own parts of the reply (kept for the next request) and its
 * token counts, which join the turn's only once the stream has ended.
 */
class StepReply {
  readonly calls: ToolCall[] = [];
  vendorParts: unknown;
  inputTokens = 0;
  outputTokens = 0;

  /** Takes a non-text event; a text event's text is handed back for the caller. */
  take(ev: ModelEvent): string | undefined {
    if (ev.type === 'text') return ev.text;
    if (ev.type === 'tool_call') this.calls.push(ev.call);
    else if (ev.type === 'usage') {
      this.inputTokens += ev.inputTokens;
      this.outputTokens += ev.outputTokens;
    } else this.vendorParts = ev.parts;
    return undefined;
  }
}

/** Any failure of a model call as a ProviderError, logged once. */
function modelCallFailure(err: unknown, provider: Provider, log: Logger | undefined): ProviderError {
  const e = err instanceof ProviderError ? err : new ProviderError('INTERNAL_ERROR', `model call failed: ${(err as Error).message}`);
  log?.warn({ provider: provider.name, status: e.status, code: e.code }, e.message);
  return e;
}

/**
 * Which setting makes the step limit: agent.json's reasoningLoopMaxSteps, the
 * prompt's tool_policy.max_rounds (R rounds = R + 1 model calls), or both
 * when they allow the same number of calls (then raising one alone does not help).
 */
export type StepLimitSource = 'reasoningLoopMaxSteps' | 'max_rounds' | 'both';

export interface StepLimit {
  /** Model calls allowed per turn or invocation. */
  maxSteps: number;
  source: StepLimitSource;
}

/** The tighter of reasoningLoopMaxSteps and max_rounds + 1; an absent max_rounds does not limit. */
export function stepLimit(reasoningLoopMaxSteps: number, maxRounds: number | undefined): StepLimit {
  if (maxRounds === undefined) return { maxSteps: reasoningLoopMaxSteps, source: 'reasoningLoopMaxSteps' };
  const byRounds = maxRounds + 1;
  if (byRounds < reasoningLoopMaxSteps) return { maxSteps: byRounds, source: 'max_rounds' };
  return { maxSteps: reasoningLoopMaxSteps, source: byRounds === reasoningLoopMaxSteps ? 'both' : 'reasoningLoopMaxSteps' };
}

const RAISE_ROUNDS = 'tool_policy.max_rounds in the PromptPack';
const rounds = (n: number): string => `${n} tool round${n === 1 ? '' : 's'}`;

/** The `[Stopped: …]` notice of a conversation turn that ran out of steps. */
export function stepLimitNotice(limit: StepLimit): string {
  if (limit.source === 'reasoningLoopMaxSteps') {
    return `[Stopped: the agent reached its limit of ${limit.maxSteps} reasoning steps without a final answer.]`;
  }
  const raise = limit.source === 'both' ? `${RAISE_ROUNDS} and reasoningLoopMaxSteps` : RAISE_ROUNDS;
  return `[Stopped: the agent reached its limit of ${rounds(limit.maxSteps - 1)} without a final answer; raise ${raise} to allow more.]`;
}

/** The detail of the 502 an invocation that ran out of steps answers. */
export function stepLimitError(limit: StepLimit, toolCallsMade: number): string {
  const made = `without a final answer (${toolCallsMade} tool calls made)`;
  if (limit.source === 'reasoningLoopMaxSteps') {
    return `the function reached its limit of ${limit.maxSteps} reasoning steps ${made}; raise reasoningLoopMaxSteps or simplify the prompt`;
  }
  const raise = limit.source === 'both' ? `${RAISE_ROUNDS} and reasoningLoopMaxSteps` : RAISE_ROUNDS;
  return `the function reached its limit of ${rounds(limit.maxSteps - 1)} ${made}; raise ${raise} or simplify the prompt`;
}

/**
 * Provider defaults (OMNIA_PROVIDER_TEMPERATURE/_TOP_P/_MAX_TOKENS) are the
 * baseline; the prompt's own `parameters` win, because the pack author tuned
 * them for this prompt while the Provider's defaults serve every agent.
 */
export function mergeParams(defaults: ProviderSettings['defaults'], pack: SelectedPrompt['prompt']['parameters'] = {}): GenParams {
  const out: GenParams = { ...defaults };
  if (pack.temperature !== undefined) out.temperature = pack.temperature;
  if (pack.top_p !== undefined) out.topP = pack.top_p;
  if (pack.max_tokens !== undefined) out.maxTokens = pack.max_tokens;
  if (pack.top_k !== undefined && pack.top_k !== null) out.topK = pack.top_k;
  if (pack.frequency_penalty !== undefined) out.frequencyPenalty = pack.frequency_penalty;
  if (pack.presence_penalty !== undefined) out.presencePenalty = pack.presence_penalty;
  return out;
}

/**
 * History from the facade to the neutral form: `system` messages join the
 * system prompt, earlier `tool` messages become user-side context, runs of
 * one role merge (Claude and Gemini want alternation), and a history cut so
 * it starts with the assistant gets a short user placeholder in front.
 */
export function toChat(messages: WireMessage[]): { extraSystem: string[]; chat: ChatMessage[] } {
  const extraSystem: string[] = [];
  const chat: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system') {
      extraSystem.push(m.content);
      continue;
    }
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const content = m.role === 'tool' ? `(tool output from earlier in the conversation)\n${m.content}` : m.content;
    const prev = chat[chat.length - 1];
    if (prev && prev.role === role) prev.content = `${prev.content}\n\n${content}`;
    else chat.push({ role, content });
  }
  if (chat[0]?.role === 'assistant') chat.unshift({ role: 'user', content: '(earlier conversation omitted)' });
  return { extraSystem, chat };
}

function resultText(outcome: ToolOutcome): string {
  if (!outcome.ok) return outcome.error;
  return typeof outcome.result === 'string' ? outcome.result : JSON.stringify(outcome.result ?? null);
}

/** Strip a Markdown code fence some models wrap JSON in, then parse; undefined when it is not JSON. */
export function parseJsonOutput(raw: string): { ok: true; value: unknown } | { ok: false } {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(raw);
  const text = fenced ? (fenced[1] as string) : raw;
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A tool call's outcome plus how long it took. */
interface TimedOutcome {
  outcome: ToolOutcome;
  durationMs: number;
}

export class Agent {
  readonly maxSteps: number;
  readonly stepLimit: StepLimit;
  readonly maxToolCalls: number;
  private readonly params: GenParams;
  /** Agent mode renders once at start-up; function mode renders per input. */
  private staticSystem: string | undefined;

  constructor(private readonly parts: AgentParts) {
    this.params = mergeParams(parts.providerSettings.defaults, parts.prompt.prompt.parameters);
    const policy = parts.prompt.prompt.tool_policy;
    this.stepLimit = stepLimit(parts.agentFile.maxSteps, policy?.max_rounds);
    this.maxSteps = this.stepLimit.maxSteps;
    this.maxToolCalls = policy?.max_tool_calls_per_turn ?? Number.POSITIVE_INFINITY;
  }

  /** Render the agent-mode system prompt now, so a missing required variable fails start-up. */
  prepareConversation(): void {
    this.staticSystem = this.systemFor(this.parts.variables);
  }

  private systemFor(values: Record<string, unknown>): string {
    const rendered = renderSystemPrompt(this.parts.prompt, values);
    const instructions = this.parts.agentFile.instructions;
    return instructions ? `${rendered}\n\n${instructions}` : rendered;
  }

  /**
   * What the model is offered: none when the prompt's tool_policy says `none`.
   * Peers come after the registry's tools; a peer named like a registry tool is
   * left out (the registry's tool keeps the name). PeerTools holds only the
   * peers the prompt's `tools` list and blocklist allow.
   */
  private async toolSpecs(): Promise<ToolSpec[]> {
    if (this.parts.prompt.prompt.tool_policy?.tool_choice === 'none') return [];
    // The registry's tools and the peers' cards are fetched together.
    const [specs, peerSpecs] = await Promise.all([this.parts.tools.specs(), this.parts.peers?.specs() ?? []]);
    const taken = new Set(specs.map((s) => s.name));
    for (const peer of peerSpecs) {
      if (taken.has(peer.name)) this.parts.log?.warn({ tool: peer.name }, 'a tool of the registry has the name of a peer; the peer is not offered');
      else specs.push(peer);
    }
    return specs;
  }

  private toolChoice(toolCount: number, step: number): ModelRequest['toolChoice'] {
    // `required` forces a tool on the first step only, or the loop could never answer.
    if (toolCount === 0) return 'none';
    return step === 1 && this.parts.prompt.prompt.tool_policy?.tool_choice === 'required' ? 'required' : 'auto';
  }

  /**
   * Runs one step's calls together; outcomes come back in call order. Calls
   * past the prompt's per-turn limit are not made: the model gets a refusal.
   */
  private runTools(calls: ToolCall[], madeBefore: number, ctx: DelegationContext): Promise<TimedOutcome[]> {
    const { signal } = ctx;
    const peers = this.parts.peers;
    return Promise.all(
      calls.map(async (c, i): Promise<TimedOutcome> => {
        if (madeBefore + i + 1 > this.maxToolCalls) {
          return { outcome: { ok: false, error: `tool call limit of ${this.maxToolCalls} per turn reached; answer with what you have` }, durationMs: 0 };
        }
        const t0 = performance.now();
        const outcome =
          peers?.has(c.name) && !this.parts.tools.has(c.name) ? await peers.call(c.name, c.arguments, ctx) : await this.parts.tools.call(c.name, c.arguments, signal);
        return { outcome, durationMs: Math.round(performance.now() - t0) };
      }),
    );
  }

  /**
   * `chain`: the agents that delegated this turn to this one (the turn's
   * metadata, checked by the facade); this agent's own delegations carry it on.
   */
  async *converse(messages: WireMessage[], signal: AbortSignal, chain: readonly string[] = []): AsyncGenerator<ConverseEvent> {
    const { provider, providerSettings, log } = this.parts;
    if (this.staticSystem === undefined) {
      // Only a function-mode runtime gets here unprepared: say why instead of failing opaquely.
      try {
        this.staticSystem = this.systemFor(this.parts.variables);
      } catch (err) {
        yield { type: 'error', code: 'INTERNAL_ERROR', message: `cannot render the system prompt: ${(err as Error).message}` };
        return;
      }
    }
    const { extraSystem, chat } = toChat(messages);
    const system = [this.staticSystem, ...extraSystem].filter((s) => s !== '').join('\n\n');
    const specs = await this.toolSpecs();
    const spend = new SpendTracker(providerSettings.pricing, provider.model, provider.name);
    let content = '';
    let toolCallsMade = 0;

    for (let step = 1; step <= this.maxSteps; step++) {
      const req: ModelRequest = {
        system,
        messages: chat,
        tools: specs,
        toolChoice: this.toolChoice(specs.length, step),
        params: this.params,
        signal,
      };
      let text = '';
      const reply = new StepReply();
      try {
        for await (const ev of provider.stream(req)) {
          const piece = reply.take(ev);
          if (piece === undefined) continue;
          // Text of a later step starts a new paragraph (chunks must add up to `content`).
          if (text === '' && content !== '' && !/\s$/.test(content)) {
            content += '\n\n';
            yield { type: 'chunk', content: '\n\n' };
          }
          text += piece;
          yield { type: 'chunk', content: piece };
        }
      } catch (err) {
        const e = modelCallFailure(err, provider, log);
        // The calls that completed before this one were paid for: the error carries
        // their usage, like `done` would, so the facade records the turn's cost.
        yield { type: 'error', code: e.code, message: e.message, ...spend.soFar() };
        return;
      }
      if (signal.aborted) return;
      spend.addCall(reply.inputTokens, reply.outputTokens);
      const { calls, vendorParts } = reply;
      content += text;
      if (calls.length === 0) {
        yield { type: 'done', content, usage: spend.usage(), stop_reason: 'end', model: provider.model, provider: provider.name };
        return;
      }
      if (step === this.maxSteps) break;
      chat.push({ role: 'assistant', content: text, toolCalls: calls, vendorParts });
      for (const c of calls) yield { type: 'tool_call', id: c.id, name: c.name, arguments: c.arguments };
      const outcomes = await this.runTools(calls, toolCallsMade, { messages, chain, signal });
      toolCallsMade += calls.length;
      if (signal.aborted) return;
      const results: ToolResultMessage[] = [];
      for (const [i, call] of calls.entries()) {
        const { outcome } = outcomes[i] as TimedOutcome;
        yield outcome.ok ? { type: 'tool_result', id: call.id, result: outcome.result } : { type: 'tool_result', id: call.id, error: outcome.error };
        results.push({ id: call.id, name: call.name, content: resultText(outcome), isError: !outcome.ok });
      }
      chat.push({ role: 'tool', results });
    }
    const notice = `${content === '' ? '' : '\n\n'}${stepLimitNotice(this.stepLimit)}`;
    content += notice;
    yield { type: 'chunk', content: notice };
    yield { type: 'done', content, usage: spend.usage(), stop_reason: 'step_limit', model: provider.model, provider: provider.name };
  }

  /**
   * Function mode: the reasoning loop of `converse` on one input. Every step
   * carries the vendor's structured-output request (see the providers), so
   * the reply without tool calls is the JSON answer. Running out of steps is a
   * 502: a function has no partial answer to give.
   */
  async invoke(input: unknown, signal: AbortSignal): Promise<InvokeResponse> {
    const started = performance.now();
    const { provider, providerSettings, functionFile, log } = this.parts;
    const values = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : { input };
    let system: string;
    try {
      system = this.systemFor({ ...this.parts.variables, ...values });
    } catch (err) {
      throw new InvokeError(422, 'prompt_error', (err as Error).message);
    }
    const schema = functionFile?.outputSchema;
    const json = schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? { schema: schema as Record<string, unknown> } : {};
    const specs = await this.toolSpecs();
    const chat: ChatMessage[] = [{ role: 'user', content: JSON.stringify(input) }];
    const toolCalls: WireToolCall[] = [];
    const spend = new SpendTracker(providerSettings.pricing, provider.model, provider.name);
    const cancelled = (): InvokeError => new InvokeError(499, 'cancelled', 'the invocation was cancelled', undefined, toolCalls, spend.soFar());

    for (let step = 1; step <= this.maxSteps; step++) {
      const req: ModelRequest = { system, messages: chat, tools: specs, toolChoice: this.toolChoice(specs.length, step), params: this.params, json, signal };
      let raw = '';
      const reply = new StepReply();
      try {
        for await (const ev of provider.stream(req)) raw += reply.take(ev) ?? '';
      } catch (err) {
        const e = modelCallFailure(err, provider, log);
        throw new InvokeError(502, 'runtime_error', e.message, e.code, toolCalls, spend.soFar());
      }
      if (signal.aborted) throw cancelled();
      spend.addCall(reply.inputTokens, reply.outputTokens);
      const { calls, vendorParts } = reply;
      if (calls.length === 0) {
        const parsed = parseJsonOutput(raw);
        return {
          output: parsed.ok ? parsed.value : raw,
          raw_output: raw,
          usage: spend.usage(),
          duration_ms: Math.round(performance.now() - started),
          model: provider.model,
          provider: provider.name,
          tool_calls: toolCalls,
        };
      }
      if (step === this.maxSteps) break;
      chat.push({ role: 'assistant', content: raw, toolCalls: calls, vendorParts });
      const outcomes = await this.runTools(calls, toolCalls.length, { messages: [], chain: [], signal });
      const results: ToolResultMessage[] = [];
      for (const [i, call] of calls.entries()) {
        const { outcome, durationMs } = outcomes[i] as TimedOutcome;
        const record: WireToolCall = { id: call.id, name: call.name, arguments: call.arguments, duration_ms: durationMs };
        if (outcome.ok) record.result = outcome.result;
        else record.error = outcome.error;
        toolCalls.push(record);
        results.push({ id: call.id, name: call.name, content: resultText(outcome), isError: !outcome.ok });
      }
      // Recorded before the cancellation check: these calls ran, whatever happens next.
      if (signal.aborted) throw cancelled();
      chat.push({ role: 'tool', results });
    }
    throw new InvokeError(502, 'runtime_error', stepLimitError(this.stepLimit, toolCalls.length), undefined, toolCalls, spend.soFar());
  }
}
