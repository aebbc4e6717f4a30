// Each peer offered to the model as a tool: named after the peer, described by
// its A2A card (description and skills). A call sends the peer the model's
// request with the last `contextLimit` messages of the conversation and the
// delegation chain (this agent appended), reads the peer's streamed answer, and
// hands it back as the tool result. A call is one tool call of the reasoning
// loop, so it counts toward reasoningLoopMaxSteps like any tool.
// A peer whose card cannot be fetched is left out of that turn (and logged),
// never fatal: peers may start after this agent.

import type { Logger } from 'pino';
import type { AgentCard } from '@a2a-js/sdk';
import { DELEGATION_CHAIN_KEY, extendChain } from '../../contract/delegation.js';
import type { WireMessage } from '../../contract/runtime-wire.js';
import type { ToolSpec } from '../providers/types.js';
import type { ToolOutcome } from '../tools/toolset.js';
import { connectPeer, peerRequest, readAnswer, type PeerConnection } from './a2a.js';
import type { PeerRef, PeerSettings } from './settings.js';

/** What a peer call needs from the turn it is made in. */
export interface DelegationContext {
  /** The conversation so far, oldest first (the runtime wire's messages). */
  messages: readonly WireMessage[];
  /** The agents that delegated to this one (from the turn's metadata), first caller first. */
  chain: readonly string[];
  signal: AbortSignal;
}

const INPUT_SCHEMA = {
  type: 'object',
  properties: { message: { type: 'string', description: 'What to ask the agent: the task, with everything it needs to answer.' } },
  required: ['message'],
  additionalProperties: false,
};

/** A tool name vendors accept (1-64 of letters, digits, `_`, `-`), from the peer's name. */
export function peerToolName(peer: string): string {
  return peer.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

/** The tool's description, from the peer's card. */
export function describePeer(name: string, card: AgentCard): string {
  const skills = card.skills.map((s) => `${s.name}${s.description ? `: ${s.description}` : ''}`);
  return [
    `Delegate a task to the agent "${name}" and get its answer.`,
    card.description,
    skills.length > 0 ? `Skills: ${skills.join('; ')}.` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
}

/** The text the peer gets: the recent conversation, then the request. */
export function delegationText(request: string, context: readonly WireMessage[]): string {
  if (context.length === 0) return request;
  const lines = context.map((m) => `${m.role}: ${m.content}`);
  return `Recent conversation (for context):\n${lines.join('\n')}\n\nRequest:\n${request}`;
}

export class PeerTools {
  private readonly byTool = new Map<string, PeerRef>();
  /** Per peer, its connection or the fetch of its card under way (concurrent turns share one). */
  private readonly connections = new Map<string, Promise<PeerConnection>>();

  constructor(
    private readonly settings: PeerSettings,
    /** This agent's name: appended to the chain it sends. */
    private readonly self: string,
    /** Messages of the conversation sent along (agent.json memory.contextLimit). */
    private readonly contextLimit: number,
    private readonly log?: Logger,
    /**
     * Whether the prompt lets the model call a tool of this name (ToolSet.allows:
     * its `tools` list and blocklist). A peer it does not allow is neither offered
     * nor called: a call of it is the ToolSet's to refuse as unavailable.
     */
    allows: (tool: string) => boolean = () => true,
  ) {
    for (const peer of settings.peers) {
      const tool = peerToolName(peer.name);
      if (allows(tool)) this.byTool.set(tool, peer);
    }
  }

  has(tool: string): boolean {
    return this.byTool.has(tool);
  }

  private connection(peer: PeerRef): Promise<PeerConnection> {
    let made = this.connections.get(peer.name);
    if (!made) {
      made = connectPeer(peer.cardUrl, this.settings.token);
      this.connections.set(peer.name, made);
      // A card that could not be fetched is tried again next time.
      made.catch(() => {
        if (this.connections.get(peer.name) === made) this.connections.delete(peer.name);
      });
    }
    return made;
  }

  /** The tools for this turn: every peer whose card could be fetched (the cards fetched together), in peer order. */
  async specs(): Promise<ToolSpec[]> {
    const offered = await Promise.all(
      [...this.byTool].map(async ([tool, peer]): Promise<ToolSpec | undefined> => {
        try {
          const { card } = await this.connection(peer);
          return { name: tool, description: describePeer(peer.name, card), inputSchema: INPUT_SCHEMA };
        } catch (err) {
          this.log?.warn({ peer: peer.name, err: (err as Error).message }, 'peer agent card not available; the peer is not offered this turn');
          return undefined;
        }
      }),
    );
    return offered.filter((spec): spec is ToolSpec => spec !== undefined);
  }

  /** Never throws: a failed delegation becomes an error text for the model. */
  async call(tool: string, args: Record<string, unknown>, ctx: DelegationContext): Promise<ToolOutcome> {
    const peer = this.byTool.get(tool);
    if (!peer) return { ok: false, error: `tool "${tool}" does not exist` };
    const request = typeof args.message === 'string' ? args.message.trim() : '';
    if (request === '') return { ok: false, error: `delegating to "${peer.name}" needs a non-empty "message"` };
    const context = this.contextLimit > 0 ? ctx.messages.slice(-this.contextLimit) : [];
    const metadata = { [DELEGATION_CHAIN_KEY]: extendChain(ctx.chain, this.self) };
    try {
      const { client } = await this.connection(peer);
      const answer = await readAnswer(client.sendMessageStream(peerRequest(delegationText(request, context), metadata), { signal: ctx.signal }));
      return { ok: true, result: answer };
    } catch (err) {
      // A card that changed (peer redeployed) is fetched again next time.
      this.connections.delete(peer.name);
      return { ok: false, error: `agent "${peer.name}" could not answer: ${(err as Error).message}` };
    }
  }
}
