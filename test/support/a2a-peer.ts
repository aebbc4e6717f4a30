// A real @a2a-js/sdk A2A server on loopback, standing in for a peer agent in
// the runtime's peer-tool tests: its card (description, skills), JSON-RPC
// message/stream through the SDK's express handlers, and an executor that
// answers with a scripted reply streamed as appended artifact chunks. It
// records what each request carried (text, metadata, Authorization).

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Role, TaskState, type AgentCard, type Message } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor, type ExecutionEventBus, type RequestContext } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler } from '@a2a-js/sdk/server/express';
import { textOfParts, textPart } from '../../src/shared/a2a-text.js';

export interface Received {
  text: string;
  metadata: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

/** What the peer answers: chunks of text, or a failure message. */
export type Reply = { chunks: string[] } | { fail: string };

export interface FakePeer {
  /** The card's full URL. */
  cardUrl: string;
  received: Received[];
  close(): Promise<void>;
}

const text = textPart;

/** The caller as the fake peer sees it: nobody in particular, with the Authorization header it sent. */
class CallerUser {
  constructor(readonly authorization: string | undefined) {}
  get isAuthenticated(): boolean {
    return false;
  }
  get userName(): string {
    return '';
  }
}
const textOf = (m: Message): string => textOfParts(m.parts);

export async function startFakePeer(opts: { name: string; description: string; skills: { name: string; description: string }[]; reply: (text: string) => Reply }): Promise<FakePeer> {
  const received: Received[] = [];
  const executor: AgentExecutor = {
    async execute(ctx: RequestContext, bus: ExecutionEventBus) {
      const { taskId, contextId, userMessage } = ctx;
      const asked = textOf(userMessage);
      // The header of this very request (the SDK's context carries what the user builder made of it).
      const caller = ctx.context.user as CallerUser;
      received.push({ text: asked, metadata: userMessage.metadata, authorization: caller.authorization });
      const status = (state: TaskState, message?: string) =>
        AgentEvent.statusUpdate({
          taskId,
          contextId,
          status: {
            state,
            timestamp: new Date().toISOString(),
            message: message === undefined ? undefined : { messageId: `m-${state}`, contextId, taskId, role: Role.ROLE_AGENT, parts: [text(message)], metadata: undefined, extensions: [], referenceTaskIds: [] },
          },
          metadata: undefined,
        });
      bus.publish(AgentEvent.task({ id: taskId, contextId, status: { state: TaskState.TASK_STATE_SUBMITTED, timestamp: undefined, message: undefined }, artifacts: [], history: [userMessage], metadata: undefined }));
      bus.publish(status(TaskState.TASK_STATE_WORKING, 'working on it'));
      const reply = opts.reply(asked);
      if ('fail' in reply) {
        bus.publish(status(TaskState.TASK_STATE_FAILED, reply.fail));
      } else {
        reply.chunks.forEach((chunk, i) =>
          bus.publish(
            AgentEvent.artifactUpdate({
              taskId,
              contextId,
              artifact: { artifactId: 'answer', name: 'answer', description: '', parts: [text(chunk)], metadata: undefined, extensions: [] },
              append: i > 0,
              lastChunk: i === reply.chunks.length - 1,
              metadata: undefined,
            }),
          ),
        );
        bus.publish(status(TaskState.TASK_STATE_COMPLETED));
      }
      bus.finished();
    },
    async cancelTask() {},
  };
  const card: AgentCard = {
    name: opts.name,
    description: opts.description,
    supportedInterfaces: [],
    provider: undefined,
    version: '1.0.0',
    capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: opts.skills.map((s, i) => ({ id: `skill-${i}`, name: s.name, description: s.description, tags: [], examples: [], inputModes: [], outputModes: [], securityRequirements: [] })),
    signatures: [],
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  const app = express();
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler }));
  app.use('/a2a', jsonRpcHandler({ requestHandler: handler, userBuilder: async (req) => new CallerUser(req.headers.authorization) }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  card.supportedInterfaces.push({ url: `${base}/a2a`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' });
  return {
    cardUrl: `${base}/.well-known/agent-card.json`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
